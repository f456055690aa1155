import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCapability } from "~/lib/staff-session.server";
import { exportAgencyDirectory } from "~/services/admin-export-agencies.server";

/** The whole agency directory as CSV, in the columns the import reads (docs/decisions/019). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCapability(request, "admin.manage_agencies");
  return new Response(await exportAgencyDirectory(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="canary-agency-directory.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
