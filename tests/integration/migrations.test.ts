import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../app/lib/database-runtime.server";
import { declaredNames, definitions, differences, functionFiles, pendingChanges, shortName } from "../../db/functions/catalog";

// The first committed text of 0008 (70a44e5), before three later commits edited it in place: a
// database that ran it keeps its definitions, as drizzle's migrator never runs a migration twice.
const FIRST_0008 = path.resolve(import.meta.dirname, "../fixtures/migrations/0008_statistics_maintenance.first.sql");

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A copy of db/migrations with the first 0008, optionally cut after `lastTag`. */
function historicalFolder(lastTag?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-old-migrations-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  fs.copyFileSync(FIRST_0008, path.join(dir, "0008_statistics_maintenance.sql"));
  if (lastTag) {
    const journalFile = path.join(dir, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    const cut = journal.entries.findIndex((e) => e.tag === lastTag);
    journal.entries = journal.entries.slice(0, cut + 1);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
  }
  return dir;
}

/** A new database on the test server, migrated from `folder`; its client is closed and it is dropped after the file. */
async function migratedDatabase(folder: string): Promise<postgres.Sql> {
  const base = process.env.DATABASE_URL!;
  const name = `canary_mig_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  const u = new URL(base);
  u.pathname = "/" + name;
  const sql = postgres(u.toString(), { max: 1, onnotice: () => {} });
  cleanups.push(() => sql.end());
  await migrate(drizzle(sql), { migrationsFolder: folder });
  return sql;
}

let fresh: postgres.Sql;
let freshDefinitions: Map<string, string>;
beforeAll(async () => {
  fresh = await migratedDatabase(MIGRATIONS_FOLDER);
  freshDefinitions = await definitions(fresh);
});

describe("a database that ran the first committed text of 0008", () => {
  it("has, after every later migration, exactly the function, trigger and view definitions of a fresh database", async () => {
    const old = await migratedDatabase(historicalFolder());
    expect(differences(await definitions(old), freshDefinitions)).toEqual([]);
  });

  it("would keep the old stats_rebuild without 0019 (the fixture is the text 0019 repairs)", async () => {
    // Compared with a database just after 0019: later migrations (0027: the rectification items' statistics) change definitions again.
    const [old, at0019] = await Promise.all([migratedDatabase(historicalFolder("0018_national_level")), migratedDatabase(historicalFolder("0019_functions_current"))]);
    expect(differences(await definitions(old), await definitions(at0019))).toEqual(["function stats_rebuild()"]);
  });
});

describe("db/functions", () => {
  it("changes nothing when applied to a freshly migrated database (the files are what is deployed)", async () => {
    const pending = await pendingChanges(fresh);
    expect(pending.map((p) => `${p.file.name}: ${p.changed.join(", ")}`), "run `npm run db:functions` to ship the change as a new migration").toEqual([]);
  });

  it("holds every function, trigger and view of the database, and nothing else", () => {
    const declared = new Set(functionFiles().flatMap((f) => declaredNames(f.sql)));
    // place_paths is a materialized view, which cannot be replaced in place: db/schema shows it (existing()).
    const deployed = new Set([...freshDefinitions.keys()].filter((k) => !k.startsWith("materialized view ")).map(shortName));
    expect([...deployed].filter((n) => !declared.has(n)).sort(), "in the database, in no file of db/functions").toEqual([]);
    expect([...declared].filter((n) => !deployed.has(n)).sort(), "in db/functions, not in the database").toEqual([]);
  });

  it("re-applied by 0019 on a database just after 0019, which is idempotent", async () => {
    // Not on a fresh database: since 0027 the view has columns 0019's text does not (a view's columns cannot be dropped).
    const at0019 = await migratedDatabase(historicalFolder("0019_functions_current"));
    const before = await definitions(at0019);
    const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, "0019_functions_current.sql"), "utf8");
    await at0019.begin(async (tx) => {
      for (const s of text.split("--> statement-breakpoint")) await tx.unsafe(s);
    });
    expect(differences(await definitions(at0019), before)).toEqual([]);
  });
});
