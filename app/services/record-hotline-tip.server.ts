import type { HotlineChannel } from "../domain/channels";
import { can } from "../domain/permissions";
import type { HotlineForm } from "../forms/hotline";
import { AppError } from "../lib/app-error";
import type { Upload } from "../lib/multipart.server";
import type { StaffContext } from "../lib/staff-session.server";
import { fileTip, type FiledTip } from "./file-tip.server";
import { acceptUpload } from "./prepare-attachments.server";
import { TIP_FILES_FIELD, tipFromForm } from "./submit-report.server";

/**
 * A tip received by phone, letter, visit or email, recorded by a hotline operator on the
 * person's behalf: the web form's fields and checks, the same re-encoding of files (a scanned
 * letter is a PDF or an image), the same filing and routing; the channel is stored and the
 * ledger's first entry is the operator's. Nothing about the caller is stored beyond what the
 * form holds: contact details only when the caller asked to leave them. No captcha and no
 * per-address limit: the operator is signed in, and the address is the desk's.
 */
export async function recordHotlineTip(staff: Pick<StaffContext, "staffId" | "role">, input: HotlineForm, upload: Upload): Promise<FiledTip & { channel: HotlineChannel }> {
  if (!can(staff.role, "hotline.record")) throw new AppError("forbidden");
  const files = await acceptUpload(upload, TIP_FILES_FIELD);
  const filed = await fileTip({
    submissionId: input.submissionId,
    channel: input.channel,
    operatorId: staff.staffId,
    captcha: "not_required",
    files,
    tip: tipFromForm(input),
  });
  return { ...filed, channel: input.channel };
}
