/**
 * The production/demo server: resolves the database (DATABASE_URL, or the embedded PostgreSQL
 * in DATA_DIR), applies migrations, and serves the Remix build with express.
 * Request logs carry method, path, status and duration — never the client's address.
 * Request bodies are limited where they are read, as they arrive (app/lib/request-body.server),
 * not here: the same limits then hold for actions called without this server.
 */
import cluster from "node:cluster";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { ensureDevMasterKey } from "../app/lib/crypto.server";
import { demoMode } from "../app/lib/env.server";
import { trustedProxyHops } from "../app/lib/env.server";
import { clientAddressFrom } from "../app/lib/request-context.server";
import { resolveDatabase, runMigrations, type RunningDatabase } from "../app/lib/database-runtime.server";
import { installJobSchema, startWorker } from "../app/lib/jobs.server";
import { mailDestination } from "../app/lib/mailer.server";
import { isCrossSiteRequest, refusalPage } from "../app/lib/refusal-page.server";
import { compressedStatic } from "./compressed-static";

export type StartedServer = { url: string; close: () => Promise<void>; database: RunningDatabase };

export async function startServer(
  opts: { port?: number; host?: string; quiet?: boolean; migrate?: boolean; anchorLedger?: boolean; jobs?: boolean } = {},
): Promise<StartedServer> {
  const production = process.env.NODE_ENV === "production";
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  if (!process.env.CANARY_MASTER_KEY) {
    if (production && !demoMode()) throw new Error("CANARY_MASTER_KEY is required in production (base64 of 32 random bytes)");
    process.env.CANARY_MASTER_KEY = ensureDevMasterKey(dataDir);
  }
  const database = await resolveDatabase({ dataDir, quiet: opts.quiet });
  if (opts.migrate !== false) {
    await runMigrations(database.url);
    await installJobSchema(database.url); // graphile-worker's own migrations, after ours
  }

  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  // Read here, at start-up, so that a TRUST_PROXY value that means nothing stops the server.
  const trustedHops = trustedProxyHops(process.env.TRUST_PROXY);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: browsers then send a real Origin on form posts (Remix checks it).
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    // Not for the demo: it is served over plain http on 127.0.0.1.
    if (production && !demoMode()) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    next();
  });
  // Form posts from other sites are refused (CSRF) with a page in both languages, before Remix's
  // own Origin check would throw (a 500); the Open311 API is meant for other sites.
  app.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD" && !req.path.startsWith("/open311/")) {
      const crossSite = isCrossSiteRequest({
        origin: req.headers.origin,
        host: req.headers.host,
        forwardedHost: typeof req.headers["x-forwarded-host"] === "string" ? req.headers["x-forwarded-host"] : undefined,
        fetchSite: typeof req.headers["sec-fetch-site"] === "string" ? req.headers["sec-fetch-site"] : undefined,
      });
      if (crossSite) return res.status(403).type("html").send(refusalPage("errors.crossSite.title", "errors.crossSite.body"));
    }
    next();
  });
  if (!opts.quiet) {
    app.use((req, res, next) => {
      const start = process.hrtime.bigint();
      res.on("finish", () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        // One-time tokens in paths (invitations) are not logged.
        const logged = req.path.replace(/^(\/staff\/invitation\/)[^/]+/, "$1…");
        console.log(`${req.method} ${logged} ${res.statusCode} ${ms.toFixed(1)}ms`);
      });
      next();
    });
  }
  // Pages, JSON, CSV, XML and Atom compressed as the client asks (brotli, else gzip); the static
  // files below come compressed already. ADR 033.
  app.use(
    compression({
      // Quality 5: at a page's size as fast as gzip and 10-20 % smaller; 11 is for files compressed once.
      brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
      // Images and PDFs (attachments) are compressed already: compression.filter passes only
      // compressible types. A part of a file (Range) is sent as it is.
      filter: (req, res) => !res.getHeader("Content-Range") && compression.filter(req, res),
    }),
  );
  app.use(flushOncePerTurn);
  app.use("/build", compressedStatic("public/build", { cacheControl: "public, max-age=31536000, immutable", keepBeside: true }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Other static files (styles, icon) have an extension; page requests skip the file-system look-up.
  // An hour's cache, then a 304 on the content's ETag.
  const publicText = compressedStatic("public", { cacheControl: "public, max-age=3600", keepBeside: false });
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) =>
    /\.[a-z0-9]+$/i.test(req.path) && !req.path.startsWith("/open311/") && !req.path.startsWith("/build/") ? publicText(req, res, () => publicFiles(req, res, next)) : next(),
  );
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      getLoadContext: (req) => ({ clientAddress: clientAddressFrom(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedHops) }),
    }),
  );

  const host = opts.host ?? process.env.HOST ?? "127.0.0.1";
  const port = opts.port ?? Number(process.env.PORT ?? 3000);
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(port, host, () => resolve(s));
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  // The job definitions load the services (from source): only when this process runs the worker.
  const stopJobs = opts.jobs ? await startWorker({ connectionString: database.url, ...(await import("../app/jobs/index.server")).workerJobs() }) : undefined;
  if (stopJobs && !opts.quiet) console.log(`Jobs: worker started; mail goes to ${mailDestination()}`);

  const hooks = build.entry.module as unknown as { closeDatabase: () => Promise<void>; anchorLedgerNow: () => Promise<number> };
  const anchorTimer = setInterval(() => {
    if (opts.anchorLedger !== false) hooks.anchorLedgerNow().catch((e) => console.error("ledger anchor failed", e));
  }, Number(process.env.LEDGER_ANCHOR_SECONDS ?? 300) * 1000);
  anchorTimer.unref();

  return {
    url: `http://${host}:${actualPort}`,
    database,
    close: async () => {
      clearInterval(anchorTimer);
      await stopJobs?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await hooks.closeDatabase();
      await database.stop();
    },
  };
}

/**
 * Remix flushes the compressor after every chunk it writes, so a streamed response reaches the
 * client in pieces; but a page rendered at once arrives as dozens of 2 KB chunks, and a flush
 * each costs 2-9 % of the compressed size (a full flush for gzip). One flush per turn of the event
 * loop sends what was written together in one piece, and still sends each piece of a stream
 * that waits between its chunks (the outcomes CSV between database batches) as it comes.
 */
function flushOncePerTurn(_req: express.Request, res: express.Response, next: express.NextFunction) {
  const flush = res.flush;
  let scheduled = false;
  res.flush = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flush.call(res);
    });
  };
  next();
}

/**
 * `WEB_CONCURRENCY=N` (N > 1) runs N worker processes sharing the port (node:cluster): the
 * primary resolves the database and migrates once; worker 1 also anchors the ledger.
 */
async function main() {
  const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
  if (workers > 1 && cluster.isPrimary) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
    if (!process.env.CANARY_MASTER_KEY && (process.env.NODE_ENV !== "production" || demoMode())) process.env.CANARY_MASTER_KEY = ensureDevMasterKey(dataDir);
    const database = await resolveDatabase({ dataDir });
    await runMigrations(database.url);
    await installJobSchema(database.url);
    // Replacements keep their worker number, so worker 1's periodic work survives a crash.
    const numbers = new Map<number, string>();
    const fork = (n: string) => numbers.set(cluster.fork({ CANARY_WORKER: n, DATABASE_URL: database.url }).id, n);
    for (let i = 1; i <= workers; i++) fork(String(i));
    let stopping = false;
    cluster.on("exit", (w, code) => {
      const n = numbers.get(w.id) ?? "replacement";
      numbers.delete(w.id);
      if (!stopping) {
        console.error(`worker ${w.process.pid} exited (${code}); starting another`);
        fork(n);
      }
    });
    console.log(`Canary is listening on http://${process.env.HOST ?? "127.0.0.1"}:${process.env.PORT ?? 3000} with ${workers} workers`);
    const stop = async () => {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const exited = Promise.all(running.map((w) => new Promise((r) => (w.isDead() ? r(null) : w.once("exit", r)))));
      for (const w of running) w.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      await database.stop();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return;
  }
  const worker = process.env.CANARY_WORKER;
  const started = await startServer({
    migrate: !worker,
    anchorLedger: !worker || worker === "1",
    jobs: process.env.JOBS !== "off" && (!worker || worker === "1"),
    quiet: process.env.LOG_REQUESTS === "0",
  });
  if (!worker) console.log(`Canary is listening on ${started.url}`);
  const stop = async () => {
    await started.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
