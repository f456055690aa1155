import { AppError, isAppError } from "./app-error";
import { toXml, type XmlValue } from "./xml";
import { tKnown } from "../i18n";
import { translator } from "../i18n/catalogues.server";
import { findRequests, parseRequestQuery, type Open311Error } from "../services/open311-read.server";

/**
 * The edge of Open311 GeoReport v2 (app/routes/open311.v2.*): its answers in JSON and XML, and
 * its errors — the spec's list of {code, description} — for a malformed request and for an
 * AppError a service threw (ADR 022: the same fault, the same status; here in the spec's shape).
 */

export type Open311Format = "json" | "xml";

const CORS = { "Access-Control-Allow-Origin": "*" };

/** Root and item element names of the spec's XML documents. */
const XML_SHAPES = {
  services: { root: "services", items: { services: "service" } },
  requests: { root: "service_requests", items: { service_requests: "request" } },
  definition: { root: "service_definition", items: { attributes: "attribute", values: "value" } },
  discovery: { root: "discovery", items: { endpoints: "endpoint", formats: "format" } },
} as const;

/**
 * The one serialiser of the interface's answers: the spec fixes both wire formats, so these are
 * plain Responses (resource routes), not the pages' data().
 */
function wire(format: Open311Format, status: number, headers: Record<string, string>, json: unknown, xml: () => string): Response {
  if (format === "json") return new Response(JSON.stringify(json), { status, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
  return new Response(xml(), { status, headers: { ...headers, "Content-Type": "application/xml; charset=utf-8" } });
}

export function respond(format: Open311Format, shape: keyof typeof XML_SHAPES, body: XmlValue, init: { status?: number; cache?: string } = {}): Response {
  const s = XML_SHAPES[shape];
  return wire(format, init.status ?? 200, { ...CORS, "Cache-Control": init.cache ?? "public, max-age=60" }, body, () => toXml(s.root, body, s.items));
}

export function errorResponse(format: Open311Format, status: number, errors: Open311Error[] | string, headers: Record<string, string> = {}): Response {
  const list = typeof errors === "string" ? [{ code: status, description: errors }] : errors;
  return wire(format, status, { ...CORS, "Cache-Control": "no-store", ...headers }, list, () => toXml("errors", list, { errors: "error" }));
}

/** "JB2026-0000001.json" → ["JB2026-0000001", "json"]; null for any other extension. */
export function splitFormat(param: string | undefined): [string, Open311Format] | null {
  const m = /^(.+)\.(json|xml)$/.exec(param ?? "");
  return m ? [m[1]!, m[2] as Open311Format] : null;
}

/** What a refusal on a form field means in the interface's own parameters. */
const FIELD_DESCRIPTIONS: Record<string, string> = {
  sector: "service_code is not a known service",
  province: "attribute[region_code] is not a known GB/T 2260 code",
};

const zh = translator("zh-CN");
const en = translator("en");

/**
 * A service's AppError as a GeoReport error with the code's status: said in the interface's
 * parameters where the field has a name there, else the message in both languages. Anything
 * else is thrown on (a server fault).
 */
export function open311Refusal(format: Open311Format, e: unknown): Response {
  if (!isAppError(e)) throw e;
  return errorResponse(format, e.status, [{ code: e.status, description: describe(e) }], e.retryAfterSeconds ? { "Retry-After": String(e.retryAfterSeconds) } : {});
}

function describe(e: AppError): string {
  if (e.code === "rate_limited" && e.retryAfterSeconds) return `too many requests; retry after ${e.retryAfterSeconds} seconds`;
  const named = e.field ? FIELD_DESCRIPTIONS[e.field] : undefined;
  return named ?? `${tKnown(zh, e.messageKey, e.params)} / ${tKnown(en, e.messageKey, e.params)}`;
}

/** GET requests.{format}: the whole handler, shared by the JSON and XML routes. */
export async function searchRequests(request: Request, format: Open311Format): Promise<Response> {
  const parsed = await parseRequestQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return errorResponse(format, 400, parsed.errors);
  return respond(format, "requests", await findRequests(parsed.query));
}
