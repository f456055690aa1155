import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";

// This file corrupts the ledger on purpose, so it runs against a database of its own.
// DATABASE_URL is switched before any app module is imported (vitest isolates modules per file).

type M = {
  db: typeof import("../../app/lib/db.server").db;
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  verifyLedger: typeof import("../../app/lib/ledger.server").verifyLedger;
  anchorLedger: typeof import("../../app/lib/ledger.server").anchorLedger;
  anchorLedgerDaily: typeof import("../../app/lib/ledger.server").anchorLedgerDaily;
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
  postTipMessage: typeof import("../../app/services/post-tip-message.server").postTipMessage;
};
let m: M;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const sharedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/ledger.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/post-tip-message.server")),
  };
  const { seedReference } = await import("../../db/seed/index");
  await seedReference(m.db());
});

afterAll(async () => {
  await m?.closeDb();
  await database?.drop();
  process.env.DATABASE_URL = sharedUrl;
});

async function fileOne() {
  const filed = await m.fileTip({
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: "pollution",
      placeCode: "330106",
      content: { description: "夜间向河道偷排未经处理的废水，气味刺鼻。" },
      majorHazard: false,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  const [row] = await m.sqlClient()`select id from tips where reference = ${filed.reference}`;
  return { ...filed, tipId: row!.id as string, chain: `tip:${row!.id as string}` };
}

/** Runs raw SQL against ledger_entries with its append-only trigger off (as a superuser could). */
async function withTriggerDisabled(fn: (sql: ReturnType<M["sqlClient"]>) => Promise<unknown>) {
  await m.sqlClient().begin(async (tx) => {
    await tx.unsafe("alter table ledger_entries disable trigger ledger_entries_append_only");
    await fn(tx as unknown as ReturnType<M["sqlClient"]>);
    await tx.unsafe("alter table ledger_entries enable trigger ledger_entries_append_only");
  });
}

describe("the ledger (台账)", () => {
  let tips: Awaited<ReturnType<typeof fileOne>>[] = [];
  let staffId: string;

  it("is intact after tips and messages are filed", async () => {
    tips = [await fileOne(), await fileOne(), await fileOne()];
    const [staff] = await m.sqlClient()`
      insert into staff_accounts (email, display_name, role) values ('desk@canary.invalid', 'Desk', 'triage_officer') returning id`;
    staffId = staff!.id as string;
    await m.postTipMessage({ tipId: tips[0]!.tipId, author: { type: "staff", staffId }, body: "请补充排污口的位置。" });
    await m.postTipMessage({ tipId: tips[0]!.tipId, author: { type: "tipster" }, body: "在桥下第二个涵洞。" });

    const result = await m.verifyLedger(m.db());
    expect(result.problem).toBeNull();
    expect(result.entries).toBe(5);
    expect(result.chains).toBe(3);
    expect(result.anchors).toBe(0);
  });

  it("anchoring writes the heads that moved, and only those", async () => {
    // Chains a tipster's entry moved wait for the daily anchor (docs/decisions/015): the
    // short-interval one leaves them, the next day's daily anchor covers them.
    expect(await m.anchorLedger(m.db())).toBe(0);
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await m.anchorLedgerDaily(m.db(), { now: tomorrow })).toBe(3);
    expect(await m.anchorLedgerDaily(m.db(), { now: tomorrow })).toBe(0);

    await m.postTipMessage({ tipId: tips[1]!.tipId, author: { type: "staff", staffId }, body: "已转交区应急管理局。" });
    expect(await m.anchorLedger(m.db())).toBe(1);
    expect(await m.anchorLedger(m.db())).toBe(0);

    const result = await m.verifyLedger(m.db());
    expect(result.problem).toBeNull();
    expect(result.anchors).toBe(2);

    // The anchors themselves are append-only too.
    await expect(m.sqlClient()`delete from ledger_anchor_heads`).rejects.toThrow(/append-only/);
    await expect(m.sqlClient()`update ledger_anchors set head_count = head_count + 1`).rejects.toThrow(/append-only/);
  });

  it("refuses plain UPDATE and DELETE: the ledger is append-only", async () => {
    const chain = tips[0]!.chain;
    await expect(m.sqlClient()`update ledger_entries set details = '{"edited":true}'::jsonb where chain = ${chain}`).rejects.toThrow(/append-only/);
    await expect(m.sqlClient()`delete from ledger_entries where chain = ${chain}`).rejects.toThrow(/append-only/);
    const [row] = await m.sqlClient()`select count(*)::int as n from ledger_entries where chain = ${chain}`;
    expect(row!.n).toBe(3);
    expect((await m.verifyLedger(m.db())).problem).toBeNull();
  });

  it("finds an entry edited in place (trigger disabled), naming its chain and seq", async () => {
    const chain = tips[0]!.chain;
    const [original] = await m.sqlClient()`select id, details from ledger_entries where chain = ${chain} and seq = 2`;
    expect(original).toBeDefined();

    await withTriggerDisabled((sql) => sql`update ledger_entries set details = details || '{"attachments": 9}'::jsonb where chain = ${chain} and seq = 2`);
    const tampered = await m.verifyLedger(m.db());
    expect(tampered.problem).toEqual({ kind: "entry_mismatch", chain, seq: 2, id: Number(original!.id) });

    // Putting the original back makes it verify again (the check is about content, not the edit).
    await withTriggerDisabled((sql) => sql`update ledger_entries set details = ${JSON.stringify(original!.details)}::text::jsonb where chain = ${chain} and seq = 2`);
    expect((await m.verifyLedger(m.db())).problem).toBeNull();
  });

  it("finds a whole case's chain deleted after it was anchored", async () => {
    const victim = tips[2]!;
    await withTriggerDisabled(async (sql) => {
      await sql`delete from ledger_entries where chain = ${victim.chain}`;
      await sql`delete from ledger_chain_heads where chain = ${victim.chain}`;
    });
    const [left] = await m.sqlClient()`select count(*)::int as n from ledger_entries where chain = ${victim.chain}`;
    expect(left!.n).toBe(0);

    const result = await m.verifyLedger(m.db());
    expect(result.problem).toMatchObject({ kind: "anchored_head_missing", chain: victim.chain, seq: 1 });
    expect(result.chains).toBe(2);
  });
});
