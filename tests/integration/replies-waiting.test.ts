/**
 * Replies nobody misses (issue #13, part 2): a tipster's reply is "waiting" for the staff who may
 * see the case until one of them opens it; each staff member keeps their own "new reply" marker;
 * the conflict-of-interest rule holds in every list and count; a tipster who left an e-mail
 * address and asked is told "there is news" — and nothing else, with no address in the job.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { acceptedCase, filedTip, routedTip, staffMember } from "../support/builders";

type M = typeof import("../../app/lib/db.server") &
  typeof import("../../app/lib/jobs.server") &
  typeof import("../../app/jobs/index.server") &
  typeof import("../../app/lib/mailer.server") &
  typeof import("../../app/services/post-tip-message.server") &
  typeof import("../../app/services/case-details-for-staff.server") &
  typeof import("../../app/services/replies-waiting.server") &
  typeof import("../../app/services/agency-inbox.server") &
  typeof import("../../app/services/triage-queue.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/triage-reject.server") &
  typeof import("../../app/forms/report");
let m: M;
const saved = { SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: process.env.PUBLIC_URL };

const received: ParsedMail[] = [];
let smtp: SMTPServer | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

let desk106: StaffContext; // 西湖区安委办 desk
let deskB106: StaffContext; // another officer of that desk
let desk100: StaffContext; // 杭州市安委办 desk
let emA: StaffContext; // 西湖区应急管理局 officer A
let emB: StaffContext; // 西湖区应急管理局 officer B
let em100: StaffContext; // 杭州市应急管理局 officer
let supSc106: StaffContext; // 西湖区安委办 supervisor
let supEm106: StaffContext; // 西湖区应急管理局 supervisor

const reply = (tipId: string, body = "补充：报警器是上周拆的，夜班时装卸最多。") => m.postTipMessage({ tipId, author: { type: "tipster" }, body });
const ask = (tipId: string, staff: StaffContext, body = "请问装卸作业一般在几点？") => m.postTipMessage({ tipId, author: { type: "staff", staffId: staff.staffId }, body });
const waitingRefs = async (staff: StaffContext) => {
  const w = await m.listRepliesWaiting(staff);
  if (!w) throw new Error(`${staff.role} keeps no replies-waiting list`);
  return { count: w.count, refs: w.rows.map((r) => r.reference), rows: w.rows };
};
const queueNews = async (staff: StaffContext, reference: string) => (await m.listTriageQueue(staff, { q: reference })).rows.find((r) => r.reference === reference)?.news;
const inboxNews = async (staff: StaffContext, reference: string) => (await m.listAgencyInbox(staff, { q: reference })).rows.find((r) => r.reference === reference)?.news;

beforeAll(async () => {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => (received.push(mail), callback()), (err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  smtp = server;
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  process.env.PUBLIC_URL = "https://canary.example.org";
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/lib/jobs.server")),
    ...(await import("../../app/jobs/index.server")),
    ...(await import("../../app/lib/mailer.server")),
    ...(await import("../../app/services/post-tip-message.server")),
    ...(await import("../../app/services/case-details-for-staff.server")),
    ...(await import("../../app/services/replies-waiting.server")),
    ...(await import("../../app/services/agency-inbox.server")),
    ...(await import("../../app/services/triage-queue.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/triage-reject.server")),
    ...(await import("../../app/forms/report")),
  };
  desk106 = await staffMember("triage_officer", "safety_committee", "330106", { displayName: "西湖受理甲" });
  deskB106 = await staffMember("triage_officer", "safety_committee", "330106", { displayName: "西湖受理乙" });
  desk100 = await staffMember("triage_officer", "safety_committee", "330100", { displayName: "市受理" });
  emA = await staffMember("agency_officer", "emergency_management", "330106", { displayName: "应急甲" });
  emB = await staffMember("agency_officer", "emergency_management", "330106", { displayName: "应急乙" });
  em100 = await staffMember("agency_officer", "emergency_management", "330100", { displayName: "市应急" });
  supSc106 = await staffMember("supervisor", "safety_committee", "330106", { displayName: "西湖安委办主任" });
  supEm106 = await staffMember("supervisor", "emergency_management", "330106", { displayName: "西湖应急局长" });
  await m.installJobSchema(process.env.DATABASE_URL!);
});

afterAll(async () => {
  m?.resetMailer();
  await m?.closeDb();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("replies waiting", () => {
  it("a reply after routing waits for the agency, and for the desk only if the desk asked", async () => {
    const asked = await filedTip();
    await ask(asked.id, desk106);
    await m.routeCase(desk106, asked.reference, {});
    const notAsked = await routedTip(desk106);
    for (const s of [emA, emB, desk106]) expect((await waitingRefs(s)).refs).not.toContain(asked.reference);

    await reply(asked.id);
    await reply(notAsked.id, "补充照片稍后上传。");
    const a = await waitingRefs(emA);
    expect(a.refs).toEqual(expect.arrayContaining([asked.reference, notAsked.reference]));
    expect(a.count).toBe(a.refs.length);
    const row = a.rows.find((r) => r.reference === asked.reference)!;
    expect(row).toMatchObject({ state: "assigned", withFiles: false });
    expect(row.repliedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.sector.code).toBe("hazardous_chemicals");
    expect(row.place.code).toBe("330106");
    expect((await waitingRefs(supEm106)).refs).toEqual(expect.arrayContaining([asked.reference, notAsked.reference]));
    // The desk asked on one of them: that answer is the desk's to see too (both of its officers).
    for (const s of [desk106, deskB106]) {
      const d = await waitingRefs(s);
      expect(d.refs).toContain(asked.reference);
      expect(d.refs).not.toContain(notAsked.reference);
      expect(d.count).toBe(d.refs.length);
    }
    // Marked in the agency's inbox as well.
    expect(await inboxNews(emA, asked.reference)).toBe(true);
  });

  it("opening the case empties the waiting list for everyone; the per-staff marker stays for the others", async () => {
    const tip = await routedTip(desk106);
    await reply(tip.id);
    expect((await waitingRefs(emA)).refs).toContain(tip.reference);
    const before = (await waitingRefs(emB)).count;

    await m.caseDetailsForStaff(emA, tip.reference);
    // A saw it: no more "new reply" for A, and the case leaves every waiting list (B's too).
    expect(await inboxNews(emA, tip.reference)).toBe(false);
    expect((await waitingRefs(emA)).refs).not.toContain(tip.reference);
    expect((await waitingRefs(emB)).refs).not.toContain(tip.reference);
    expect((await waitingRefs(emB)).count).toBe(before - 1);
    // B has not read it: B's own marker stays.
    expect(await inboxNews(emB, tip.reference)).toBe(true);

    // A new reply is news again, for A too; B opening it clears both.
    await reply(tip.id, "又拍到了夜间装卸的照片。");
    expect(await inboxNews(emA, tip.reference)).toBe(true);
    expect((await waitingRefs(emA)).refs).toContain(tip.reference);
    await m.caseDetailsForStaff(emB, tip.reference);
    expect((await waitingRefs(emA)).refs).not.toContain(tip.reference);
    expect(await inboxNews(emB, tip.reference)).toBe(false);
    expect(await inboxNews(emA, tip.reference)).toBe(true);
  });

  it("a tip still at the desk waits for the desk until one desk officer opens it", async () => {
    const tip = await filedTip();
    await reply(tip.id);
    expect((await waitingRefs(desk106)).refs).toContain(tip.reference);
    expect((await waitingRefs(supSc106)).refs).toContain(tip.reference);
    expect((await waitingRefs(emA)).refs).not.toContain(tip.reference);
    // The queue marks it too, per officer: B's marker goes when B opens it, A's stays.
    expect(await queueNews(desk106, tip.reference)).toBe(true);
    expect(await queueNews(deskB106, tip.reference)).toBe(true);
    await m.caseDetailsForStaff(deskB106, tip.reference);
    expect((await waitingRefs(desk106)).refs).not.toContain(tip.reference);
    expect(await queueNews(deskB106, tip.reference)).toBe(false);
    expect(await queueNews(desk106, tip.reference)).toBe(true);
  });

  it("an agency of a region the tip implicates never sees it in a list or a count", async () => {
    const tip = await filedTip({ tip: { officialsImplicated: true, implicatedLevel: "county" } });
    await ask(tip.id, desk100);
    await m.routeCase(desk100, tip.reference, {});
    const counts = new Map<StaffContext, number>();
    for (const s of [desk106, supSc106, emA, supEm106]) counts.set(s, (await waitingRefs(s)).count);
    await reply(tip.id, "区里的领导也知道这件事。");
    expect((await waitingRefs(em100)).refs).toContain(tip.reference);
    expect((await waitingRefs(desk100)).refs).toContain(tip.reference);
    for (const s of [desk106, supSc106, emA, supEm106]) {
      const w = await waitingRefs(s);
      expect(w.refs).not.toContain(tip.reference);
      expect(w.count).toBe(counts.get(s));
    }
  });
});

describe("the tipster told there is news", () => {
  const jobsFor = async (tipId: string) =>
    (await m.sqlClient()`select j.id::text as id, j.payload::text as payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'send_email' and j.payload->>'tipId' = ${tipId}`) as unknown as { id: string; payload: string; key: string | null }[];

  it("the form refuses the wish without an e-mail address, in both languages", async () => {
    const base = { submissionId: randomBytes(16).toString("base64url"), sector: "hazardous_chemicals", province: "330000", description: "储罐区可燃气体报警器被拆除，夜间仍在装卸作业。", newsByEmail: "on" };
    const refused = m.reportSchema.safeParse(base);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path[0], i.message])).toContainEqual(["newsByEmail", "errors.newsByEmail.withoutEmail"]);
    const { translator } = await import("../../app/i18n/catalogues.server");
    expect(translator("zh-CN")("errors.newsByEmail.withoutEmail")).toContain("电子邮箱");
    expect(translator("en")("errors.newsByEmail.withoutEmail")).toContain("e-mail address");
    expect(m.reportSchema.safeParse({ ...base, contactEmail: "tipster@example.net" }).success).toBe(true);
  });

  it("sends one email with nothing but the news sentence, to an opted-in tipster only, with no address in the job", async () => {
    const address = `w${randomBytes(4).toString("hex")}@example.net`;
    const optedIn = await filedTip({ tip: { contact: { email: address, newsByEmail: true } } });
    const notAskedAddress = `n${randomBytes(4).toString("hex")}@example.net`;
    const notAsked = await filedTip({ tip: { contact: { email: notAskedAddress } } });
    const noContact = await filedTip();
    for (const t of [optedIn, notAsked, noContact]) await ask(t.id, desk106);
    // A second message and a rejection the same day: still one email a day.
    await ask(optedIn.id, desk106, "还有别的情况吗？");
    await m.rejectCase(desk106, optedIn.reference, { reason: "no_facts" });

    const jobs = await jobsFor(optedIn.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).not.toContain(address);
    expect(jobs[0]!.payload).not.toContain("@");
    expect(jobs[0]!.key ?? "").not.toContain(address);
    expect(await jobsFor(notAsked.id)).toHaveLength(0);
    expect(await jobsFor(noContact.id)).toHaveLength(0);

    const stop = await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 1, pollInterval: 200, cron: false });
    try {
      await waitFor("the news email", () => received.some((mail) => JSON.stringify(mail.to).includes(address)));
      await sleep(500);
    } finally {
      await stop();
    }
    const mails = received.filter((mail) => JSON.stringify(mail.to).includes(address));
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text ?? "";
    expect(text).toContain("您的举报有新消息");
    expect(text).toContain("https://canary.example.org/status");
    // Nothing about the case: no reference, agency, sector, place or message.
    for (const secret of [optedIn.reference, "应急", "危险化学品", "西湖", "装卸", "还有别的情况"]) expect(`${mails[0]!.subject}\n${text}\n${mails[0]!.html || ""}`).not.toContain(secret);
    // The tipster who gave an address without asking gets nothing.
    expect(received.some((mail) => JSON.stringify(mail.to).includes(notAskedAddress))).toBe(false);
  });

  it("a state the tipster sees change (a rejection) queues the email too, without any message", async () => {
    const tip = await filedTip({ tip: { contact: { email: `r${randomBytes(4).toString("hex")}@example.net`, newsByEmail: true } } });
    expect(await jobsFor(tip.id)).toHaveLength(0);
    await m.rejectCase(desk106, tip.reference, { reason: "no_facts" });
    expect(await jobsFor(tip.id)).toHaveLength(1);
  });

  it("a conclusion that orders rectification is news too (the tipster's status becomes 'rectifying')", async () => {
    const tip = await acceptedCase(desk106, emA, { investigating: true, tip: { contact: { email: `c${randomBytes(4).toString("hex")}@example.net`, newsByEmail: true } } });
    expect(await jobsFor(tip.id)).toHaveLength(0);
    const { concludeCase } = await import("../../app/services/case-conclude.server");
    const { concludeSchema } = await import("../../app/forms/case");
    const { localDate, addDays } = await import("../../app/domain/working-days");
    const due = addDays(localDate(new Date(), process.env.TIME_ZONE ?? "Asia/Shanghai"), 30);
    const { state } = await concludeCase(emA, tip.reference, concludeSchema.parse({ finding: "substantiated", rectificationOrdered: "on", items: [{ action: "重新安装可燃气体报警器并联网", responsibleRole: "principal", dueOn: due }], publicSummaryZh: "经核查，企业确已拆除可燃气体报警器，已责令限期整改并复查。" }));
    expect(state).toBe("rectifying");
    expect(await jobsFor(tip.id)).toHaveLength(1);
  });

  it("sends nothing once retention has erased the contact", async () => {
    const address = `e${randomBytes(4).toString("hex")}@example.net`;
    const tip = await filedTip({ tip: { contact: { email: address, newsByEmail: true } } });
    await ask(tip.id, desk106);
    expect(await jobsFor(tip.id)).toHaveLength(1);
    await m.sqlClient()`update tips set contact_enc = null where id = ${tip.id}`;
    const stop = await m.startWorker({ connectionString: process.env.DATABASE_URL!, ...m.workerJobs(), concurrency: 1, pollInterval: 200, cron: false });
    try {
      await waitFor("the job to finish", async () => (await jobsFor(tip.id)).length === 0);
    } finally {
      await stop();
    }
    expect(received.some((mail) => JSON.stringify(mail.to).includes(address))).toBe(false);
  });
});
