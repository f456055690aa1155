import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Services = {
  fileTip: typeof import("../../app/services/file-tip.server").fileTip;
  db: typeof import("../../app/lib/db.server").db;
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  findTipByReceipt: typeof import("../../app/services/sign-in-with-receipt.server").findTipByReceipt;
  getTipForTipster: typeof import("../../app/services/get-tip-for-tipster.server").getTipForTipster;
};
let s: Services;

beforeAll(async () => {
  s = {
    ...(await import("../../app/services/file-tip.server")),
    ...(await import("../../app/lib/db.server")),
    ...(await import("../../app/services/sign-in-with-receipt.server")),
    ...(await import("../../app/services/get-tip-for-tipster.server")),
  };
});
afterAll(async () => s.closeDb());

const MARKER = "PLAINTEXT-MARKER-" + randomBytes(6).toString("hex");

function newTip(description = `${MARKER} 储罐区可燃气体报警器被拆除，夜间仍在装卸作业。`) {
  return {
    sectorCode: "hazardous_chemicals",
    placeCode: "330106",
    companyName: "示例化工有限公司",
    content: { description, address: `${MARKER} 东门北侧` },
    contact: { name: `${MARKER} 张三`, phone: "13800000000" },
    majorHazard: true,
    concealedAccident: false,
    officialsImplicated: false,
    tipsterWorksThere: true,
  };
}

describe("filing a tip", () => {
  it("stores the tip text and contact details encrypted: no plaintext in any raw row", async () => {
    const filed = await s.fileTip({ tip: newTip(), files: [], submissionId: randomBytes(16).toString("base64url"), channel: "web", captcha: "not_required" });
    expect(filed.receipt).toMatch(/^\d{28}$/);
    const dump = await s.sqlClient().unsafe(`select t::text as row from tips t union all select l::text from ledger_entries l`);
    const text = dump.map((r) => String(r.row)).join("\n");
    expect(text).toContain(filed.reference);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(filed.receipt!);
    expect(text).not.toContain("13800000000");
  });

  it("a retried submission of the same form gives the same tip and the same receipt", async () => {
    const submissionId = randomBytes(16).toString("base64url");
    const first = await s.fileTip({ tip: newTip(), files: [], submissionId, channel: "web", captcha: "verified" });
    const again = await Promise.all([1, 2, 3].map(() => s.fileTip({ tip: newTip(), files: [], submissionId, channel: "web", captcha: "verified" })));
    for (const r of again) {
      expect(r.reference).toBe(first.reference);
      expect(r.receipt).toBe(first.receipt);
      expect(r.repeated).toBe(true);
    }
    const rows = await s.sqlClient()`select count(*)::int as n from tips where reference = ${first.reference}`;
    expect(rows[0]!.n).toBe(1);
  });

  it("signs in with the receipt and shows the tip as filed, decrypted", async () => {
    const filed = await s.fileTip({ tip: newTip(), files: [], submissionId: randomBytes(16).toString("base64url"), channel: "web", captcha: "not_required" });
    const found = await s.findTipByReceipt(filed.receipt!.replace(/(\d{4})/g, "$1 "));
    expect(found).not.toBeNull();
    const view = await s.getTipForTipster(found!.tipId);
    expect(view!.reference).toBe(filed.reference);
    expect(view!.content.description).toContain(MARKER);
    expect(view!.status).toBe("received");
    expect(view!.dueOn).not.toBeNull();
    expect(await s.findTipByReceipt("1".repeat(28))).toBeNull();
  });

  it("records no time of day for the tipster: the ledger entry has a date only", async () => {
    const filed = await s.fileTip({ tip: newTip(), files: [], submissionId: randomBytes(16).toString("base64url"), channel: "web", captcha: "not_required" });
    const rows = await s.sqlClient()`
      select l.recorded_on::text, l.recorded_at, l.actor_type from ledger_entries l
      join tips t on l.chain = 'tip:' || t.id where t.reference = ${filed.reference}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.recorded_at).toBeNull();
    expect(rows[0]!.actor_type).toBe("tipster");
  });
});
