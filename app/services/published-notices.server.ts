import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { agencies, caseOutcomes, placePaths, publicNotices, sectors, tips } from "../../db/schema/index";
import { CLOSED_STATES, publicStatus, type PublicStatus } from "../domain/case-state";
import { guardCsvText } from "../domain/csv-text";
import { codeRange } from "../domain/places";
import type { NoticeStanding } from "../domain/public-notice";
import type { Locale, Translate } from "../i18n";
import { translator } from "../i18n/catalogues.server";
import type { Executor } from "../lib/db.server";
import { db } from "../lib/db.server";
import { listPlaces } from "./list-places.server";
import { escapeXml, LICENCE } from "./published-outcomes.server";
import type { RectificationItemState } from "../domain/rectification-item-state";
import { rectificationItemsOf } from "./rectification-items-read.server";

/**
 * Published notices of supervised major hazards (挂牌督办公告, docs/decisions/038): /notices, its
 * Atom feed and the open-data downloads. Only public fields leave this module: the subject as the
 * supervisor confirmed it, the sector, the place (county at most), the supervising agency, staff's
 * notice text, the rectification deadline, the dates of publication and lifting, the lift note
 * and the progress in words. Never the tip's date, text, reference or anything of the tipster,
 * and no staff name. A notice whose tip says officials are implicated is not shown while the case
 * is open (mayBePublished, ADR 013), whenever the implication was set.
 */

export const NOTICE_PAGE_SIZE = 50;
export const NOTICE_FEED_SIZE = 50;
const BATCH = 1000;

/**
 * One line of a notice's progress: one per rectification item (its number, its deadline in force,
 * its state: docs/decisions/037) once the outcome has ordered them, else the case's own (its
 * public status in words, with the outcome's deadline). An item's "what must be done" is not
 * published: it is written for the company, not checked for publication, and may name people.
 */
export type ProgressLine = { kind: "case"; status: PublicStatus; dueOn: string | null } | { kind: "item"; position: number; state: RectificationItemState; dueOn: string };

export type PublishedNotice = {
  id: string;
  standing: NoticeStanding;
  subject: string;
  sector: { code: string; nameZh: string; nameEn: string };
  place: { code: string; pathZh: string; pathEn: string };
  agency: { nameZh: string; nameEn: string };
  textZh: string;
  textEn: string | null;
  rectificationDueOn: string;
  publishedOn: string;
  liftedOn: string | null;
  liftNote: string | null;
  /** The case's public status (app/domain/case-state.ts publicStatus) and its outcome's rectification deadline. */
  caseStatus: PublicStatus;
  caseRectificationDueOn: string | null;
  progress: ProgressLine[];
};

export type NoticeFilter = { province?: string };
export type NoticeCursor = { publishedOn: string; id: string };

export const encodeNoticeCursor = (c: NoticeCursor) => `${c.publishedOn}~${c.id}`;
export function decodeNoticeCursor(s: string | null | undefined): NoticeCursor | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})~([0-9a-f-]{36})$/.exec(s ?? "");
  return m ? { publishedOn: m[1]!, id: m[2]! } : undefined;
}

export function parseNoticeFilter(search: URLSearchParams): NoticeFilter {
  const province = search.get("province")?.trim();
  return province && /^\d{2}0000$/.test(province) && province !== "000000" ? { province } : {};
}

/** A tip saying officials are implicated stays out of public outputs while its case is open (mayBePublished in SQL). */
const publishable = sql`(${tips.state} in (${sql.join(
  CLOSED_STATES.map((s) => sql`${s}`),
  sql`, `
)}) or (not ${tips.officialsImplicated} and ${tips.implicatedPlaceCode} is null))`;

function conditions(f: NoticeFilter, after?: NoticeCursor): SQL | undefined {
  const c: SQL[] = [publishable];
  if (f.province) {
    const [lo, hi] = codeRange(f.province);
    c.push(gte(publicNotices.placeCode, lo), lte(publicNotices.placeCode, hi));
  }
  if (after) c.push(sql`(${publicNotices.publishedOn}, ${publicNotices.id}) < (${after.publishedOn}::date, ${after.id}::uuid)`);
  return and(...c);
}

/** The progress lines of each notice's case: its rectification items (rectificationItemsOf), or one line of the case. */
async function progressOf(executor: Executor, rows: { tipId: string; caseStatus: PublicStatus; caseRectificationDueOn: string | null }[]): Promise<Map<string, ProgressLine[]>> {
  const lines = await Promise.all(
    rows.map(async (r): Promise<[string, ProgressLine[]]> => {
      const items = await rectificationItemsOf(executor, r.tipId);
      if (items.length > 0) return [r.tipId, items.map((i) => ({ kind: "item", position: i.position, state: i.state, dueOn: i.dueOn }))];
      return [r.tipId, [{ kind: "case", status: r.caseStatus, dueOn: r.caseRectificationDueOn }]];
    }),
  );
  return new Map(lines);
}

async function select(f: NoticeFilter, after: NoticeCursor | undefined, limit: number): Promise<PublishedNotice[]> {
  const rows = await db()
    .select({
      id: publicNotices.id,
      tipId: publicNotices.tipId,
      subject: publicNotices.subject,
      sectorCode: publicNotices.sectorCode,
      sectorZh: sectors.nameZh,
      sectorEn: sectors.nameEn,
      placeCode: publicNotices.placeCode,
      pathZh: placePaths.pathZh,
      pathEn: placePaths.pathEn,
      agencyZh: agencies.nameZh,
      agencyEn: agencies.nameEn,
      textZh: publicNotices.textZh,
      textEn: publicNotices.textEn,
      rectificationDueOn: publicNotices.rectificationDueOn,
      publishedOn: publicNotices.publishedOn,
      liftedOn: publicNotices.liftedOn,
      liftNote: publicNotices.liftNote,
      state: tips.state,
      outcomeDueOn: caseOutcomes.rectificationDueOn,
      outcomeOrdered: caseOutcomes.rectificationOrdered,
    })
    .from(publicNotices)
    .innerJoin(tips, eq(tips.id, publicNotices.tipId))
    .innerJoin(sectors, eq(sectors.code, publicNotices.sectorCode))
    .innerJoin(placePaths, eq(placePaths.code, publicNotices.placeCode))
    .innerJoin(agencies, eq(agencies.id, publicNotices.supervisingAgencyId))
    .leftJoin(caseOutcomes, eq(caseOutcomes.tipId, publicNotices.tipId))
    .where(conditions(f, after))
    .orderBy(desc(publicNotices.publishedOn), desc(publicNotices.id))
    .limit(limit);
  const cases = rows.map((r) => ({ tipId: r.tipId, caseStatus: publicStatus(r.state), caseRectificationDueOn: r.outcomeOrdered ? r.outcomeDueOn : null }));
  const progress = await progressOf(db(), cases);
  return rows.map((r, i) => ({
    id: r.id,
    standing: r.liftedOn ? "lifted" : "current",
    subject: r.subject,
    sector: { code: r.sectorCode, nameZh: r.sectorZh, nameEn: r.sectorEn },
    place: { code: r.placeCode.trim(), pathZh: r.pathZh, pathEn: r.pathEn },
    agency: { nameZh: r.agencyZh, nameEn: r.agencyEn },
    textZh: r.textZh,
    textEn: r.textEn,
    rectificationDueOn: r.rectificationDueOn,
    publishedOn: r.publishedOn,
    liftedOn: r.liftedOn,
    liftNote: r.liftNote,
    caseStatus: cases[i]!.caseStatus,
    caseRectificationDueOn: cases[i]!.caseRectificationDueOn,
    progress: progress.get(r.tipId) ?? [],
  }));
}

/** One page (50) of notices, newest publication first (within a day in random order: ids are random), and the next page's cursor. */
export async function listPublishedNotices(f: NoticeFilter, after?: NoticeCursor): Promise<{ items: PublishedNotice[]; next: string | null }> {
  const rows = await select(f, after, NOTICE_PAGE_SIZE + 1);
  const items = rows.slice(0, NOTICE_PAGE_SIZE);
  const last = items.at(-1);
  return { items, next: rows.length > NOTICE_PAGE_SIZE && last ? encodeNoticeCursor({ publishedOn: last.publishedOn, id: last.id }) : null };
}

/** A notice in the reader's language only (the Chinese text where there is no English). */
export type NoticeForReader = Pick<PublishedNotice, "id" | "standing" | "subject" | "rectificationDueOn" | "publishedOn" | "liftedOn" | "liftNote"> & {
  sector: string;
  place: string;
  agency: string;
  text: { text: string; lang: Locale };
  progress: string[];
};

/** A progress line in words: "整改中（整改期限 2026-04-30）". */
export function progressText(t: Translate, line: ProgressLine): string {
  if (line.kind === "item") return t("notices.progress.item", { position: String(line.position), state: t(`notices.item.${line.state}`), dueOn: line.dueOn });
  const state = t(`notices.progress.${line.status}`);
  return line.dueOn ? t("notices.progress.due", { state, dueOn: line.dueOn }) : state;
}

export function noticeForReader(n: PublishedNotice, locale: Locale, t: Translate): NoticeForReader {
  const en = locale === "en";
  return {
    id: n.id,
    standing: n.standing,
    subject: n.subject,
    sector: en ? n.sector.nameEn : n.sector.nameZh,
    place: en ? n.place.pathEn : n.place.pathZh,
    agency: en ? n.agency.nameEn : n.agency.nameZh,
    text: en && n.textEn ? { text: n.textEn, lang: "en" } : { text: n.textZh, lang: "zh-CN" },
    rectificationDueOn: n.rectificationDueOn,
    publishedOn: n.publishedOn,
    liftedOn: n.liftedOn,
    liftNote: n.liftNote,
    progress: n.progress.map((p) => progressText(t, p)),
  };
}

/** The /notices page: one page of notices for the filter of a query string, and the provinces of the filter form. */
export async function noticesPage(search: URLSearchParams, locale: Locale) {
  const filter = parseNoticeFilter(search);
  const [page, provinces] = await Promise.all([listPublishedNotices(filter, decodeNoticeCursor(search.get("after"))), listPlaces(null)]);
  const t = translator(locale);
  return { items: page.items.map((n) => noticeForReader(n, locale, t)), next: page.next, filter, provinces };
}

/** Every published notice in keyset batches, newest first. */
export async function* publishedNoticeBatches(f: NoticeFilter = {}, batch = BATCH): AsyncGenerator<PublishedNotice[]> {
  let after: NoticeCursor | undefined;
  for (;;) {
    const rows = await select(f, after, batch);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < batch || !last) return;
    after = { publishedOn: last.publishedOn, id: last.id };
  }
}

/** Columns of the notices download, in order, with their documentation (the data dictionary on /open-data). */
export const NOTICE_COLUMNS = [
  { name: "notice_id", type: "string (UUID)", zh: "公告编号（随机编号，与举报编号无关）", en: "Notice id (random, unrelated to the case reference)" },
  { name: "standing", type: "string: current | lifted", zh: "公告状态：督办中、已摘牌", en: "Standing: under supervision, lifted" },
  { name: "subject", type: "string", zh: "被督办的单位或场所名称（经督办部门确认公开）", en: "Company or site under supervision (confirmed for publication by the supervising agency)" },
  { name: "sector_code", type: "string", zh: "行业领域代码", en: "Sector code" },
  { name: "sector_name_zh", type: "string", zh: "行业领域名称（中文）", en: "Sector name (Chinese)" },
  { name: "sector_name_en", type: "string", zh: "行业领域名称（英文）", en: "Sector name (English)" },
  { name: "place_code", type: "string (6 digits)", zh: "行政区划代码（GB/T 2260，最细到县级）", en: "Administrative division code (GB/T 2260, county level at most)" },
  { name: "place_name_zh", type: "string", zh: "地区名称（省市县，中文）", en: "Place name (province, city, county; Chinese)" },
  { name: "place_name_en", type: "string", zh: "地区名称（省市县，英文）", en: "Place name (province, city, county; English)" },
  { name: "supervising_agency_zh", type: "string", zh: "督办部门（中文）", en: "Supervising agency (Chinese)" },
  { name: "supervising_agency_en", type: "string", zh: "督办部门（英文）", en: "Supervising agency (English)" },
  { name: "notice_text_zh", type: "string", zh: "公告内容（中文，由督办部门撰写）", en: "Notice text (Chinese, written by the supervising agency)" },
  { name: "notice_text_en", type: "string, may be empty", zh: "公告内容（英文）", en: "Notice text (English)" },
  { name: "rectification_due_on", type: "date (YYYY-MM-DD)", zh: "公告规定的整改期限", en: "Rectification deadline set by the notice" },
  { name: "published_on", type: "date (YYYY-MM-DD)", zh: "挂牌（公告发布）日期", en: "Date the notice was published" },
  { name: "lifted_on", type: "date (YYYY-MM-DD), may be empty", zh: "摘牌日期", en: "Date the notice was lifted" },
  { name: "lift_note", type: "string, may be empty", zh: "摘牌说明", en: "Why the notice was lifted" },
  {
    name: "case_status",
    type: "string: received | with_agency | investigating | rectifying | closed | rejected | merged",
    zh: "案件办理进展（与举报人查询页面的状态相同）",
    en: "Progress of the case (the status the tipster sees)",
  },
  { name: "case_rectification_due_on", type: "date (YYYY-MM-DD), may be empty", zh: "处理结论中的整改期限", en: "Rectification deadline of the case's outcome" },
  { name: "rectification_items", type: "integer, may be empty", zh: "整改清单的项数（结论未列整改项时为空）", en: "Number of rectification items (empty where the outcome ordered none)" },
  { name: "rectification_items_verified", type: "integer, may be empty", zh: "其中已核查整改到位的项数", en: "Of which verified as rectified" },
] as const;

export type NoticeColumn = (typeof NOTICE_COLUMNS)[number]["name"];
export const NOTICE_COLUMN_NAMES: NoticeColumn[] = NOTICE_COLUMNS.map((c) => c.name);
export { LICENCE };

function itemCounts(progress: ProgressLine[]): { rectification_items: string | null; rectification_items_verified: string | null } {
  const items = progress.filter((p) => p.kind === "item");
  if (items.length === 0) return { rectification_items: null, rectification_items_verified: null };
  return { rectification_items: String(items.length), rectification_items_verified: String(items.filter((i) => i.state === "verified").length) };
}

/** The flat open-data record (documented in NOTICE_COLUMNS). */
export function toNoticeRecord(n: PublishedNotice): Record<NoticeColumn, string | null> {
  return {
    notice_id: n.id,
    standing: n.standing,
    subject: n.subject,
    sector_code: n.sector.code,
    sector_name_zh: n.sector.nameZh,
    sector_name_en: n.sector.nameEn,
    place_code: n.place.code,
    place_name_zh: n.place.pathZh,
    place_name_en: n.place.pathEn,
    supervising_agency_zh: n.agency.nameZh,
    supervising_agency_en: n.agency.nameEn,
    notice_text_zh: n.textZh,
    notice_text_en: n.textEn,
    rectification_due_on: n.rectificationDueOn,
    published_on: n.publishedOn,
    lifted_on: n.liftedOn,
    lift_note: n.liftNote,
    case_status: n.caseStatus,
    case_rectification_due_on: n.caseRectificationDueOn,
    ...itemCounts(n.progress),
  };
}

/** The JSON record: the CSV's fields, the counts as numbers. */
function toNoticeJson(n: PublishedNotice): Record<NoticeColumn, string | number | null> {
  const r = toNoticeRecord(n);
  const count = (v: string | null) => (v === null ? null : Number(v));
  return { ...r, rectification_items: count(r.rectification_items), rectification_items_verified: count(r.rectification_items_verified) };
}

/** RFC 4180 field, text guarded against spreadsheet formulas (app/domain/csv-text.ts), empty for null. */
function csvField(v: string | null): string {
  if (v === null) return "";
  const g = guardCsvText(v);
  return /[",\r\n]/.test(g) ? `"${g.replaceAll('"', '""')}"` : g;
}

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
    { highWaterMark: 1 }
  );
}

/** All published notices as CSV (UTF-8 with BOM, a header row), a batch at a time (notices are few: Node writes them). */
export function publishedNoticesCsv(f: NoticeFilter = {}): ReadableStream<Uint8Array> {
  async function* parts(): AsyncGenerator<string> {
    yield "\uFEFF" + NOTICE_COLUMN_NAMES.join(",") + "\n";
    for await (const rows of publishedNoticeBatches(f)) {
      yield rows
        .map((n) => {
          const r = toNoticeRecord(n);
          return NOTICE_COLUMN_NAMES.map((c) => csvField(r[c])).join(",") + "\n";
        })
        .join("");
    }
  }
  return textStream(parts());
}

/** All published notices as a JSON array (UTF-8). */
export function publishedNoticesJson(f: NoticeFilter = {}): ReadableStream<Uint8Array> {
  async function* parts(): AsyncGenerator<string> {
    let first = true;
    for await (const rows of publishedNoticeBatches(f)) {
      yield (first ? "[\n" : ",\n") + rows.map((n) => JSON.stringify(toNoticeJson(n))).join(",\n");
      first = false;
    }
    yield first ? "[]\n" : "\n]\n";
  }
  return textStream(parts());
}

/** The Atom feed of the 50 most recently published notices; an entry is updated when lifted. */
export async function noticesAtom(origin: string): Promise<string> {
  const { items } = await listPublishedNotices({});
  const base = origin.replace(/\/+$/, "");
  const zh = translator("zh-CN");
  const en = translator("en");
  const updatedOn = (n: PublishedNotice) => n.liftedOn ?? n.publishedOn;
  const latest = items.map(updatedOn).sort().at(-1);
  const entries = items.map((n) => {
    const part = (t: Translate, locale: Locale) => {
      const r = noticeForReader(n, locale, t);
      return [
        `${r.subject} · ${t(`notices.standing.${n.standing}`)}`,
        `${t("notices.place_label")}: ${r.place} · ${t("notices.sector_label")}: ${r.sector}`,
        `${t("notices.agency_label")}: ${r.agency} · ${t("notices.due_label")}: ${n.rectificationDueOn}`,
        `${t("notices.progress_label")}: ${r.progress.join("; ")}`,
        n.liftedOn ? t("notices.lifted_line", { published: n.publishedOn, lifted: n.liftedOn }) : t("notices.published_line", { published: n.publishedOn }),
        ...(n.liftNote ? [`${t("notices.lift_note_label")}: ${n.liftNote}`] : []),
        r.text.text,
      ].join("\n");
    };
    const content = `${part(zh, "zh-CN")}\n\n${part(en, "en")}`;
    return [
      "  <entry>",
      `    <id>urn:canary:notice:${escapeXml(n.id)}</id>`,
      `    <title>${escapeXml(`${n.subject} — ${zh(`notices.standing.${n.standing}`)} / ${en(`notices.standing.${n.standing}`)}`)}</title>`,
      `    <published>${n.publishedOn}T00:00:00Z</published>`,
      `    <updated>${updatedOn(n)}T00:00:00Z</updated>`,
      `    <link rel="alternate" href="${escapeXml(`${base}/notices?province=${n.place.code.slice(0, 2)}0000`)}"/>`,
      `    <category term="${escapeXml(n.standing)}"/>`,
      `    <content type="text">${escapeXml(content)}</content>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "  <id>urn:canary:notices</id>",
    "  <title>Canary — 重大事故隐患挂牌督办公告 / Major hazards under supervision</title>",
    `  <updated>${latest ? `${latest}T00:00:00Z` : "1970-01-01T00:00:00Z"}</updated>`,
    "  <author><name>Canary</name></author>",
    `  <link rel="self" href="${escapeXml(`${base}/notices.atom`)}"/>`,
    `  <link rel="alternate" href="${escapeXml(`${base}/notices`)}"/>`,
    `  <rights>${escapeXml(LICENCE.name)}</rights>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
