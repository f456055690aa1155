/**
 * A streaming multipart/form-data reader (RFC 7578) with hard bounds, so that a hostile body
 * costs no more memory than the bytes a caller decides to keep: headers of a part are bounded,
 * the preamble is bounded, part data is handed on as it arrives (never collected here), and any
 * breach of the format is a `MalformedMultipart` the caller answers with 400 — never a crash.
 * (Remix's parser buffers header blocks of any length and throws plain errors, hence this one.)
 */

export type PartHeaders = { name: string; filename?: string; contentType?: string };
/** Where one part's bytes go; `end` is called once the part is complete. */
export type PartSink = { data(chunk: Uint8Array): void; end(): void };

export const MULTIPART_BOUNDS = {
  /** One part's header block (browsers send ~150 bytes; long file names fit easily). */
  maxHeaderBytes: 8 * 1024,
  /** Bytes before the first boundary (browsers send none). */
  maxPreambleBytes: 1024,
  /** Parts in one body (the largest form has a few dozen fields and ten files). */
  maxParts: 500,
} as const;

export class MalformedMultipart extends Error {
  constructor(reason: string) {
    super(`malformed multipart body: ${reason}`);
    this.name = "MalformedMultipart";
  }
}

/** The boundary of a multipart/form-data content type, or null (not multipart, or no usable boundary). */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return m ? (m[1] ?? m[2]!) : null;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const DASHES = Buffer.from("--");

export async function readMultipart(chunks: AsyncIterable<Uint8Array>, boundary: string, onPart: (part: PartHeaders) => PartSink): Promise<void> {
  // The delimiter is CRLF "--" boundary; a leading CRLF makes the first boundary line look alike.
  const delimiter = Buffer.from("\r\n--" + boundary);
  const keep = delimiter.length - 1; // bytes that may be the start of a delimiter split across chunks
  let buf: Buffer = Buffer.from(CRLF);
  let state = "preamble" as "preamble" | "after-delimiter" | "headers" | "data" | "done";
  let sink: PartSink | null = null;
  let parts = 0;
  let preamble = 0;

  const step = (): boolean => {
    switch (state) {
      case "preamble": {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          preamble += Math.max(0, buf.length - keep);
          if (preamble > MULTIPART_BOUNDS.maxPreambleBytes) throw new MalformedMultipart("no boundary where the body starts");
          buf = buf.subarray(Math.max(0, buf.length - keep));
          return false;
        }
        if (preamble + at > MULTIPART_BOUNDS.maxPreambleBytes) throw new MalformedMultipart("no boundary where the body starts");
        buf = buf.subarray(at + delimiter.length);
        state = "after-delimiter";
        return true;
      }
      case "after-delimiter": {
        if (buf.length < 2) return false;
        if (buf.subarray(0, 2).equals(DASHES)) {
          state = "done";
          return false;
        }
        if (!buf.subarray(0, 2).equals(CRLF)) throw new MalformedMultipart("a boundary is followed by neither a line break nor the end");
        buf = buf.subarray(2);
        state = "headers";
        return true;
      }
      case "headers": {
        if (buf.length >= 2 && buf.subarray(0, 2).equals(CRLF)) throw new MalformedMultipart("a part without headers");
        const at = buf.indexOf(HEADER_END);
        if (at === -1 ? buf.length > MULTIPART_BOUNDS.maxHeaderBytes : at > MULTIPART_BOUNDS.maxHeaderBytes) {
          throw new MalformedMultipart("a part's headers are too long");
        }
        if (at === -1) return false;
        if (++parts > MULTIPART_BOUNDS.maxParts) throw new MalformedMultipart("too many parts");
        sink = onPart(parsePartHeaders(buf.subarray(0, at).toString("utf8")));
        buf = buf.subarray(at + HEADER_END.length);
        state = "data";
        return true;
      }
      case "data": {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          if (buf.length > keep) {
            sink!.data(buf.subarray(0, buf.length - keep));
            buf = buf.subarray(buf.length - keep);
          }
          return false;
        }
        if (at > 0) sink!.data(buf.subarray(0, at));
        sink!.end();
        sink = null;
        buf = buf.subarray(at + delimiter.length);
        state = "after-delimiter";
        return true;
      }
      case "done":
        return false; // the epilogue is ignored
    }
  };

  for await (const chunk of chunks) {
    if (state === "done") continue; // read to the end, so the body is counted (and the client answered)
    buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (step());
  }
  if (state !== "done") throw new MalformedMultipart("the body ended before its closing boundary");
}

function parsePartHeaders(block: string): PartHeaders {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new MalformedMultipart("a header line without a name");
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") disposition = value;
    else if (key === "content-type") contentType = value;
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) throw new MalformedMultipart("a part that is not form-data");
  const params = new Map<string, string>();
  for (const m of disposition.matchAll(/;\s*([!#$%&'*+.^_`|~0-9a-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))/gi)) {
    const key = m[1]!.toLowerCase();
    if (!params.has(key)) params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!);
  }
  const name = params.get("name");
  if (!name) throw new MalformedMultipart("a part without a name");
  const filename = params.get("filename");
  return { name, ...(filename !== undefined ? { filename: filename.split(/[/\\]/).pop()! } : {}), ...(contentType ? { contentType } : {}) };
}
