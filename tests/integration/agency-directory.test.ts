import { replyErrors, replyValues, settle } from "../support/replies";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The agency directory import and export (/staff/admin/directory, docs/decisions/019), through
// the route modules with a real administrator's session, on the run's shared database: every
// agency this file adds lives in Tibet (54xxxx), which no other test uses, and every
// "deactivate the missing ones" import is built from a fresh export so nothing else is touched.
type M = {
  page: typeof import("../../app/routes/staff.admin.directory");
  exportCsv: typeof import("../../app/routes/staff.admin.directory[.csv]");
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  db: typeof import("../../app/lib/db.server").db;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  staff: typeof import("../support/staff");
};
let m: M;
type Person = { id: string; cookie: string; csrf: string };
let admin: Person;

const ORIGIN = "http://canary.test";
const HEADER = "department_type,place_code,name_zh,name_en,inbox_email,active";
const tag = () => randomBytes(3).toString("hex");

beforeAll(async () => {
  m = {
    page: await import("../../app/routes/staff.admin.directory"),
    exportCsv: await import("../../app/routes/staff.admin.directory[.csv]"),
    ...(await import("../../app/lib/db.server")),
    staff: await import("../support/staff"),
  };
  admin = await person("administrator");
  tibetanCounties = (await m.sqlClient()`select code from places where code like '54%' and level = 'county' and code not in (select place_code from agencies) order by code`).map((r) => String(r.code));
});
afterAll(async () => {
  await m?.closeDb();
});

async function person(role: "administrator" | "triage_officer", agencyId: string | null = null): Promise<Person> {
  const [row] = await m.sqlClient()`
    insert into staff_accounts (email, display_name, role, agency_id, password_hash)
    values (${`${role}-${tag()}@staff.canary.invalid`}, ${"测试 " + role}, ${role}, ${agencyId}, 'not-a-real-hash') returning id`;
  const cookie = await m.staff.signedInCookie(row!.id as string);
  const ctx = await m.staff.staffBehindCookie(cookie);
  return { id: row!.id as string, cookie, csrf: ctx.csrf };
}

/** Posts the import form as a browser does (multipart, the file as a file part). */
async function importFile(csv: string | Buffer | null, fields: { reason?: string; deactivateMissing?: boolean } = {}, who: Person = admin) {
  const form = new FormData();
  form.set("csrf", who.csrf);
  form.set("reason", fields.reason ?? "按 2026 年机构改革名单更新承办单位名录");
  if (fields.deactivateMissing) form.set("deactivateMissing", "on");
  if (csv !== null) form.set("file", new Blob([typeof csv === "string" ? csv : new Uint8Array(csv)], { type: "text/csv" }), "directory.csv");
  const request = new Request(`${ORIGIN}/staff/admin/directory`, { method: "POST", body: form, headers: { cookie: who.cookie } });
  const r = await settle(() => m.page.action({ request, params: {}, context: { clientAddress: "127.0.0.1" } }));
  return { status: r.status, location: r.headers.get("location"), data: r.data };
}

async function exportDirectory(who: Person = admin): Promise<{ status: number; text: string; bytes: Buffer; type: string | null }> {
  let r: unknown;
  try {
    r = await m.exportCsv.loader({ request: new Request(`${ORIGIN}/staff/admin/directory.csv`, { headers: { cookie: who.cookie } }), params: {}, context: { clientAddress: "127.0.0.1" } });
  } catch (e) {
    r = e;
  }
  if (!(r instanceof Response)) {
    // A refusal (403) is thrown as data() (ADR 022): its status is all it says.
    const refused = await settle(() => Promise.reject(r));
    return { status: refused.status, text: "", bytes: Buffer.alloc(0), type: null };
  }
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, text: bytes.toString("utf8"), bytes, type: r.headers.get("content-type") };
}

const agencySnapshot = async () =>
  m.sqlClient()`select id, department_type, place_code, name_zh, name_en, inbox_email, active from agencies order by department_type, place_code`;
const importEntries = async () => m.sqlClient()`select seq, actor_type, actor_id, action, details, recorded_at from ledger_entries where chain = 'admin:directory' order by seq`;
const counts = (location: string | null) => Object.fromEntries([...new URL(location ?? "/", ORIGIN).searchParams].filter(([k]) => k !== "done").map(([k, v]) => [k, Number(v)]));

/**
 * Counties of Tibet no other test gives an agency (the statistics sample adds only provinces and
 * cities): each file of this test takes two of its own, so each file's agencies are new.
 */
let tibetanCounties: string[] = [];
const county = () => tibetanCounties.shift()!;

/** Two new agencies in two Tibetan counties, one with a name a spreadsheet would run as a formula. */
function tibetFile(t: string, places = { em: county(), sc: county() }) {
  return {
    ...places,
    text: [
      HEADER,
      `emergency_management,${places.em},城关区应急管理局${t},Chengguan Emergency Management ${t},em.${t}@agencies.test.invalid,yes`,
      `safety_committee,${places.sc},"=拉萨市安委办${t}","Lhasa, Work Safety Committee Office ${t}",sc.${t}@agencies.test.invalid,yes`,
    ].join("\r\n"),
  };
}

describe("importing the agency directory", () => {
  it("adds the agencies of a valid file in one step, records one ledger entry with who and the counts, and says what it did", async () => {
    const t = tag();
    const ledgerBefore = (await importEntries()).length;
    const f = tibetFile(t);
    const r = await importFile(f.text);
    expect(r.status).toBe(303);
    expect(counts(r.location)).toEqual({ added: 2, changed: 0, deactivated: 0, unchanged: 0 });
    const rows = await m.sqlClient()`select department_type, place_code, name_zh, name_en, inbox_email, active from agencies where name_zh like ${"%" + t}`;
    expect(rows.map((x) => ({ ...x })).sort((a, b) => String(a.department_type).localeCompare(String(b.department_type)))).toEqual([
      { department_type: "emergency_management", place_code: f.em, name_zh: `城关区应急管理局${t}`, name_en: `Chengguan Emergency Management ${t}`, inbox_email: `em.${t}@agencies.test.invalid`, active: true },
      { department_type: "safety_committee", place_code: f.sc, name_zh: `=拉萨市安委办${t}`, name_en: `Lhasa, Work Safety Committee Office ${t}`, inbox_email: `sc.${t}@agencies.test.invalid`, active: true },
    ]);
    const entries = await importEntries();
    expect(entries.length).toBe(ledgerBefore + 1);
    const entry = entries.at(-1)!;
    expect(entry).toMatchObject({ actor_type: "staff", actor_id: admin.id, action: "admin.directory.imported" });
    expect(entry.details).toMatchObject({ added: 2, changed: 0, deactivated: 0, unchanged: 0, rows: 2, deactivateMissing: false, reason: "按 2026 年机构改革名单更新承办单位名录" });
    expect(Date.now() - new Date(entry.recorded_at as string).getTime()).toBeLessThan(60_000);

    // The page after the redirect says it.
    const page = (await m.page.loader({ request: new Request(ORIGIN + r.location, { headers: { cookie: admin.cookie } }), params: {}, context: { clientAddress: "127.0.0.1" } })) as { done: unknown };
    expect(page.done).toEqual({ added: 2, changed: 0, deactivated: 0, unchanged: 0 });
  });

  it("the same file imported again changes nothing and records nothing; a changed name is one change", async () => {
    const t = tag();
    const f = tibetFile(t);
    expect((await importFile(f.text)).status).toBe(303);
    const before = await agencySnapshot();
    const ledgerBefore = (await importEntries()).length;

    const again = await importFile(f.text);
    expect(again.status).toBe(303);
    expect(counts(again.location)).toEqual({ added: 0, changed: 0, deactivated: 0, unchanged: 2 });
    expect(await agencySnapshot()).toEqual(before);
    expect((await importEntries()).length).toBe(ledgerBefore);

    const renamed = await importFile(f.text.replace(`城关区应急管理局${t}`, `拉萨市城关区应急管理局${t}`).replace(",yes\r\nsafety", ",no\r\nsafety"));
    expect(counts(renamed.location)).toEqual({ added: 0, changed: 0, deactivated: 1, unchanged: 1 });
    const [row] = await m.sqlClient()`select name_zh, active from agencies where inbox_email = ${`em.${t}@agencies.test.invalid`}`;
    expect(row).toEqual({ name_zh: `拉萨市城关区应急管理局${t}`, active: false });
    expect((await importEntries()).at(-1)!.details).toMatchObject({ added: 0, changed: 0, deactivated: 1, unchanged: 1 });
  });

  it("refuses a file with one bad line: nothing is added, nothing recorded, the error named by line and column, the reason kept", async () => {
    const t = tag();
    const before = await agencySnapshot();
    const ledgerBefore = (await importEntries()).length;
    const f = tibetFile(t);
    const file = f.text + `\r\nfire_rescue,${f.em},城关区消防救援大队${t},Chengguan Fire ${t},not-an-address,yes\r\n`;
    const r = await importFile(file, { reason: "补充消防救援机构" });
    expect(r.status).toBe(400);
    expect(r.data.fileErrors).toEqual([{ line: 4, column: "inbox_email", code: "admin.directory.errors.email", value: "not-an-address" }]);
    expect(replyValues(r.data).reason).toBe("补充消防救援机构");
    expect(await agencySnapshot()).toEqual(before);
    expect((await importEntries()).length).toBe(ledgerBefore);
  });

  it("refuses a missing file, a file over 5 MB and a file that is not UTF-8, keeping what was typed", async () => {
    const none = await importFile(null, { reason: "没有选择文件的导入" });
    expect(none.status).toBe(400);
    expect(replyErrors(none.data).file).toEqual(["admin.directory.errors.fileMissing"]);
    expect(replyValues(none.data).reason).toBe("没有选择文件的导入");

    const big = await importFile(HEADER + "\r\n" + "x".repeat(5 * 1024 * 1024), { reason: "一个太大的文件" });
    expect(big.status).toBe(400);
    // The message carries the limit, for the page to say it.
    expect(replyErrors(big.data).file).toEqual([expect.stringMatching(/^admin\.directory\.errors\.fileTooLarge\|limit=\d/)]);
    expect(replyValues(big.data).reason).toBe("一个太大的文件");

    const gbk = await importFile(Buffer.from([...Buffer.from(HEADER + "\r\nsafety_committee,540000,"), 0xce, 0xf7, 0xb2, 0xd8, ...Buffer.from(",Tibet,a@b.cn,yes\r\n")]));
    expect(gbk.status).toBe(400);
    expect(gbk.data.fileErrors).toEqual([{ line: null, column: null, code: "admin.directory.errors.notUtf8" }]);
  });

  it("is for administrators only, with a valid form token", async () => {
    const [desk] = await m.sqlClient()`select id from agencies where department_type = 'safety_committee' and place_code = '330000'`;
    const triage = await person("triage_officer", desk!.id as string);
    expect((await importFile(tibetFile(tag()).text, {}, triage)).status).toBe(403);
    expect((await exportDirectory(triage)).status).toBe(403);
    expect((await importFile(tibetFile(tag()).text, {}, { ...admin, csrf: "forged" })).status).toBe(403);
  });
});

describe("exporting the agency directory", () => {
  it("round trip: the export imported again changes nothing, and exports the same bytes", async () => {
    const t = tag();
    expect((await importFile(tibetFile(t).text)).status).toBe(303);
    const first = await exportDirectory();
    expect(first.status).toBe(200);
    expect(first.type).toBe("text/csv; charset=utf-8");
    expect(first.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(first.text.slice(1).split("\r\n")[0]).toBe(HEADER);
    // The formula is written as text for spreadsheets, and read back as the name it was.
    expect(first.text).toContain(`'=拉萨市安委办${t}`);
    const agencies = Number((await m.sqlClient()`select count(*)::int as n from agencies`)[0]!.n);
    expect(first.text.trimEnd().split("\r\n").length).toBe(agencies + 1);

    const before = await agencySnapshot();
    const r = await importFile(first.bytes, { deactivateMissing: true });
    expect(r.status).toBe(303);
    expect(counts(r.location)).toEqual({ added: 0, changed: 0, deactivated: 0, unchanged: agencies });
    expect(await agencySnapshot()).toEqual(before);
    expect((await exportDirectory()).bytes.equals(first.bytes)).toBe(true);
  });

  it("deactivates the agencies missing from the file only when asked, and never one with active staff", async () => {
    const t = tag();
    const f = tibetFile(t);
    expect((await importFile(f.text)).status).toBe(303);
    const full = (await exportDirectory()).text;
    const withoutOne = full
      .split("\r\n")
      .filter((line) => !line.includes(`em.${t}@`))
      .join("\r\n");

    const kept = await importFile(withoutOne);
    expect(counts(kept.location)).toMatchObject({ added: 0, deactivated: 0 });
    const deactivated = await importFile(withoutOne, { deactivateMissing: true });
    expect(counts(deactivated.location)).toMatchObject({ added: 0, changed: 0, deactivated: 1 });
    const [row] = await m.sqlClient()`select active from agencies where inbox_email = ${`em.${t}@agencies.test.invalid`}`;
    expect(row!.active).toBe(false);
    expect((await importEntries()).at(-1)!.details).toMatchObject({ deactivated: 1, deactivateMissing: true, deactivatedAgencies: [`emergency_management:${f.em}`] });

    // The Lhasa office gets a desk officer: leaving it out of the file is refused, and so is marking it "no".
    const [office] = await m.sqlClient()`select id from agencies where inbox_email = ${`sc.${t}@agencies.test.invalid`}`;
    await person("triage_officer", office!.id as string);
    const current = (await exportDirectory()).text.split("\r\n");
    const before = await agencySnapshot();
    const missing = await importFile(current.filter((line) => !line.includes(`sc.${t}@`)).join("\r\n"), { deactivateMissing: true });
    expect(missing.status).toBe(409);
    expect(missing.data.fileErrors).toEqual([{ line: null, column: null, code: "admin.directory.errors.missingHasActiveStaff", value: `=拉萨市安委办${t} (safety_committee, ${f.sc})` }]);
    const lineNo = current.findIndex((line) => line.includes(`sc.${t}@`)) + 1;
    const markedNo = await importFile(current.map((line) => (line.includes(`sc.${t}@`) ? line.replace(/,yes$/, ",no") : line)).join("\r\n"));
    expect(markedNo.status).toBe(409);
    expect(markedNo.data.fileErrors).toEqual([{ line: lineNo, column: "active", code: "admin.directory.errors.hasActiveStaff", value: "no" }]);
    expect(await agencySnapshot()).toEqual(before);
  });
});
