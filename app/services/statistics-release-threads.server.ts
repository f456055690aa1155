import { Worker } from "node:worker_threads";

/**
 * How a statistics release starts its threads (ADR 041, 043): the release itself
 * (./statistics-release-thread.server.ts) and the subtrees below its provinces
 * (./statistics-release-subtrees.server.ts). Every thread starts from one entry that registers tsx
 * and then loads the module named (./statistics-release.worker-boot.mjs, which lists the same two).
 */
export type ReleaseThreadEntry = "statistics-release.worker.ts" | "statistics-release-subtree.worker.ts";

export function startReleaseThread(entry: ReleaseThreadEntry, data: unknown): Worker {
  return new Worker(new URL("./statistics-release.worker-boot.mjs", import.meta.url), {
    // No options inherited from the thread that starts it (tsx's --import, a test runner's): the entry registers tsx itself.
    execArgv: [],
    // A release allocates a great deal that dies young (every page's tables): a larger young
    // generation collects it less often (a fifth of a release went to the collector at the default).
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
    workerData: { entry, data },
  });
}

/** A failure as a thread sends it back: its message and SQLSTATE-like code (an Error does not cross whole). */
export type ThreadFailure = { kind: "failed"; message: string; code?: string };

export function threadFailure(e: unknown): ThreadFailure {
  const err = e as { message?: string; code?: unknown };
  return { kind: "failed", message: String(err?.message ?? e), code: typeof err?.code === "string" ? err.code : undefined };
}

/** The error again, on the thread that started the one that failed (its code kept, e.g. for the release's retry on a lost race). */
export function errorFromThread(f: ThreadFailure): Error {
  return Object.assign(new Error(f.message), { code: f.code });
}
