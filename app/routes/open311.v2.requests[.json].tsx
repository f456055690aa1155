import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { open311RequestSchema } from "~/forms/open311-request";
import { errorResponse, open311Refusal, respond, searchRequests } from "~/lib/open311-edge.server";
import { clientAddress } from "~/lib/request-context.server";
import { BODY_LIMITS, readBodyText, sizeLabel } from "~/lib/request-body.server";
import { fileOpen311Request } from "~/services/file-open311-request.server";

/** Open311 GeoReport v2: POST requests.json files an anonymous tip. */
export async function action({ request, context }: ActionFunctionArgs) {
  const params = await readParams(request);
  if (params instanceof Response) return params;
  const parsed = open311RequestSchema.safeParse(params);
  if (!parsed.success) return errorResponse("json", 400, parsed.error.issues.map((i) => ({ code: 400, description: i.message })));
  try {
    return respond("json", "requests", await fileOpen311Request(parsed.data, clientAddress(context)), { cache: "no-store" });
  } catch (e) {
    return open311Refusal("json", e);
  }
}

/** The POST's parameters (the first value of each, empty ones left out), or the GeoReport error that refuses the request. */
async function readParams(request: Request): Promise<Record<string, string> | Response> {
  if (request.method !== "POST") return errorResponse("json", 405, "method not allowed");
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return errorResponse("json", 400, "send application/x-www-form-urlencoded");
  const body = await readBodyText(request, BODY_LIMITS.form);
  if (!body.ok) {
    // The description in both languages, as the pages' body refusals.
    const tooLarge = body.problem.code === "too_large";
    const description = tooLarge
      ? `请求过大：最多 ${sizeLabel(BODY_LIMITS.form)}。/ request too large: at most ${sizeLabel(BODY_LIMITS.form)}`
      : "请求内容无法读取。/ the request body could not be read";
    return errorResponse("json", tooLarge ? 413 : 400, description);
  }
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body.text)) if (!(k in params) && v !== "") params[k] = v;
  return params;
}

/** Open311 GeoReport v2: GET requests.json searches the public view of the requests (see open311-read.server). */
export const loader = ({ request }: LoaderFunctionArgs) => searchRequests(request, "json");
