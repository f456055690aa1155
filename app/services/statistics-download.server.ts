import { stringify } from "csv-stringify/sync";
import { CSV_TEXT_GUARD } from "../domain/csv-text";
import type { PublishedFigures } from "../domain/published-statistics";
import { formatCell, type Cell } from "../domain/suppression";
import type { StatisticsTable } from "../domain/statistics-query";
import { LICENCE } from "./published-outcomes.server";
import { hotlineEn } from "../i18n/hotline.en";
import { hotlineZhCN } from "../i18n/hotline.zh-CN";
import { NATION, type StatisticsPage } from "./published-statistics.server";
import { releaseHeadlines, releasePage, type Release, type ReleaseHeadlineRow } from "./statistics-release-read.server";

/**
 * The aggregate tables of /stats as open data (CSV per table, JSON with all of them): exactly
 * the published figures — suppressed counts are the markers "<5", "*" and "—", never the
 * numbers behind them. Column names are stable; the dictionary below is shown on /open-data.
 * Every download is of one statistics release (the current one, or `release=N`), and says which.
 */

const COUNT = "integer, or \"<5\" (1–4), \"*\" (hidden, 5 or more), \"—\" (table withheld)";
const RATE = "decimal 0–1 (4 places), empty when not published";

export const STATISTICS_COLUMNS = [
  { name: "table", type: "string: headline | sector | place | month | agency", zh: "表格：主要数据、按领域、按地区、按月份、按部门", en: "Table: headline, by sector, by place, by month, by agency" },
  { name: "scope_code", type: "string (6 digits; 000000 = whole country)", zh: "统计范围的行政区划代码", en: "Administrative division the figures cover" },
  { name: "period_from", type: "month (YYYY-MM)", zh: "统计期间起始月份（按举报提交月份）", en: "First month of the period (month the tips were filed)" },
  { name: "period_to", type: "month (YYYY-MM)", zh: "统计期间最后一个月", en: "Last month of the period" },
  { name: "key", type: "string", zh: "行的代码：领域代码、地区代码、月份或部门编号", en: "Row key: sector code, place code, month or agency id" },
  { name: "name_zh", type: "string", zh: "行的名称（中文）", en: "Row name (Chinese)" },
  { name: "name_en", type: "string", zh: "行的名称（英文）", en: "Row name (English)" },
  { name: "received", type: COUNT, zh: "收到的举报", en: "Tips received" },
  { name: "not_taken_up", type: COUNT, zh: "不予受理或合并到先前的举报", en: "Not taken up (rejected) or merged into an earlier tip" },
  { name: "pending", type: COUNT, zh: "待受理或已受理尚未办结", en: "Awaiting triage, or taken up and not yet concluded" },
  { name: "awaiting", type: COUNT + " (headline only)", zh: "待受理", en: "Awaiting the first triage decision" },
  { name: "rejected_out_of_scope", type: COUNT + " (headline only)", zh: "不予受理：不属于受理范围", en: "Not taken up: out of scope" },
  { name: "rejected_no_facts", type: COUNT + " (headline only)", zh: "不予受理：缺少具体事实", en: "Not taken up: no concrete facts" },
  { name: "rejected_duplicate", type: COUNT + " (headline only)", zh: "不予受理：重复举报", en: "Not taken up: duplicate" },
  { name: "rejected_abusive", type: COUNT + " (headline only)", zh: "不予受理：恶意或滥用", en: "Not taken up: abusive" },
  { name: "merged", type: COUNT + " (headline only)", zh: "合并到先前的举报办理", en: "Merged into an earlier tip" },
  { name: "in_progress", type: COUNT + " (headline and agency tables)", zh: "已受理、尚未办结", en: "Taken up, not yet concluded" },
  { name: "substantiated", type: COUNT, zh: "办结且属实或部分属实", en: "Concluded, substantiated or partly substantiated" },
  { name: "unsubstantiated", type: COUNT, zh: "办结且不属实", en: "Concluded, unsubstantiated" },
  { name: "accepted", type: COUNT + " (headline only)", zh: "受理（办理中 + 办结）", en: "Taken up (in progress + concluded)" },
  { name: "concluded", type: COUNT, zh: "办结", en: "Concluded" },
  { name: "substantiated_rate", type: RATE, zh: "属实率 =（属实 + 部分属实）÷ 办结，至少 5 件", en: "(Substantiated + partly) ÷ concluded, over at least 5 cases" },
  { name: "median_days", type: "number (days), empty when not published", zh: "从提交到办结的天数中位数，至少 5 件", en: "Median calendar days from filing to conclusion, over at least 5 cases" },
  { name: "p90_days", type: "integer (days), empty when not published", zh: "90% 的办结案件在此天数内办结", en: "90th percentile of days to conclusion (nearest rank)" },
  { name: "on_time_rate", type: RATE, zh: "按期办结率（按办结时适用的期限）", en: "Share concluded by the deadline in force at conclusion" },
  { name: "open_now", type: COUNT, zh: "目前未办结（未销号、未驳回、未合并）", en: "Open now (not closed, rejected or merged)" },
  { name: "overdue_now", type: COUNT, zh: "目前已超期（以每小时的超期检查为准）", en: "Overdue now (as of the hourly deadline check)" },
  { name: "escalated", type: COUNT, zh: "曾挂牌督办", en: "Ever escalated to the supervising agency" },
  { name: "returns", type: COUNT, zh: "退回受理台的次数（部门表：计入退回的部门）", en: "Returns to triage (agency table: counted against the returning agency)" },
  { name: "rectifications", type: COUNT, zh: "责令整改的办结案件", en: "Concluded cases with rectification ordered" },
  { name: "suspensions", type: COUNT, zh: "停产整顿", en: "Suspensions ordered" },
  { name: "closures", type: COUNT, zh: "关闭取缔", en: "Closures ordered" },
  { name: "criminal_referrals", type: COUNT, zh: "移送公安", en: "Criminal referrals" },
  { name: "officials_held_accountable", type: COUNT, zh: "被问责人数", en: "Officials held accountable" },
  { name: "rectification_items", type: COUNT, zh: "责令整改的整改事项（办结案件）", en: "Rectification items ordered (concluded cases)" },
  { name: "rectification_items_verified", type: COUNT, zh: "已核查的整改事项", en: "Rectification items verified" },
  { name: "rectification_items_overdue", type: COUNT, zh: "目前已超期的整改事项", en: "Rectification items overdue now" },
  { name: "fines_cny", type: "integer (CNY), empty unless at least 5 cases were fined", zh: "罚款总额（元）", en: "Total fines in CNY" },
  { name: "cases_held", type: COUNT + " (agency table only)", zh: "部门目前承办的案件", en: "Cases the agency holds now (agency table)" },
  { name: "release_no", type: "integer", zh: "统计发布的期号（第 N 期）", en: "Number of the statistics release the figures were published in" },
  { name: "released_at", type: "timestamp (ISO 8601, UTC)", zh: "该期统计发布的时间", en: "When that release was published" },
  { name: "as_of", type: "date (YYYY-MM-DD)", zh: "该期统计的数据截止日期（所在月份尚未结束）", en: "The date the release's figures are as of (its month was not over yet)" },
  {
    name: "month_incomplete",
    type: "1 or 0 (month table only)",
    zh: "1 = 该月数据截至发布时，尚不完整（发布时该月尚未结束）",
    en: "1 = this month was still under way when the release was computed: its figures are incomplete",
  },
] as const;

type Record_ = Record<string, string | number>;

const count = (c: Cell) => (c.kind === "value" ? c.value : formatCell(c));
const num = (n: number | null, digits = 4) => (n === null ? "" : Number(n.toFixed(digits)));

function figuresRecord(f: PublishedFigures): Record_ {
  return {
    received: count(f.received),
    not_taken_up: count(f.partition.notTakenUp),
    pending: count(f.partition.pending),
    substantiated: count(f.partition.substantiated),
    unsubstantiated: count(f.partition.unsubstantiated),
    concluded: count(f.concluded),
    ...(f.detail
      ? {
          awaiting: count(f.detail.awaiting),
          in_progress: count(f.detail.inProgress),
          rejected_out_of_scope: count(f.detail.rejectedOutOfScope),
          rejected_no_facts: count(f.detail.rejectedNoFacts),
          rejected_duplicate: count(f.detail.rejectedDuplicate),
          rejected_abusive: count(f.detail.rejectedAbusive),
          merged: count(f.detail.merged),
          accepted: count(f.detail.accepted),
        }
      : {}),
    substantiated_rate: num(f.substantiatedRate),
    median_days: num(f.medianDays, 1),
    p90_days: num(f.p90Days, 0),
    on_time_rate: num(f.onTimeRate),
    open_now: count(f.listed.openNow),
    overdue_now: count(f.listed.overdueNow),
    escalated: count(f.listed.escalated),
    returns: count(f.listed.returns),
    rectifications: count(f.listed.rectifications),
    suspensions: count(f.listed.suspensions),
    closures: count(f.listed.closures),
    criminal_referrals: count(f.listed.criminalReferrals),
    officials_held_accountable: count(f.listed.officialsHeldAccountable),
    rectification_items: count(f.listed.rectificationItems),
    rectification_items_verified: count(f.listed.rectificationItemsVerified),
    rectification_items_overdue: count(f.listed.rectificationItemsOverdue),
    fines_cny: f.finesCny ?? "",
    cases_held: "",
  };
}

/** The release columns of every record. */
const releaseRecord = (release: Release) => ({ release_no: release.no, released_at: release.releasedAt, as_of: release.asOf });

/** The month still under way when the release was computed (its as_of month). */
export const incompleteMonthOf = (release: Pick<Release, "asOf">) => release.asOf.slice(0, 7);

/** The records of one table of a statistics page in a release, every record with every column (the release's empty without one). */
export function statisticsRecords(page: StatisticsPage, table: StatisticsTable, release?: Release): Record_[] {
  const rows = tableRecords(page, table);
  if (!release) return rows;
  const month = incompleteMonthOf(release);
  return rows.map((r) => ({ ...r, ...releaseRecord(release), month_incomplete: table === "month" ? (r.key === month ? 1 : 0) : "" }));
}

const emptyRecord = () => Object.fromEntries(STATISTICS_COLUMNS.map((c) => [c.name, ""])) as Record_;

function tableRecords(page: StatisticsPage, table: StatisticsTable): Record_[] {
  const base = (tableName: StatisticsTable, key: string, nameZh: string, nameEn: string) => ({
    table: tableName,
    scope_code: page.scope.code,
    period_from: page.period.from,
    period_to: page.period.to,
    key,
    name_zh: nameZh,
    name_en: nameEn,
  });
  const empty = emptyRecord();
  const full = (r: Record_) => ({ ...empty, ...r });
  switch (table) {
    case "headline":
      return [full({ ...base("headline", page.scope.code, page.scope.nameZh, page.scope.nameEn), ...figuresRecord(page.headline) })];
    case "sector":
      return page.sectors.map((s) => full({ ...base("sector", s.key, s.label.nameZh, s.label.nameEn), ...figuresRecord(s.figures) }));
    case "place":
      return page.places.map((p) => full({ ...base("place", p.key, p.label.nameZh, p.label.nameEn), ...figuresRecord(p.figures) }));
    case "month":
      return page.months.map((m) => full({ ...base("month", m.key, m.key, m.key), ...figuresRecord(m.figures) }));
    case "channel":
      return page.channels.map((c) => full({ ...base("channel", c.key, hotlineZhCN[`channel.${c.key}`], hotlineEn[`channel.${c.key}`]), ...figuresRecord(c.figures) }));
    case "agency":
      return page.agencies.rows.map((a) =>
        full({
          ...base("agency", a.key, a.label.nameZh, a.label.nameEn),
          cases_held: count(a.held),
          in_progress: count(a.inProgress),
          substantiated: count(a.substantiated),
          unsubstantiated: count(a.unsubstantiated),
          on_time_rate: num(a.onTimeRate),
          open_now: count(a.openNow),
          overdue_now: count(a.overdueNow),
          returns: count(a.returns),
        }),
      );
  }
}

const COLUMN_NAMES = STATISTICS_COLUMNS.map((c) => c.name);
const csvOf = (records: Record_[], header: boolean) => stringify(records, { header, columns: [...COLUMN_NAMES], ...CSV_TEXT_GUARD });

/**
 * One table as CSV (UTF-8 with BOM, header row of the stable column names), of the current
 * release or release `q.release`; null for an unknown place, no release yet, or a release that
 * is not published. A place with no tips in the release has the header row only. Names (of
 * agencies, set by administrators) are guarded against spreadsheet formulas; figures are
 * numbers and stay so.
 */
export async function statisticsCsv(q: { place: string; period: number; table: StatisticsTable; release?: number }): Promise<string | null> {
  const r = await releasePage(q.place, q.period, q.release);
  if (!r.release || !r.placeKnown) return null;
  return "\uFEFF" + csvOf(r.page ? statisticsRecords(r.page, q.table, r.release) : [], true);
}

/** Every table as JSON, with the licence and the release; null as for the CSV. */
export async function statisticsJson(q: { place: string; period: number; release?: number }) {
  const r = await releasePage(q.place, q.period, q.release);
  if (!r.release || !r.placeKnown) return null;
  const page = r.page;
  const scope = page?.scope ?? r.place!.scope;
  const release = { no: r.release.no, released_at: r.release.releasedAt, as_of: r.release.asOf, content_hash: r.release.contentHash, incomplete_month: incompleteMonthOf(r.release) };
  const tables = (["headline", "sector", "place", "month", "channel", "agency"] as const).filter((t) => t !== "place" || scope.level !== "county");
  return {
    licence: LICENCE,
    release,
    scope: { code: scope.code, name_zh: scope.nameZh, name_en: scope.nameEn },
    period: page?.period ?? r.place!.period,
    tables: Object.fromEntries(tables.map((t) => [t, page ? statisticsRecords(page, t, r.release!) : []])),
  };
}

/** A release's aggregate file, row by row: the headline of every place and window as published. */
function releaseRecordOf(row: ReleaseHeadlineRow, release: Release): Record_ {
  return {
    ...emptyRecord(),
    table: "headline",
    scope_code: row.scope.code,
    period_from: row.period.from,
    period_to: row.period.to,
    key: row.scope.code,
    name_zh: row.scope.nameZh,
    name_en: row.scope.nameEn,
    ...figuresRecord(row.headline),
    ...releaseRecord(release),
  };
}

const encoder = new TextEncoder();

/** Chunks of text as a byte stream, pulled as the reader reads (a slow client holds the cursor back, not memory). */
function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * Release N as one CSV: one row per place per window with its headline figures, as published
 * (the columns of the statistics downloads, table "headline"), streamed from a cursor.
 */
export function releaseCsvStream(release: Release): ReadableStream<Uint8Array> {
  return streamOf(
    (async function* () {
      yield "\uFEFF" + csvOf([], true);
      for await (const rows of releaseHeadlines(release.no)) yield csvOf(rows.map((r) => releaseRecordOf(r, release)), false);
    })(),
  );
}

/** Release N as one JSON document: the licence, the release, and `rows` as the CSV's, streamed. */
export function releaseJsonStream(release: Release): ReadableStream<Uint8Array> {
  const head = { licence: LICENCE, release: { no: release.no, released_at: release.releasedAt, as_of: release.asOf, content_hash: release.contentHash, pages: release.pages, incomplete_month: incompleteMonthOf(release) } };
  return streamOf(
    (async function* () {
      yield JSON.stringify(head).slice(0, -1) + ',"rows":[';
      let first = true;
      for await (const rows of releaseHeadlines(release.no)) {
        if (rows.length === 0) continue;
        yield (first ? "" : ",") + rows.map((r) => JSON.stringify(releaseRecordOf(r, release))).join(",");
        first = false;
      }
      yield "]}";
    })(),
  );
}

export { NATION };
