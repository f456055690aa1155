import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MalformedMultipart, multipartBoundary, readMultipart, type PartHeaders } from "./multipart-stream.server";

/** A body serialised by the platform's FormData (as browsers do), and its boundary. */
async function encoded(fd: FormData) {
  const req = new Request("http://x/", { method: "POST", body: fd });
  return { bytes: Buffer.from(await req.arrayBuffer()), boundary: multipartBoundary(req.headers.get("content-type"))! };
}

async function* inChunks(bytes: Buffer, size: number | (() => number)) {
  for (let i = 0; i < bytes.length; ) {
    const n = typeof size === "number" ? size : size();
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

async function parse(bytes: Buffer, boundary: string, size: number | (() => number) = 65536) {
  const parts: (PartHeaders & { data: Buffer })[] = [];
  await readMultipart(inChunks(bytes, size), boundary, (h) => {
    const chunks: Uint8Array[] = [];
    return { data: (c) => chunks.push(Buffer.from(c)), end: () => parts.push({ ...h, data: Buffer.concat(chunks) }) };
  });
  return parts;
}

describe("readMultipart", () => {
  const file = Buffer.concat([randomBytes(3000), Buffer.from("\r\n--notTheBoundary\r\n\r\n"), randomBytes(3000)]);
  const fd = new FormData();
  fd.append("description", "储罐区可燃气体报警器被拆除\r\n第二行 \"引号\"");
  fd.append("empty", "");
  fd.append("attachments", new Blob([file], { type: "image/png" }), "照片 1.png");
  fd.append("attachments", new Blob([]), "");

  it.each([1, 2, 7, 64, 1000, 65536])("reads what FormData wrote, whatever the chunk size (%i bytes)", async (size) => {
    const { bytes, boundary } = await encoded(fd);
    const parts = await parse(bytes, boundary, size);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ["description", undefined],
      ["empty", undefined],
      ["attachments", "照片 1.png"],
      ["attachments", undefined], // undici leaves out an empty file name (browsers send filename="")
    ]);
    expect(parts[0]!.data.toString()).toBe("储罐区可燃气体报警器被拆除\r\n第二行 \"引号\"");
    expect(parts[1]!.data.length).toBe(0);
    expect(parts[2]!.data.equals(file)).toBe(true);
    expect(parts[2]!.contentType).toBe("image/png");
    expect(parts[3]!.data.length).toBe(0);
  });

  it("reads it in random chunk sizes", async () => {
    const { bytes, boundary } = await encoded(fd);
    for (let round = 0; round < 20; round++) {
      const parts = await parse(bytes, boundary, () => 1 + (randomBytes(2).readUInt16BE() % 300));
      expect(parts[2]!.data.equals(file)).toBe(true);
    }
  });

  const b = "XyZboundary42";
  const body = (s: string) => Buffer.from(s.replace(/\n/g, "\r\n"));
  const good = `--${b}\nContent-Disposition: form-data; name="a"\n\n1\n--${b}--\n`;
  it("a well-formed hand-written body", async () => {
    expect((await parse(body(good), b)).map((p) => [p.name, p.data.toString()])).toEqual([["a", "1"]]);
  });

  it.each([
    ["a wrong boundary", body(good), "otherBoundary"],
    ["a truncated body", body(good).subarray(0, 50), b],
    ["a body without its closing boundary", body(`--${b}\nContent-Disposition: form-data; name="a"\n\n1\n`), b],
    ["a part without a name", body(`--${b}\nContent-Disposition: form-data; filename="x.png"\n\n1\n--${b}--\n`), b],
    ["a part with an empty name", body(`--${b}\nContent-Disposition: form-data; name=""\n\n1\n--${b}--\n`), b],
    ["a part without headers", body(`--${b}\n\n1\n--${b}--\n`), b],
    ["a part that is not form-data", body(`--${b}\nContent-Disposition: attachment; name="a"\n\n1\n--${b}--\n`), b],
    ["a header line without a colon", body(`--${b}\nContent-Disposition: form-data; name="a"\nnonsense\n\n1\n--${b}--\n`), b],
    ["a header line 1 MB long", body(`--${b}\nContent-Disposition: form-data; name="a"; x="${"a".repeat(1024 * 1024)}"\n\n1\n--${b}--\n`), b],
    ["an endless header line", body(`--${b}\nX-Junk: ${"a".repeat(100_000)}`), b],
    ["garbage after a boundary", body(`--${b}junk\nContent-Disposition: form-data; name="a"\n\n1\n--${b}--\n`), b],
    ["an empty body", Buffer.alloc(0), b],
    ["too many parts", body(`--${b}\n` + `Content-Disposition: form-data; name="a"\n\n1\n--${b}\n`.repeat(600) + `Content-Disposition: form-data; name="a"\n\n1\n--${b}--\n`), b],
  ])("%s is malformed", async (_what, bytes, boundary) => {
    await expect(parse(bytes, boundary, 4096)).rejects.toBeInstanceOf(MalformedMultipart);
  });

  it("stops at a wrong boundary within the first kilobyte, not after reading the whole body", async () => {
    let read = 0;
    async function* endless() {
      for (;;) {
        read += 65536;
        yield Buffer.alloc(65536, 0x61);
      }
    }
    await expect(readMultipart(endless(), b, () => ({ data() {}, end() {} }))).rejects.toBeInstanceOf(MalformedMultipart);
    expect(read).toBeLessThanOrEqual(65536);
  });
});

describe("multipartBoundary", () => {
  it.each([
    ["multipart/form-data; boundary=abc", "abc"],
    ['multipart/form-data; boundary="a b c"', "a b c"],
    ["Multipart/Form-Data;boundary=----WebKitFormBoundaryx7", "----WebKitFormBoundaryx7"],
    ["multipart/form-data", null],
    ["multipart/form-data; boundary=", null],
    ["multipart/form-data; boundary=" + "x".repeat(71), null],
    ["application/x-www-form-urlencoded", null],
    [null, null],
  ])("%j → %j", (type, expected) => {
    expect(multipartBoundary(type)).toBe(expected);
  });
});
