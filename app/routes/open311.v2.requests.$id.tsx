import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, respond, splitFormat } from "~/lib/open311-edge.server";
import { findRequest } from "~/services/open311-read.server";

/** Open311 GeoReport v2: GET requests/{service_request_id}.json|.xml — one request, as a list of one. */
export async function loader({ params }: LoaderFunctionArgs) {
  const parts = splitFormat(params.id);
  if (!parts) return errorResponse("json", 404, "not found: use requests/{service_request_id}.json or .xml");
  const [id, format] = parts;
  const found = await findRequest(id);
  if (!found) return errorResponse(format, 404, `service_request_id ${id.slice(0, 40)} not found`);
  return respond(format, "requests", [found]);
}
