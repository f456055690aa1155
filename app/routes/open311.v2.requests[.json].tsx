import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { clientAddress } from "~/lib/request-context.server";
import { BODY_LIMITS, readBodyText, sizeLabel } from "~/lib/request-body.server";
import { fileOpen311Request } from "~/services/file-open311-request.server";
import { searchRequestsResponse } from "~/services/open311-read.server";

const headers = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };

/** Open311 GeoReport v2: POST requests.json files an anonymous tip. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json([{ code: 405, description: "method not allowed" }], { status: 405, headers });
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    return Response.json([{ code: 400, description: "send application/x-www-form-urlencoded" }], { status: 400, headers });
  }
  const body = await readBodyText(request, BODY_LIMITS.form);
  if (!body.ok) {
    // GeoReport v2 errors: a list of {code, description}; the description in both languages.
    const description =
      body.problem.code === "too_large"
        ? `请求过大：最多 ${sizeLabel(BODY_LIMITS.form)}。/ request too large: at most ${sizeLabel(BODY_LIMITS.form)}`
        : "请求内容无法读取。/ the request body could not be read";
    const code = body.problem.code === "too_large" ? 413 : 400;
    return Response.json([{ code, description }], { status: code, headers });
  }
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body.text)) if (!(k in params) && v !== "") params[k] = v;
  const r = await fileOpen311Request(params, clientAddress(context));
  if (!r.ok) return Response.json(r.errors, { status: r.status, headers });
  return Response.json(r.body, { status: 200, headers });
}

/** Open311 GeoReport v2: GET requests.json searches the public view of the requests (see open311-read.server). */
export const loader = ({ request }: LoaderFunctionArgs) => searchRequestsResponse(request, "json");
