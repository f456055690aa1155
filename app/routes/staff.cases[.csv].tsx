import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/permissions";
import { requireStaff } from "~/lib/staff-session.server";
import { exportCasesCsv } from "~/services/export-cases.server";

/** Export of the cases this person may see (CSV, UTF-8 with BOM for spreadsheet programs). */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  if (!can(staff.role, "case.view_assigned") && !can(staff.role, "triage.view_queue")) return new Response("Forbidden", { status: 403 });
  return new Response(exportCasesCsv(staff), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="canary-cases.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
