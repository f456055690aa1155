import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/lib/download-response.server";
import { currentTipster } from "~/services/tipster-status-action.server";
import { readTipsterAttachment } from "~/services/read-tipster-attachment.server";

/** A file of the signed-in tipster's own tip, always as a download (never rendered inline). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await currentTipster(request);
  if (!session) return new Response("Not found", { status: 404 });
  const file = await readTipsterAttachment(session.tipId, params.id ?? "");
  if (!file) return new Response("Not found", { status: 404 });
  return downloadResponse(file);
}
