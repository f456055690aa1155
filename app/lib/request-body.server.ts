import { MalformedMultipart, multipartBoundary, readMultipart } from "./multipart-stream.server";

/**
 * The one way an action reads a request body: counted as the bytes arrive, against a cap chosen
 * per kind of form, and refused the moment the cap is passed — whatever Content-Length says, or
 * without one (chunked). Memory therefore never holds more than the cap of one body; the express
 * launcher sets no limit of its own, so actions called directly (the tests) are held to the same.
 * A refused body answers 413 (too large) or 400 (malformed), with a message in the reader's
 * language from the root error boundary, and the rest of it is read and dropped for a few seconds
 * so the client can see that answer before the connection is closed.
 */
export const BODY_LIMITS = {
  /** Forms with files: 50 MB of attachments plus the text around them. */
  withFiles: 55 * 1024 * 1024,
  /**
   * Forms without files and the Open311 POST. The longest text (a 10,000-character description,
   * an outcome with two summaries) is under 100 KB even percent-encoded at 9 bytes a character.
   */
  form: 1024 * 1024,
  /** Sign-in, second factor, language and the like: a few short fields. */
  shortForm: 64 * 1024,
  /** The agency directory import: one CSV file of at most FILE_LIMITS.directory, and a reason. */
  directoryImport: 6 * 1024 * 1024,
} as const;

/** Files read with readFormWithFile, by kind: past this the file is refused as a field error. */
export const FILE_LIMITS = {
  /** ~ 40,000 agencies at ~130 bytes a line: ten times the whole country's directory. */
  directory: 5 * 1024 * 1024,
} as const;
export type BodyLimit = keyof typeof BODY_LIMITS;

export type BodyProblem = { code: "too_large"; limitBytes: number } | { code: "malformed"; reason: string };

export class BodyRefused extends Error {
  constructor(readonly problem: BodyProblem) {
    super(problem.code === "too_large" ? `request body over ${problem.limitBytes} bytes` : `malformed request body: ${problem.reason}`);
    this.name = "BodyRefused";
  }
}

/** How long, and how much of, the rest of a refused body is read (and dropped) before the connection is cut. */
export const LINGER = { ms: 10_000, bytes: 16 * 1024 * 1024 } as const;

/**
 * The body's chunks, counted. Throws BodyRefused (too_large) before handing on the chunk that
 * passes the cap, or at once when Content-Length already says so; (malformed) when the body
 * breaks off. A consumer that stops early leaves the rest to be lingered over.
 */
export async function* countedChunks(request: Request, limitBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  const declared = Number(request.headers.get("content-length"));
  if (request.body && Number.isFinite(declared) && declared > limitBytes) {
    linger(request.body.getReader());
    throw new BodyRefused({ code: "too_large", limitBytes });
  }
  if (!request.body) return;
  const reader = request.body.getReader();
  let finished = false;
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        finished = true; // the stream is broken: nothing left to read
        throw new BodyRefused({ code: "malformed", reason: "the body broke off" });
      }
      if (next.done) {
        finished = true;
        return;
      }
      total += next.value.byteLength;
      if (total > limitBytes) throw new BodyRefused({ code: "too_large", limitBytes });
      yield next.value;
    }
  } finally {
    if (!finished) linger(reader);
  }
}

/**
 * Reads and drops what is left of a body, for at most LINGER.ms and LINGER.bytes, then cancels
 * it (which closes the connection). Not cancelling at once matters: cancelling destroys the
 * socket, and a client still sending would see a reset instead of our answer. Past LINGER.bytes
 * it stops reading but cancels only at the deadline: a fast client (17 MB on loopback before the
 * refusal's page was rendered, under load) is then held by TCP's flow control, not reset, and
 * still reads the answer.
 */
function linger(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const deadline = Date.now() + LINGER.ms;
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), LINGER.ms);
  timer.unref?.();
  void (async () => {
    let bytes = 0;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) return clearTimeout(timer);
        bytes += next.value.byteLength;
        if (bytes > LINGER.bytes) return; // the timer cancels it at the deadline
        // Checked here too: a body already in memory never lets the timer run.
        if (Date.now() > deadline) {
          clearTimeout(timer);
          return void (await reader.cancel());
        }
      }
    } catch {
      // broken off or cancelled: done either way
      clearTimeout(timer);
    }
  })();
}

/** The whole body as bytes, up to `limitBytes` (BodyRefused past it). */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of countedChunks(request, limitBytes)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text, or the problem (for callers with their own error format, as Open311). */
export async function readBodyText(request: Request, limitBytes: number): Promise<{ ok: true; text: string } | { ok: false; problem: BodyProblem }> {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(await readBodyBytes(request, limitBytes)) };
  } catch (e) {
    if (e instanceof BodyRefused) return { ok: false, problem: e.problem };
    if (e instanceof TypeError) return { ok: false, problem: { code: "malformed", reason: "the body is not UTF-8" } };
    throw e;
  }
}

/**
 * A form without files (urlencoded, or multipart whose file parts are dropped), up to the cap of
 * its kind. Refusals are thrown as the 413/400 response the root error boundary shows.
 */
export async function readForm(request: Request, limit: BodyLimit): Promise<FormData> {
  try {
    return await parseForm(request, BODY_LIMITS[limit]);
  } catch (e) {
    throw refusalResponse(e);
  }
}

/** The file a form carries: its bytes (null when none was chosen), or too large (its bytes dropped). */
export type FormFile = { bytes: Buffer | null; tooLarge: boolean };

/**
 * A form with one file field (the agency directory import), the body up to BODY_LIMITS[limit]
 * (413 past it). The file is kept up to `fileLimitBytes`; past that it is only drained and
 * reported as `tooLarge`, so the page can say so and keep what else was typed.
 */
export async function readFormWithFile(request: Request, limit: BodyLimit, fileField: string, fileLimitBytes: number): Promise<{ form: FormData; file: FormFile }> {
  const file: FormFile = { bytes: null, tooLarge: false };
  try {
    const form = await parseForm(request, BODY_LIMITS[limit], { field: fileField, limitBytes: fileLimitBytes, into: file });
    form.delete(fileField); // a file input left empty can arrive as a text part
    return { form, file };
  } catch (e) {
    throw refusalResponse(e);
  }
}

async function parseForm(request: Request, limitBytes: number, keep?: { field: string; limitBytes: number; into: FormFile }): Promise<FormData> {
  const type = request.headers.get("content-type");
  const boundary = multipartBoundary(type);
  const form = new FormData();
  if (boundary) {
    await readMultipart(countedChunks(request, limitBytes), boundary, ({ name, filename }) => {
      const chunks: Uint8Array[] = [];
      const kept = filename !== undefined && keep?.field === name ? keep : undefined;
      let size = 0;
      return {
        data: (chunk) => {
          size += chunk.byteLength;
          if (filename === undefined) chunks.push(chunk); // bounded by the cap: a file here is dropped
          else if (kept && size <= kept.limitBytes) chunks.push(chunk);
          else chunks.length = 0;
        },
        end: () => {
          if (filename === undefined) form.append(name, Buffer.concat(chunks).toString("utf8"));
          else if (kept && size > 0) {
            if (size > kept.limitBytes) kept.into.tooLarge = true;
            else kept.into.bytes = Buffer.concat(chunks);
          }
        },
      };
    });
    return form;
  }
  if (type && /^multipart\//i.test(type)) throw new BodyRefused({ code: "malformed", reason: "a multipart body without a boundary" });
  const bytes = await readBodyBytes(request, limitBytes);
  if (type && !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type) && bytes.length > 0) {
    throw new BodyRefused({ code: "malformed", reason: "not a form" });
  }
  for (const [k, v] of new URLSearchParams(bytes.toString("utf8"))) form.append(k, v);
  return form;
}

/**
 * The answer to a refused body (as thrown Response: the root error boundary renders it in the
 * reader's language); anything else is passed through unchanged.
 */
export function refusalResponse(e: unknown): unknown {
  const problem = e instanceof BodyRefused ? e.problem : e instanceof MalformedMultipart ? ({ code: "malformed", reason: e.message } as const) : null;
  if (!problem) return e;
  return Response.json(
    problem.code === "too_large" ? { bodyRefused: "too_large", limit: sizeLabel(problem.limitBytes) } : { bodyRefused: "malformed" },
    { status: problem.code === "too_large" ? 413 : 400, headers: { "Cache-Control": "no-store" } },
  );
}

/** "55 MB", "64 KB": the cap as people read it. */
export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
