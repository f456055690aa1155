import { randomBytes } from "node:crypto";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { signedInStaff, staffMember } from "../support/builders";
import { replyErrors, replyValues, settle } from "../support/replies";
import { signedInCookie, staffBehindCookie, staffContextFor } from "../support/staff";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first (see intake-flows.test.ts).
type M = {
  hotline: typeof import("../../app/routes/staff.hotline.new");
  status: typeof import("../../app/routes/status");
  triagePage: typeof import("../../app/routes/staff.triage.$reference");
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  db: typeof import("../../app/lib/db.server").db;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  triageView: typeof import("../../app/services/triage-view.server").triageView;
  routeCase: typeof import("../../app/services/triage-route.server").routeCase;
  listTriageQueue: typeof import("../../app/services/triage-queue.server").listTriageQueue;
  readTipsterAttachment: typeof import("../../app/services/read-tipster-attachment.server").readTipsterAttachment;
  publishedStatistics: typeof import("../../app/services/published-statistics.server").publishedStatistics;
  statisticsRecords: typeof import("../../app/services/statistics-download.server").statisticsRecords;
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
};
let m: M;

const ORIGIN = "http://canary.test";
const MARKER = "HOTLINE-MARKER-" + randomBytes(6).toString("hex");

// 西湖区安委办: its hotline operator and its triage officer; an agency officer of 西湖区应急管理局.
let operator: { cookie: string; csrf: string; staffId: string };
let desk: StaffContext;
let agencyOfficer: { cookie: string; csrf: string };

async function signedIn(ctx: StaffContext) {
  const cookie = await signedInCookie(ctx.staffId);
  const real = await staffBehindCookie(cookie);
  return { cookie, csrf: real.csrf, staffId: ctx.staffId };
}

beforeAll(async () => {
  m = {
    hotline: await import("../../app/routes/staff.hotline.new"),
    status: await import("../../app/routes/status"),
    triagePage: await import("../../app/routes/staff.triage.$reference"),
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/triage-view.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/triage-queue.server")),
    ...(await import("../../app/services/read-tipster-attachment.server")),
    ...(await import("../../app/services/published-statistics.server")),
    ...(await import("../../app/services/statistics-download.server")),
    ...(await import("../../app/services/file-tip.server")),
  };
  const hotline = await signedInStaff("hotline_operator", "safety_committee", "330106");
  operator = { cookie: hotline.cookie, csrf: hotline.csrf, staffId: hotline.staff.staffId };
  desk = await staffMember("triage_officer", "safety_committee", "330106");
  agencyOfficer = await signedInStaff("agency_officer", "emergency_management", "330106");
});
afterAll(async () => {
  await m?.closeDb();
});

/** What the operator types while the caller speaks: the web form's fields and the channel, no contact. */
function callFields(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    intent: "submit",
    channel: "phone",
    submissionId: randomBytes(16).toString("base64url"),
    sector: "hazardous_chemicals",
    province: "330000",
    city: "330100",
    county: "330106",
    company: "示例化工有限公司",
    address: `${MARKER} 东门北侧`,
    description: `${MARKER} 来电称储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`,
    website: "",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

type Upload = { fileName: string; type: string; bytes: Buffer };
function multipart(fields: Record<string, string>, files: Upload[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append("attachments", new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.fileName);
  return fd;
}

const postHotline = (fd: FormData, cookie?: string, csrf?: string) => {
  if (csrf !== undefined) fd.set("csrf", csrf);
  const request = new Request(`${ORIGIN}/staff/hotline/new`, { method: "POST", body: fd, headers: cookie ? { cookie } : {} });
  return settle(() => m.hotline.action({ request, context: { clientAddress: "192.0.2.10" }, params: {} }));
};
const getHotline = (cookie?: string) =>
  settle(() => m.hotline.loader({ request: new Request(`${ORIGIN}/staff/hotline/new`, { headers: cookie ? { cookie } : {} }), context: { clientAddress: "192.0.2.10" }, params: {} }));

async function tipRow(reference: string) {
  const rows = await m.sqlClient()`select id, channel, contact_enc, captcha_status from tips where reference = ${reference}`;
  expect(rows).toHaveLength(1);
  return rows[0] as { id: string; channel: string; contact_enc: Buffer | null; captcha_status: string };
}

async function tipsWithMarker(marker: string): Promise<number> {
  // The company name is stored in clear (search); the description is encrypted.
  const [row] = await m.sqlClient()`select count(*)::int as n from tips where company_name = ${marker}`;
  return (row as { n: number }).n;
}

describe("a phone tip, end to end", () => {
  it("recorded by the operator → receipt once, grouped → seen and routed by the desk with its channel → the caller signs in at /status with the receipt", async () => {
    const res = await postHotline(multipart(callFields()), operator.cookie, operator.csrf);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ kind: "filed", channel: "phone", repeated: false, statusUrl: `${ORIGIN}/status` });
    const { reference, receipt } = res.data as { reference: string; receipt: string };
    expect(reference).toMatch(/^JB\d{4}-\d{8}$/);
    expect(receipt).toMatch(/^\d{28}$/);
    const tip = await tipRow(reference);
    expect(tip.channel).toBe("phone");
    expect(tip.captcha_status).toBe("not_required");

    // The desk of 西湖区 sees it in its queue and on its page, with the channel, and routes it.
    const queue = await m.listTriageQueue(desk, { flags: [], q: reference });
    expect(queue.rows.map((r) => r.reference)).toContain(reference);
    const view = await m.triageView(desk, reference);
    expect(view.case.channel).toBe("phone");
    expect(view.content.description).toContain(MARKER);
    expect(view.suggestion.agency).toMatchObject({ departmentType: "emergency_management", placeCode: "330106" });
    await m.routeCase(desk, reference, {});
    const [routed] = await m.sqlClient()`select t.state, a.department_type, a.place_code from tips t join agencies a on a.id = t.agency_id where t.reference = ${reference}`;
    expect(routed).toMatchObject({ state: "assigned", department_type: "emergency_management", place_code: "330106" });

    // The caller, told the receipt group by group, signs in like every tipster.
    const grouped = receipt.replace(/(\d{4})(?=\d)/g, "$1 ");
    const signIn = await settle(() =>
      m.status.action({ request: new Request(`${ORIGIN}/status`, { method: "POST", body: new URLSearchParams({ intent: "sign-in", receipt: grouped }) }), context: { clientAddress: "203.0.113.41" }, params: {} }),
    );
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const page = await settle(() => m.status.loader({ request: new Request(`${ORIGIN}/status`, { headers: { cookie } }), context: { clientAddress: "203.0.113.41" }, params: {} }));
    expect(page.data.tip).toMatchObject({ reference, status: "with_agency", agency: { nameZh: expect.stringContaining("西湖区") } });
  });

  it("the operator cannot open the tip again: the triage page is refused and the form page shows no earlier tip", async () => {
    const res = await postHotline(multipart(callFields()), operator.cookie, operator.csrf);
    const reference = res.data.reference as string;
    const page = await settle(() => m.triagePage.loader({ request: new Request(`${ORIGIN}/staff/triage/${reference}`, { headers: { cookie: operator.cookie } }), context: { clientAddress: "192.0.2.10" }, params: { reference } }));
    expect(page.status).toBe(403);
    expect(JSON.stringify(page.data)).not.toContain(MARKER);
    // The form page itself shows nothing of earlier tips.
    const form = await getHotline(operator.cookie);
    expect(JSON.stringify(form.data)).not.toContain(reference);
  });
});

describe("what is stored about the caller and the operator", () => {
  it("no contact is stored when the caller leaves none; when they ask to leave it, it is (encrypted)", async () => {
    const anonymous = await postHotline(multipart(callFields()), operator.cookie, operator.csrf);
    expect((await tipRow(anonymous.data.reference)).contact_enc).toBeNull();
    const withContact = await postHotline(multipart(callFields({ contactPhone: "13912345678" })), operator.cookie, operator.csrf);
    const row = await tipRow(withContact.data.reference);
    expect(row.contact_enc).not.toBeNull();
    expect(row.contact_enc!.toString("latin1")).not.toContain("13912345678");
  });

  it("the ledger's first entry is the operator's, a staff action with its time, and carries nothing of the caller", async () => {
    const before = new Date(Math.floor(Date.now() / 1000) * 1000);
    const res = await postHotline(multipart(callFields({ channel: "letter", contactName: `${MARKER} 李四`, contactPhone: "13987654321" })), operator.cookie, operator.csrf);
    const tip = await tipRow(res.data.reference);
    const entries = await m.sqlClient()`select seq, actor_type, actor_id, action, recorded_at, details from ledger_entries where chain = ${"tip:" + tip.id} order by seq`;
    expect(entries).toHaveLength(1);
    const e = entries[0] as { actor_type: string; actor_id: string; action: string; recorded_at: Date | null; details: Record<string, unknown> };
    expect(e).toMatchObject({ actor_type: "staff", actor_id: operator.staffId, action: "tip.recorded_by_operator" });
    expect(new Date(String(e.recorded_at)).getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(Object.keys(e.details).sort()).toEqual(["attachments", "captcha", "channel", "place", "reference", "sector", "triageDueOn"]);
    expect(e.details.channel).toBe("letter");
    const text = JSON.stringify(e.details);
    for (const leak of [MARKER, "13987654321", "李四"]) expect(text).not.toContain(leak);
  });

  it("a scanned letter (PDF) is re-rendered as the web form's files are: the original's text and annotations are gone", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    page.drawText("Letter to the hotline", { x: 60, y: 760, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
    const note = doc.context.obj({ Type: "Annot", Subtype: "Text", Rect: [400, 500, 420, 520], T: PDFString.of(`${MARKER} scanner`), Contents: PDFString.of("x") });
    page.node.set(PDFName.of("Annots"), doc.context.obj([doc.context.register(note)]));
    const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
    const res = await postHotline(multipart(callFields({ channel: "letter" }), [{ fileName: "letter.pdf", type: "application/pdf", bytes: pdf }]), operator.cookie, operator.csrf);
    expect(res.data.kind).toBe("filed");
    const tip = await tipRow(res.data.reference);
    const rows = await m.sqlClient()`select id from attachments where tip_id = ${tip.id}`;
    expect(rows).toHaveLength(1);
    const file = await m.readTipsterAttachment(tip.id, rows[0]!.id as string);
    expect(file!.mediaType).toBe("application/pdf");
    const stored = file!.bytes.toString("latin1");
    for (const leak of [MARKER, "/Annots", "Helvetica", "Letter to the hotline"]) expect(stored.includes(leak), leak).toBe(false);
  });
});

describe("the operator's form", () => {
  it("without a channel, or with one that only machines use, is refused naming the channel and keeps everything typed", async () => {
    for (const channel of [undefined, "web", "open311"]) {
      const fields = callFields({ channel, company: `${MARKER}-no-channel` });
      const res = await postHotline(multipart(fields), operator.cookie, operator.csrf);
      expect(res.status).toBe(400);
      expect(res.data.intent).toBe("hotline");
      expect(replyErrors(res.data).channel).toEqual(["errors.channel.required"]);
      expect(replyValues(res.data).description).toBe(fields.description);
      expect(replyValues(res.data).csrf).toBeUndefined();
    }
    expect(await tipsWithMarker(`${MARKER}-no-channel`)).toBe(0);
  });

  it("a retried POST of the same form shows the same receipt and files one tip", async () => {
    const fields = callFields({ company: `${MARKER}-retry` });
    const first = await postHotline(multipart(fields), operator.cookie, operator.csrf);
    const again = await postHotline(multipart(fields), operator.cookie, operator.csrf);
    expect(again.data).toMatchObject({ kind: "filed", reference: first.data.reference, receipt: first.data.receipt, repeated: true });
    expect(await tipsWithMarker(`${MARKER}-retry`)).toBe(1);
  });
});

describe("who may use the operator's page", () => {
  it("nobody signed in (a tipster, anyone) is sent to the staff sign-in, and nothing is filed", async () => {
    const company = `${MARKER}-anonymous`;
    expect((await getHotline()).status).toBe(303);
    const res = await postHotline(multipart(callFields({ company })));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/staff\/login/);
    // A tipster's /status session is not a staff session either.
    const signIn = await settle(() =>
      m.status.action({ request: new Request(`${ORIGIN}/status`, { method: "POST", body: new URLSearchParams({ intent: "sign-in", receipt: "0".repeat(28) }) }), context: { clientAddress: "203.0.113.42" }, params: {} }),
    );
    const tipsterCookie = signIn.headers.get("set-cookie")?.split(";")[0];
    expect((await postHotline(multipart(callFields({ company })), tipsterCookie ?? "__tipster=x")).status).toBe(303);
    expect(await tipsWithMarker(company)).toBe(0);
  });

  it.each(["agency_officer", "supervisor", "administrator", "auditor"] as const)("a %s gets 403 on the page and its action, and nothing is filed", async (role) => {
    const company = `${MARKER}-${role}`;
    const who =
      role === "agency_officer"
        ? agencyOfficer
        : await signedIn(
            await staffContextFor(m.db(), role === "supervisor" ? { role, departmentType: "emergency_management", placeCode: "330106" } : { role, departmentType: "safety_committee", placeCode: "330106" }),
          );
    expect((await getHotline(who.cookie)).status).toBe(403);
    expect((await postHotline(multipart(callFields({ company })), who.cookie, who.csrf)).status).toBe(403);
    expect(await tipsWithMarker(company)).toBe(0);
  });

  it("the operator's form without its CSRF token is refused", async () => {
    const company = `${MARKER}-csrf`;
    expect((await postHotline(multipart(callFields({ company })), operator.cookie, "forged")).status).toBe(403);
    expect(await tipsWithMarker(company)).toBe(0);
  });

  it("a triage officer may record a tip too (the desk takes calls)", async () => {
    const officer = await signedIn(desk);
    const res = await postHotline(multipart(callFields({ channel: "visit" })), officer.cookie, officer.csrf);
    expect(res.data).toMatchObject({ kind: "filed", channel: "visit" });
  });
});

describe("statistics by channel", () => {
  it("/stats has a row for every channel, counted from the rollups, suppressed like every table (1–4 never shown); the download carries it", async () => {
    // A visit recorded now: the country's visit row counts it at once (the rollups move in the filing's transaction).
    await postHotline(multipart(callFields({ channel: "visit" })), operator.cookie, operator.csrf);
    // And enough web tips for the web row to be shown as a number.
    for (let i = 0; i < 8; i++) {
      await m.fileTip({
        submissionId: randomBytes(16).toString("base64url"),
        channel: "web",
        captcha: "verified",
        files: [],
        tip: { sectorCode: "hazardous_chemicals", placeCode: "330106", content: { description: `${MARKER} web tip ${i} for the channel table` }, majorHazard: false, concealedAccident: false, officialsImplicated: false, tipsterWorksThere: false },
      });
    }
    const page = (await m.publishedStatistics({ place: "000000", window: 0, fresh: true }))!;
    expect(page.channels.map((c) => c.key)).toEqual(["web", "open311", "phone", "letter", "visit", "email"]);
    const counts = await m.sqlClient()<{ channel: string; n: number }[]>`
      select channel, count(*)::int as n from tips
      where submitted_on >= ${page.period.from + "-01"}::date and submitted_on < (${page.period.to + "-01"}::date + interval '1 month')
      group by channel`;
    const actual = new Map(counts.map((r) => [r.channel, r.n]));
    expect(actual.get("visit") ?? 0).toBeGreaterThan(0);
    expect(page.channels.find((c) => c.key === "web")!.figures.received).toEqual({ kind: "value", value: actual.get("web") });
    for (const row of page.channels) {
      const n = actual.get(row.key) ?? 0;
      const shown = row.figures.received;
      if (shown.kind === "value") expect(shown.value, row.key).toBe(n);
      if (n >= 1 && n <= 4) expect(shown.kind, `${row.key}: ${n} tips`).toBe("suppressed");
    }
    // The rows add up to the received total whenever every row is shown.
    if (page.channels.every((c) => c.figures.received.kind === "value") && page.headline.received.kind === "value") {
      expect(page.channels.reduce((a, c) => a + (c.figures.received.kind === "value" ? c.figures.received.value : 0), 0)).toBe(page.headline.received.value);
    }
    const records = m.statisticsRecords(page, "channel");
    expect(records.map((r) => [r.key, r.name_zh, r.name_en])).toEqual([
      ["web", "网站", "Web form"],
      ["open311", "Open311 接口", "Open311"],
      ["phone", "电话", "Phone"],
      ["letter", "来信", "Letter"],
      ["visit", "来访", "Visit"],
      ["email", "电子邮件", "Email"],
    ]);
  });
});
