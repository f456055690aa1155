/**
 * The worker thread of a statistics release (./statistics-release-thread.server.ts): computes and
 * publishes one release, reports progress and the outcome to the thread that started it, then
 * closes its database connections so that the thread ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { closeDb } from "../lib/db.server";
import { publishStatisticsRelease } from "./statistics-release.server";
import type { ReleaseThreadMessage, ThreadRequest } from "./statistics-release-thread.server";
import { threadFailure } from "./statistics-release-threads.server";

const port = parentPort!;
const post = (m: ReleaseThreadMessage) => port.postMessage(m);
const request = (workerData as { data: ThreadRequest }).data;
try {
  const release = await publishStatisticsRelease({
    ...request,
    now: request.now ? new Date(request.now) : undefined,
    log: (line) => post({ kind: "log", line }),
  });
  post({ kind: "done", release });
} catch (e) {
  post(threadFailure(e));
} finally {
  await closeDb();
}
