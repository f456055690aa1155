import { and, desc, eq, gte, lte, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { caseOutcomes, placePaths, sectors, tips } from "../../db/schema/index";
import { outcomeLine } from "../components/outcome-text";
import type { OutcomeActionRecord } from "../domain/outcome-actions";
import { chosenPlace, placeChoiceOf } from "../domain/place-choice";
import { codeRange } from "../domain/places";
import type { Locale } from "../i18n";
import { translator } from "../i18n/catalogues.server";
import { db, queryRows } from "../lib/db.server";
import { listSectors } from "./list-sectors.server";
import { placeChoices } from "./list-places.server";

/**
 * Published outcomes (docs/domain.md "Published outcomes"): one row per closed case (state
 * `closed` with an outcome record). Only public fields leave this module: the reference, the
 * sector, the place at county level at most (code and names), dates (never a time of day), the
 * finding, the actions taken and the public summary. Never the tip text, the company named in it,
 * contact details, internal notes or verification notes.
 */

export const PAGE_SIZE = 50;
export const FEED_SIZE = 50;
const BATCH = 5000;

import { FINDINGS, type Finding } from "../domain/outcomes";
export { FINDINGS, type Finding };

export type PublishedOutcome = {
  reference: string;
  sector: { code: string; nameZh: string; nameEn: string };
  place: { code: string; pathZh: string; pathEn: string };
  submittedOn: string;
  concludedOn: string | null;
  closedOn: string;
  finding: Finding;
  actions: OutcomeActionRecord;
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
  { name: "reference", type: "string", zh: "案件编号（公开编号，如 JB2026-48213907；早期编号为 7 位）", en: "Case reference (public number, e.g. JB2026-48213907; early ones have 7 digits)" },
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

/** A real calendar date (YYYY-MM-DD), or undefined. */
export function calendarDate(s: string | null | undefined): string | undefined {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : undefined;
}

/** The inclusive code range a place code covers: a province xx0000, a city xxxx00, a county itself. */
export function placeRange(code: string): [string, string] | null {
  return /^\d{6}$/.test(code) ? codeRange(code) : null;
}

/** "2026-03-01~123" ⇄ cursor. */
export const encodeCursor = (c: Cursor) => `${c.closedOn}~${c.seq}`;
export function decodeCursor(s: string | null | undefined): Cursor | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})~(\d{1,15})$/.exec(s ?? "");
  if (!m || !calendarDate(m[1])) return undefined;
  return { closedOn: m[1]!, seq: Number(m[2]) };
}

/**
 * Reads filters from a query string; unknown or malformed values are ignored. The place is the
 * place picker's choice (province, city, county: the filter form) or else a code (place=, the
 * links of the feed and of the next page).
 */
export function parseOutcomeFilter(search: URLSearchParams): OutcomeFilter {
  const f: OutcomeFilter = {};
  const sector = search.get("sector")?.trim();
  if (sector && /^[a-z0-9_]{1,60}$/.test(sector)) f.sector = sector;
  const picked = search.has("province") ? chosenPlace({ province: search.get("province") ?? undefined, city: search.get("city") ?? undefined, county: search.get("county") ?? undefined }) : undefined;
  const place = picked ?? (search.has("province") ? undefined : search.get("place")?.trim());
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

/**
 * One keyset page of published outcomes, names included (sectors; the view place_paths, which
 * the CSV uses too).
 */
async function select(f: OutcomeFilter, after: Cursor | undefined, limit: number): Promise<PublishedOutcome[]> {
  const rows = await db()
    .select({
      seq: tips.referenceSeq,
      reference: tips.reference,
      sectorCode: tips.sectorCode,
      sectorZh: sectors.nameZh,
      sectorEn: sectors.nameEn,
      placeCode: tips.placeCode,
      pathZh: placePaths.pathZh,
      pathEn: placePaths.pathEn,
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
    .innerJoin(placePaths, eq(placePaths.code, tips.placeCode))
    .where(conditions(f, after))
    .orderBy(desc(tips.closedOn), desc(tips.referenceSeq))
    .limit(limit);
  return rows.map((r) => ({
    seq: r.seq,
    reference: r.reference,
    sector: { code: r.sectorCode, nameZh: r.sectorZh, nameEn: r.sectorEn },
    place: { code: r.placeCode.trim(), pathZh: r.pathZh, pathEn: r.pathEn },
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
  }));
}

/** One page (50) of published outcomes, newest closure first, and the cursor of the next page. */
export async function listPublishedOutcomes(f: OutcomeFilter, after?: Cursor): Promise<{ items: PublishedOutcome[]; next: string | null }> {
  const rows = await select(f, after, PAGE_SIZE + 1);
  const items = rows.slice(0, PAGE_SIZE);
  const last = items.at(-1);
  return { items, next: rows.length > PAGE_SIZE && last ? encodeCursor({ closedOn: last.closedOn, seq: last.seq }) : null };
}

/**
 * The /outcomes page: one page of outcomes for the filters of a query string, and what the filter
 * form shows (the sectors; the place picker's lists for the place filtered by).
 */
export async function outcomesPage(search: URLSearchParams, locale: Locale) {
  const filter = parseOutcomeFilter(search);
  const choice = placeChoiceOf(filter.place);
  const [page, sectors, places] = await Promise.all([listPublishedOutcomes(filter, decodeCursor(search.get("after"))), listSectors(), placeChoices(choice.province, choice.city)]);
  return { items: page.items.map((o) => forReader(o, locale)), next: page.next, filter, choice, sectors, places };
}

/** An outcome as the page shows it, in the reader's language only (half the page's data, issue 14). */
export type OutcomeForReader = Pick<PublishedOutcome, "reference" | "submittedOn" | "concludedOn" | "closedOn" | "finding" | "actions"> & {
  sector: string;
  place: string;
  summary: { text: string; lang: Locale };
};

function forReader(o: PublishedOutcome, locale: Locale): OutcomeForReader {
  const en = locale === "en";
  return {
    reference: o.reference,
    sector: en ? o.sector.nameEn : o.sector.nameZh,
    place: en ? o.place.pathEn : o.place.pathZh,
    submittedOn: o.submittedOn,
    concludedOn: o.concludedOn,
    closedOn: o.closedOn,
    finding: o.finding,
    actions: o.actions,
    // The Chinese summary where there is no English one.
    summary: en && o.summaryEn ? { text: o.summaryEn, lang: "en" } : { text: o.summaryZh, lang: "zh-CN" },
  };
}

/**
 * Every published outcome (optionally filtered) in keyset batches, newest closure first: constant
 * memory, and no connection or snapshot held between batches. The next batch is already being
 * read while the caller writes out the current one.
 */
export async function* publishedOutcomeBatches(f: OutcomeFilter = {}, batch = BATCH): AsyncGenerator<PublishedOutcome[]> {
  let next: Promise<PublishedOutcome[]> | null = select(f, undefined, batch);
  try {
    while (next) {
      const rows: PublishedOutcome[] = await next;
      const last = rows.at(-1);
      next = rows.length === batch && last ? select(f, { closedOn: last.closedOn, seq: last.seq }, batch) : null;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // Stopped early (a download cancelled): the read ahead is not wanted, nor its error.
    next?.catch(() => {});
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

/**
 * A byte stream of the texts a generator yields, one chunk each (a page of records, not a record:
 * 700,000 tiny writes cost more than the query), pulled only as fast as the reader takes it.
 */
function textStream(parts: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const n = await parts.next();
        if (n.done) controller.close();
        else controller.enqueue(encoder.encode(n.value));
      },
      async cancel() {
        await parts.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * The CSV columns, in OPEN_DATA_COLUMNS order, as PostgreSQL writes them for the download: free
 * text (names, places, summaries) through csv_field() (RFC 4180 quoting; migration 0012); codes,
 * references, dates, numbers and booleans cannot hold a separator. Booleans true/false, dates
 * YYYY-MM-DD, NULL an empty field, as in the JSON.
 */
const date = (c: AnyColumn) => sql`coalesce(to_char(${c}, 'YYYY-MM-DD'), '')`;
const text = (c: AnyColumn) => sql`csv_field(${c})`;
const plain = (c: AnyColumn) => sql`coalesce(${c}::text, '')`;
const CSV_SQL: Record<OpenDataColumn, SQL> = {
  reference: plain(tips.reference),
  sector_code: plain(tips.sectorCode),
  sector_name_zh: text(sectors.nameZh),
  sector_name_en: text(sectors.nameEn),
  place_code: sql`trim(${tips.placeCode})`,
  place_name_zh: text(placePaths.pathZh),
  place_name_en: text(placePaths.pathEn),
  submitted_on: date(tips.submittedOn),
  concluded_on: date(tips.concludedOn),
  closed_on: date(tips.closedOn),
  finding: plain(caseOutcomes.finding),
  rectification_ordered: plain(caseOutcomes.rectificationOrdered),
  rectification_due_on: date(caseOutcomes.rectificationDueOn),
  fine_cny: plain(caseOutcomes.fineCny),
  suspension: plain(caseOutcomes.suspension),
  closure: plain(caseOutcomes.closure),
  criminal_referral: plain(caseOutcomes.criminalReferral),
  officials_held_accountable: plain(caseOutcomes.officialsHeldAccountable),
  admonitory_talk: plain(caseOutcomes.admonitoryTalk),
  public_summary_zh: text(caseOutcomes.publicSummaryZh),
  public_summary_en: text(caseOutcomes.publicSummaryEn),
};
const CSV_RECORD = sql`concat_ws(',', ${sql.join(
  OPEN_DATA_COLUMN_NAMES.map((c) => CSV_SQL[c]),
  sql`, `,
)}) || E'\\n'`;

/**
 * One keyset page of the CSV as a single text (its records in order) and the cursor after it
 * (null on the last page). The filters and the order are those of the /outcomes pages.
 */
async function csvPage(f: OutcomeFilter, after: Cursor | undefined, limit: number): Promise<{ body: string; next: Cursor | null }> {
  const rows = await queryRows<{ body: string; n: number; last: string | null }>(db(), sql`
    select coalesce(string_agg(record, '' order by closed_on desc, reference_seq desc), '') as body, count(*)::int as n,
           (array_agg(to_char(closed_on, 'YYYY-MM-DD') || '~' || reference_seq order by closed_on, reference_seq))[1] as last
    from (select ${tips.closedOn} as closed_on, ${tips.referenceSeq} as reference_seq, ${CSV_RECORD} as record
          from ${tips}
          join ${caseOutcomes} on ${caseOutcomes.tipId} = ${tips.id}
          join ${sectors} on ${sectors.code} = ${tips.sectorCode}
          join ${placePaths} on ${placePaths.code} = ${tips.placeCode}
          where ${conditions(f, after)}
          order by ${tips.closedOn} desc, ${tips.referenceSeq} desc
          limit ${limit}) page`);
  const r = rows[0]!;
  return { body: r.body, next: r.n === limit ? (decodeCursor(r.last) ?? null) : null };
}

/**
 * All published outcomes as CSV (UTF-8 with BOM, a header row), streamed a keyset page at a time.
 * PostgreSQL writes each page's records as one text (csv-stringify took ~10 s of the server's CPU
 * for 700,000 records; PostgreSQL's COPY would do but postgres.js 3.4.9's COPY stream was seen to
 * hang the connection under concurrent queries): the server passes the bytes on, and the next page
 * is read while the current one is sent. Constant memory: two pages at most.
 */
export function publishedOutcomesCsv(f: OutcomeFilter = {}, batch = BATCH): ReadableStream<Uint8Array> {
  async function* parts(): AsyncGenerator<string> {
    yield "\uFEFF" + OPEN_DATA_COLUMN_NAMES.join(",") + "\n";
    let page: Promise<{ body: string; next: Cursor | null }> | null = csvPage(f, undefined, batch);
    try {
      while (page) {
        const { body, next }: { body: string; next: Cursor | null } = await page;
        page = next ? csvPage(f, next, batch) : null;
        if (body) yield body;
      }
    } finally {
      page?.catch(() => {});
    }
  }
  return textStream(parts());
}

/** All published outcomes as a JSON array (UTF-8), streamed a batch at a time. */
export function publishedOutcomesJson(f: OutcomeFilter = {}, batch = BATCH): ReadableStream<Uint8Array> {
  async function* parts(): AsyncGenerator<string> {
    let first = true;
    for await (const rows of publishedOutcomeBatches(f, batch)) {
      yield (first ? "[\n" : ",\n") + rows.map((o) => JSON.stringify(toOpenDataRecord(o))).join(",\n");
      first = false;
    }
    yield first ? "[]\n" : "\n]\n";
  }
  return textStream(parts());
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
    // Each language's part reads as the page does in it: place, finding and measures, then the summary.
    const zh = `${o.place.pathZh}\n${outcomeLine(translator("zh-CN"), "zh-CN", o)}\n${o.summaryZh}`;
    const en = `${o.place.pathEn}\n${outcomeLine(translator("en"), "en", o)}${o.summaryEn ? `\n${o.summaryEn}` : ""}`;
    const content = `${zh}\n\n${en}`;
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
