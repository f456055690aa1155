import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { MIGRATIONS_FOLDER } from "../../app/lib/database-runtime.server";

/**
 * A database of its own for the test of a data migration: migrated with db/migrations cut just
 * before the migration whose tag ends in `_<name>` (whatever its number after a merge), so the
 * test can give it the data that migration meets; `migrateOn()` then runs it and the rest.
 */
export async function databaseBeforeMigration(name: string, prefix: string): Promise<{ sql: postgres.Sql; migrateOn: () => Promise<void>; close: () => Promise<void> }> {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-migrations-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(`_${name}`));
  if (at <= 0) throw new Error(`no migration named ${name} after the first in ${MIGRATIONS_FOLDER}`);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));

  const base = process.env.DATABASE_URL!;
  const database = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${database}"`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.end();
  });
  const u = new URL(base);
  u.pathname = "/" + database;
  const sql = postgres(u.toString(), { max: 1, onnotice: () => {} });
  cleanups.push(() => sql.end());
  await migrate(drizzle(sql), { migrationsFolder: dir });
  return { sql, migrateOn: () => migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER }), close };
}
