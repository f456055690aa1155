/**
 * The worker thread of a statistics release (./statistics-release-thread.server.ts): computes and
 * publishes one release, reports progress and the outcome to the thread that started it, then
 * closes its database connections so that the thread ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { closeDb } from "../lib/db.server";
import { publishStatisticsRelease } from "./statistics-release.server";
import type { ThreadRequest } from "./statistics-release-thread.server";

const port = parentPort!;
const request = (workerData as { data: ThreadRequest }).data;
try {
  const release = await publishStatisticsRelease({
    ...request,
    now: request.now ? new Date(request.now) : undefined,
    log: (line) => port.postMessage({ kind: "log", line }),
  });
  port.postMessage({ kind: "done", release });
} catch (e) {
  const err = e as { message?: string; code?: unknown };
  port.postMessage({ kind: "failed", message: String(err?.message ?? e), code: typeof err?.code === "string" ? err.code : undefined });
} finally {
  await closeDb();
}
