import { sql } from "drizzle-orm";
import { db } from "../lib/db.server";

/** The size of the ledger, for the auditor's page. */
export async function ledgerSummary(): Promise<{ entries: number; chains: number; anchors: number }> {
  const [counts] = await db().execute<{ entries: number; chains: number; anchors: number }>(
    sql`select (select count(*)::int from ledger_entries) as entries, (select count(*)::int from ledger_chain_heads) as chains, (select count(*)::int from ledger_anchors) as anchors`,
  );
  return counts!;
}
