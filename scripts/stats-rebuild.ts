/**
 * `npm run stats:rebuild` (tsx scripts/stats-rebuild.ts): recounts the published statistics
 * (stats_case, stats_rollup; pending stats_delta rows are dropped) from the cases themselves with
 * `rebuildStatistics()` (app/services/published-statistics.server.ts → `stats_rebuild()`,
 * db/migrations/0008). For after a bulk load with the statistics triggers disabled, a change to an
 * agency's place or the place codes, or a repair (docs/decisions/010-statistics-rollups.md).
 *
 * Connects like scripts/migrate.ts: DATABASE_URL, or the embedded server in DATA_DIR (default
 * .data). It does not migrate: run `npm run db:migrate` first.
 *
 * The statistics triggers (tips_statistics, case_outcomes_statistics, tip_returns_statistics)
 * must be enabled, or changes after the rebuild are not counted: scripts/seed-million.ts
 * disables them for its load and enables them again in a `finally`, but a process killed hard in
 * between leaves them disabled. This script checks, and enables them again before rebuilding
 * (ALTER TABLE … ENABLE TRIGGER needs ownership of the tables: the database owner or a superuser).
 *
 * The rebuild takes an exclusive lock on the rollup tables: readers of /stats wait for it.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type postgres from "postgres";

/** The row triggers of migration 0008 that keep the published statistics current. */
export const STATISTICS_TRIGGERS = [
  { table: "tips", trigger: "tips_statistics" },
  { table: "case_outcomes", trigger: "case_outcomes_statistics" },
  { table: "tip_returns", trigger: "tip_returns_statistics" },
] as const;

/**
 * Enables or disables the statistics triggers, in one transaction. `ALTER TABLE … DISABLE
 * TRIGGER` needs ownership of the table (the database owner or a superuser such as `postgres`),
 * takes a brief ACCESS EXCLUSIVE lock, and applies to every session: while disabled, nobody's
 * changes are counted.
 */
export async function setStatisticsTriggers(client: postgres.Sql, enabled: boolean): Promise<void> {
  await client.begin(async (tx) => {
    for (const { table, trigger } of STATISTICS_TRIGGERS) await tx.unsafe(`alter table ${table} ${enabled ? "enable" : "disable"} trigger ${trigger}`);
  });
}

/** The statistics triggers that are disabled (pg_trigger.tgenabled 'D') or missing, as "table.trigger". */
export async function disabledStatisticsTriggers(client: postgres.Sql): Promise<string[]> {
  const rows = (await client`
    select c.relname as "table", t.tgname as "trigger", t.tgenabled as "enabled"
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where not t.tgisinternal and t.tgname in ${client(STATISTICS_TRIGGERS.map((x) => x.trigger))}`) as unknown as { table: string; trigger: string; enabled: string }[];
  return STATISTICS_TRIGGERS.filter((x) => !rows.some((r) => r.table === x.table && r.trigger === x.trigger && r.enabled !== "D")).map((x) => `${x.table}.${x.trigger}`);
}

async function main(): Promise<number> {
  const { resolveDatabase } = await import("../app/lib/database-runtime.server");
  const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data") });
  const { closeDb, sqlClient } = await import("../app/lib/db.server");
  const { rebuildStatistics } = await import("../app/services/published-statistics.server");
  try {
    const client = sqlClient();
    const [present] = (await client`select to_regprocedure('stats_rebuild()') is not null as ok`) as unknown as [{ ok: boolean }];
    if (!present.ok) {
      console.error("stats_rebuild() does not exist in this database: run npm run db:migrate first");
      return 1;
    }
    const disabled = await disabledStatisticsTriggers(client);
    if (disabled.length) {
      console.error(`statistics triggers not enabled: ${disabled.join(", ")}; enabling them before the rebuild`);
      await setStatisticsTriggers(client, true);
      const still = await disabledStatisticsTriggers(client);
      if (still.length) {
        console.error(`still missing after enabling: ${still.join(", ")} (is migration 0008 applied?)`);
        return 1;
      }
    }
    const [before] = (await client`select count(*)::int as tips from tips`) as unknown as [{ tips: number }];
    console.error(`rebuilding the statistics of ${before.tips.toLocaleString("en")} tips …`);
    const t0 = performance.now();
    await rebuildStatistics();
    const ms = performance.now() - t0;
    const [after] = (await client`
      select (select count(*) from stats_case)::int as cases, (select count(*) from stats_rollup)::int as rollup,
             (select count(*) from stats_delta)::int as deltas`) as unknown as [{ cases: number; rollup: number; deltas: number }];
    console.log(
      `statistics rebuilt in ${(ms / 1000).toFixed(1)} s: ${after.cases.toLocaleString("en")} cases counted, ` +
        `${after.rollup.toLocaleString("en")} stats_rollup rows, ${after.deltas} pending deltas`,
    );
    return 0;
  } finally {
    await closeDb();
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
