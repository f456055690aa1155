import { can } from "../domain/permissions";
import type { HotlineChannel } from "../domain/channels";
import { hotlineChannelSchema } from "../forms/hotline";
import { fieldErrors, reportSchema, type FieldErrors } from "../forms/report";
import { formValues, type ParsedForm } from "../lib/multipart.server";
import type { StaffContext } from "../lib/staff-session.server";
import { UserFacingError } from "./errors";
import { fileTip, type FiledTip } from "./file-tip.server";
import { prepareAttachments } from "./prepare-attachments.server";
import { problemCode, tipFromForm } from "./submit-report.server";

export type RecordHotlineTipResult =
  | { ok: true; filed: FiledTip; channel: HotlineChannel }
  | { ok: false; errors: FieldErrors; values: Record<string, string>; status: number };

/**
 * A tip received by phone, letter, visit or email, recorded by a hotline operator on the
 * person's behalf: the web form's fields and checks, the same re-encoding of files (a scanned
 * letter is a PDF or an image), the same filing and routing; the channel is stored and the
 * ledger's first entry is the operator's. Nothing about the caller is stored beyond what the
 * form holds: contact details only when the caller asked to leave them. No captcha and no
 * per-address limit: the operator is signed in, and the address is the desk's.
 */
export async function recordHotlineTip(staff: Pick<StaffContext, "staffId" | "role">, form: ParsedForm): Promise<RecordHotlineTipResult> {
  if (!can(staff.role, "hotline.record")) throw new Response("Forbidden", { status: 403 });
  const values = formValues(form.fields);
  delete values.csrf;
  const tip = reportSchema.safeParse(values);
  const channel = hotlineChannelSchema.safeParse(values);
  const errors: FieldErrors = {
    ...(channel.success ? {} : fieldErrors(channel.error)),
    ...(tip.success ? {} : fieldErrors(tip.error)),
  };
  if (form.problem) errors.attachments = [problemCode(form.problem)];
  if (!tip.success || !channel.success || form.problem) return { ok: false, errors, values, status: 400 };

  const prepared = await prepareAttachments(form.files);
  if (!prepared.ok) return { ok: false, errors: { attachments: [problemCode(prepared.problem)] }, values, status: 400 };
  try {
    const filed = await fileTip({
      submissionId: tip.data.submissionId,
      channel: channel.data.channel,
      operatorId: staff.staffId,
      captcha: "not_required",
      files: prepared.files,
      tip: tipFromForm(tip.data),
    });
    return { ok: true, filed, channel: channel.data.channel };
  } catch (e) {
    if (e instanceof UserFacingError) return { ok: false, errors: { [e.field ?? "form"]: [e.code] }, values, status: e.status };
    throw e;
  }
}
