import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, respond, splitFormat } from "~/lib/open311-edge.server";
import { serviceDefinition } from "~/services/open311-read.server";

/** Open311 GeoReport v2: services/{service_code}.json|.xml — the service definition (the attributes POST takes). */
export async function loader({ params }: LoaderFunctionArgs) {
  const parts = splitFormat(params.code);
  if (!parts) return errorResponse("json", 404, "not found: use services/{service_code}.json or .xml");
  const [code, format] = parts;
  const definition = await serviceDefinition(code);
  if (!definition) return errorResponse(format, 404, `service_code ${code.slice(0, 40)} is not a known service`);
  return respond(format, "definition", definition, { cache: "public, max-age=300" });
}
