import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BODY_LIMITS, LINGER, readBodyText, readForm, readFormWithFile } from "./request-body.server";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** A body produced as it is read, with no Content-Length; counts how much was pulled, and says when it was cancelled. */
function endless(pulled: { bytes: number; cancelled?: boolean }): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  return new ReadableStream({
    pull(c) {
      pulled.bytes += chunk.length;
      c.enqueue(chunk);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
}

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: await e.json() };
    throw e;
  }
  throw new Error("not refused");
}

describe("readFormWithFile", () => {
  const form = (file: Blob | null) => {
    const fd = new FormData();
    fd.set("reason", "导入名录");
    if (file) fd.set("file", file, "directory.csv");
    return fd;
  };
  it("keeps the one file field's bytes beside the text fields", async () => {
    const r = await readFormWithFile(post(form(new Blob(["a,b\r\n1,2\r\n"]))), "directoryImport", "file", 1024);
    expect(r.form.get("reason")).toBe("导入名录");
    expect(r.form.has("file")).toBe(false);
    expect(r.file).toEqual({ bytes: Buffer.from("a,b\r\n1,2\r\n"), tooLarge: false });
  });
  it("reports a file over its limit without keeping it, and still reads the fields", async () => {
    const r = await readFormWithFile(post(form(new Blob(["x".repeat(2048)]))), "directoryImport", "file", 1024);
    expect(r.file).toEqual({ bytes: null, tooLarge: true });
    expect(r.form.get("reason")).toBe("导入名录");
  });
  it("no file chosen: no bytes; a body over the form's cap: 413", async () => {
    expect((await readFormWithFile(post(form(null)), "directoryImport", "file", 1024)).file).toEqual({ bytes: null, tooLarge: false });
    const big = await refusal(() => readFormWithFile(post(form(new Blob([new Uint8Array(BODY_LIMITS.directoryImport + 1)]))), "directoryImport", "file", 1024));
    expect(big.status).toBe(413);
  });
});

describe("readForm", () => {
  it("reads urlencoded and multipart forms alike", async () => {
    const a = await readForm(post(new URLSearchParams({ email: "a@b.c", name: "张三" })), "shortForm");
    expect([...a.entries()]).toEqual([["email", "a@b.c"], ["name", "张三"]]);
    const fd = new FormData();
    fd.append("email", "a@b.c");
    fd.append("file", new Blob(["dropped"]), "x.txt");
    const b = await readForm(post(fd), "shortForm");
    expect([...b.entries()]).toEqual([["email", "a@b.c"]]);
  });

  it("refuses an endless body at the cap (413) and stops reading it soon after", async () => {
    const pulled: { bytes: number; cancelled?: boolean } = { bytes: 0 };
    const r = await refusal(() => readForm(post(endless(pulled), { "Content-Type": "application/x-www-form-urlencoded" }), "shortForm"));
    expect(r).toEqual({ status: 413, data: { bodyRefused: "too_large", limit: "64 KB" } });
    // What is left is read and dropped for a while (so the client sees the 413), then no more.
    await new Promise((r) => setTimeout(r, 200));
    const settled = pulled.bytes;
    expect(settled).toBeLessThanOrEqual(BODY_LIMITS.shortForm + LINGER.bytes + 64 * 1024);
    await new Promise((r) => setTimeout(r, 100));
    expect(pulled.bytes).toBe(settled);
    // Past the bytes it may drop, it stops reading but does not yet close the connection: a client
    // sending fast is held by flow control until the answer is sent, not reset before it.
    expect(settled).toBeGreaterThan(LINGER.bytes);
    expect(pulled.cancelled).not.toBe(true);
  });

  it("refuses a declared Content-Length over the cap before reading", async () => {
    const r = await refusal(() => readForm(post("x=1", { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(2 * 1024 * 1024) }), "form"));
    expect(r.status).toBe(413);
  });

  it("a body exactly at the cap is read", async () => {
    const value = "a".repeat(BODY_LIMITS.shortForm - 2);
    const f = await readForm(post(`x=${value}`, { "Content-Type": "application/x-www-form-urlencoded" }), "shortForm");
    expect(f.get("x")).toBe(value);
  });

  it.each([
    ["application/json", '{"a":1}'],
    ["multipart/form-data", "--x\r\n"],
    ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\n1\r\n--x--\r\n"],
  ])("%s with a bad body: 400", async (type, body) => {
    const r = await refusal(() => readForm(post(body, { "Content-Type": type }), "form"));
    expect(r).toEqual({ status: 400, data: { bodyRefused: "malformed" } });
  });
});

describe("readBodyText", () => {
  it("returns the problem instead of throwing (callers with their own error format)", async () => {
    expect(await readBodyText(post("a=1"), 10)).toEqual({ ok: true, text: "a=1" });
    expect(await readBodyText(post("a=12345678901"), 10)).toEqual({ ok: false, problem: { code: "too_large", limitBytes: 10 } });
    expect(await readBodyText(post(new Uint8Array([0xff, 0xfe])), 10)).toMatchObject({ ok: false, problem: { code: "malformed" } });
  });
});

describe("the one choke point", () => {
  it("no route reads a request body except through request-body.server or parseFormWithFiles", () => {
    const dir = path.resolve(__dirname, "../routes");
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => /request\.(formData|text|json|arrayBuffer|blob)\(|request\.body\b|unstable_parseMultipartFormData/.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
