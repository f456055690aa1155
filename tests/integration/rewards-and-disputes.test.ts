import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
// The pages answer with conform replies and route-edge refusals (ADR 022).
import { replyDone, replyErrors, replyValues, settle as settleRun, settle as settleAnswer } from "../support/replies";
import { signedInCookie, staffContextFor, type StaffSpec } from "../support/staff";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first (see intake-flows.test.ts).
type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/get-tip-for-tipster.server") &
  typeof import("../../app/services/list-disputed-cases.server") &
  typeof import("../../app/services/list-reward-claims.server") &
  typeof import("../../app/lib/ledger.server") & {
    status: typeof import("../../app/routes/status");
    rewardsPage: typeof import("../../app/routes/staff.admin.rewards");
    reviewsPage: typeof import("../../app/routes/staff.reviews");
  };
let m: M;

let admin: StaffContext;
let supEm100: StaffContext; // 杭州市应急管理局 supervisor: sees 西湖区 cases
let supEm106: StaffContext; // 西湖区应急管理局 supervisor
let supEm108: StaffContext; // 滨江区应急管理局 supervisor: outside 西湖区's subtree
let officer106: StaffContext;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    ...(await import("../../app/services/list-disputed-cases.server")),
    ...(await import("../../app/services/list-reward-claims.server")),
    ...(await import("../../app/lib/ledger.server")),
    status: await import("../../app/routes/status"),
    rewardsPage: await import("../../app/routes/staff.admin.rewards"),
    reviewsPage: await import("../../app/routes/staff.reviews"),
  };
  const who = (role: StaffSpec["role"], departmentType: string, placeCode: string) => staffContextFor(m.db(), { role, departmentType, placeCode });
  [admin, supEm100, supEm106, supEm108, officer106] = await Promise.all([
    who("administrator", "safety_committee", "330000"),
    who("supervisor", "emergency_management", "330100"),
    who("supervisor", "emergency_management", "330106"),
    who("supervisor", "emergency_management", "330108"),
    who("agency_officer", "emergency_management", "330106"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

// ------------------------------------------------------------------ helpers

const ORIGIN = "http://canary.test";
/** The load context the server passes to every route (see scripts/server.ts). */
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
let counter = 0;
let addressCounter = 0;
const freshAddress = () => `2001:db8:${process.pid.toString(16)}:${randomBytes(2).toString("hex")}::${(++addressCounter).toString(16)}`;

type Json = any;
type Settled = { status: number; data: Json; headers: Headers };
async function settle(result: unknown): Promise<Settled> {
  return settleRun(async () => result);
}
/** The status of a refusal thrown by a guard (a Response or a route-edge `data()` refusal). */
async function thrownStatus(p: Promise<unknown>): Promise<number> {
  let thrown = false;
  const answer = await settleAnswer(() =>
    p.catch((e: unknown) => {
      thrown = true;
      throw e;
    }),
  );
  if (!thrown) throw new Error("expected a thrown refusal, but the call succeeded");
  return answer.status;
}

const getRequest = (path: string, cookie: string) => new Request(ORIGIN + path, { headers: { cookie } });
const postRequest = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(ORIGIN + path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } });

async function agencyId(departmentType: string, placeCode: string): Promise<string> {
  const [a] = await m.sqlClient()`select id from agencies where department_type = ${departmentType} and place_code = ${placeCode}`;
  return a!.id as string;
}

type Outcome = {
  finding: "substantiated" | "partly_substantiated" | "unsubstantiated";
  fine_cny?: number | null;
  accident_level?: string | null;
  concealed_deaths_verified?: number | null;
  rectification_ordered?: boolean;
  rectification_due_on?: string | null;
  suspension?: boolean;
  officials_held_accountable?: number;
  admonitory_talk?: boolean;
  public_summary_zh: string;
  public_summary_en?: string | null;
};

/** A tip filed as the public does, then (by direct SQL) handled and closed by 西湖区应急管理局 with `outcome`. */
async function closedCase(outcome: Outcome | null, o: { concealedAccident?: boolean; extension?: boolean } = {}) {
  const n = ++counter;
  const filed = await m.fileTip({
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: "330106",
      companyName: `奖励测试企业${RUN}第${n}号`,
      content: { description: `REWARD-${RUN}-${n} 储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`, address: "工业园东门北侧" },
      majorHazard: true,
      concealedAccident: o.concealedAccident ?? false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
    files: [],
    submissionId: randomBytes(16).toString("base64url"),
    channel: "web",
    captcha: "verified",
  });
  const agency = await agencyId("emergency_management", "330106");
  const [row] = await m.sqlClient()`
    update tips set state = ${outcome ? "closed" : "investigating"}, agency_id = ${agency}, assigned_on = '2026-01-05', accepted_on = '2026-01-06',
      concluded_on = ${outcome ? "2026-02-10" : null}, closed_on = ${outcome ? "2026-02-20" : null}, due_on = ${outcome ? null : "2026-03-30"},
      extension_state = ${o.extension ? "approved" : null}, extension_days = ${o.extension ? 30 : null},
      extension_reason = ${o.extension ? `需要委托检测机构出具报告-${RUN}` : null}
    where reference = ${filed.reference} returning id`;
  if (outcome) {
    await m.sqlClient()`
      insert into case_outcomes (tip_id, finding, fine_cny, accident_level, concealed_deaths_verified, rectification_ordered, rectification_due_on,
        suspension, officials_held_accountable, admonitory_talk, public_summary_zh, public_summary_en)
      values (${row!.id}, ${outcome.finding}, ${outcome.fine_cny ?? null}, ${outcome.accident_level ?? null}, ${outcome.concealed_deaths_verified ?? null},
        ${outcome.rectification_ordered ?? false}, ${outcome.rectification_due_on ?? null}, ${outcome.suspension ?? false},
        ${outcome.officials_held_accountable ?? 0}, ${outcome.admonitory_talk ?? false}, ${outcome.public_summary_zh}, ${outcome.public_summary_en ?? null})`;
  }
  return { reference: filed.reference, id: row!.id as string, receipt: filed.receipt!, submittedOn: filed.submittedOn };
}

/** Signs in on /status with the receipt: the session cookie and the page's csrf token. */
async function tipsterSession(receipt: string): Promise<{ cookie: string; csrf: string }> {
  const signIn = await settle(
    await m.status.action({ request: new Request(`${ORIGIN}/status`, { method: "POST", body: new URLSearchParams({ intent: "sign-in", receipt }) }), context: { clientAddress: freshAddress() }, params: {} }),
  );
  expect(signIn.status).toBe(303);
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const page = await statusPage(cookie);
  return { cookie, csrf: page.csrf };
}
async function statusPage(cookie: string, lang?: "en"): Promise<Json> {
  const headers = { cookie: lang ? `${cookie}; lang=${lang}` : cookie };
  const res = await settle(await m.status.loader({ request: new Request(`${ORIGIN}/status`, { headers }), context: { clientAddress: "203.0.113.7" }, params: {} }));
  expect(res.data.signedIn).toBe(true);
  return res.data;
}
async function tipsterPost(s: { cookie: string; csrf: string }, fields: Record<string, string>): Promise<Settled> {
  return settle(
    await m.status.action({
      request: new Request(`${ORIGIN}/status`, { method: "POST", body: new URLSearchParams({ ...fields, csrf: s.csrf }), headers: { cookie: s.cookie } }),
      context: { clientAddress: freshAddress() },
      params: {},
    }),
  );
}

async function ledgerOf(tipId: string) {
  return (await m.sqlClient()`
    select action, actor_type, actor_id, recorded_at, details from ledger_entries where chain = ${"tip:" + tipId} order by seq`) as unknown as {
    action: string;
    actor_type: string;
    actor_id: string | null;
    recorded_at: Date | null;
    details: Record<string, any>;
  }[];
}
async function emailJobs(reference: string) {
  return (await m.sqlClient()`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'send_email' and j.payload->>'template' = 'reward_claim_decided' and j.payload->'data'->>'reference' = ${reference}`).map(
    (r) => r.payload as { to: string; data: Record<string, unknown> },
  );
}
async function claimIdOf(tipId: string): Promise<string> {
  const [r] = await m.sqlClient()`select id from reward_claims where tip_id = ${tipId}`;
  return r!.id as string;
}

// ------------------------------------------------------------------ the tipster sees the outcome

describe("status page: the outcome of a closed case", () => {
  it("shows the steps with dates, the extension and its reason, the finding, the actions and the public summary (zh; en when it exists)", async () => {
    const c = await closedCase(
      {
        finding: "substantiated",
        fine_cny: 100_000,
        rectification_ordered: true,
        rectification_due_on: "2026-02-01",
        suspension: true,
        officials_held_accountable: 2,
        admonitory_talk: true,
        public_summary_zh: `经查举报属实，已责令整改并罚款-${RUN}`,
        public_summary_en: `The tip was substantiated-${RUN}`,
      },
      { extension: true },
    );
    // The supervisor's approval as the extension service records it (the approved deadline in the ledger).
    await m.db().transaction((tx) =>
      m.appendLedger(tx, { chain: m.chainForTip(c.id), actor: { type: "system" }, action: "case.extension_approved", subjectType: "tip", subjectId: c.id, details: { days: 30, dueOn: "2026-03-07" }, today: "2026-01-20" }),
    );
    const s = await tipsterSession(c.receipt);
    const page = await statusPage(s.cookie);
    const tip = page.tip;
    expect(tip.status).toBe("closed");
    expect(tip.steps).toEqual([
      { step: "submitted", on: c.submittedOn },
      { step: "assigned", on: "2026-01-05" },
      { step: "accepted", on: "2026-01-06" },
      { step: "concluded", on: "2026-02-10" },
      { step: "closed", on: "2026-02-20" },
    ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)));
    expect(tip.extension).toMatchObject({ state: "approved", days: 30, newDueOn: "2026-03-07", reason: `需要委托检测机构出具报告-${RUN}` });
    expect(tip.outcome).toMatchObject({
      finding: "substantiated",
      rectification: { ordered: true, dueOn: "2026-02-01" },
      fineCny: 100_000,
      suspension: true,
      closure: false,
      criminalReferral: false,
      officialsHeldAccountable: 2,
      admonitoryTalk: true,
      publicSummaryZh: `经查举报属实，已责令整改并罚款-${RUN}`,
      publicSummaryEn: `The tip was substantiated-${RUN}`,
    });
    expect(tip.canDispute).toBe(true);
    expect(tip.reward).toMatchObject({ canClaim: true, merged: false, claim: null, suggestion: { eligible: true, amountCny: 15_000, rule: "fine" } });
  });

  it("an open case shows no outcome and offers neither dispute nor claim", async () => {
    const c = await closedCase(null);
    const tip = (await statusPage((await tipsterSession(c.receipt)).cookie)).tip;
    expect(tip.outcome).toBeNull();
    expect(tip.canDispute).toBe(false);
    expect(tip.reward.canClaim).toBe(false);
    const s = await tipsterSession(c.receipt);
    const claim = await tipsterPost(s, { intent: "claim-reward" });
    expect(claim.status).toBe(409);
    expect(replyErrors(claim.data).reward).toEqual(["errors.reward.notClosed"]);
  });
});

// ------------------------------------------------------------------ reward claims

describe("reward claims", () => {
  let fined: Awaited<ReturnType<typeof closedCase>>;
  let concealed: Awaited<ReturnType<typeof closedCase>>;

  it("the tipster claims once (with the suggested amount); a second claim is refused", async () => {
    fined = await closedCase({ finding: "partly_substantiated", fine_cny: 200_000, public_summary_zh: `部分属实，罚款二十万元-${RUN}` });
    const s = await tipsterSession(fined.receipt);
    const bad = await tipsterPost({ ...s, csrf: "wrong" }, { intent: "claim-reward" });
    expect(bad.status).toBe(403);

    const first = await tipsterPost(s, { intent: "claim-reward" });
    expect(first.status).toBe(200);
    expect(replyDone(first.data)).toBe(true);
    const [row] = await m.sqlClient()`select state, suggested_cny, approved_cny from reward_claims where tip_id = ${fined.id}`;
    expect(row).toMatchObject({ state: "requested", suggested_cny: "30000", approved_cny: null });

    const second = await tipsterPost(s, { intent: "claim-reward" });
    expect(second.status).toBe(409);
    expect(replyErrors(second.data).reward).toEqual(["errors.reward.already"]);
    expect(await m.sqlClient()`select 1 from reward_claims where tip_id = ${fined.id}`).toHaveLength(1);

    const tip = (await statusPage(s.cookie)).tip;
    expect(tip.reward.canClaim).toBe(false);
    expect(tip.reward.claim).toMatchObject({ state: "requested", suggestedCny: 30_000 });
    const ledger = await ledgerOf(fined.id);
    expect(ledger.at(-1)).toMatchObject({ action: "reward.claimed", actor_type: "tipster", actor_id: null, recorded_at: null, details: { suggestedCny: 30_000 } });
  });

  it("a tip merged into an earlier one is told it is not eligible; the earlier one is", async () => {
    const earlier = await closedCase({ finding: "substantiated", fine_cny: 50_000, public_summary_zh: `属实-${RUN}` });
    const later = await closedCase(null);
    await m.sqlClient()`update tips set state = 'merged', merged_into_id = ${earlier.id}, agency_id = null where id = ${later.id}`;

    const s = await tipsterSession(later.receipt);
    const tip = (await statusPage(s.cookie)).tip;
    expect(tip.reward).toMatchObject({ merged: true, canClaim: false, suggestion: { eligible: false, reasons: ["merged_into_earlier"] } });
    const claim = await tipsterPost(s, { intent: "claim-reward" });
    expect(claim.status).toBe(409);
    expect(replyErrors(claim.data).reward).toEqual(["errors.reward.merged"]);
    expect(await m.sqlClient()`select 1 from reward_claims where tip_id = ${later.id}`).toHaveLength(0);

    expect((await statusPage((await tipsterSession(earlier.receipt)).cookie)).tip.reward).toMatchObject({ merged: false, canClaim: true, suggestion: { amountCny: 7_500 } });
  });

  it("an unsubstantiated case offers no claim", async () => {
    const c = await closedCase({ finding: "unsubstantiated", fine_cny: null, public_summary_zh: `不属实-${RUN}` });
    const s = await tipsterSession(c.receipt);
    expect((await statusPage(s.cookie)).tip.reward).toMatchObject({ canClaim: false, suggestion: { eligible: false, reasons: ["unsubstantiated"] } });
    expect(replyErrors((await tipsterPost(s, { intent: "claim-reward" })).data).reward).toEqual(["errors.reward.notEligible"]);
  });

  it("a non-administrator gets 403 on the claims page and its action", async () => {
    for (const staff of [supEm100, officer106]) {
      const cookie = await signedInCookie(staff.staffId);
      expect(await thrownStatus(Promise.resolve(m.rewardsPage.loader({ request: getRequest("/staff/admin/rewards", cookie), params: {}, context: CONTEXT })))).toBe(403);
      const post = postRequest("/staff/admin/rewards", cookie, { intent: "approve", claimId: await claimIdOf(fined.id), amountCny: "1", csrf: "x" });
      expect(await thrownStatus(Promise.resolve(m.rewardsPage.action({ request: post, params: {}, context: CONTEXT })))).toBe(403);
    }
    expect(await m.sqlClient()`select state from reward_claims where tip_id = ${fined.id}`).toEqual([{ state: "requested" }]);
  });

  it("the administrator sees the queue oldest first and approves with an amount: recorded, in the ledger, email queued to the agency inbox", async () => {
    concealed = await closedCase(
      { finding: "substantiated", accident_level: "larger", concealed_deaths_verified: 2, public_summary_zh: `瞒报事故属实-${RUN}` },
      { concealedAccident: true },
    );
    const cs = await tipsterSession(concealed.receipt);
    expect(replyDone((await tipsterPost(cs, { intent: "claim-reward" })).data)).toBe(true);
    await m.sqlClient()`update reward_claims set claimed_on = '2026-01-01' where tip_id = ${fined.id}`; // the older claim

    const cookie = await signedInCookie(admin.staffId);
    const page = await settle(await m.rewardsPage.loader({ request: getRequest("/staff/admin/rewards", cookie), params: {}, context: CONTEXT }));
    const refs = page.data.claims.map((c: Json) => c.reference);
    expect(refs.indexOf(fined.reference)).toBeGreaterThanOrEqual(0);
    expect(refs.indexOf(fined.reference)).toBeLessThan(refs.indexOf(concealed.reference));
    const item = page.data.claims.find((c: Json) => c.reference === concealed.reference);
    expect(item).toMatchObject({ suggestedCny: 80_000, outcome: { finding: "substantiated", accidentLevel: "larger", concealedDeathsVerified: 2, publicSummaryZh: `瞒报事故属实-${RUN}` } });

    const csrf = page.data.csrf as string;
    const claimId = await claimIdOf(fined.id);
    const negative = await settleAnswer(() => m.rewardsPage.action({ request: postRequest("/staff/admin/rewards", cookie, { intent: "approve", claimId, amountCny: "-5", csrf }), params: {}, context: CONTEXT }));
    expect(negative.status).toBe(400);
    expect(replyErrors(negative.data).amountCny).toEqual(["errors.reward.amount"]);

    const ok = await settleAnswer(() => m.rewardsPage.action({ request: postRequest("/staff/admin/rewards", cookie, { intent: "approve", claimId, amountCny: "28000", csrf }), params: {}, context: CONTEXT }));
    expect(ok.data).toMatchObject({ done: true, intent: `approve-${claimId}` });
    const [row] = await m.sqlClient()`select state, approved_cny, decided_by from reward_claims where id = ${claimId}`;
    expect(row).toMatchObject({ state: "approved", approved_cny: "28000", decided_by: admin.staffId });
    expect((await ledgerOf(fined.id)).at(-1)).toMatchObject({ action: "reward.approved", actor_type: "staff", actor_id: admin.staffId, details: { amountCny: 28_000 } });
    const [inbox] = await m.sqlClient()`select inbox_email from agencies where id = ${await agencyId("emergency_management", "330106")}`;
    const jobs = await emailJobs(fined.reference);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ to: inbox!.inbox_email, data: { reference: fined.reference, decision: "approved", amountCny: 28_000 } });

    // Decided once: a second decision is refused, nothing more is queued.
    const again = await settleAnswer(() => m.rewardsPage.action({ request: postRequest("/staff/admin/rewards", cookie, { intent: "refuse", claimId, reason: "重复", csrf }), params: {}, context: CONTEXT }));
    expect(again.status).toBe(409);
    expect(await emailJobs(fined.reference)).toHaveLength(1);

    const tip = (await statusPage((await tipsterSession(fined.receipt)).cookie)).tip;
    expect(tip.reward.claim).toMatchObject({ state: "approved", approvedCny: 28_000 });
  });

  it("the administrator refuses with a reason, which the tipster sees", async () => {
    const cookie = await signedInCookie(admin.staffId);
    const page = await settle(await m.rewardsPage.loader({ request: getRequest("/staff/admin/rewards", cookie), params: {}, context: CONTEXT }));
    const claimId = await claimIdOf(concealed.id);
    const noReason = await settleAnswer(() => m.rewardsPage.action({ request: postRequest("/staff/admin/rewards", cookie, { intent: "refuse", claimId, reason: " ", csrf: page.data.csrf }), params: {}, context: CONTEXT }));
    expect(noReason.status).toBe(400);
    const reason = `该线索已由其他渠道先行举报-${RUN}`;
    const ok = await settleAnswer(() => m.rewardsPage.action({ request: postRequest("/staff/admin/rewards", cookie, { intent: "refuse", claimId, reason, csrf: page.data.csrf }), params: {}, context: CONTEXT }));
    expect(ok.data).toMatchObject({ done: true, intent: `refuse-${claimId}` });
    expect((await ledgerOf(concealed.id)).at(-1)).toMatchObject({ action: "reward.refused", actor_id: admin.staffId });
    expect(await emailJobs(concealed.reference)).toEqual([expect.objectContaining({ data: expect.objectContaining({ decision: "rejected", amountCny: 0 }) })]);

    const tip = (await statusPage((await tipsterSession(concealed.receipt)).cookie)).tip;
    expect(tip.reward.claim).toMatchObject({ state: "refused", refusalReason: reason });
    const queue = await m.listRequestedRewardClaims();
    expect(queue.map((q) => q.reference)).not.toContain(concealed.reference);
  });
});

// ------------------------------------------------------------------ disputes and review

describe("dispute the conclusion → review by the supervising agency", () => {
  const REASON = `DISPUTE-${RUN} 整改根本没有落实，报警器至今仍未恢复，夜间照常装卸。`;

  it("the dispute needs 20–2000 characters; it moves the case to under_review, encrypted, in the ledger with the date only", async () => {
    const c = await closedCase({ finding: "unsubstantiated", public_summary_zh: `经查不属实-${RUN}` });
    const s = await tipsterSession(c.receipt);
    const short = await tipsterPost(s, { intent: "dispute", reason: "太短了" });
    expect(short.status).toBe(400);
    expect(replyErrors(short.data)).toEqual({ reason: ["errors.dispute.reasonLength"] });
    expect(replyValues(short.data).reason).toBe("太短了");
    expect((await tipsterPost(s, { intent: "dispute", reason: "长".repeat(2001) })).status).toBe(400);

    const ok = await tipsterPost(s, { intent: "dispute", reason: REASON });
    expect(replyDone(ok.data)).toBe(true);
    const [tipRow] = await m.sqlClient()`select state from tips where id = ${c.id}`;
    expect(tipRow!.state).toBe("under_review");
    const raw = await m.sqlClient()`select reason_enc, disputed_on::text as disputed_on, decision from case_disputes where tip_id = ${c.id}`;
    expect(raw).toHaveLength(1);
    const bytes = Buffer.from(raw[0]!.reason_enc as Uint8Array);
    expect(bytes.includes(Buffer.from(REASON, "utf8"))).toBe(false);
    expect(bytes.includes(Buffer.from(`DISPUTE-${RUN}`, "utf8"))).toBe(false);
    expect((await ledgerOf(c.id)).at(-1)).toMatchObject({ action: "case.dispute", actor_type: "tipster", actor_id: null, recorded_at: null, details: { from: "closed", to: "under_review" } });

    const tip = (await statusPage(s.cookie)).tip;
    expect(tip.canDispute).toBe(false);
    expect(tip.disputes).toEqual([{ disputedOn: raw[0]!.disputed_on, decision: null, decisionReason: null }]);
    expect(tip.steps.map((x: Json) => x.step)).toContain("disputed");
    expect((await tipsterPost(s, { intent: "dispute", reason: REASON })).status).toBe(409);
  });

  it("a supervisor of the subtree sees the reason decrypted and upholds (→ closed); one outside the subtree gets 404", async () => {
    const c = await closedCase({ finding: "substantiated", fine_cny: 10_000, public_summary_zh: `属实，已整改-${RUN}` });
    const s = await tipsterSession(c.receipt);
    expect(replyDone((await tipsterPost(s, { intent: "dispute", reason: REASON })).data)).toBe(true);

    const listed = await m.listDisputedCases(supEm100);
    expect(listed.find((x) => x.reference === c.reference)).toMatchObject({ reason: REASON, finding: "substantiated", closedOn: "2026-02-20" });
    expect((await m.listDisputedCases(supEm108)).map((x) => x.reference)).not.toContain(c.reference);

    // Outside the subtree: 404, and nothing changes.
    const outsider = await signedInCookie(supEm108.staffId);
    const outsiderPage = await settle(await m.reviewsPage.loader({ request: getRequest("/staff/reviews", outsider), params: {}, context: CONTEXT }));
    expect((await settleAnswer(() => m.reviewsPage.action({ request: postRequest("/staff/reviews", outsider, { intent: "uphold", reference: c.reference, reason: "维持", csrf: outsiderPage.data.csrf }), params: {}, context: CONTEXT }))).status).toBe(404);
    // Not a supervisor at all: 403.
    const officerCookie = await signedInCookie(officer106.staffId);
    expect((await settleAnswer(() => m.reviewsPage.loader({ request: getRequest("/staff/reviews", officerCookie), params: {}, context: CONTEXT }))).status).toBe(403);
    expect((await m.sqlClient()`select state from tips where id = ${c.id}`)[0]!.state).toBe("under_review");

    const cookie = await signedInCookie(supEm100.staffId);
    const page = await settle(await m.reviewsPage.loader({ request: getRequest("/staff/reviews", cookie), params: {}, context: CONTEXT }));
    expect(page.data.cases.find((x: Json) => x.reference === c.reference)?.reason).toBe(REASON);
    const noReason = await settleAnswer(() => m.reviewsPage.action({ request: postRequest("/staff/reviews", cookie, { intent: "uphold", reference: c.reference, reason: "", csrf: page.data.csrf }), params: {}, context: CONTEXT }));
    expect(noReason.status).toBe(400);
    const decision = `复查认为整改已落实，维持原结论-${RUN}`;
    const ok = await settleAnswer(() => m.reviewsPage.action({ request: postRequest("/staff/reviews", cookie, { intent: "uphold", reference: c.reference, reason: decision, csrf: page.data.csrf }), params: {}, context: CONTEXT }));
    expect(ok.data).toMatchObject({ intent: "uphold", done: true });
    expect((await m.sqlClient()`select state from tips where id = ${c.id}`)[0]!.state).toBe("closed");
    expect((await m.sqlClient()`select decision, decision_reason, decided_by from case_disputes where tip_id = ${c.id}`)[0]).toMatchObject({ decision: "upheld", decision_reason: decision, decided_by: supEm100.staffId });
    expect((await ledgerOf(c.id)).at(-1)).toMatchObject({ action: "case.uphold", actor_id: supEm100.staffId, details: { from: "under_review", to: "closed", reason: decision } });

    const tip = (await statusPage(s.cookie)).tip;
    expect(tip.status).toBe("closed");
    expect(tip.disputes).toEqual([expect.objectContaining({ decision: "upheld", decisionReason: decision })]);
    expect(tip.steps.map((x: Json) => x.step)).toContain("review_upheld");
    expect(tip.canDispute).toBe(false); // the upheld conclusion is not disputed twice
    expect((await m.listDisputedCases(supEm100)).map((x) => x.reference)).not.toContain(c.reference);
  });

  it("the county supervisor reopens (→ reopened, back to the triage desk with a deadline)", async () => {
    const c = await closedCase({ finding: "unsubstantiated", public_summary_zh: `不属实-${RUN}` });
    const s = await tipsterSession(c.receipt);
    expect(replyDone((await tipsterPost(s, { intent: "dispute", reason: REASON })).data)).toBe(true);

    const cookie = await signedInCookie(supEm106.staffId);
    const page = await settle(await m.reviewsPage.loader({ request: getRequest("/staff/reviews", cookie), params: {}, context: CONTEXT }));
    const ok = await settleAnswer(() =>
      m.reviewsPage.action({ request: postRequest("/staff/reviews", cookie, { intent: "reopen", reference: c.reference, reason: `异议理由成立，重新核查-${RUN}`, csrf: page.data.csrf }), params: {}, context: CONTEXT }),
    );
    expect(ok.data).toMatchObject({ intent: "reopen", done: true });
    const [row] = await m.sqlClient()`select state, due_on::text as due_on from tips where id = ${c.id}`;
    expect(row!.state).toBe("reopened");
    expect(row!.due_on).not.toBeNull();
    expect((await ledgerOf(c.id)).at(-1)).toMatchObject({ action: "case.reopen_after_review", actor_id: supEm106.staffId });

    const tip = (await statusPage(s.cookie)).tip;
    expect(tip.status).toBe("received");
    expect(tip.steps.map((x: Json) => x.step)).toContain("reopened");
    expect(tip.disputes).toEqual([expect.objectContaining({ decision: "reopened" })]);
    expect(tip.canDispute).toBe(false);
    expect(tip.reward.canClaim).toBe(false);
  });
});
