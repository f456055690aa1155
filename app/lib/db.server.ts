import type { SQLWrapper } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "../../db/schema/index";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

let client: postgres.Sql | undefined;
let database: Database | undefined;

/**
 * The one database handle of the process. `DATABASE_URL` is set by the launcher
 * (scripts/server.ts, the test setup) before the first query, pointing either at the
 * configured server or at the embedded one it started.
 */
export function db(): Database {
  if (database) return database;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start through scripts/server.ts or the test setup");
  client = postgres(url, {
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    onnotice: () => {},
    connection: { application_name: "canary" },
  });
  database = drizzle(client, { schema });
  return database;
}

export function sqlClient(): postgres.Sql {
  db();
  return client!;
}

export async function closeDb() {
  const c = client;
  client = undefined;
  database = undefined;
  await c?.end({ timeout: 5 });
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
