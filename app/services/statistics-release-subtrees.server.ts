import { Worker } from "node:worker_threads";
import type { ParentPages, ReleasePageRow, ReleasePlan } from "./statistics-release-tree.server";

/**
 * The subtrees of a release below its provinces, computed in `threads` worker threads at once
 * (issue 16, ADR 043): the provinces do not depend on each other below their own page, and the
 * suppression is CPU in JavaScript, so on two cores two threads do it in little more than half the
 * time. Each thread reads in a transaction of its own that imports the release transaction's
 * snapshot (`snapshot`, from pg_export_snapshot), so every page is computed from the same moment
 * of the data; it only reads and sends its pages back as rows, and the release's transaction
 * inserts them, so the release is still all or nothing. Subtrees are handed out largest first, a
 * thread taking the next as it finishes one.
 */
export type SubtreeJob = { plan: ReleasePlan; snapshot: string };

/** Messages to a subtree thread, and from it. */
export type ToSubtreeThread = { kind: "subtree"; parent: ParentPages } | { kind: "end" };
export type FromSubtreeThread =
  | { kind: "ready" }
  | { kind: "rows"; rows: ReleasePageRow[] }
  | { kind: "subtreeDone" }
  | { kind: "finished" }
  | { kind: "failed"; message: string; code?: string };

/** The entry every release thread starts from (it registers tsx, then loads `entry`). */
export const RELEASE_THREAD_BOOT = new URL("./statistics-release.worker-boot.mjs", import.meta.url);
/**
 * A release allocates a great deal that dies young (every page's tables): a larger young
 * generation collects it less often (a fifth of a release went to the collector at the default).
 */
export const RELEASE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 96 };

export function computeSubtreesInThreads(a: { threads: number; job: SubtreeJob; subtrees: ParentPages[]; onRows: (rows: ReleasePageRow[]) => void }): Promise<void> {
  const queue = [...a.subtrees];
  const threads = Math.max(1, Math.min(a.threads, queue.length));
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    let finished = 0;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(RELEASE_THREAD_BOOT, {
        // No options inherited from the thread that starts it (tsx's --import, a test runner's): the entry registers tsx itself.
        execArgv: [],
        resourceLimits: RELEASE_THREAD_LIMITS,
        workerData: { entry: "statistics-release-subtree.worker.ts", data: a.job },
      });
      workers.push(worker);
      let done = false;
      const next = () => {
        const parent = queue.shift();
        const m: ToSubtreeThread = parent ? { kind: "subtree", parent } : { kind: "end" };
        worker.postMessage(m);
      };
      worker.on("message", (m: FromSubtreeThread) => {
        if (failed) return;
        try {
          if (m.kind === "rows") a.onRows(m.rows);
          else if (m.kind === "ready" || m.kind === "subtreeDone") next();
          else if (m.kind === "finished") {
            done = true;
            if (++finished === threads) resolve();
          } else fail(Object.assign(new Error(m.message), { code: m.code }));
        } catch (e) {
          fail(e);
        }
      });
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (!done) fail(new Error(`a statistics release subtree thread exited (${code}) before it finished`));
      });
    }
  });
}
