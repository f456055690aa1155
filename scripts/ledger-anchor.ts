/** Anchors the heads of every ledger chain that moved since the last anchor. */
import path from "node:path";
import { resolveDatabase } from "../app/lib/database-runtime.server";

const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data"), quiet: true });
const { db, closeDb } = await import("../app/lib/db.server");
const { anchorLedger } = await import("../app/lib/ledger.server");
let total = 0;
for (;;) {
  const n = await anchorLedger(db());
  total += n;
  if (n === 0) break;
}
console.log(`Anchored ${total} chain heads.`);
await closeDb();
await database.stop();
