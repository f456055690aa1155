import type { Worker } from "node:worker_threads";
import { errorFromThread, startReleaseThread, type ThreadFailure } from "./statistics-release-threads.server";
import type { ReleaseNames, ReleasePageRow, ReleasePlan, SubtreeRoot } from "./statistics-release-tree.server";

/**
 * The subtrees of a release below its provinces, computed in `threads` worker threads at once
 * (issue 16, ADR 043): the provinces do not depend on each other below their own page, and the
 * suppression is CPU in JavaScript, so on two cores two threads do it in little more than half the
 * time. Each thread reads in a transaction of its own that imports the release transaction's
 * snapshot (`snapshot`, from pg_export_snapshot), so every page is computed from the same moment
 * of the data; it only reads and sends its pages back as rows, and the release's transaction
 * inserts them, so the release is still all or nothing. Subtrees are handed out largest first, a
 * thread taking the next as it finishes one. The names of places, sectors and agencies go with the
 * job, as the release read them: a thread need not read them again.
 */
export type SubtreeJob = { plan: ReleasePlan; snapshot: string; names: ReleaseNames };

/** Messages to a subtree thread, and from it. */
export type ToSubtreeThread = { kind: "subtree"; root: SubtreeRoot } | { kind: "end" };
export type FromSubtreeThread =
  | { kind: "ready" }
  | { kind: "rows"; rows: ReleasePageRow[] }
  | { kind: "subtreeDone" }
  | { kind: "finished" }
  | ThreadFailure;

export function computeSubtreesInThreads(a: { threads: number; job: SubtreeJob; subtrees: SubtreeRoot[]; onRows: (rows: ReleasePageRow[]) => void }): Promise<void> {
  const queue = [...a.subtrees];
  const threads = Math.min(a.threads, queue.length);
  if (threads < 1) return Promise.resolve();
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
      const worker = startReleaseThread("statistics-release-subtree.worker.ts", a.job);
      workers.push(worker);
      let done = false;
      const next = () => {
        const root = queue.shift();
        const m: ToSubtreeThread = root ? { kind: "subtree", root } : { kind: "end" };
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
          } else fail(errorFromThread(m));
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
