import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { caseOutcomes, places, sectors, tips } from "../../db/schema/index";
import { db } from "../lib/db.server";

/**
 * Published outcomes (DOMAIN.md "Published statistics"): one row per closed case (state
 * `closed` with an outcome record). Only public fields leave this module: the reference, the
 * sector, the place at county level at most (code and names), dates (never a time of day), the
 * finding, the actions taken and the public summary. Never the tip text, the company named in it,
 * contact details, internal notes or verification notes.
 */

export const PAGE_SIZE = 50;
export const FEED_SIZE = 50;
const BATCH = 1000;

import { FINDINGS } from "../forms/case";
export { FINDINGS };
export type Finding = (typeof FINDINGS)[number];

export type PublishedOutcome = {
  reference: string;
  sector: { code: string; nameZh: string; nameEn: string };
  place: { code: string; pathZh: string; pathEn: string };
  submittedOn: string;
  concludedOn: string | null;
  closedOn: string;
  finding: Finding;
  actions: {
    rectificationOrdered: boolean;
    rectificationDueOn: string | null;
    fineCny: number | null;
    suspension: boolean;
    closure: boolean;
    criminalReferral: boolean;
    officialsHeldAccountable: number;
    admonitoryTalk: boolean;
  };
  summaryZh: string;
  summaryEn: string | null;
  /** Keyset position (not published as data). */
  seq: number;
};

export type OutcomeFilter = {
  sector?: string;
  /** A place code at any level: a province or city covers every code under it. */
  place?: string;
  finding?: Finding;
  /** closed_on from / to, inclusive (YYYY-MM-DD). */
  from?: string;
  to?: string;
};

export type Cursor = { closedOn: string; seq: number };

/** Columns of the open-data downloads, in order, with their documentation (the data dictionary). */
export const OPEN_DATA_COLUMNS = [
  { name: "reference", type: "string", zh: "案件编号（公开编号，如 JB2026-0000123）", en: "Case reference (public number, e.g. JB2026-0000123)" },
  { name: "sector_code", type: "string", zh: "举报领域代码", en: "Sector code" },
  { name: "sector_name_zh", type: "string", zh: "举报领域名称（中文）", en: "Sector name (Chinese)" },
  { name: "sector_name_en", type: "string", zh: "举报领域名称（英文）", en: "Sector name (English)" },
  { name: "place_code", type: "string (6 digits)", zh: "行政区划代码（GB/T 2260，最细到县级）", en: "Administrative division code (GB/T 2260, county level at most)" },
  { name: "place_name_zh", type: "string", zh: "地区名称（省市县，中文）", en: "Place name (province, city, county; Chinese)" },
  { name: "place_name_en", type: "string", zh: "地区名称（省市县，英文）", en: "Place name (province, city, county; English)" },
  { name: "submitted_on", type: "date (YYYY-MM-DD)", zh: "举报提交日期", en: "Date the tip was submitted" },
  { name: "concluded_on", type: "date (YYYY-MM-DD), may be empty", zh: "办结（调查结论）日期", en: "Date the investigation was concluded" },
  { name: "closed_on", type: "date (YYYY-MM-DD)", zh: "销号（结果公开）日期", en: "Date the case was closed and its outcome published" },
  { name: "finding", type: "string: substantiated | partly_substantiated | unsubstantiated", zh: "核查结论：属实、部分属实、不属实", en: "Finding: substantiated, partly substantiated, unsubstantiated" },
  { name: "rectification_ordered", type: "boolean (true/false)", zh: "是否责令整改", en: "Rectification ordered" },
  { name: "rectification_due_on", type: "date (YYYY-MM-DD), may be empty", zh: "整改期限", en: "Rectification deadline" },
  { name: "fine_cny", type: "integer (CNY), may be empty", zh: "罚款金额（元）", en: "Fine in yuan (CNY)" },
  { name: "suspension", type: "boolean (true/false)", zh: "是否责令停产停业", en: "Suspension of production or business ordered" },
  { name: "closure", type: "boolean (true/false)", zh: "是否关闭取缔", en: "Closure ordered" },
  { name: "criminal_referral", type: "boolean (true/false)", zh: "是否移送司法机关", en: "Referred for criminal investigation" },
  { name: "officials_held_accountable", type: "integer", zh: "被问责的公职人员人数", en: "Number of officials held accountable" },
  { name: "admonitory_talk", type: "boolean (true/false)", zh: "是否约谈", en: "Admonitory talk held" },
  { name: "public_summary_zh", type: "string", zh: "处理结果公开摘要（中文）", en: "Public summary of the outcome (Chinese)" },
  { name: "public_summary_en", type: "string, may be empty", zh: "处理结果公开摘要（英文）", en: "Public summary of the outcome (English)" },
] as const;

export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number]["name"];
export const OPEN_DATA_COLUMN_NAMES: OpenDataColumn[] = OPEN_DATA_COLUMNS.map((c) => c.name);
export const LICENCE = { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" };

const county = alias(places, "po_county");
const city = alias(places, "po_city");
const province = alias(places, "po_province");

/** Placeholder levels that are not real names ("市辖区", "省直辖县级行政区划"). */
const placeholder = (zh: string | null | undefined) => !zh || /市辖区|直辖/.test(zh);

/** A real calendar date (YYYY-MM-DD), or undefined. */
export function calendarDate(s: string | null | undefined): string | undefined {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : undefined;
}

/** The inclusive code range a place code covers: a province xx0000, a city xxxx00, a county itself. */
export function placeRange(code: string): [string, string] | null {
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith("0000")) return [code, code.slice(0, 2) + "9999"];
  if (code.endsWith("00")) return [code, code.slice(0, 4) + "99"];
  return [code, code];
}

/** "2026-03-01~123" ⇄ cursor. */
export const encodeCursor = (c: Cursor) => `${c.closedOn}~${c.seq}`;
export function decodeCursor(s: string | null | undefined): Cursor | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})~(\d{1,15})$/.exec(s ?? "");
  if (!m || !calendarDate(m[1])) return undefined;
  return { closedOn: m[1]!, seq: Number(m[2]) };
}

/** Reads filters from a query string; unknown or malformed values are ignored. */
export function parseOutcomeFilter(search: URLSearchParams): OutcomeFilter {
  const f: OutcomeFilter = {};
  const sector = search.get("sector")?.trim();
  if (sector && /^[a-z0-9_]{1,60}$/.test(sector)) f.sector = sector;
  const place = search.get("place")?.trim();
  if (place && placeRange(place)) f.place = place;
  const finding = search.get("finding");
  if (finding && (FINDINGS as readonly string[]).includes(finding)) f.finding = finding as Finding;
  f.from = calendarDate(search.get("from"));
  f.to = calendarDate(search.get("to"));
  if (!f.from) delete f.from;
  if (!f.to) delete f.to;
  return f;
}

function conditions(f: OutcomeFilter, after?: Cursor): SQL | undefined {
  const c: SQL[] = [eq(tips.state, "closed"), sql`${tips.closedOn} is not null`];
  if (f.sector) c.push(eq(tips.sectorCode, f.sector));
  if (f.place) {
    const r = placeRange(f.place);
    if (r) c.push(gte(tips.placeCode, r[0]), lte(tips.placeCode, r[1]));
  }
  if (f.finding) c.push(eq(caseOutcomes.finding, f.finding));
  if (f.from) c.push(gte(tips.closedOn, f.from));
  if (f.to) c.push(lte(tips.closedOn, f.to));
  if (after) c.push(sql`(${tips.closedOn}, ${tips.referenceSeq}) < (${after.closedOn}::date, ${after.seq}::bigint)`);
  return and(...c);
}

async function select(f: OutcomeFilter, after: Cursor | undefined, limit: number): Promise<PublishedOutcome[]> {
  const rows = await db()
    .select({
      seq: tips.referenceSeq,
      reference: tips.reference,
      sectorCode: sectors.code,
      sectorZh: sectors.nameZh,
      sectorEn: sectors.nameEn,
      placeCode: tips.placeCode,
      countyZh: county.nameZh,
      countyEn: county.nameEn,
      cityZh: city.nameZh,
      cityEn: city.nameEn,
      provinceZh: province.nameZh,
      provinceEn: province.nameEn,
      submittedOn: tips.submittedOn,
      concludedOn: tips.concludedOn,
      closedOn: tips.closedOn,
      finding: caseOutcomes.finding,
      rectificationOrdered: caseOutcomes.rectificationOrdered,
      rectificationDueOn: caseOutcomes.rectificationDueOn,
      fineCny: caseOutcomes.fineCny,
      suspension: caseOutcomes.suspension,
      closure: caseOutcomes.closure,
      criminalReferral: caseOutcomes.criminalReferral,
      officialsHeldAccountable: caseOutcomes.officialsHeldAccountable,
      admonitoryTalk: caseOutcomes.admonitoryTalk,
      summaryZh: caseOutcomes.publicSummaryZh,
      summaryEn: caseOutcomes.publicSummaryEn,
    })
    .from(tips)
    .innerJoin(caseOutcomes, eq(caseOutcomes.tipId, tips.id))
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(county, eq(county.code, tips.placeCode))
    .leftJoin(city, eq(city.code, county.parentCode))
    .leftJoin(province, eq(province.code, city.parentCode))
    .where(conditions(f, after))
    .orderBy(desc(tips.closedOn), desc(tips.referenceSeq))
    .limit(limit);
  return rows.map((r) => {
    const levels = [
      { zh: r.provinceZh, en: r.provinceEn },
      { zh: r.cityZh, en: r.cityEn },
      { zh: r.countyZh, en: r.countyEn },
    ].filter((l) => !placeholder(l.zh));
    return {
      seq: r.seq,
      reference: r.reference,
      sector: { code: r.sectorCode, nameZh: r.sectorZh, nameEn: r.sectorEn },
      place: { code: r.placeCode, pathZh: levels.map((l) => l.zh).join(""), pathEn: levels.map((l) => l.en).reverse().join(", ") },
      submittedOn: r.submittedOn,
      concludedOn: r.concludedOn,
      closedOn: r.closedOn!,
      finding: r.finding,
      actions: {
        rectificationOrdered: r.rectificationOrdered,
        rectificationDueOn: r.rectificationDueOn,
        fineCny: r.fineCny,
        suspension: r.suspension,
        closure: r.closure,
        criminalReferral: r.criminalReferral,
        officialsHeldAccountable: r.officialsHeldAccountable,
        admonitoryTalk: r.admonitoryTalk,
      },
      summaryZh: r.summaryZh,
      summaryEn: r.summaryEn,
    };
  });
}

/** One page (50) of published outcomes, newest closure first, and the cursor of the next page. */
export async function listPublishedOutcomes(f: OutcomeFilter, after?: Cursor): Promise<{ items: PublishedOutcome[]; next: string | null }> {
  const rows = await select(f, after, PAGE_SIZE + 1);
  const items = rows.slice(0, PAGE_SIZE);
  const last = items.at(-1);
  return { items, next: rows.length > PAGE_SIZE && last ? encodeCursor({ closedOn: last.closedOn, seq: last.seq }) : null };
}

/** Every published outcome (optionally filtered), in keyset batches: constant memory. */
export async function* allPublishedOutcomes(f: OutcomeFilter = {}, batch = BATCH): AsyncGenerator<PublishedOutcome> {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await select(f, after, batch);
    yield* rows;
    if (rows.length < batch) return;
    const last = rows.at(-1)!;
    after = { closedOn: last.closedOn, seq: last.seq };
  }
}

/** The flat open-data record (documented in OPEN_DATA_COLUMNS). */
export function toOpenDataRecord(o: PublishedOutcome): Record<OpenDataColumn, string | number | boolean | null> {
  return {
    reference: o.reference,
    sector_code: o.sector.code,
    sector_name_zh: o.sector.nameZh,
    sector_name_en: o.sector.nameEn,
    place_code: o.place.code,
    place_name_zh: o.place.pathZh,
    place_name_en: o.place.pathEn,
    submitted_on: o.submittedOn,
    concluded_on: o.concludedOn,
    closed_on: o.closedOn,
    finding: o.finding,
    rectification_ordered: o.actions.rectificationOrdered,
    rectification_due_on: o.actions.rectificationDueOn,
    fine_cny: o.actions.fineCny,
    suspension: o.actions.suspension,
    closure: o.actions.closure,
    criminal_referral: o.actions.criminalReferral,
    officials_held_accountable: o.actions.officialsHeldAccountable,
    admonitory_talk: o.actions.admonitoryTalk,
    public_summary_zh: o.summaryZh,
    public_summary_en: o.summaryEn,
  };
}

/** All published outcomes as CSV (UTF-8 with BOM), streamed. */
export function publishedOutcomesCsv(): ReadableStream<Uint8Array> {
  const csv = stringify({ header: true, columns: [...OPEN_DATA_COLUMN_NAMES], bom: true, cast: { boolean: (b) => (b ? "true" : "false") } });
  (async () => {
    for await (const o of allPublishedOutcomes()) {
      if (!csv.write(toOpenDataRecord(o))) await new Promise((r) => csv.once("drain", r));
    }
    csv.end();
  })().catch((e) => csv.destroy(e as Error));
  return Readable.toWeb(csv) as unknown as ReadableStream<Uint8Array>;
}

/** All published outcomes as a JSON array (UTF-8), streamed one batch at a time. */
export function publishedOutcomesJson(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = allPublishedOutcomes();
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("["));
      }
      const parts: string[] = [];
      for (let i = 0; i < 200; i++) {
        const n = await it.next();
        if (n.done) {
          parts.push(first ? "]\n" : "\n]\n");
          controller.enqueue(encoder.encode(parts.join("")));
          controller.close();
          return;
        }
        parts.push((first ? "\n" : ",\n") + JSON.stringify(toOpenDataRecord(n.value)));
        first = false;
      }
      controller.enqueue(encoder.encode(parts.join("")));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

// ---------------------------------------------------------------------------
// Atom feed
// ---------------------------------------------------------------------------

export function escapeXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** The Atom feed of the 50 most recently published outcomes. */
export async function outcomesAtom(origin: string): Promise<string> {
  const { items } = await listPublishedOutcomes({});
  const base = origin.replace(/\/+$/, "");
  const updated = items[0] ? `${items[0].closedOn}T00:00:00Z` : "1970-01-01T00:00:00Z";
  const entries = items.map((o) => {
    const content = o.summaryEn ? `${o.summaryZh}\n\n${o.summaryEn}` : o.summaryZh;
    return [
      "  <entry>",
      `    <id>urn:canary:outcome:${escapeXml(o.reference)}</id>`,
      `    <title>${escapeXml(`${o.reference} ${o.sector.nameZh} / ${o.sector.nameEn}`)}</title>`,
      `    <updated>${o.closedOn}T00:00:00Z</updated>`,
      `    <link rel="alternate" href="${escapeXml(`${base}/outcomes?sector=${encodeURIComponent(o.sector.code)}&place=${o.place.code}`)}"/>`,
      `    <category term="${escapeXml(o.finding)}"/>`,
      `    <content type="text">${escapeXml(content)}</content>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "  <id>urn:canary:outcomes</id>",
    "  <title>Canary — 处理结果公开 / Published outcomes</title>",
    `  <updated>${updated}</updated>`,
    "  <author><name>Canary</name></author>",
    `  <link rel="self" href="${escapeXml(`${base}/outcomes.atom`)}"/>`,
    `  <link rel="alternate" href="${escapeXml(`${base}/outcomes`)}"/>`,
    `  <rights>${escapeXml(LICENCE.name)}</rights>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
