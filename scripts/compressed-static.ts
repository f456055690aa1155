/**
 * Static files (the build's JavaScript and CSS, /styles.css, /charts.css, the icon) compressed
 * once, at the best ratio, and kept: brotli quality 11 is 10–15 % smaller than what the dynamic
 * compression sends (quality 5) but far too slow to run per request (0.9 s for a 450 KB chunk).
 * A file's first request starts its compression (in zlib's thread pool) and is itself answered by
 * the next handler (express.static, through the dynamic compression), so nobody waits for it; the
 * result is kept in memory. Files under /build, whose names carry their content hash, also keep
 * it beside them (`x.js.br`, `x.js.gz`) so that other server processes on the same build (cluster
 * workers, the test suite's servers) and restarts read it instead of compressing again.
 * `remix build` empties public/build, so those copies never outlive their build.
 *
 * Conditional requests are answered from a strong ETag of the content (one per encoding), so a
 * phone revalidates /styles.css with a 304 instead of fetching it again. Range requests and files
 * that are not text fall through to express.static.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { NextFunction, Request, Response } from "express";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing here; images (and everything else) are sent as they are. */
const TEXT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

export type StaticEncoding = "br" | "gzip" | "identity";
/** Files up to this size are compressed while their first request waits (about 10 ms at quality 11). */
const WAIT_FOR_AT_MOST = 64 * 1024;
const SUFFIX: Record<Exclude<StaticEncoding, "identity">, string> = { br: ".br", gzip: ".gz" };

type Entry = { size: number; mtimeMs: number; bytes: Buffer; etag: string; started: Set<StaticEncoding>; encoded: Partial<Record<StaticEncoding, Buffer>> };

export function compressBest(bytes: Buffer, encoding: "br" | "gzip"): Promise<Buffer> {
  return encoding === "br"
    ? brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
    : gzip(bytes, { level: 9 });
}

export function compressedStatic(root: string, opts: { cacheControl: string; keepBeside: boolean }) {
  const base = path.resolve(root);
  const entries = new Map<string, Entry>();

  async function load(file: string): Promise<Entry | null> {
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) return null;
    const known = entries.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known;
    const bytes = await fs.promises.readFile(file);
    const entry: Entry = { size: stat.size, mtimeMs: stat.mtimeMs, bytes, etag: createHash("sha256").update(bytes).digest("base64url").slice(0, 22), started: new Set(), encoded: {} };
    entries.set(file, entry);
    return entry;
  }

  /** The kept copy beside the file, when there is one as new as the file. */
  async function keptBeside(file: string, entry: Entry, encoding: "br" | "gzip"): Promise<Buffer | null> {
    if (!opts.keepBeside) return null;
    const stat = await fs.promises.stat(file + SUFFIX[encoding]).catch(() => null);
    return stat && stat.mtimeMs >= entry.mtimeMs ? fs.promises.readFile(file + SUFFIX[encoding]).catch(() => null) : null;
  }

  async function compressAndKeep(file: string, entry: Entry, encoding: "br" | "gzip"): Promise<Buffer> {
    const out = await compressBest(entry.bytes, encoding);
    if (opts.keepBeside) {
      // Written whole, then renamed: another process never reads half a file. A read-only build
      // folder only costs the other processes their own compression.
      const beside = file + SUFFIX[encoding];
      const temp = `${beside}.${process.pid}.tmp`;
      await fs.promises
        .writeFile(temp, out)
        .then(() => fs.promises.rename(temp, beside))
        .catch(() => fs.promises.rm(temp, { force: true }));
    }
    return out;
  }

  /** The file compressed, or null while that is still being done (then the request is not held up). */
  async function encoded(file: string, entry: Entry, encoding: "br" | "gzip"): Promise<Buffer | null> {
    const done = entry.encoded[encoding];
    if (done) return done;
    const kept = await keptBeside(file, entry, encoding);
    if (kept) return (entry.encoded[encoding] = kept);
    if (entry.started.has(encoding)) return null;
    entry.started.add(encoding);
    const compressing = compressAndKeep(file, entry, encoding).then(
      (bytes) => (entry.encoded[encoding] = bytes),
      () => (entry.started.delete(encoding), null),
    );
    // A small file (the styles, most chunks) takes milliseconds: worth waiting for.
    return entry.bytes.length <= WAIT_FOR_AT_MOST ? compressing : null;
  }

  return function serveCompressed(req: Request, res: Response, next: NextFunction) {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.headers.range) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const type = TEXT_TYPES[path.extname(relative).toLowerCase()];
    const file = path.join(base, relative);
    if (!type || relative.includes("\0") || !file.startsWith(base + path.sep) || path.basename(file).startsWith(".")) return next();
    // Brotli whenever it is accepted: negotiation alone would pick the first of equals the client
    // lists, and Chromium lists gzip first ("gzip, deflate, br, zstd").
    const encoding: StaticEncoding = req.acceptsEncodings("br") ? "br" : req.acceptsEncodings("gzip") ? "gzip" : "identity";
    void (async () => {
      const entry = await load(file);
      if (!entry) return next();
      let body = entry.bytes;
      if (encoding !== "identity") {
        const compressed = await encoded(file, entry, encoding);
        if (!compressed) return next();
        body = compressed;
        res.setHeader("Content-Encoding", encoding);
      }
      const etag = `"${entry.etag}${encoding === "identity" ? "" : "-" + encoding}"`;
      res.setHeader("Vary", "Accept-Encoding");
      res.setHeader("Cache-Control", opts.cacheControl);
      res.setHeader("ETag", etag);
      res.setHeader("Content-Type", type);
      if (ifNoneMatch(req.headers["if-none-match"], etag)) return void res.status(304).end();
      res.setHeader("Content-Length", String(body.length));
      if (req.method === "HEAD") return void res.end();
      res.end(body);
    })().catch(next);
  };
}

/** If-None-Match holds this ETag (weak comparison, as RFC 9110 asks for GET and HEAD). */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
