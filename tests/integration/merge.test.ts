/**
 * Merge as a considered decision, and its undo (issue #13, part 1), on real PostgreSQL: tips that
 * differ are merged only when the desk says it compared them; the merged tip's text and file reach
 * the agency of the joined case after routing; an undo restores both cases (state, due date,
 * merged_into_id, a ledger entry on each chain, the statistics) until the joined case is
 * concluded; the merged tipster sees the joined case's public progress, and after an undo their own.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, errorMessageOf } from "../../app/lib/app-error";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { acceptedCase, closedCase, DEFAULT_SUMMARY, filedTip, routedTip, staffMember } from "../support/builders";
import { replyErrors, replyValues, settle } from "../support/replies";
import { signedInCookie } from "../support/staff";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/attachments.server") &
  typeof import("../../app/lib/rules.server") &
  typeof import("../../app/services/triage-merge.server") &
  typeof import("../../app/services/triage-unmerge.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/agency-return.server") &
  typeof import("../../app/services/case-conclude.server") &
  typeof import("../../app/services/case-details-for-staff.server") &
  typeof import("../../app/services/read-staff-attachment.server") &
  typeof import("../../app/services/post-tip-message.server") &
  typeof import("../../app/services/get-tip-for-tipster.server") &
  typeof import("../../app/forms/case") & {
    mergePage: typeof import("../../app/routes/staff.triage.$reference_.merge");
    attachmentRoute: typeof import("../../app/routes/staff.attachments.$id");
  };
let m: M;

let desk: StaffContext; // 西湖区安委办 (the desk of 330106)
let officer: StaffContext; // 西湖区应急管理局
let otherOfficer: StaffContext; // 滨江区应急管理局

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/attachments.server")),
    ...(await import("../../app/lib/rules.server")),
    ...(await import("../../app/services/triage-merge.server")),
    ...(await import("../../app/services/triage-unmerge.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/agency-return.server")),
    ...(await import("../../app/services/case-conclude.server")),
    ...(await import("../../app/services/case-details-for-staff.server")),
    ...(await import("../../app/services/read-staff-attachment.server")),
    ...(await import("../../app/services/post-tip-message.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
    ...(await import("../../app/forms/case")),
    mergePage: await import("../../app/routes/staff.triage.$reference_.merge"),
    attachmentRoute: await import("../../app/routes/staff.attachments.$id"),
  };
  [desk, officer, otherOfficer] = await Promise.all([
    staffMember("triage_officer", "safety_committee", "330106"),
    staffMember("agency_officer", "emergency_management", "330106"),
    staffMember("agency_officer", "emergency_management", "330108"),
  ]);
});
afterAll(async () => {
  await m?.closeDb();
});

const ORIGIN = "http://canary.test";
const CONTEXT = { clientAddress: "203.0.113.9" };
const RUN = randomBytes(3).toString("hex");
const DAY_MS = 86_400_000;
const SAME = "同一仓库同一问题，核对无误";
let n = 0;

/** A tip of 西湖区 (hazardous chemicals), `daysAgo` days ago, its company unique unless given. */
async function tip(o: { daysAgo?: number; company?: string | null; sectorCode?: string; placeCode?: string; file?: boolean } = {}) {
  const i = ++n;
  const description = `MERGE-${RUN}-${i} 危化品仓库消防通道被货物堵死，夜间仍在装卸。`;
  const filed = await filedTip({
    tip: {
      companyName: o.company === undefined ? `合并测试${RUN}化工有限公司` : (o.company ?? undefined),
      content: { description, address: `园区北门 ${i} 号`, observedOn: "2026-11-20" },
      ...(o.sectorCode ? { sectorCode: o.sectorCode } : {}),
      ...(o.placeCode ? { placeCode: o.placeCode } : {}),
    },
    files: o.file ? [await png()] : undefined,
    captcha: "verified",
    now: o.daysAgo ? new Date(Date.now() - o.daysAgo * DAY_MS) : undefined,
  });
  return { ...filed, description };
}
async function png() {
  const bytes = await sharp({ create: { width: 12, height: 10, channels: 3, background: "#cc3366" } })
    .png()
    .toBuffer();
  const result = await m.sanitiseAttachment(bytes);
  if (!result.ok) throw new Error("test image refused");
  return result.file;
}
async function row(id: string) {
  const [r] = await m.sqlClient()`select state, merged_into_id, due_on::text as due_on, version from tips where id = ${id}`;
  return r as { state: string; merged_into_id: string | null; due_on: string | null; version: number };
}
async function ledger(id: string) {
  const rows = await m.sqlClient()`select action, actor_id, details from ledger_entries where chain = ${"tip:" + id} order by seq`;
  return rows as unknown as { action: string; actor_id: string | null; details: Record<string, unknown> }[];
}
async function statsOf(id: string) {
  const [r] = await m.sqlClient()`select status, open_now from stats_case where tip_id = ${id}`;
  return r as { status: string; open_now: boolean } | undefined;
}
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: errorMessageOf(e) };
    throw e;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: process.env.TIME_ZONE ?? "Asia/Shanghai" }).format(new Date());
const getRequest = (path: string, cookie: string) => new Request(ORIGIN + path, { headers: { cookie } });
const postRequest = (path: string, cookie: string, fields: Record<string, string>) => new Request(ORIGIN + path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } });

async function mergePageFor(staff: StaffContext, reference: string, into = "") {
  const cookie = await signedInCookie(staff.staffId);
  const page = (await m.mergePage.loader({
    request: getRequest(`/staff/triage/${reference}/merge${into ? `?into=${into}` : ""}`, cookie),
    params: { reference },
    context: CONTEXT,
  })) as Awaited<ReturnType<M["mergePage"]["loader"]>>;
  const post = (fields: Record<string, string>) =>
    settle(() => m.mergePage.action({ request: postRequest(`/staff/triage/${reference}/merge`, cookie, { csrf: page.csrf, ...fields }), params: { reference }, context: CONTEXT }));
  return { page, post };
}

describe("merging tips that differ", () => {
  it("is refused without the desk's statement that it compared them (the reason kept), and accepted with it; the differences are ledgered", async () => {
    const earlier = await tip({ daysAgo: 2 });
    const later = await tip({ company: `另一家${RUN}养殖场`, sectorCode: "pollution" });
    const { page, post } = await mergePageFor(desk, later.reference, earlier.reference);
    expect(page.preview!.warnings).toEqual(["sector", "company"]);
    // Both sides: the full text, address, observed date and the facts.
    expect(page.preview!.tip).toMatchObject({ reference: later.reference, content: { description: later.description, address: expect.stringContaining("园区北门"), observedOn: "2026-11-20" } });
    expect(page.preview!.target).toMatchObject({ reference: earlier.reference, companyName: `合并测试${RUN}化工有限公司`, content: { description: earlier.description } });

    const unconfirmed = await post({ intent: "merge", into: earlier.reference, reason: SAME });
    expect(unconfirmed.status).toBe(400);
    expect(replyErrors(unconfirmed.data)).toEqual({ sameMatter: ["errors.merge.sameMatterRequired"] });
    expect(replyValues(unconfirmed.data)).toMatchObject({ reason: SAME });
    expect((await row(later.id)).state).toBe("submitted");
    expect(await refusal(m.mergeCase(desk, later.reference, { into: earlier.reference, reason: SAME, sameMatter: false }))).toEqual({ code: "invalid_input", message: "errors.merge.sameMatterRequired" });

    const confirmed = await post({ intent: "merge", into: earlier.reference, reason: SAME, sameMatter: "on" });
    expect(confirmed.status).toBe(303);
    expect(await row(later.id)).toMatchObject({ state: "merged", merged_into_id: earlier.id, due_on: null });
    expect((await ledger(later.id)).find((e) => e.action === "case.merge")!.details).toMatchObject({ from: "submitted", into: earlier.reference, reason: SAME, differs: ["sector", "company"] });
    expect((await ledger(earlier.id)).find((e) => e.action === "case.merged_in")!.details).toMatchObject({ merged: later.reference, differs: ["sector", "company"] });
  });

  it("needs no statement when sector, county and company agree (the company compared without case, width or spaces)", async () => {
    const earlier = await tip({ daysAgo: 1, company: `ＡＢＣ化工（杭州）有限公司${RUN}` });
    const later = await tip({ company: ` abc化工(杭州)有限公司${RUN} ` });
    const { page } = await mergePageFor(desk, later.reference, earlier.reference);
    expect(page.preview!.warnings).toEqual([]);
    await m.mergeCase(desk, later.reference, { into: earlier.reference, reason: SAME });
    expect((await row(later.id)).state).toBe("merged");
  });
});

describe("the merged tip on the joined case, and the undo", () => {
  let joined: Awaited<ReturnType<typeof tip>>;
  let merged: Awaited<ReturnType<typeof tip>>;
  let attachmentId: string;
  const thread = `THREAD-${RUN} 我补充：仓库后门也堵住了。`;

  it("the agency officer of the joined case reads the merged tip's text, thread and file after routing; only the desk may undo", async () => {
    joined = await tip({ daysAgo: 3 });
    merged = await tip({ file: true });
    await m.postTipMessage({ tipId: merged.id, author: { type: "tipster" }, body: thread });
    const [a] = await m.sqlClient()`select id from attachments where tip_id = ${merged.id} and message_id is null`;
    attachmentId = a!.id as string;
    // The comparison lists the merged tip's file with its links.
    const { page } = await mergePageFor(desk, merged.reference, joined.reference);
    expect(page.preview!.tip.attachments.map((f) => f.id)).toEqual([attachmentId]);
    await m.mergeCase(desk, merged.reference, { into: joined.reference, reason: SAME });
    // Routed after the merge: the agency gets the joined case with the merged tip in it.
    await m.routeCase(desk, joined.reference, {});

    const seen = await m.caseDetailsForStaff(officer, joined.reference);
    expect(seen.case.state).toBe("assigned");
    expect(seen.merged.map((t) => [t.reference, t.content.description, t.mayUndo])).toEqual([[merged.reference, merged.description, false]]);
    expect(seen.merged[0]!.messages.map((x) => x.body)).toEqual([thread]);
    expect(seen.merged[0]!.attachments.map((f) => f.id)).toEqual([attachmentId]);
    const download = (await m.attachmentRoute.loader({
      request: getRequest(`/staff/attachments/${attachmentId}`, await signedInCookie(officer.staffId)),
      params: { id: attachmentId },
      context: CONTEXT,
    })) as Response;
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toContain("image/png");
    expect(await m.readStaffAttachment(otherOfficer, attachmentId)).toBeNull();
    // The desk sees the undo on the joined case and on the merged tip's page.
    expect((await m.caseDetailsForStaff(desk, joined.reference)).merged.map((t) => t.mayUndo)).toEqual([true]);
    expect(await m.caseDetailsForStaff(desk, merged.reference)).toMatchObject({ mergedInto: joined.reference, mayUndoMerge: true });
    expect(await statsOf(merged.id)).toMatchObject({ status: "merged", open_now: false });
  });

  it("the merged tipster sees the joined case's progress — never its reference, text or tipster — and that rewards go to the first tip", async () => {
    const view = (await m.getTipForTipster(merged.id))!;
    expect(view.status).toBe("merged");
    const joinedRow = await row(joined.id);
    expect(view.joined).toMatchObject({ status: "with_agency", dueOn: joinedRow.due_on, agency: { nameZh: "西湖区应急管理局" }, outcome: null });
    expect(view.joined!.steps.map((s) => s.step)).toEqual(["assigned"]);
    expect(view.reward.merged).toBe(true);
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(joined.reference);
    expect(shown).not.toContain(joined.description);
    expect(shown).toContain(thread); // their own thread stays theirs
  });

  it("an undo needs a reason (kept when refused), then restores both: state, due date, merged_into_id, a ledger entry on each chain, the statistics", async () => {
    const { page, post } = await mergePageFor(desk, merged.reference);
    expect(page.undo).toEqual({ joined: joined.reference, mayUndo: true });
    const back = `/staff/triage/${joined.reference}`;
    const short = await post({ intent: "unmerge", reason: "错", back });
    expect(short.status).toBe(400);
    expect(replyErrors(short.data)).toEqual({ reason: ["errors.unmerge.reasonRequired"] });
    expect((await row(merged.id)).state).toBe("merged");
    // The agency cannot undo (no triage.decide): the page refuses it.
    const officerCookie = await signedInCookie(officer.staffId);
    const agencyTry = await settle(() =>
      m.mergePage.action({
        request: postRequest(`/staff/triage/${merged.reference}/merge`, officerCookie, { intent: "unmerge", reason: "不是同一事项" }),
        params: { reference: merged.reference },
        context: CONTEXT,
      }),
    );
    expect(agencyTry.status).toBe(403);
    expect((await row(merged.id)).state).toBe("merged");

    const reason = "核对后发现是两个不同的仓库";
    const done = await post({ intent: "unmerge", reason, back });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${back}?done=unmerged&ref=${encodeURIComponent(merged.reference)}#notice`);
    const expectedDue = await m.deadlineFrom(today(), "triage");
    expect(await row(merged.id)).toMatchObject({ state: "submitted", merged_into_id: null, due_on: expectedDue });
    expect((await ledger(merged.id)).at(-1)).toMatchObject({ action: "case.unmerge", actor_id: desk.staffId, details: { from: "merged", to: "submitted", joined: joined.reference, reason, dueOn: expectedDue } });
    expect((await ledger(joined.id)).at(-1)).toMatchObject({ action: "case.unmerged_out", actor_id: desk.staffId, details: { merged: merged.reference, reason } });
    expect((await row(joined.id)).state).toBe("assigned"); // the joined case is otherwise untouched
    // The joined case no longer shows it, and its agency no longer reads its file.
    expect((await m.caseDetailsForStaff(officer, joined.reference)).merged).toEqual([]);
    expect(await m.readStaffAttachment(officer, attachmentId)).toBeNull();
    // Counted as waiting at the desk again, open.
    expect(await statsOf(merged.id)).toMatchObject({ status: "awaiting", open_now: true });
    // A second undo has nothing to undo.
    expect(await refusal(m.unmergeCase(desk, merged.reference, { reason }))).toEqual({ code: "conflict", message: "errors.unmerge.notMerged" });
  });

  it("after the undo the tipster sees their own tip again, with its own deadline", async () => {
    const view = (await m.getTipForTipster(merged.id))!;
    expect(view.status).toBe("received");
    expect(view.joined).toBeNull();
    expect(view.dueOn).toBe((await row(merged.id)).due_on);
    expect(view.reward.merged).toBe(false);
  });
});

describe("undo goes back to the state before the merge, until the joined case is concluded", () => {
  it("a tip the agency had returned goes back to returned", async () => {
    const earlier = await tip({ daysAgo: 2 });
    const returned = await routedTip(desk, { tip: { companyName: `合并测试${RUN}化工有限公司`, content: { description: `RETURNED-${RUN} 危化品仓库消防通道被堵。` } } });
    await m.returnCase(officer, returned.reference, { reason: "不属于本局管辖" });
    await m.mergeCase(desk, returned.reference, { into: earlier.reference, reason: SAME });
    expect(await statsOf(returned.id)).toMatchObject({ status: "merged" });
    await m.unmergeCase(desk, returned.reference, { reason: "不是同一个仓库" });
    expect(await row(returned.id)).toMatchObject({ state: "returned", merged_into_id: null, due_on: await m.deadlineFrom(today(), "triage") });
    expect(await statsOf(returned.id)).toMatchObject({ status: "in_progress", open_now: true });
  });

  it("refused once the joined case is concluded (closed, or concluded after the merge), and the page says so", async () => {
    const closed = await closedCase(desk, officer, { tip: { companyName: `合并测试${RUN}化工有限公司` }, now: new Date(Date.now() - 2 * DAY_MS) });
    const late = await tip();
    await m.mergeCase(desk, late.reference, { into: closed.reference, reason: SAME });
    expect(await refusal(m.unmergeCase(desk, late.reference, { reason: "不是同一个仓库" }))).toEqual({ code: "conflict", message: "errors.unmerge.concluded" });
    expect(await row(late.id)).toMatchObject({ state: "merged", merged_into_id: closed.id });
    const { page, post } = await mergePageFor(desk, late.reference);
    expect(page.undo).toEqual({ joined: closed.reference, mayUndo: false });
    const refused = await post({ intent: "unmerge", reason: "不是同一个仓库" });
    expect(refused.status).toBe(409);
    expect(replyErrors(refused.data)).toEqual({ form: ["errors.unmerge.concluded"] });
    expect((await m.caseDetailsForStaff(desk, closed.reference)).merged.map((t) => t.mayUndo)).toEqual([false]);
    // Its tipster sees the published outcome of the case it joined.
    const view = (await m.getTipForTipster(late.id))!;
    expect(view.joined).toMatchObject({ status: "closed", outcome: { finding: "unsubstantiated", publicSummaryZh: DEFAULT_SUMMARY } });
    expect(view.joined!.steps.map((s) => s.step)).toEqual(["assigned", "accepted", "concluded", "closed"]);

    // Merged while under investigation, concluded afterwards: the undo is refused from then on.
    const open = await acceptedCase(desk, officer, { investigating: true, tip: { companyName: `合并测试${RUN}化工有限公司` }, now: new Date(Date.now() - DAY_MS) });
    const another = await tip();
    await m.mergeCase(desk, another.reference, { into: open.reference, reason: SAME });
    expect((await m.getTipForTipster(another.id))!.joined).toMatchObject({ status: "investigating", outcome: null });
    await m.concludeCase(officer, open.reference, m.concludeSchema.parse({ finding: "unsubstantiated", publicSummaryZh: DEFAULT_SUMMARY }));
    expect(await refusal(m.unmergeCase(desk, another.reference, { reason: "不是同一个仓库" }))).toEqual({ code: "conflict", message: "errors.unmerge.concluded" });
    // Concluded but not closed: no outcome shown to the merged tipster yet.
    expect((await m.getTipForTipster(another.id))!.joined).toMatchObject({ outcome: null });
  });
});
