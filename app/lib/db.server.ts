import type { SQLWrapper } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "../../db/schema/index";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

let client: postgres.Sql | undefined;
let database: Database | undefined;
let readClient: postgres.Sql | undefined;

const clientOptions = (): postgres.Options<Record<string, postgres.PostgresType>> => ({
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  onnotice: () => {},
  // No JIT: the portal's queries are short, and the planner's guess for a column compared with a
  // column (the replies-waiting predicate) priced a 5 ms count at a million tips high enough to
  // compile it first — 225 ms of JIT on every staff home page (npm run bench:triage).
  connection: { application_name: "canary", jit: "off" },
});

/**
 * The one database handle of the process. `DATABASE_URL` is set by the launcher
 * (scripts/server.ts, the test setup) before the first query, pointing either at the
 * configured server or at the embedded one it started.
 */
export function db(): Database {
  if (database) return database;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start through scripts/server.ts or the test setup");
  client = postgres(url, clientOptions());
  database = drizzle(client, { schema });
  return database;
}

export function sqlClient(): postgres.Sql {
  db();
  return client!;
}

/**
 * The client of the reads a read replica may answer: the published statistics releases (ADR 041),
 * which never change once published, so a replica that lags shows the previous release a little
 * longer and nothing else. `DATABASE_READ_URL` when set, else the one database of `db()`.
 */
export function readSqlClient(): postgres.Sql {
  const url = process.env.DATABASE_READ_URL;
  if (!url) return sqlClient();
  readClient ??= postgres(url, clientOptions());
  return readClient;
}

export async function closeDb() {
  const c = client;
  const r = readClient;
  client = undefined;
  database = undefined;
  readClient = undefined;
  await Promise.all([c?.end({ timeout: 5 }), r?.end({ timeout: 5 })]);
}

/**
 * The rows of a raw SQL statement, typed by its column aliases (`select x as "name"`): the
 * caller vouches for T, since SQL text is not checked against it.
 */
export async function queryRows<T extends Record<string, unknown>>(executor: Executor, statement: SQLWrapper): Promise<T[]> {
  const rows = await executor.execute<T>(statement);
  // drizzle types the rows as Assume<T, Row>, a conditional type that stays unresolved for a generic T.
  return rows as unknown as T[];
}
