// The entry of a statistics release's threads, the release and its subtrees (started by
// ./statistics-release-threads.server.ts, whose ReleaseThreadEntry lists the same two modules): a
// thread does not inherit the main thread's module loader, so tsx is registered here before the
// TypeScript is loaded — the same in development, `npm run demo`, `npm start` and the tests.
// `workerData.entry` names which.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

const ENTRIES = ["statistics-release.worker.ts", "statistics-release-subtree.worker.ts"];
const entry = workerData?.entry;
if (!ENTRIES.includes(entry)) throw new Error(`unknown statistics release thread ${JSON.stringify(entry)}`);
register();
await import(`./${entry}`);
