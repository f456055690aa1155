import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { SECTOR_NOTICE_PARAM } from "~/components/sector-suggestion";
import { useTextSectorSchema } from "~/forms/sector-keywords";
import { isAppError } from "~/lib/app-error";
import { readForm } from "~/lib/request-body.server";
import { refusal, seeOther } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { correctSectorFromText } from "~/services/triage-correct-sector-from-text.server";

/** "Use this sector" from the triage page's sector suggestion: one POST, back to the tip (303). */
const back = (reference: string, outcome: "done" | "stale" | "state") => seeOther(`/staff/triage/${encodeURIComponent(reference)}?${SECTOR_NOTICE_PARAM}=${outcome}#notice`);

export async function loader({ params }: LoaderFunctionArgs) {
  return seeOther(`/staff/triage/${encodeURIComponent(params.reference ?? "")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const parsed = useTextSectorSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return back(reference, "stale");
  try {
    await correctSectorFromText(staff, reference, parsed.data);
    return back(reference, "done");
  } catch (e) {
    // Someone changed the sector or decided the tip meanwhile: say so on the tip's page.
    if (isAppError(e) && e.code === "conflict") return back(reference, e.messageKey === "errors.transition.stale" ? "stale" : "state");
    if (isAppError(e)) throw refusal(e);
    throw e;
  }
}

export default function SectorFromText() {
  return null;
}

export { RouteErrorBoundary as ErrorBoundary };
