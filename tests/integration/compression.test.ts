import fs from "node:fs";
import http from "node:http";
import zlib from "node:zlib";
import postgres from "postgres";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What a phone receives from the built server (production mode): pages, data and static files
// compressed as its Accept-Encoding asks, the same bytes once decoded, streams still arriving in
// pieces, and stored files (photos, PDFs) sent as they are. ADR 033.

type Started = { url: string; close: () => Promise<void> };
let server: Started;
const saved = { NODE_ENV: process.env.NODE_ENV, RATE_LIMITS: process.env.RATE_LIMITS };

beforeAll(async () => {
  const { startTestServer } = await import("../support/server");
  server = await startTestServer({ NODE_ENV: "production", RATE_LIMITS: "off" });
  // /stats, its downloads and the home page read the current statistics release: publish one (issue 16).
  const { publishTestRelease } = await import("../support/releases");
  await publishTestRelease();
});
afterAll(async () => {
  await (await import("../../app/lib/db.server")).closeDb();
  await server?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

type Raw = { status: number; headers: http.IncomingHttpHeaders; raw: Buffer };

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and decode). */
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, server.url), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

function decodedBytes(r: Raw): Buffer {
  const enc = r.headers["content-encoding"];
  return enc === "br" ? zlib.brotliDecompressSync(r.raw) : enc === "gzip" ? zlib.gunzipSync(r.raw) : r.raw;
}
const decoded = (r: Raw) => decodedBytes(r).toString("utf8");

/** The entry script every page loads, from the build's manifest. */
function entryScript(): string {
  const manifestFile = fs.readdirSync("public/build").find((f) => /^manifest-.*\.js$/.test(f))!;
  const text = fs.readFileSync(`public/build/${manifestFile}`, "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)).entry.module as string;
}

const CHROMIUM = "gzip, deflate, br, zstd";
const ENCODINGS = [
  { accept: "br, gzip, deflate", expect: "br" },
  // Chromium's own header (also over plain http on loopback): gzip first, brotli preferred all the same.
  { accept: CHROMIUM, expect: "br" },
  { accept: "gzip", expect: "gzip" },
  { accept: "identity", expect: undefined },
  { accept: "", expect: undefined },
] as const;

describe("responses are compressed as the client asks", () => {
  // Pages differ per request (a nonce, a form's submission id): compared by length and ending.
  const pages = ["/", "/report", "/stats", "/outcomes", "/status", "/open-data"];
  // The rest must decode to the very bytes sent uncompressed.
  const exact = () => ["/stats.json", "/stats.csv", "/outcomes.atom", "/open311/v2/services.xml", "/styles.css", entryScript()];

  for (const e of ENCODINGS) {
    it(`Accept-Encoding "${e.accept}": ${e.expect ?? "not compressed"}`, async () => {
      const headers: Record<string, string> = e.accept ? { "accept-encoding": e.accept } : {};
      for (const path of [...pages, ...exact()]) {
        const [plain, asked] = await Promise.all([get(path), get(path, headers)]);
        expect(asked.status, path).toBe(200);
        expect(asked.headers["content-encoding"], path).toBe(e.expect);
        expect(asked.headers.vary ?? "", path).toMatch(/accept-encoding/i);
        const text = decoded(asked);
        if (pages.includes(path)) {
          expect(decodedBytes(asked).length, path).toBe(plain.raw.length);
          // Whole: it ends as the uncompressed page does (Remix's closing script).
          expect(text.slice(-40), path).toBe(plain.raw.toString("utf8").slice(-40));
        } else {
          expect(text, path).toBe(plain.raw.toString("utf8"));
        }
        if (e.expect && plain.raw.length > 4096) expect(asked.raw.length, `${path} compressed`).toBeLessThan(plain.raw.length / 2);
      }
    });
  }

  it("the build's files come at the best ratio once compressed, and keep their immutable caching", async () => {
    const path = entryScript();
    const original = fs.readFileSync(`public${path}`);
    // The first request may be answered while the best compression is still being made.
    await get(path, { "accept-encoding": CHROMIUM });
    let r = await get(path, { "accept-encoding": CHROMIUM });
    for (let i = 0; i < 50 && r.headers.etag?.startsWith("W/"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await get(path, { "accept-encoding": CHROMIUM });
    }
    const best = zlib.brotliCompressSync(original, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
    expect(r.raw.length).toBe(best.length);
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("a phone that has the styles revalidates them with a 304 for each encoding", async () => {
    for (const accept of ["br", "gzip", "identity"]) {
      const first = await get("/styles.css", { "accept-encoding": accept });
      expect(first.headers.etag, accept).toMatch(/^"[^"]+"$/);
      const again = await get("/styles.css", { "accept-encoding": accept, "if-none-match": first.headers.etag! });
      expect(again.status, accept).toBe(304);
      expect(again.raw.length, accept).toBe(0);
    }
    // Each encoding is its own representation: a gzip ETag does not validate the brotli copy.
    const gz = await get("/styles.css", { "accept-encoding": "gzip" });
    expect((await get("/styles.css", { "accept-encoding": "br", "if-none-match": gz.headers.etag! })).status).toBe(200);
  });

  it("a request for part of a file gets that part, uncompressed", async () => {
    const r = await get("/styles.css", { "accept-encoding": "br, gzip", range: "bytes=0-99" });
    expect(r.status).toBe(206);
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.raw.equals(fs.readFileSync("public/styles.css").subarray(0, 100))).toBe(true);
  });
});

describe("a streamed download stays streamed when compressed", () => {
  // The outcomes CSV sends its header row, then waits for the database. With a lock held on the
  // outcomes table, the stream cannot go past its header: the header reaching the client, decoded,
  // proves the compressor passed it on before the stream ended (a compressor that waited for more
  // bytes, or for the end, would send nothing until the lock is released).
  for (const accept of ["br", "gzip"] as const) {
    it(`the outcomes CSV's first bytes arrive before it ends (${accept})`, async () => {
      const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        let ended = false;
        let text = "";
        const done = await sql.begin(async (tx) => {
          await tx`lock table case_outcomes in access exclusive mode`;
          const finished = new Promise<void>((resolve, reject) => {
            http
              .get(new URL("/open-data/outcomes.csv", server.url), { headers: { "accept-encoding": accept } }, (res) => {
                expect(res.headers["content-encoding"]).toBe(accept);
                const decoder = accept === "br" ? zlib.createBrotliDecompress() : zlib.createGunzip();
                decoder.on("data", (c: Buffer) => (text += c.toString("utf8")));
                res.pipe(decoder);
                decoder.on("end", () => {
                  ended = true;
                  resolve();
                });
                decoder.on("error", reject);
              })
              .on("error", reject);
          });
          const deadline = Date.now() + 10_000;
          while (!text.includes("\n") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
          // The header row, decoded, while the query behind the rows waits for the lock.
          expect(text.startsWith("\uFEFFreference,")).toBe(true);
          const [waiting] = await tx`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`;
          expect(waiting!.n).toBeGreaterThan(0);
          expect(ended).toBe(false);
          // Not awaited here: the rows come only once this transaction lets go of the lock.
          return { finished };
        });
        await done.finished;
        expect(ended).toBe(true);
      } finally {
        await sql.end();
      }
    });
  }
});

describe("stored files are sent as they are", () => {
  it("a tipster's photo is not compressed again, whatever the client accepts", async () => {
    const { sanitiseAttachment } = await import("../../app/lib/attachments.server");
    const { filedTip } = await import("../support/builders");
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c83232", noise: { type: "gaussian", mean: 128, sigma: 30 } } })
      .png()
      .toBuffer();
    const sanitised = await sanitiseAttachment(photo);
    if (!sanitised.ok) throw new Error("the test photo was refused");
    const tip = await filedTip({ files: [sanitised.file] });

    // Signed in on /status with the receipt, as a tipster does.
    const signIn = await fetch(`${server.url}/status`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "sign-in", receipt: tip.receipt! }),
      redirect: "manual",
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const status = decoded(await get("/status", { cookie, "accept-encoding": "br" }));
    const link = /href="(\/status\/attachments\/[^"]+)"/.exec(status)?.[1];
    expect(link).toBeDefined();

    const r = await get(link!.replace(/&amp;/g, "&"), { cookie, "accept-encoding": "br, gzip" });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe(sanitised.file.mediaType);
    expect(r.raw.length).toBeGreaterThan(1024);
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.raw.equals(sanitised.file.bytes)).toBe(true);
  });
});
