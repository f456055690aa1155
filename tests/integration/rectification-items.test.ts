import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { AppError, errorMessageOf } from "../../app/lib/app-error";
import { acceptedCase, DEFAULT_SUMMARY, staffMember, type BuiltTip } from "../support/builders";

// Rectification items (整改清单, issue 15 part B, docs/decisions/037) on real PostgreSQL: a list
// of items verified one by one, close-out refused while one is open, the one extension of an
// item, and an item's deadline escalated exactly once as a case deadline is.

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/case-conclude.server") &
  typeof import("../../app/services/case-close.server") &
  typeof import("../../app/services/rectification-items.server") &
  typeof import("../../app/services/rectification-items-read.server") &
  typeof import("../../app/services/escalate-overdue.server") &
  typeof import("../../app/services/get-tip-for-tipster.server") &
  typeof import("../../app/services/deadline-common.server") &
  typeof import("../../app/forms/case") &
  typeof import("../../app/lib/jobs.server") &
  typeof import("../../app/jobs/index.server") &
  typeof import("../../app/services/published-statistics.server");
let m: M;

let desk106: StaffContext;
let em106: StaffContext;
let em106b: StaffContext; // a second officer of the same agency: checks item 2
let em108: StaffContext; // another district's officer: the case is a 404 to them
let today: string;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/case-conclude.server")),
    ...(await import("../../app/services/case-close.server")),
    ...(await import("../../app/services/rectification-items.server")),
    ...(await import("../../app/services/rectification-items-read.server")),
    ...(await import("../../app/services/escalate-overdue.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    ...(await import("../../app/services/deadline-common.server")),
    ...(await import("../../app/forms/case")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/services/published-statistics.server")),
  };
  [desk106, em106, em106b, em108] = await Promise.all([
    staffMember("triage_officer", "safety_committee", "330106"),
    staffMember("agency_officer", "emergency_management", "330106"),
    staffMember("agency_officer", "emergency_management", "330106", { displayName: "李核查" }),
    staffMember("agency_officer", "emergency_management", "330108"),
  ]);
  today = m.todayLocal();
});
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  await m?.closeDb();
});

const sql = () => m.sqlClient();
const photo = () =>
  sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } })
    .png()
    .toBuffer();
const evidence = async () => ({ files: [await photo()] });

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: errorMessageOf(e), field: e.field };
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}

async function caseRow(c: BuiltTip) {
  const [r] = await sql()`select state, due_on::text as due_on, overdue_since::text as overdue_since from tips where id = ${c.id}::uuid`;
  return r as { state: string; due_on: string | null; overdue_since: string | null };
}
async function ledger(c: BuiltTip): Promise<{ action: string; details: Record<string, unknown> }[]> {
  return (await sql()`select action, details from ledger_entries where chain = ${"tip:" + c.id} order by seq`) as never;
}
async function escalationEmails(c: BuiltTip) {
  return sql()`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'send_email' and j.payload->>'template' = 'case_overdue_escalation' and j.payload->'data'->>'reference' = ${c.reference}`;
}

const A = "重新安装储罐区可燃气体报警器并接入监控平台";
const B = "对装卸作业人员开展安全培训并建立培训台账";

/**
 * A case under investigation concluded with two items: A due in `dueA` days (checked by the
 * concluding officer), B in `dueB` days (checked by em106b) — counted from `concludedDaysAgo` days
 * ago, the day it was concluded.
 */
async function rectifyingCase(dueA = 10, dueB = 20, concludedDaysAgo = 0) {
  const then = m.addDays(today, -concludedDaysAgo);
  const c = await acceptedCase(desk106, em106, { investigating: true });
  const input = m.concludeSchema.parse({
    finding: "substantiated",
    rectificationOrdered: "on",
    items: [
      { action: A, responsibleRole: "principal", dueOn: m.addDays(then, dueA) },
      { action: "", responsibleRole: "", dueOn: "" }, // a blank row, as the form posts it
      { action: B, responsibleRole: "safety_manager", checkingOfficerId: em106b.staffId, dueOn: m.addDays(then, dueB) },
    ],
    publicSummaryZh: DEFAULT_SUMMARY,
  });
  const r = await m.concludeCase(em106, c.reference, input, { now: new Date(Date.now() - concludedDaysAgo * 86_400_000) });
  expect(r.state).toBe("rectifying");
  return c;
}

describe("rectification items", () => {
  it("the officer records two items; they are verified one by one; close-out is refused while one is open; the last one verifies the case", async () => {
    const c = await rectifyingCase();
    // The case's deadline is the earliest item's; the outcome's the latest.
    expect(await caseRow(c)).toMatchObject({ state: "rectifying", due_on: m.addDays(today, 10) });
    const [outcome] = await sql()`select rectification_due_on::text as d from case_outcomes where tip_id = ${c.id}::uuid`;
    expect(outcome!.d).toBe(m.addDays(today, 20));
    const staffItems = await m.rectificationItemsForStaff(m.db(), c.id);
    expect(staffItems.map((i) => [i.position, i.action, i.responsibleRole, i.checkingOfficer, i.state])).toEqual([
      [1, A, "principal", em106.displayName, "open"],
      [2, B, "safety_manager", "李核查", "open"],
    ]);

    // Close-out refused while an item is open (the case is still rectifying).
    expect(await refusal(m.closeCase(em106, c.reference))).toMatchObject({ status: 409 });
    // Verification needs evidence and a note.
    expect(await refusal(m.verifyRectificationItem(em106, c.reference, { position: 2, note: "现场复查培训记录齐全。" }))).toMatchObject({ code: "errors.verify.evidenceRequired", field: "evidence" });
    expect(await refusal(m.verifyRectificationItem(em106, c.reference, { position: 2, note: "好", evidence: await evidence() }))).toMatchObject({ code: "errors.verify.noteRequired" });
    // Another district's officer: the case does not exist for them.
    expect(await refusal(m.verifyRectificationItem(em108, c.reference, { position: 2, note: "现场复查培训记录齐全。", evidence: await evidence() }))).toMatchObject({ status: 404 });

    expect(await m.verifyRectificationItem(em106, c.reference, { position: 2, note: "现场复查培训记录齐全。", evidence: await evidence() })).toEqual({ caseVerified: false });
    expect(await caseRow(c)).toMatchObject({ state: "rectifying", due_on: m.addDays(today, 10) });
    expect(await refusal(m.closeCase(em106, c.reference))).toMatchObject({ status: 409 });
    // A verified item is not verified (or extended) again.
    expect(await refusal(m.verifyRectificationItem(em106, c.reference, { position: 2, note: "再次复查。", evidence: await evidence() }))).toMatchObject({
      status: 409,
      code: "errors.rectification.notOpen",
    });
    expect(await refusal(m.extendRectificationItem(em106, c.reference, { position: 2, dueOn: m.addDays(today, 40), reason: "设备到货延迟" }))).toMatchObject({ status: 409 });

    expect(await m.verifyRectificationItem(em106, c.reference, { position: 1, note: "报警器已重新安装并联网。", evidence: await evidence() })).toEqual({ caseVerified: true });
    expect(await caseRow(c)).toMatchObject({ state: "verified", due_on: null });
    // Item 2 was to be checked by 李核查 and was verified by em106: the page names who verified it.
    const verifiedItems = await m.rectificationItemsForStaff(m.db(), c.id);
    expect(verifiedItems.map((i) => [i.checkingOfficer, i.verification?.by])).toEqual([
      [em106.displayName, em106.displayName],
      ["李核查", em106.displayName],
    ]);
    await m.closeCase(em106, c.reference);
    expect((await caseRow(c)).state).toBe("closed");

    const actions = (await ledger(c)).map((l) => l.action).filter((a) => a.includes("rectif") || a === "case.close");
    expect(actions).toEqual([
      "case.conclude_with_rectification",
      "case.rectification_item_ordered",
      "case.rectification_item_ordered",
      "case.rectification_item_verified",
      "case.rectification_item_verified",
      "case.verify_rectification",
      "case.close",
    ]);
    // Each item's evidence is linked to it (and stored as the agency's case evidence).
    const links =
      await sql()`select i.position, count(*)::int as n from rectification_item_evidence e join rectification_items i on i.id = e.item_id where i.tip_id = ${c.id}::uuid group by i.position order by i.position`;
    expect(links).toEqual([
      { position: 1, n: 1 },
      { position: 2, n: 1 },
    ]);

    // The tipster sees what and when and the state, never who.
    const view = await m.getTipForTipster(c.id);
    expect(view!.outcome!.rectification.items).toEqual([
      { position: 1, action: A, dueOn: m.addDays(today, 10), state: "verified", verifiedOn: today },
      { position: 2, action: B, dueOn: m.addDays(today, 20), state: "verified", verifiedOn: today },
    ]);
    expect(JSON.stringify(view)).not.toContain("李核查");
    // The read function other parts use.
    expect((await m.rectificationItemsOf(m.db(), c.id)).map((i) => [i.position, i.responsibleRole, i.state])).toEqual([
      [1, "principal", "verified"],
      [2, "safety_manager", "verified"],
    ]);
  });

  it("concluding refuses a checking officer of another agency, an item without a deadline, and items without rectification", async () => {
    const c = await acceptedCase(desk106, em106, { investigating: true });
    const base = { finding: "substantiated", publicSummaryZh: DEFAULT_SUMMARY };
    const officerElsewhere = m.concludeSchema.parse({
      ...base,
      rectificationOrdered: "on",
      items: [{ action: A, responsibleRole: "principal", checkingOfficerId: em108.staffId, dueOn: m.addDays(today, 5) }],
    });
    expect(await refusal(m.concludeCase(em106, c.reference, officerElsewhere))).toMatchObject({ code: "errors.rectification.officerRequired", field: "items[0].checkingOfficerId" });
    const noDue = m.concludeSchema.safeParse({ ...base, rectificationOrdered: "on", items: [{ action: A, responsibleRole: "principal" }] });
    expect(noDue.success).toBe(false);
    expect(noDue.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["items.0.dueOn", "errors.rectification.dueRequired"]]);
    const notOrdered = m.concludeSchema.parse({ ...base, items: [{ action: A, responsibleRole: "principal", dueOn: m.addDays(today, 5) }] });
    expect(await refusal(m.concludeCase(em106, c.reference, notOrdered))).toMatchObject({ code: "errors.rectification.itemsWithoutRectification" });
    expect((await caseRow(c)).state).toBe("investigating");
  });

  it("an item is extended once, with a reason and a later deadline; the case's deadline follows", async () => {
    const c = await rectifyingCase(10, 20);
    expect(await refusal(m.extendRectificationItem(em106, c.reference, { position: 1, dueOn: m.addDays(today, 8), reason: "设备到货延迟" }))).toMatchObject({
      code: "errors.rectification.extendLater",
      field: "dueOn",
    });
    await m.extendRectificationItem(em106, c.reference, { position: 1, dueOn: m.addDays(today, 25), reason: "设备到货延迟" });
    expect(await caseRow(c)).toMatchObject({ due_on: m.addDays(today, 20) });
    expect(await refusal(m.extendRectificationItem(em106, c.reference, { position: 1, dueOn: m.addDays(today, 40), reason: "再次延期" }))).toMatchObject({
      status: 409,
      code: "errors.rectification.extendedOnce",
    });
    const [item] = await m.rectificationItemsForStaff(m.db(), c.id);
    expect(item).toMatchObject({ state: "extended", firstDueOn: m.addDays(today, 10), dueOn: m.addDays(today, 25), extension: { dueOn: m.addDays(today, 25), reason: "设备到货延迟" } });
    // The tipster sees the new deadline and that it was extended — not the reason's author, the role or the officer.
    const view = await m.getTipForTipster(c.id);
    expect(view!.outcome!.rectification.items).toEqual([
      { position: 1, action: A, dueOn: m.addDays(today, 25), state: "extended", verifiedOn: null },
      { position: 2, action: B, dueOn: m.addDays(today, 20), state: "open", verifiedOn: null },
    ]);
    expect(JSON.stringify(view!.outcome)).not.toMatch(/principal|safety_manager|李核查/);
    const entry = (await ledger(c)).find((l) => l.action === "case.rectification_item_extended");
    expect(entry!.details).toMatchObject({ position: 1, dueOn: m.addDays(today, 10), newDueOn: m.addDays(today, 25), reason: "设备到货延迟" });
    // An extended item is still verified as any other.
    await m.verifyRectificationItem(em106, c.reference, { position: 1, note: "报警器已重新安装并联网。", evidence: await evidence() });
    expect((await m.rectificationItemsOf(m.db(), c.id))[0]).toMatchObject({ state: "verified", dueOn: m.addDays(today, 25) });
  });

  it("an item past its deadline marks the case overdue and is escalated exactly once when two runs race; the next item's deadline is a new period", async () => {
    const c = await rectifyingCase(3, 30);
    const later = new Date(Date.now() + 5 * 86_400_000);
    const [a, b] = await Promise.all([m.escalateOverdue({ now: later }), m.escalateOverdue({ now: later })]);
    expect(a.escalated + b.escalated).toBeGreaterThanOrEqual(1);
    const entries = () => ledger(c).then((l) => l.filter((e) => e.action === "case.overdue_escalated"));
    expect(await entries()).toHaveLength(1);
    expect((await entries())[0]!.details).toMatchObject({ dueOn: m.addDays(today, 3), state: "rectifying" });
    expect(await escalationEmails(c)).toHaveLength(1);
    expect((await caseRow(c)).overdue_since).toBe(m.todayLocal(later));
    // Again, and again in parallel: nothing more.
    await Promise.all([m.escalateOverdue({ now: later }), m.escalateOverdue({ now: later })]);
    expect(await entries()).toHaveLength(1);
    expect(await escalationEmails(c)).toHaveLength(1);

    // The overdue item verified: the case's deadline is item 2's; not overdue until it passes, then once more.
    await m.verifyRectificationItem(em106, c.reference, { position: 1, note: "报警器已重新安装并联网。", evidence: await evidence(), now: later });
    expect(await caseRow(c)).toMatchObject({ state: "rectifying", due_on: m.addDays(today, 30) });
    await m.escalateOverdue({ now: later });
    expect(await entries()).toHaveLength(1);
    const muchLater = new Date(Date.now() + 31 * 86_400_000);
    await Promise.all([m.escalateOverdue({ now: muchLater }), m.escalateOverdue({ now: muchLater })]);
    expect(await entries()).toHaveLength(2);
    expect(await escalationEmails(c)).toHaveLength(2);
  });

  it("two graphile-worker instances running the escalation job at once escalate an overdue item once: one ledger entry, one email", async () => {
    // Concluded 10 days ago with item A due 3 days after: 7 days overdue now; item B not yet due.
    const c = await rectifyingCase(3, 30, 10);
    expect(await caseRow(c)).toMatchObject({ state: "rectifying", due_on: m.addDays(today, -7), overdue_since: null });
    await m.runTaskNow(m.db(), "escalate_overdue");
    await m.runTaskNow(m.db(), "escalate_overdue", { jobKey: null });
    const opts = { connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 2, pollInterval: 100, cron: false, tasks: [...m.SCHEDULED_TASKS] };
    stops.push(await m.startWorker(opts), await m.startWorker(opts));
    const until = Date.now() + 15_000;
    for (;;) {
      const [r] = await sql()`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'escalate_overdue'`;
      if (r!.n === 0) break;
      if (Date.now() > until) throw new Error("timed out waiting for the escalation jobs");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const entries = (await ledger(c)).filter((e) => e.action === "case.overdue_escalated");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ dueOn: m.addDays(today, -7), overdueSince: today, state: "rectifying" });
    const emails = await escalationEmails(c);
    expect(emails).toHaveLength(1);
    expect((emails[0]!.payload as { data: Record<string, unknown> }).data).toMatchObject({ stage: "rectify", daysOverdue: 7 });
    expect((await caseRow(c)).overdue_since).toBe(today);
  });

  it("the statistics count the items ordered, verified and overdue now, as the cases are counted, and a rebuild agrees", async () => {
    // The country's figures over every month, rollups and pending deltas together (what the readers add up).
    const totals = async () => {
      const [r] = await sql()`
        select coalesce(sum(rectification_items), 0)::int as ordered, coalesce(sum(rectification_items_verified), 0)::int as verified, coalesce(sum(rectification_items_overdue), 0)::int as overdue
        from (select rectification_items, rectification_items_verified, rectification_items_overdue from stats_rollup where scope = '000000' and dim = 'all'
              union all select rectification_items, rectification_items_verified, rectification_items_overdue from stats_pending where scope = '000000' and dim = 'all') u`;
      return r as { ordered: number; verified: number; overdue: number };
    };
    const t0 = await totals();
    const c = await rectifyingCase(3, 30, 10); // item 1 due 7 days ago, item 2 in 20 days
    expect(await totals()).toEqual({ ordered: t0.ordered + 2, verified: t0.verified, overdue: t0.overdue });
    await m.escalateOverdue();
    expect(await totals()).toEqual({ ordered: t0.ordered + 2, verified: t0.verified, overdue: t0.overdue + 1 });
    await m.verifyRectificationItem(em106, c.reference, { position: 1, note: "报警器已重新安装并联网。", evidence: await evidence() });
    // The case's deadline is now item 2's: the case is not overdue now, nor is any of its items.
    expect(await totals()).toEqual({ ordered: t0.ordered + 2, verified: t0.verified + 1, overdue: t0.overdue });
    const incremental = await totals();
    await m.rebuildStatistics();
    expect(await totals()).toEqual(incremental);
    // On /stats the counts are suppressed as every figure: 1–4 shows as "<5".
    const page = (await m.publishedStatistics({ place: "000000", window: 0, fresh: true }))!;
    const shown = page.headline.listed.rectificationItems;
    if (incremental.ordered < 5) expect(shown.kind).toBe("suppressed");
    else expect(shown).toMatchObject({ value: incremental.ordered });
  });
});
