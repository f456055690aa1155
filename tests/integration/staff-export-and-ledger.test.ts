import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { routedTip as builtRoutedTip, staffMember } from "../support/builders";
import { signedInCookie, staffBehindCookie, staffContextFor } from "../support/staff";

let m: typeof import("../../app/lib/db.server") &
  typeof import("../../app/services/file-tip.server") &
  typeof import("../../app/services/triage-route.server") & {
    exportRoute: typeof import("../../app/routes/staff.cases[.csv]");
    ledgerRoute: typeof import("../../app/routes/staff.ledger");
  };
let desk: StaffContext;
let em106: StaffContext;
let em108: StaffContext;

beforeAll(async () => {
  m = {
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/services/triage-route.server")),
    exportRoute: await import("../../app/routes/staff.cases[.csv]"),
    ledgerRoute: await import("../../app/routes/staff.ledger"),
  };
  desk = await staffMember("triage_officer", "safety_committee", "330000");
  em106 = await staffMember("agency_officer", "emergency_management", "330106");
  em108 = await staffMember("agency_officer", "emergency_management", "330108");
});
afterAll(async () => m.closeDb());

async function routedTip(placeCode: string, company: string) {
  const routed = await builtRoutedTip(desk, { tip: { placeCode, companyName: company, content: { description: "导出测试：储罐区报警器拆除，夜间仍在装卸作业。" } } });
  return routed.reference;
}

async function exportAs(staff: StaffContext) {
  const cookie = await signedInCookie(staff.staffId);
  const res = (await m.exportRoute.loader({ request: new Request("http://canary.test/staff/cases.csv", { headers: { cookie } }), params: {}, context: { clientAddress: "127.0.0.1" } })) as Response;
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("staff CSV export", () => {
  it("holds the officer's own cases and none of another agency's", async () => {
    const mine = await routedTip("330106", "导出测试西湖化工有限公司");
    const theirs = await routedTip("330108", "导出测试滨江化工有限公司");
    const a = await exportAs(em106);
    expect(a.status).toBe(200);
    expect(a.type).toContain("text/csv");
    expect(a.text.split("\n")[0]).toContain("reference,state,submitted_on");
    expect(a.text).toContain(mine);
    expect(a.text).not.toContain(theirs);
    const b = await exportAs(em108);
    expect(b.text).toContain(theirs);
    expect(b.text).not.toContain(mine);
  });

  it("leaves out a case implicating the exporter's region; the supervisor above it still exports it", async () => {
    const implicated = await routedTip("330106", "导出测试保护伞化工有限公司");
    const plain = await routedTip("330106", "导出测试普通化工有限公司");
    // Officials of 西湖区 implicated after the case reached the county bureau (an implication change).
    await m.sqlClient()`update tips set officials_implicated = true, implicated_place_code = '330106' where reference = ${implicated}`;
    const inside = await exportAs(em106);
    expect(inside.text).toContain(plain);
    expect(inside.text).not.toContain(implicated);
    const cityInside = await exportAs(await staffContextFor(m.db(), { role: "supervisor", departmentType: "emergency_management", placeCode: "330100" }));
    expect(cityInside.text).toContain(implicated);
    // Implicated at city level: the city supervisor is inside the region too; the province one is not.
    await m.sqlClient()`update tips set implicated_place_code = '330100' where reference = ${implicated}`;
    expect((await exportAs(await staffContextFor(m.db(), { role: "supervisor", departmentType: "emergency_management", placeCode: "330100" }))).text).not.toContain(implicated);
    expect((await exportAs(await staffContextFor(m.db(), { role: "supervisor", departmentType: "emergency_management", placeCode: "330000" }))).text).toContain(implicated);
  });
});

describe("the auditor's ledger page", () => {
  it("verifies the ledger for an auditor and is refused to others", async () => {
    const auditor = await staffContextFor(m.db(), { role: "auditor", departmentType: "safety_committee", placeCode: "330000" });
    const cookie = await signedInCookie(auditor.staffId);
    const ctx = await staffBehindCookie(cookie);
    const form = new URLSearchParams({ csrf: ctx.csrf });
    const result = (await m.ledgerRoute.action({
      request: new Request("http://canary.test/staff/ledger", { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: form }),
      params: {},
      context: { clientAddress: "127.0.0.1" },
    })) as { problem: unknown; entries: number };
    expect(result.problem).toBeNull();
    expect(result.entries).toBeGreaterThan(0);

    const officerCookie = await signedInCookie(em106.staffId);
    await expect(m.ledgerRoute.loader({ request: new Request("http://canary.test/staff/ledger", { headers: { cookie: officerCookie } }), params: {}, context: { clientAddress: "127.0.0.1" } })).rejects.toMatchObject({ init: { status: 403 } });
  });
});
