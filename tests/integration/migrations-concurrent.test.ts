import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";

// Two servers started together on one empty database each migrate at start: they take turns
// (an advisory lock), so both come up. Without the lock the second failed with a duplicate key
// on CREATE SEQUENCE tip_reference_seq (found by the two-server test, issue 16).

const admin = inject("adminUrl");
const name = `canary_migrate_together_${process.pid}_${randomBytes(4).toString("hex")}`;
const urlOf = (db: string) => {
  const u = new URL(admin);
  u.pathname = "/" + db;
  return u.toString();
};

afterAll(async () => {
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`drop database if exists "${name}" with (force)`);
  await a.end();
});

describe("migrations run by several processes at once", () => {
  it("apply once, and every process finds the database migrated", async () => {
    const a = postgres(admin, { max: 1, onnotice: () => {} });
    await a.unsafe(`create database "${name}"`);
    await a.end();
    const { runMigrations } = await import("../../app/lib/database-runtime.server");
    const url = urlOf(name);
    const results = await Promise.allSettled([runMigrations(url), runMigrations(url), runMigrations(url)]);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok", "ok"]);
    const c = postgres(url, { max: 1, onnotice: () => {} });
    const [{ n }] = (await c<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`) as unknown as [{ n: number }];
    const [{ seq }] = (await c<{ seq: number }[]>`select count(*)::int as seq from pg_class where relname = 'tip_reference_seq'`) as unknown as [{ seq: number }];
    await c.end();
    const journal = (await import("../../db/migrations/meta/_journal.json", { with: { type: "json" } })).default as { entries: unknown[] };
    expect(n).toBe(journal.entries.length);
    expect(seq).toBe(1);
  }, 180_000);
});
