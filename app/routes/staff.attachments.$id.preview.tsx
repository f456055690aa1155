import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/lib/staff-session.server";
import { previewStaffAttachment } from "~/services/read-staff-attachment.server";

/** A re-encoded JPEG preview of an image attachment, shown inline in a sandbox. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const jpeg = await previewStaffAttachment(staff, params.id ?? "");
  if (!jpeg) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(jpeg), {
    headers: { "Content-Type": "image/jpeg", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'; sandbox" },
  });
}
