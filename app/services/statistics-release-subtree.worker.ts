/**
 * A subtree thread of a statistics release (./statistics-release-subtrees.server.ts): in one
 * read-only transaction on the release's snapshot, computes each subtree it is sent and sends its
 * pages back as rows; at "end", closes its connections so that the thread ends.
 */
import { sql } from "drizzle-orm";
import { parentPort, workerData } from "node:worker_threads";
import { closeDb, db } from "../lib/db.server";
import type { FromSubtreeThread, SubtreeJob, ToSubtreeThread } from "./statistics-release-subtrees.server";
import { threadFailure } from "./statistics-release-threads.server";
import { releaseTree, type ReleasePageRow } from "./statistics-release-tree.server";

const port = parentPort!;
const { plan, snapshot, names } = (workerData as { data: SubtreeJob }).data;
const post = (m: FromSubtreeThread) => port.postMessage(m);
/** Rows go back in batches: fewer messages, and the release's thread inserts them in its own batches anyway. */
const SEND_BATCH = 250;

// Messages are queued as they arrive and taken one at a time.
const inbox: ToSubtreeThread[] = [];
let wake: (() => void) | null = null;
const receive = (m: ToSubtreeThread) => {
  inbox.push(m);
  wake?.();
};
port.on("message", receive);
async function nextMessage(): Promise<ToSubtreeThread> {
  while (inbox.length === 0) await new Promise<void>((r) => (wake = r));
  wake = null;
  return inbox.shift()!;
}

// A snapshot name as pg_export_snapshot writes it (hexadecimal parts): nothing else goes into the statement.
if (!/^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$/.test(snapshot)) throw new Error(`not a snapshot name: ${JSON.stringify(snapshot)}`);

try {
  await db().transaction(
    async (tx) => {
      await tx.execute(sql.raw(`set transaction snapshot '${snapshot}'`));
      let rows: ReleasePageRow[] = [];
      const send = () => {
        if (rows.length) post({ kind: "rows", rows });
        rows = [];
      };
      const tree = releaseTree(tx, plan, names, (placeRows) => {
        rows.push(...placeRows);
        if (rows.length >= SEND_BATCH) send();
      });
      post({ kind: "ready" });
      for (let m = await nextMessage(); m.kind === "subtree"; m = await nextMessage()) {
        await tree.settle(await tree.rebuild(m.root));
        send();
        post({ kind: "subtreeDone" });
      }
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  await closeDb();
  post({ kind: "finished" });
} catch (e) {
  post(threadFailure(e));
  await closeDb().catch(() => {});
}
// Nothing more to receive: the thread ends once its last messages are sent.
port.off("message", receive);
port.unref();
