import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/lib/download-response.server";
import { requireStaff } from "~/lib/staff-session.server";
import { readStaffAttachment } from "~/services/read-staff-attachment.server";

/** An attachment of a case the staff member may see, always as a download, never sniffed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const file = await readStaffAttachment(staff, params.id ?? "");
  if (!file) return new Response("Not found", { status: 404 });
  return downloadResponse(file);
}
