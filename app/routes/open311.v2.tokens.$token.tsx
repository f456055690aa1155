import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, respond, splitFormat } from "~/lib/open311-edge.server";
import { findToken } from "~/services/open311-read.server";

/** Open311 GeoReport v2: GET tokens/{token}.json|.xml — the service_request_id a POST's token stands for. */
export async function loader({ params }: LoaderFunctionArgs) {
  const parts = splitFormat(params.token);
  if (!parts) return errorResponse("json", 404, "not found: use tokens/{token}.json or .xml");
  const [token, format] = parts;
  const found = await findToken(token);
  if (!found) return errorResponse(format, 404, "token not found");
  return respond(format, "requests", [found], { cache: "no-store" });
}
