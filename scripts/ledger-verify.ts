/** Recomputes every ledger chain and anchor; exits 1 and names the first entry that does not match. */
import path from "node:path";
import { resolveDatabase } from "../app/lib/database-runtime.server";

const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data"), quiet: true });
const { db, closeDb } = await import("../app/lib/db.server");
const { verifyLedger } = await import("../app/lib/ledger.server");
const result = await verifyLedger(db());
console.log(`Checked ${result.entries} entries in ${result.chains} chains and ${result.anchors} anchors.`);
if (result.problem) {
  console.error("LEDGER DOES NOT VERIFY:", JSON.stringify(result.problem));
  process.exitCode = 1;
} else {
  console.log("Ledger intact.");
}
await closeDb();
await database.stop();
