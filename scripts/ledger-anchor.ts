/**
 * Writes every anchor due now: the daily anchor (entries of earlier local days, tipsters' too,
 * dated the last local midnight), then the chains that moved with staff or system entries only
 * since (docs/decisions/015-tipster-time.md). Today's entries from a tipster's entry on wait for
 * the next daily anchor.
 */
import path from "node:path";
import { resolveDatabase } from "../app/lib/database-runtime.server";

const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data"), quiet: true });
const { db, closeDb } = await import("../app/lib/db.server");
const { anchorLedgerNow } = await import("../app/lib/ledger.server");
const total = await anchorLedgerNow(db());
console.log(`Anchored ${total} chain heads.`);
await closeDb();
await database.stop();
