import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOutSchema } from "~/forms/staff-auth";
import { readForm } from "~/lib/request-body.server";
import { submitForm } from "~/lib/route-edge.server";
import { clearedStaffCookie, requireStaff, verifyStaffCsrf } from "~/lib/staff-session.server";
import { signOutStaff } from "~/services/sign-out-staff.server";

/**
 * POST only (the staff frame's buttons): `scope` = this | everywhere, with the session's csrf.
 * A stale form (csrf missing or wrong) gets 403 and changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const form = await readForm(request, "shortForm");
  verifyStaffCsrf(staff, form);
  return submitForm(
    form,
    signOutSchema,
    async ({ scope }) => {
      await signOutStaff(staff, scope);
      return redirect(`/staff/login?signedOut=${scope}`, { headers: { "Set-Cookie": clearedStaffCookie(), "Cache-Control": "no-store" } });
    },
    { intent: "sign-out", headers: { "Cache-Control": "no-store" } },
  );
}

/** Signing out by GET (a link, a prefetch) is not possible: back to the workspace. */
export const loader = () => redirect("/staff");
