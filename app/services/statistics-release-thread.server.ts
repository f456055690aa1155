import type { ReleaseOutcome, ReleaseRequest } from "./statistics-release.server";
import { errorFromThread, startReleaseThread, type ThreadFailure } from "./statistics-release-threads.server";

/**
 * Runs `publishStatisticsRelease` in a worker thread (node:worker_threads), so that the minutes of
 * a release's computation — mostly the suppression, CPU in JavaScript — never hold up the event
 * loop of the process it runs in: the job worker runs inside the web server (scripts/server.ts),
 * and its requests go on being answered meanwhile. The thread has its own database connections
 * (DATABASE_URL, inherited) and loads the service from source with tsx (registered by its entry,
 * ./statistics-release.worker-boot.mjs), as the job definitions are loaded; progress lines come back as messages.
 */
export type ThreadRequest = Omit<ReleaseRequest, "log" | "now"> & { now?: string };

export type ReleaseThreadMessage = { kind: "log"; line: string } | { kind: "done"; release: ReleaseOutcome } | ThreadFailure;

/** The release, and the thread that computed it (never 0, the main thread's). */
export function publishStatisticsReleaseInThread(request: ThreadRequest, log: (line: string) => void = () => {}): Promise<ReleaseOutcome & { threadId: number }> {
  const worker = startReleaseThread("statistics-release.worker.ts", request);
  const threadId = worker.threadId;
  return new Promise<ReleaseOutcome & { threadId: number }>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on("message", (m: ReleaseThreadMessage) => {
      if (m.kind === "log") log(m.line);
      else if (m.kind === "done") settle(() => resolve({ ...m.release, threadId }));
      else settle(() => reject(errorFromThread(m)));
    });
    worker.on("error", (e) => settle(() => reject(e)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the statistics release thread exited (${code}) before it finished`))));
  });
}
