import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema/index";

// Every closed-set column (a drizzle `enum` built from an app/domain list) has a CHECK
// constraint in the database (migrations 0013 and 0020), and it takes exactly the domain's list:
// each value is accepted, a value outside the set is refused. The table is read from the schema
// itself, so a new closed-set column without a constraint fails here.

let m: typeof import("../../app/lib/db.server");

beforeAll(async () => {
  m = await import("../../app/lib/db.server");
});
afterAll(async () => m?.closeDb());

const closedSetColumns = Object.values(schema as Record<string, unknown>)
  .filter((t): t is PgTable => is(t, PgTable))
  .flatMap((t) => {
    const config = getTableConfig(t);
    return config.columns
      .filter((c) => c.enumValues && c.enumValues.length > 0)
      .map((c) => ({
        table: config.name,
        column: c.name,
        values: c.enumValues as string[],
      }));
  });

describe("closed-set CHECK constraints", () => {
  it("the schema has the closed-set columns this test expects (tips.state first)", () => {
    const names = closedSetColumns.map((c) => `${c.table}.${c.column}`);
    expect(names).toContain("tips.state");
    expect(names).toContain("tips.rejection_reason");
    expect(names).toContain("places.level");
    expect(names).toContain("stats_rollup.dim");
    expect(closedSetColumns.length).toBeGreaterThanOrEqual(22);
  });

  it.each(closedSetColumns.map((c) => [`${c.table}.${c.column}`, c] as const))("%s takes its domain list and refuses anything else", async (_, { table, column, values }) => {
    const sql = m.sqlClient();
    const constraint = `${table}_${column}_ck`;
    const [found] = await sql<{ n: number }[]>`select count(*)::int as n from pg_constraint where conrelid = ${table}::regclass and contype = 'c' and conname = ${constraint}`;
    expect(found!.n, constraint).toBe(1);
    // A copy of the table with this one CHECK constraint and no NOT NULLs, defaults, keys,
    // triggers or other constraints: one column can be written alone without touching the real table.
    const refused = await sql.begin(async (tx) => {
      await tx.unsafe(`create temp table probe (like "${table}" including constraints) on commit drop`);
      const required = await tx<{ name: string }[]>`select attname as name from pg_attribute where attrelid = 'probe'::regclass and attnum > 0 and not attisdropped and attnotnull`;
      for (const r of required) await tx.unsafe(`alter table probe alter column "${r.name}" drop not null`);
      const others = await tx<{ name: string }[]>`select conname as name from pg_constraint where conrelid = 'probe'::regclass and contype = 'c' and conname <> ${constraint}`;
      for (const o of others) await tx.unsafe(`alter table probe drop constraint "${o.name}"`);
      for (const v of values) await tx.unsafe(`insert into probe ("${column}") values ($1)`, [v]);
      return tx
        .savepoint((sp) => sp.unsafe(`insert into probe ("${column}") values ($1)`, ["not_in_the_set"]))
        .then(
          () => null,
          (e: { code?: string; constraint_name?: string }) => e
        );
    });
    expect(refused, `${table}.${column} accepted a value outside its set`).not.toBeNull();
    expect(refused).toMatchObject({
      code: "23514",
      constraint_name: constraint,
    });
  });
});
