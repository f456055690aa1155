import { eq } from "drizzle-orm";
import { db } from "../../app/lib/db.server";
import { fileTip } from "../../app/services/file-tip.server";
import { postTipMessage } from "../../app/services/post-tip-message.server";
import { staffAccounts, tipMessages, tips } from "../schema/index";
import { seedCountryDirectory, seedDemoAgencies, seedReference } from "./index";

/** A fixed submission id: the demo tip's receipt is derived from it, so a re-run prints the same one. */
const DEMO_SUBMISSION_ID = "canary-demo-tip-000000000000000001";

export type DemoLogins = {
  tipster: { reference: string; receipt: string | null };
  /** Agencies of the demo province (Zhejiang's whole tree). */
  agencies: number;
  /** The reference directory above it: national agencies, and those of the 31 provinces. */
  directory: { national: number; provincial: number };
};

/** Reference data, the directory (national, provinces, Zhejiang's tree), a demo desk account, and one demo tip with a question from the desk. */
export async function seedDemo(): Promise<DemoLogins> {
  await seedReference(db());
  const agencies = await seedDemoAgencies(db());
  const directory = await seedCountryDirectory(db());
  await db()
    .insert(staffAccounts)
    .values({ email: "triage@demo.canary.invalid", displayName: "演示受理员 Demo triage officer", role: "triage_officer" })
    .onConflictDoNothing();
  const [desk] = await db().select().from(staffAccounts).where(eq(staffAccounts.email, "triage@demo.canary.invalid"));

  const filed = await fileTip({
    submissionId: DEMO_SUBMISSION_ID,
    channel: "web",
    captcha: "not_required",
    files: [],
    tip: {
      sectorCode: "hazardous_chemicals",
      placeCode: "330106",
      companyName: "示例化工有限公司（演示）",
      content: {
        description: "【演示数据】厂区东侧储罐区的可燃气体报警器已拆除两个多月，夜间仍在进行装卸作业，附近有居民楼。",
        address: "西湖区某工业园东门北侧",
      },
      majorHazard: true,
      concealedAccident: false,
      officialsImplicated: false,
      tipsterWorksThere: false,
    },
  });
  const [tip] = await db().select({ id: tips.id }).from(tips).where(eq(tips.reference, filed.reference));
  const existing = await db().select({ id: tipMessages.id }).from(tipMessages).where(eq(tipMessages.tipId, tip!.id));
  if (existing.length === 0 && desk) {
    await postTipMessage({
      tipId: tip!.id,
      author: { type: "staff", staffId: desk.id },
      body: "您好，请问报警器拆除大约是从哪一天开始的？夜间装卸一般在几点？（演示消息 / demo message）",
    });
  }
  return { tipster: { reference: filed.reference, receipt: filed.receipt }, agencies, directory };
}
