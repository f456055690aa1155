/**
 * `npm run db:seed`: migrates and seeds the demo data that is missing (reference data; the
 * directory: the national level, the 31 provinces, Zhejiang's whole tree; the demo tip; one staff
 * account per role and the national desk's; the statistics sample) — what `npm run demo` does
 * before it serves. Every step is idempotent and is run again after a lost database
 * connection (a PostgreSQL restart while seeding), with backoff, for up to 60 s of outage.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { withConnectionRetry } from "../app/lib/connection-retry.server";
import type { DemoLogins } from "../db/seed/demo";
import type { DemoStaffLogin } from "../db/seed/demo-staff";

/** Tips of the last three years for the statistics pages, loaded once (the same generator as the 1M benchmark). */
export const STATISTICS_SAMPLE = 6000;

export type SeededDemo = { logins: DemoLogins; staff: DemoStaffLogin[]; sampleLoaded: number | null };

const retry = <T>(step: string, fn: () => Promise<T>) =>
  withConnectionRetry(step, fn, {
    onRetry: ({ attempt, delayMs, error }) =>
      console.error(`seeding (${step}): the database connection was lost (${(error as { code?: string }).code ?? String(error)}); attempt ${attempt + 1} in ${delayMs} ms`),
  });

/** Seeds what is missing; DATABASE_URL must point at a migrated database. */
export async function seedDemoData(log: (m: string) => void = () => {}): Promise<SeededDemo> {
  const { seedDemo } = await import("../db/seed/demo");
  const { seedDemoStaff } = await import("../db/seed/demo-staff");
  const { db, sqlClient } = await import("../app/lib/db.server");
  const { seedMillion } = await import("./seed-million");
  log("seeding: reference data, the directory (national, provinces, Zhejiang) and the demo tip");
  const logins = await retry("reference data, directory, demo tip", () => seedDemo());
  log("seeding: demo staff");
  const staff = await retry("demo staff", () => seedDemoStaff());
  log("seeding: statistics sample");
  // Counted again on each attempt: a batch committed before the connection was lost stays.
  const sampleLoaded = await retry("statistics sample", async () => {
    const [{ n }] = (await sqlClient()<{ n: number }[]>`select count(*)::int as n from tips`) as unknown as [{ n: number }];
    if (n >= STATISTICS_SAMPLE) return null;
    const loaded = await seedMillion(db(), { count: STATISTICS_SAMPLE - n, vacuum: false });
    return loaded.count;
  });
  log("seeding: done");
  return { logins, staff, sampleLoaded };
}

async function main(): Promise<number> {
  const { resolveDatabase, runMigrations } = await import("../app/lib/database-runtime.server");
  const { installJobSchema } = await import("../app/lib/jobs.server");
  const { ensureDevMasterKey } = await import("../app/lib/crypto.server");
  const { demoMode } = await import("../app/lib/env.server");
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  if (!process.env.CANARY_MASTER_KEY) {
    if (process.env.NODE_ENV === "production" && !demoMode()) throw new Error("CANARY_MASTER_KEY is required in production");
    process.env.CANARY_MASTER_KEY = ensureDevMasterKey(dataDir);
  }
  const database = await resolveDatabase({ dataDir, quiet: true });
  const { closeDb } = await import("../app/lib/db.server");
  try {
    await retry("migrations", async () => {
      await runMigrations(database.url);
      await installJobSchema(database.url);
    });
    const seeded = await seedDemoData((m) => console.error(m));
    console.log(
      `Seeded: demo tip ${seeded.logins.tipster.reference}, ${seeded.logins.directory.national} national, ${seeded.logins.directory.provincial} provincial and ${seeded.logins.agencies} Zhejiang agencies, ${seeded.staff.length} staff accounts, ` +
        (seeded.sampleLoaded === null ? "statistics sample already loaded" : `${seeded.sampleLoaded} sample tips loaded`),
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
