/**
 * Builders for the common set-ups of integration tests: a staff member of an agency, a filed tip,
 * a routed tip, an accepted case, a closed case with an outcome. Each goes through the real
 * services (the same rules, ledger entries and deadlines as the app), so a test that needs a case
 * in some state gets one the app could have produced.
 *
 * App modules are imported at call time: tests/support/env.ts, or a file that switches to a
 * database of its own, must have set DATABASE_URL first.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import type { SanitisedAttachment } from "../../app/lib/attachments.server";
import type { StaffContext } from "../../app/lib/staff-session.server";
import type { ConcludeInput } from "../../app/forms/case";
import type { FiledTip, fileTip, Intake, NewTip } from "../../app/services/file-tip.server";
import { signedInCookie, staffBehindCookie, staffContextFor, type StaffSpec } from "./staff";

const app = async () => ({
  ...(await import("../../app/lib/db.server")),
  ...(await import("../../app/services/file-tip.server")),
  ...(await import("../../app/services/triage-route.server")),
  ...(await import("../../app/services/agency-accept.server")),
  ...(await import("../../app/services/case-start-investigation.server")),
  ...(await import("../../app/services/case-conclude.server")),
  ...(await import("../../app/services/case-verify-rectification.server")),
  ...(await import("../../app/services/case-close.server")),
  ...(await import("../../app/forms/case")),
});

// ------------------------------------------------------------------ staff

/** An active staff member of the agency `departmentType`@`placeCode` with `role`, for calling services. */
export async function staffMember(role: StaffSpec["role"], departmentType: string, placeCode: string, o: { displayName?: string } = {}): Promise<StaffContext> {
  const { db } = await app();
  return staffContextFor(db(), { role, departmentType, placeCode, displayName: o.displayName });
}

/**
 * A staff member signed in (password and second factor done): the `Cookie` header value, the
 * session's csrf token and the StaffContext `requireStaff` builds from the cookie.
 */
export async function signedInStaff(
  role: StaffSpec["role"],
  departmentType: string,
  placeCode: string,
  o: { displayName?: string } = {},
): Promise<{ staff: StaffContext; cookie: string; csrf: string }> {
  const member = await staffMember(role, departmentType, placeCode, o);
  const cookie = await signedInCookie(member.staffId);
  const staff = await staffBehindCookie(cookie);
  return { staff, cookie, csrf: staff.csrf };
}

// ------------------------------------------------------------------ tips and cases

/** The tip a test files when it does not care: a hazardous-chemicals tip in 西湖区 (330106). */
export const DEFAULT_TIP: NewTip = {
  sectorCode: "hazardous_chemicals",
  placeCode: "330106",
  content: { description: "储罐区可燃气体报警器被拆除，夜间仍在装卸作业。", address: "工业园东门北侧" },
  majorHazard: false,
  concealedAccident: false,
  officialsImplicated: false,
  tipsterWorksThere: false,
};

export type TipOptions = {
  /** Fields of the tip that differ from DEFAULT_TIP. */
  tip?: Partial<NewTip>;
  files?: SanitisedAttachment[];
  submissionId?: string;
  captcha?: Parameters<typeof fileTip>[0]["captcha"];
  now?: Date;
} & ({ channel?: "web" | "open311"; operatorId?: undefined } | Exclude<Intake, { channel: "web" | "open311" }>);

export type BuiltTip = FiledTip & { id: string };

/** A tip filed as the public does (fileTip), with its row id. */
export async function filedTip(o: TipOptions = {}): Promise<BuiltTip> {
  const m = await app();
  const intake: Intake = o.operatorId ? ({ channel: o.channel, operatorId: o.operatorId } as Intake) : { channel: (o.channel as "web" | "open311" | undefined) ?? "web" };
  const filed = await m.fileTip({
    tip: { ...DEFAULT_TIP, ...o.tip },
    files: o.files ?? [],
    submissionId: o.submissionId ?? randomBytes(16).toString("base64url"),
    captcha: o.captcha ?? "not_required",
    now: o.now,
    ...intake,
  });
  const [row] = await m.sqlClient()`select id::text as id from tips where reference = ${filed.reference}`;
  return { ...filed, id: row!.id as string };
}

export type RouteOptions = TipOptions & {
  /** Another agency than the default routing's (then with the desk's reason). */
  route?: { agencyId?: string; reason?: string };
};

/** A tip filed, then routed by `desk` (a triage officer whose desk covers the tip's place). */
export async function routedTip(desk: StaffContext, o: RouteOptions = {}): Promise<BuiltTip> {
  const m = await app();
  const tip = await filedTip(o);
  await m.routeCase(desk, tip.reference, { ...o.route, now: o.now });
  return tip;
}

export type CaseOptions = RouteOptions & {
  /** Also start the investigation. */
  investigating?: boolean;
};

/**
 * A tip routed by `desk` (by the routing rules, or to `route.agencyId`) and accepted by `officer`,
 * whose agency it must reach; optionally under investigation.
 */
export async function acceptedCase(desk: StaffContext, officer: StaffContext, o: CaseOptions = {}): Promise<BuiltTip> {
  const m = await app();
  const tip = await routedTip(desk, o);
  await m.acceptCase(officer, tip.reference, o.now);
  if (o.investigating) await m.startInvestigation(officer, tip.reference, { now: o.now });
  return tip;
}

/** The conclusion fields as the form posts them (checkboxes "on", numbers as text). */
export type ConclusionFields = Record<string, string>;

export const DEFAULT_SUMMARY = "经核查，该企业储罐区可燃气体报警器确被拆除，执法部门已责令限期整改并依法处以罚款。";

/**
 * A case investigated by `officer`, concluded with `conclusion` (parsed by the form's schema;
 * default: unsubstantiated) and closed. A conclusion that orders rectification is verified first.
 */
export async function closedCase(desk: StaffContext, officer: StaffContext, o: CaseOptions & { conclusion?: ConclusionFields } = {}): Promise<BuiltTip> {
  const m = await app();
  const tip = await acceptedCase(desk, officer, { ...o, investigating: true });
  const input: ConcludeInput = m.concludeSchema.parse({ finding: "unsubstantiated", publicSummaryZh: DEFAULT_SUMMARY, ...o.conclusion });
  const { state } = await m.concludeCase(officer, tip.reference, input, { now: o.now });
  if (state === "rectifying") {
    // Verification needs evidence: a small photo, as the form uploads it.
    const photo = await sharp({ create: { width: 16, height: 12, channels: 3, background: "#3366cc" } }).png().toBuffer();
    await m.verifyRectification(officer, tip.reference, { note: "现场复查：报警器已重新安装并联网。", evidence: { files: [photo] }, now: o.now });
  }
  await m.closeCase(officer, tip.reference, { now: o.now });
  return tip;
}
