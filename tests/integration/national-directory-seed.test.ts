import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";

// The demo's seed (db/seed/demo.ts, db/seed/demo-staff.ts) on a database of its own: the whole
// reference directory would change what the other tests of the run's shared database route to.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
type M = {
  seedDemo: typeof import("../../db/seed/demo").seedDemo;
  seedDemoStaff: typeof import("../../db/seed/demo-staff").seedDemoStaff;
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  reference: typeof import("../../db/seed/reference-data");
  updateAgency: typeof import("../../app/services/admin-update-agency.server").updateAgency;
};
let m: M;
const saved = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url; // before any app module opens the database
  m = {
    ...(await import("../../db/seed/demo")),
    ...(await import("../../db/seed/demo-staff")),
    ...(await import("../../app/lib/db.server")),
    reference: await import("../../db/seed/reference-data"),
    ...(await import("../../app/services/admin-update-agency.server")),
  };
});
afterAll(async () => {
  await m?.closeDb();
  await database?.drop();
  process.env.DATABASE_URL = saved;
});

describe("the demo's reference directory", () => {
  it("seeds the country, the national agencies, all 31 provinces' desks and departments, Zhejiang's tree and a national desk login; again, nothing more", { timeout: 120_000 }, async () => {
    const first = await m.seedDemo();
    const staff = await m.seedDemoStaff();
    const sql = m.sqlClient();

    const [country] = await sql`select code, parent_code, level, name_zh, name_en from places where code = '000000'`;
    expect({ ...country }).toEqual({ code: "000000", parent_code: null, level: "country", name_zh: "全国", name_en: "China (national level)" });

    const national = await sql`select department_type, name_zh, active from agencies where place_code = '000000' order by department_type`;
    expect(national.map((r) => r.name_zh).sort()).toEqual(
      [
        "应急管理部", "生态环境部", "国家矿山安全监察局", "住房和城乡建设部", "公安部交通管理局", "交通运输部", "国家铁路局", "国家能源局",
        "工业和信息化部", "自然资源部", "国家消防救援局", "国家市场监督管理总局", "教育部", "文化和旅游部", "国务院安委会办公室",
      ].sort(),
    );
    expect(national.find((r) => r.department_type === "safety_committee")!.name_zh).toBe("国务院安委会办公室");
    expect(national.map((r) => r.department_type).sort()).toEqual(m.reference.DEPARTMENT_TYPES.map((t) => t.code).sort());
    expect(national.every((r) => r.active)).toBe(true);

    // Every province: its safety-committee office (the provincial desk) and every department type.
    const provincial = await sql`
      select p.code, count(a.id)::int as agencies, count(a.id) filter (where a.department_type = 'safety_committee')::int as desks
      from places p left join agencies a on a.place_code = p.code and a.active
      where p.level = 'province' group by p.code order by p.code`;
    expect(provincial).toHaveLength(31);
    for (const p of provincial) expect({ code: p.code, agencies: p.agencies, desks: p.desks }).toEqual({ code: p.code, agencies: m.reference.DEPARTMENT_TYPES.length, desks: 1 });
    const [hunan] = await sql`select name_zh, name_en from agencies where department_type = 'safety_committee' and place_code = '430000'`;
    expect({ ...hunan }).toEqual({ name_zh: "湖南省安全生产委员会办公室", name_en: "Hunan Province Work Safety Committee Office" });
    expect(first.directory).toEqual({ national: 15, provincial: 31 * 15 });

    // Zhejiang keeps its whole tree (province, cities, Hangzhou's districts) and its accounts.
    expect(first.agencies).toBeGreaterThanOrEqual(351);
    const zhejiang = Number((await sql`select count(*)::int as n from agencies where place_code like '33%'`)[0]!.n);
    expect(zhejiang).toBe(first.agencies);

    // The national desk login, printed by the demo beside the others.
    const desk = staff.find((s) => s.email === "national-desk@demo.canary.invalid")!;
    expect(desk).toMatchObject({ role: "triage_officer", agencyName: "国务院安委会办公室" });
    expect(desk.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    const [account] = await sql`
      select s.active, s.totp_enrolled_at is not null as enrolled, a.department_type, a.place_code
      from staff_accounts s join agencies a on a.id = s.agency_id where s.email = 'national-desk@demo.canary.invalid'`;
    expect({ ...account }).toEqual({ active: true, enrolled: true, department_type: "safety_committee", place_code: "000000" });
    expect(staff.filter((s) => s.agencyName?.includes("浙江省") || s.agencyName?.includes("杭州") || s.agencyName?.includes("西湖")).map((s) => s.role).sort()).toEqual([
      "agency_officer",
      "agency_officer",
      "hotline_operator",
      "supervisor",
      "supervisor",
      "supervisor",
      "triage_officer",
    ]);

    // Idempotent: a second run adds nothing.
    const before = await sql`select (select count(*) from agencies)::int as agencies, (select count(*) from places)::int as places, (select count(*) from staff_accounts)::int as staff`;
    const second = await m.seedDemo();
    const again = await m.seedDemoStaff();
    expect(second.directory).toEqual(first.directory);
    expect(again.map((s) => [s.email, s.totpSecret])).toEqual(staff.map((s) => [s.email, s.totpSecret]));
    const after = await sql`select (select count(*) from agencies)::int as agencies, (select count(*) from places)::int as places, (select count(*) from staff_accounts)::int as staff`;
    expect(after).toEqual(before);
  });

  it("the national mine-safety administration (a provincial-only type) can be edited on its page like any agency", async () => {
    const sql = m.sqlClient();
    const [mine] = await sql`select id, name_zh, name_en, inbox_email from agencies where department_type = 'mine_safety' and place_code = '000000'`;
    const [admin] = await sql`select id from staff_accounts where email = 'admin@demo.canary.invalid'`;
    const r = await m.updateAgency({ staffId: admin!.id as string }, mine!.id as string, {
      nameZh: mine!.name_zh as string,
      nameEn: mine!.name_en as string,
      departmentType: "mine_safety",
      placeCode: "000000",
      inboxEmail: "inbox@chinamine-safety.gov.cn.invalid",
      active: true,
      reason: "更新国家矿山安全监察局的收件邮箱",
    });
    expect(r).toEqual({ changed: ["inboxEmail"] });
  });
});
