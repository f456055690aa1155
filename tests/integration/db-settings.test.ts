/**
 * The portal's own connections run without PostgreSQL's JIT: at a million tips the planner's guess
 * for the replies-waiting predicate (a column compared with a column) priced a 5 ms count high
 * enough to compile it first, 225 ms on every staff home page (README, "Triage at a million tips").
 */
import { afterAll, beforeAll, expect, it } from "vitest";

let m: typeof import("../../app/lib/db.server");
beforeAll(async () => {
  m = await import("../../app/lib/db.server");
});
afterAll(async () => {
  await m?.closeDb();
});

it("every connection of the pool has JIT off (the job worker's pool is its own)", async () => {
  const rows = await Promise.all([1, 2, 3].map(() => m.sqlClient()`select current_setting('jit') as jit, current_setting('application_name') as app`));
  for (const [row] of rows) expect(row).toEqual({ jit: "off", app: "canary" });
});
