import { and, desc, eq, gte, inArray, isNull, lte, notInArray, or, sql, type SQL } from "drizzle-orm";
import { agencies, caseOutcomes, places, sectors, tips } from "../../db/schema/index";
import { alias } from "drizzle-orm/pg-core";
import { CLOSED_STATES, isOpen } from "../domain/case-state";
import { isPlaceholderPlaceName } from "../domain/places";
import { mayBePublished } from "../domain/permissions";
import { addDays, daysBetween, localDate } from "../domain/working-days";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { listSectors } from "./list-sectors.server";

/**
 * The read side of Open311 GeoReport v2 (discovery, services, service definitions, request
 * search, request by id, token look-up), in JSON and XML.
 *
 * Only public fields leave this module: the reference, the two-valued status, the sector, the
 * place as a county-level address string (no coordinates), the responsible agency, dates (never a
 * time of day), and the public summary once the case is closed. Never the tip text, the company
 * named in it, contact details, the receipt or anything else the tipster wrote. A case whose tip
 * implicates officials is found by no search or look-up until it is closed (`mayBePublished`):
 * requests/{id} answers 404 as for an unknown id. tokens/{token} still answers its holder — the
 * tipster, who was given the same reference with the token. The answers themselves (JSON, XML,
 * GeoReport errors) are built at the edge, app/lib/open311-edge.server.ts.
 */

export type Open311Error = { code: number; description: string };

/** Spec: at most 1000 requests per search, over a window of at most 90 days (the default). */
export const MAX_RESULTS = 1000;
export const WINDOW_DAYS = 90;

/** States that GeoReport calls "closed". */
export { CLOSED_STATES };

export { escapeXml, toXml } from "../lib/xml";

// ---------------------------------------------------------------------------
// Discovery, services, service definitions
// ---------------------------------------------------------------------------

/** Bump when the interface changes (discovery's changeset). */
export const CHANGESET = "2026-01-01T00:00:00Z";

export function discovery(request: Request) {
  const base = (env().publicUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin) + "/open311/v2";
  return {
    changeset: CHANGESET,
    contact: `See ${base.replace(/\/open311\/v2$/, "")}/ (安全生产和生态环境举报平台 / work-safety and environmental hotline portal)`,
    key_service: "No API key is needed. Submissions are anonymous; POST requests.json answers a token and a receipt.",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: base,
        changeset: CHANGESET,
        type: "production",
        formats: ["application/json", "text/xml"],
      },
    ],
  };
}

export type Open311Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: string;
  keywords: string;
  group: string;
};

/** The services (sectors), as services.json lists them. */
export async function listServices(): Promise<Open311Service[]> {
  return (await listSectors()).map((s) => ({
    service_code: s.code,
    service_name: `${s.nameZh} / ${s.nameEn}`,
    description: `${s.nameEn} — ${s.nameZh}`,
    metadata: true,
    type: "realtime",
    keywords: s.code.replace(/_/g, ","),
    group: "work_safety_environment",
  }));
}

/** The service definition: the attributes POST requests.json takes. Null for an unknown code. */
export async function serviceDefinition(code: string) {
  const sector = (await listSectors()).find((s) => s.code === code);
  if (!sector) return null;
  return {
    service_code: sector.code,
    attributes: [
      {
        variable: true,
        code: "region_code",
        datatype: "string",
        required: true,
        datatype_description: "GB/T 2260 division code, 6 digits (county where known, else city or province), e.g. 330106",
        order: 1,
        description: "所在地区 / Place (administrative division)",
      },
      {
        variable: true,
        code: "company_name",
        datatype: "string",
        required: false,
        datatype_description: "Free text, at most 200 characters",
        order: 2,
        description: "被举报单位 / Company or site the tip is about",
      },
    ],
  };
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

export type PublicRequest = {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: null;
  zipcode: null;
};

export type RequestQuery = {
  ids?: string[];
  serviceCodes?: string[];
  from?: string;
  to?: string;
  status?: ("open" | "closed")[];
};

const county = alias(places, "county_place");
const city = alias(places, "city_place");
const province = alias(places, "province_place");

/** Placeholder levels that are not real names ("市辖区", "省直辖县级行政区划"). */
const placeholder = (name: string | null | undefined) => !name || isPlaceholderPlaceName(name);

/** `mayBePublished` as SQL: closed, or no officials implicated. */
const published = or(inArray(tips.state, [...CLOSED_STATES]), and(eq(tips.officialsImplicated, false), isNull(tips.implicatedPlaceCode)))!;

async function selectRequests(where: SQL | undefined, limit: number): Promise<PublicRequest[]> {
  const rows = await db()
    .select({
      reference: tips.reference,
      state: tips.state,
      officialsImplicated: tips.officialsImplicated,
      implicatedPlaceCode: tips.implicatedPlaceCode,
      submittedOn: tips.submittedOn,
      updatedOn: sql<string>`greatest(${tips.submittedOn}, ${tips.assignedOn}, ${tips.acceptedOn}, ${tips.concludedOn}, ${tips.closedOn})::text`,
      dueOn: tips.dueOn,
      sectorCode: sectors.code,
      sectorZh: sectors.nameZh,
      sectorEn: sectors.nameEn,
      agencyZh: agencies.nameZh,
      summaryZh: caseOutcomes.publicSummaryZh,
      place: county.nameZh,
      city: city.nameZh,
      province: province.nameZh,
    })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(county, eq(county.code, tips.placeCode))
    .leftJoin(city, eq(city.code, county.parentCode))
    .leftJoin(province, eq(province.code, city.parentCode))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .leftJoin(caseOutcomes, eq(caseOutcomes.tipId, tips.id))
    .where(and(published, where))
    .orderBy(desc(tips.submittedOn), desc(tips.referenceSeq))
    .limit(limit);
  return rows.filter(mayBePublished).map((r) => {
    const open = isOpen(r.state);
    return {
      service_request_id: r.reference,
      status: open ? "open" : "closed",
      status_notes: null,
      service_name: `${r.sectorZh} / ${r.sectorEn}`,
      service_code: r.sectorCode,
      // The public summary is published on closure (销号) only; rejected and merged tips have none.
      description: r.state === "closed" ? (r.summaryZh ?? null) : null,
      agency_responsible: r.agencyZh ?? null,
      service_notice: null,
      requested_datetime: r.submittedOn,
      updated_datetime: r.updatedOn,
      expected_datetime: open ? r.dueOn : null,
      address: [r.province, r.city, r.place].filter((n) => !placeholder(n)).join(""),
      address_id: null,
      zipcode: null,
    };
  });
}

export async function findRequests(q: RequestQuery, opts: { limit?: number } = {}): Promise<PublicRequest[]> {
  const limit = Math.min(opts.limit ?? MAX_RESULTS, MAX_RESULTS);
  const conditions: SQL[] = [];
  if (q.ids) {
    if (q.ids.length === 0) return [];
    conditions.push(inArray(tips.reference, q.ids));
  } else {
    if (q.serviceCodes?.length) conditions.push(inArray(tips.sectorCode, q.serviceCodes));
    if (q.from) conditions.push(gte(tips.submittedOn, q.from));
    if (q.to) conditions.push(lte(tips.submittedOn, q.to));
    const status = new Set(q.status ?? []);
    if (status.size === 1) conditions.push(status.has("open") ? notInArray(tips.state, [...CLOSED_STATES]) : inArray(tips.state, [...CLOSED_STATES]));
  }
  return selectRequests(and(...conditions), limit);
}

export async function findRequest(reference: string): Promise<PublicRequest | null> {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(reference)) return null;
  const [row] = await selectRequests(eq(tips.reference, reference), 1);
  return row ?? null;
}

export async function findToken(token: string): Promise<{ token: string; service_request_id: string } | null> {
  const t = token.toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t)) return null;
  const [row] = await db().select({ reference: tips.reference }).from(tips).where(eq(tips.token, t));
  return row ? { token: t, service_request_id: row.reference } : null;
}

// ---------------------------------------------------------------------------
// Parameters of GET requests
// ---------------------------------------------------------------------------

/** A real calendar date (YYYY-MM-DD), or null. */
function calendarDate(s: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

/**
 * A W3C datetime (the spec's format) or a bare date, as a date in the deployment's time zone:
 * the data hold dates only, so the time of day only decides which day it is.
 */
export function parseOpen311Date(s: string, timeZone: string): string | null {
  const bare = calendarDate(s);
  if (bare) return bare;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m || !calendarDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const at = new Date(s);
  return Number.isNaN(at.getTime()) ? null : localDate(at, timeZone);
}


/** Comma-separated values, trimmed, empty ones dropped. */
const list = (v: string | null) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/**
 * Reads the query of GET requests: service_request_id (comma-separated; overrides every other
 * parameter, as the spec says), service_code (one or several, comma-separated), start_date,
 * end_date (the requested date; at most 90 days apart; the most recent 90 days by default; one
 * of them alone means 90 days from or up to it), status (open, closed or both).
 */
export async function parseRequestQuery(search: URLSearchParams, now = new Date()): Promise<{ ok: true; query: RequestQuery } | { ok: false; errors: Open311Error[] }> {
  const ids = search.get("service_request_id");
  if (ids !== null) {
    const refs = list(ids);
    if (refs.length === 0) return { ok: false, errors: [{ code: 400, description: "service_request_id is empty" }] };
    if (refs.length > MAX_RESULTS) return { ok: false, errors: [{ code: 400, description: `service_request_id lists more than ${MAX_RESULTS} requests` }] };
    return { ok: true, query: { ids: [...new Set(refs)] } };
  }
  const errors: Open311Error[] = [];
  const bad = (description: string) => errors.push({ code: 400, description });
  const tz = env().timeZone;

  let serviceCodes: string[] | undefined;
  if (search.get("service_code") !== null) {
    serviceCodes = list(search.get("service_code"));
    const known = new Set((await listSectors()).map((s) => s.code));
    const unknown = serviceCodes.filter((c) => !known.has(c));
    if (serviceCodes.length === 0) bad("service_code is empty");
    else if (unknown.length) bad(`service_code is not a known service: ${unknown.join(", ").slice(0, 200)}`);
  }

  let status: ("open" | "closed")[] | undefined;
  if (search.get("status") !== null) {
    const values = list(search.get("status"));
    const wrong = values.filter((v) => v !== "open" && v !== "closed");
    if (values.length === 0 || wrong.length) bad("status must be open, closed or open,closed");
    else status = values as ("open" | "closed")[];
  }

  const startRaw = search.get("start_date");
  const endRaw = search.get("end_date");
  let from = startRaw !== null ? parseOpen311Date(startRaw, tz) : undefined;
  let to = endRaw !== null ? parseOpen311Date(endRaw, tz) : undefined;
  if (from === null) bad("start_date is not a valid date (use YYYY-MM-DD, or a W3C datetime with a time zone)");
  if (to === null) bad("end_date is not a valid date (use YYYY-MM-DD, or a W3C datetime with a time zone)");
  if (from && to) {
    if (to < from) bad("end_date is before start_date");
    else if (daysBetween(from, to) > WINDOW_DAYS) bad(`start_date and end_date may not span more than ${WINDOW_DAYS} days`);
  } else if (from && to === undefined) {
    to = addDays(from, WINDOW_DAYS);
  } else if (to && from === undefined) {
    from = addDays(to, -WINDOW_DAYS);
  } else if (from === undefined && to === undefined) {
    to = localDate(now, tz);
    from = addDays(to, -WINDOW_DAYS);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, query: { serviceCodes, status, from: from!, to: to! } };
}

// Compile-time guard that CLOSED_STATES and isOpen agree.
for (const s of CLOSED_STATES) if (isOpen(s)) throw new Error(`isOpen and CLOSED_STATES disagree on ${s}`);
