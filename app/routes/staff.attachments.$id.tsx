import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/lib/staff-session.server";
import { readStaffAttachment } from "~/services/read-staff-attachment.server";

/** An attachment of a case the staff member may see, always as a download, never sniffed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const file = await readStaffAttachment(staff, params.id ?? "");
  if (!file) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
