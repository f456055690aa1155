/**
 * The triage queue of issue 13 on real PostgreSQL: urgency order (major hazards, concealed
 * accidents and deaths first, then deadline, date filed, reference) with keyset pages across the
 * urgency boundary; snippets; claims ("我来处理") and the confirmation a decision on someone else's
 * claim asks for; the stale-decision message that names what changed and by whom; and the next
 * tip "decide and open the next" opens (not claimed by someone else, never an implicated one).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../app/lib/app-error";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { compareByUrgency, queueKeyOf } from "../../app/domain/triage-urgency";
import { translator } from "../../app/i18n/catalogues.server";
import { filedTip, signedInStaff, staffMember } from "../support/builders";
import { replyErrors, replyValues, settle } from "../support/replies";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/triage-queue.server") &
  typeof import("../../app/services/triage-claim.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/triage-reject.server") &
  typeof import("../../app/services/case-record.server") & {
    triagePage: typeof import("../../app/routes/staff.triage.$reference");
  };
let m: M;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/triage-queue.server")),
    ...(await import("../../app/services/triage-claim.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/triage-reject.server")),
    ...(await import("../../app/services/case-record.server")),
    triagePage: await import("../../app/routes/staff.triage.$reference"),
  };
});
afterAll(async () => {
  await m?.closeDb();
});

const ORIGIN = "http://canary.test";
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
const DAY_MS = 86_400_000;
let n = 0;

type Flags = { majorHazard?: boolean; concealedAccident?: boolean; deaths?: number; implicatedLevel?: "county" | "city" | "province" };
async function tip(placeCode: string, o: Flags & { daysAgo?: number; description?: string } = {}) {
  const k = ++n;
  const { daysAgo, description, ...flags } = o;
  return filedTip({
    tip: {
      placeCode,
      companyName: `排序测试${RUN}第${k}号公司`,
      content: { description: description ?? `QUEUE-${RUN}-${k} 仓库消防通道被货物堵死，消防栓被锁。`, address: "园区北门" },
      majorHazard: flags.majorHazard ?? false,
      concealedAccident: flags.concealedAccident ?? false,
      deaths: flags.deaths,
      officialsImplicated: Boolean(flags.implicatedLevel),
      implicatedLevel: flags.implicatedLevel,
    },
    captcha: "verified",
    now: daysAgo ? new Date(Date.now() - daysAgo * DAY_MS) : undefined,
  });
}

const route = (staff: { cookie: string; csrf: string }, reference: string, fields: Record<string, string>) =>
  settle(() =>
    m.triagePage.action({
      request: new Request(`${ORIGIN}/staff/triage/${reference}`, { method: "POST", body: new URLSearchParams({ csrf: staff.csrf, ...fields }), headers: { cookie: staff.cookie } }),
      params: { reference },
      context: CONTEXT,
    }),
  );

async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}

const HHMM = /^\d{2}:\d{2}$/;

describe("the queue in urgency order", () => {
  it("urgent tips (major hazard, concealed accident, deaths) first whatever their age, then by deadline (none last), date filed, reference; pages across the boundary with no gap or overlap", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330122");
    // 40 older routine tips, some overdue, and 12 urgent ones filed today or recently.
    const routine = await Promise.all(Array.from({ length: 40 }, (_, i) => tip("330122", { daysAgo: 1 + (i % 9) })));
    const urgent = await Promise.all([
      ...Array.from({ length: 5 }, () => tip("330122", { majorHazard: true })),
      ...Array.from({ length: 4 }, (_, i) => tip("330122", { concealedAccident: true, deaths: i === 0 ? 3 : undefined, daysAgo: i })),
      ...Array.from({ length: 3 }, (_, i) => tip("330122", { majorHazard: true, daysAgo: 2 + i })),
    ]);
    const mine = new Set([...routine, ...urgent].map((t) => t.reference));
    // Deadlines of every kind, some none (a deadline set by hand: the rule must not care how).
    const sql = m.sqlClient();
    await sql`update tips set due_on = case when reference_seq % 7 = 0 then null else current_date + (reference_seq % 11)::int - 5 end
              where place_code = '330122' and reference = any(${[...mine]})`;

    const page1 = await m.listTriageQueue(desk, { place: "330122" });
    expect(page1.rows).toHaveLength(50);
    expect(page1.next).not.toBeNull();
    // The 12 urgent ones open the first page: the officer sees them without scrolling past the overdue rows.
    expect(new Set(page1.rows.slice(0, 12).map((r) => r.reference))).toEqual(new Set(urgent.map((t) => t.reference)));
    const page2 = await m.listTriageQueue(desk, { place: "330122", after: page1.next! });
    expect(page2.rows).toHaveLength(2);
    expect(page2.next).toBeNull();

    const seen = [...page1.rows, ...page2.rows];
    expect(new Set(seen.map((r) => r.reference))).toEqual(mine);
    expect(seen).toHaveLength(52);
    const keys = seen.map((r) => queueKeyOf({ ...r, majorHazard: r.flags.majorHazard, concealedAccident: r.flags.concealedAccident }));
    expect([...keys].sort(compareByUrgency)).toEqual(keys);
    // Within each urgency, a tip without a deadline comes after every tip with one.
    const lastDated = keys.findLastIndex((k) => k.urgency === 1 && k.dueOn !== null);
    expect(keys.findIndex((k) => k.urgency === 1 && k.dueOn === null)).toBeGreaterThan(lastDated);


    // Oldest first is still a choice, and pages too.
    const oldest = await m.listTriageQueue(desk, { place: "330122", sort: "oldest" });
    const oldestKeys = oldest.rows.map((r) => `${r.submittedOn}_${String(r.referenceSeq).padStart(14, "0")}`);
    expect([...oldestKeys].sort()).toEqual(oldestKeys);
    expect(oldest.rows[0]!.flags.majorHazard || oldest.rows[0]!.flags.concealedAccident).toBe(false);
    const oldest2 = await m.listTriageQueue(desk, { place: "330122", sort: "oldest", after: oldest.next! });
    expect(new Set([...oldest.rows, ...oldest2.rows].map((r) => r.reference))).toEqual(mine);
  });

  it("each row carries the first 120 characters of the description, decrypted", async () => {
    const desk = await staffMember("triage_officer", "safety_committee", "330182");
    const long = `SNIPPET-${RUN} ` + "厂区东侧危化品仓库违规存放大量液氯钢瓶，".repeat(12);
    const short = `SHORT-${RUN} 配电房漏水。`;
    await tip("330182", { description: long });
    await tip("330182", { description: short });
    const rows = (await m.listTriageQueue(desk, { place: "330182" })).rows;
    const longRow = rows.find((r) => r.snippet.startsWith(`SNIPPET-${RUN}`))!;
    expect(longRow.snippet).toBe(long.slice(0, 120) + "…");
    expect(rows.find((r) => r.snippet.startsWith(`SHORT-${RUN}`))!.snippet).toBe(short);
  });
});

describe("claims", () => {
  it("a claim shows who and since when; another officer's decision asks to confirm, keeps what was typed, and goes through with 'decide anyway'", async () => {
    const zhang = await signedInStaff("triage_officer", "safety_committee", "330109", { displayName: "张三" });
    const li = await signedInStaff("triage_officer", "safety_committee", "330109", { displayName: "李四" });
    const t = await tip("330109");

    await m.claimTip(zhang.staff, t.reference);
    const row = (await m.listTriageQueue(li.staff, { q: t.reference })).rows[0]!;
    expect(row.claim).toEqual({ displayName: "张三", since: expect.stringMatching(HHMM), mine: false });
    expect((await m.listTriageQueue(zhang.staff, { q: t.reference })).rows[0]!.claim).toMatchObject({ mine: true });
    // A second claim is refused, naming the first.
    expect((await refusalOf(m.claimTip(li.staff, t.reference))).params).toMatchObject({ name: "张三" });

    // 李四 routes it with a reason typed: refused with who and since when, the reason kept.
    const other = (await m.sqlClient()`select id from agencies where department_type = 'fire_rescue' and place_code = '330109'`)[0];
    const fields = { intent: "route", agencyId: String(other?.id ?? ""), reason: "属消防救援机构管辖，改交消防" };
    const refused = await route(li, t.reference, fields);
    expect(refused.status).toBe(409);
    const [message] = replyErrors(refused.data).form!;
    expect(message).toMatch(/^errors\.claim\.heldByOther\|name=张三\|since=\d{2}:\d{2}$/);
    expect(replyValues(refused.data)).toMatchObject({ reason: fields.reason });
    expect((await m.findVisibleCase(li.staff, t.reference)).state).toBe("submitted");

    // The same form with "decide anyway" ticked: routed, the claim over.
    const done = await route(li, t.reference, { ...fields, decideAnyway: "on" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/staff/triage/${t.reference}?done=routed&ref=${t.reference}#notice`);
    const after = await m.findVisibleCase(li.staff, t.reference);
    expect(after).toMatchObject({ state: "assigned", claimedBy: null, claimedAt: null });
    const actions = (await m.sqlClient()`select action, actor_id from ledger_entries where chain = ${"tip:" + t.id} order by seq`).map((e) => `${e.action}:${e.actor_id === zhang.staff.staffId ? "张三" : "李四"}`);
    expect(actions.slice(-2)).toEqual(["tip.claimed:张三", "case.route:李四"]);
  });

  it("one's own claim needs no confirmation; a released or lapsed claim is no claim", async () => {
    const zhang = await staffMember("triage_officer", "safety_committee", "330110", { displayName: "张三" });
    const li = await staffMember("triage_officer", "safety_committee", "330110", { displayName: "李四" });
    const [a, b, c] = [await tip("330110"), await tip("330110"), await tip("330110")];

    await m.claimTip(zhang, a.reference);
    await m.rejectCase(zhang, a.reference, { reason: "no_facts" });

    await m.claimTip(zhang, b.reference);
    expect((await refusalOf(m.releaseClaim(li, b.reference))).messageKey).toBe("errors.claim.notYours");
    await m.releaseClaim(zhang, b.reference);
    expect((await m.listTriageQueue(li, { q: b.reference })).rows[0]!.claim).toBeNull();
    await m.rejectCase(li, b.reference, { reason: "no_facts" });
    const ledger = await m.sqlClient()`select action from ledger_entries where chain = ${"tip:" + b.id} order by seq`;
    expect(ledger.map((e) => e.action)).toEqual(expect.arrayContaining(["tip.claimed", "tip.claim_released", "case.reject"]));

    // Claimed three hours ago: lapsed after the default two hours.
    await m.claimTip(zhang, c.reference, new Date(Date.now() - 3 * 3600_000));
    expect((await m.listTriageQueue(li, { q: c.reference })).rows[0]!.claim).toBeNull();
    await m.routeCase(li, c.reference, {});
    expect((await m.findVisibleCase(li, c.reference)).state).toBe("assigned");
  });

  it("of officers claiming the same tip at once, one holds it; the others are refused, and the ledger has one claim", async () => {
    const officers = await Promise.all(["甲", "乙", "丙", "丁"].map((n) => staffMember("triage_officer", "safety_committee", "330110", { displayName: `受理员${n}` })));
    const t = await tip("330110");
    const results = await Promise.allSettled(officers.map((o) => m.claimTip(o, t.reference)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(["errors.claim.raced", "errors.claim.alreadyClaimed"]).toContain((r.reason as AppError).messageKey);
    const claims = await m.sqlClient()`select actor_id::text as actor from ledger_entries where chain = ${"tip:" + t.id} and action = 'tip.claimed'`;
    expect(claims).toHaveLength(1);
    const [row] = await m.sqlClient()`select claimed_by::text as by from tips where id = ${t.id}`;
    expect(row!.by).toBe(claims[0]!.actor);
  });

  it("only a role that decides at the desk claims or releases", async () => {
    const supervisor = await staffMember("supervisor", "safety_committee", "330110");
    const t = await tip("330110");
    expect((await refusalOf(m.claimTip(supervisor, t.reference))).code).toBe("forbidden");
    expect((await refusalOf(m.releaseClaim(supervisor, t.reference))).code).toBe("forbidden");
  });
});

describe("a stale decision", () => {
  it("the officer who lost the race is told what changed, by whom and when (local time), and nothing of theirs is applied", async () => {
    const zhang = await staffMember("triage_officer", "safety_committee", "330111", { displayName: "张三" });
    const li = await staffMember("triage_officer", "safety_committee", "330111", { displayName: "李四" });
    const t = await tip("330111");
    // Both opened the tip; 张三 routed it first.
    const seenByLi = await m.findVisibleCase(li, t.reference);
    await m.routeCase(zhang, t.reference, {});
    const agency = (await m.sqlClient()`select name_zh from agencies where id = (select agency_id from tips where id = ${t.id})`)[0]!.name_zh as string;

    const lost = await refusalOf(m.rejectCase(li, t.reference, { reason: "no_facts" }));
    expect(lost.code).toBe("conflict");
    expect(lost.messageKey).toBe("errors.stale.route");
    expect(lost.params).toMatchObject({ reference: t.reference, name: "张三", agency, time: expect.stringMatching(HHMM) });
    const en = translator("en")("errors.stale.route", lost.params);
    expect(en).toBe(`${t.reference} was routed to ${agency} by 张三 at ${lost.params!.time} — your decision was not applied.`);
    expect(translator("zh-CN")("errors.stale.route", lost.params)).toContain("张三");

    // The version race itself (both read the tip before either wrote): the same message.
    const raced = await refusalOf(m.db().transaction((tx) => m.transitionCase(tx, { staff: li, tip: seenByLi, action: "reject" })));
    expect(raced.messageKey).toBe("errors.stale.route");
    expect((await m.findVisibleCase(li, t.reference)).state).toBe("assigned");
  });
});

describe("decide and open the next", () => {
  it("opens the most urgent tip nobody else is handling, never one that implicates the desk's county; the queue with a notice when none is left", async () => {
    const desk = await signedInStaff("triage_officer", "safety_committee", "330127", { displayName: "王五" });
    const other = await staffMember("triage_officer", "safety_committee", "330127", { displayName: "赵六" });
    // Only this file's tips of 淳安县 exist.
    const first = await tip("330127", { majorHazard: true });
    const claimed = await tip("330127", { majorHazard: true });
    const implicated = await tip("330127", { majorHazard: true, implicatedLevel: "county" });
    const routine = await tip("330127", { daysAgo: 2 });
    await m.claimTip(other, claimed.reference);
    expect((await m.listTriageQueue(desk.staff, {})).rows.map((r) => r.reference)).not.toContain(implicated.reference);

    const one = await route(desk, first.reference, { intent: "route", then: "next" });
    expect(one.status).toBe(303);
    expect(one.headers.get("location")).toBe(`/staff/triage/${routine.reference}?done=routed&ref=${first.reference}#notice`);

    const two = await route(desk, routine.reference, { intent: "reject", reason: "no_facts", then: "next" });
    expect(two.headers.get("location")).toBe(`/staff/triage?done=rejected&ref=${routine.reference}&none=1#notice`);
    // The claimed one stays for 赵六.
    expect((await m.findVisibleCase(other, claimed.reference)).state).toBe("submitted");
  });
});
