/**
 * What /stats and the home page show of a publication, in the form the page renders it from:
 * every figure as a Reading (a number or one word, app/domain/cell-reading.ts), names already in
 * the reader's language, only the columns the tables have. The loader sends this instead of the
 * publication itself (every row's every cell as an object, both languages' names), which was
 * half of the page's bytes. Pure: no I/O, no React.
 */
import { readComputed, readCount, type Reading } from "~/domain/cell-reading";
import { changeOf, pointsOf, REJECTION_MEASURES, WITHHELD, type PublishedFigures, type RowPage } from "~/domain/published-statistics";
import { REJECTION_REASONS } from "~/domain/case-state";
import type { Cell } from "~/domain/suppression";
import { NATION_CODE } from "~/domain/statistics-query";
import { localName, type Locale, type Translate } from "~/i18n";
import type { StatisticsPage } from "~/services/published-statistics.server";

/** How a figure is written: a count, a share (0..1), a number of days, an amount of money. */
export type FigureKind = "count" | "rate" | "days" | "money";

export type FigureView = {
  id: string;
  reading: Reading;
  kind: FigureKind;
  /** Year on year: relative change of a count, or percentage points of a rate; null = no comparable figure. */
  change?: { by: "ratio" | "points"; value: number | null };
};

/** The columns of a breakdown table (by month, sector, channel, place), in order. */
export const BREAKDOWN_COLUMNS = [
  { id: "received", kind: "count" },
  { id: "not_taken_up", kind: "count" },
  { id: "pending", kind: "count" },
  { id: "concluded", kind: "count" },
  { id: "substantiated_rate", kind: "rate" },
  { id: "median_days", kind: "days" },
  { id: "on_time_rate", kind: "rate" },
  { id: "open_now", kind: "count" },
  { id: "overdue_now", kind: "count" },
] as const satisfies readonly { id: string; kind: FigureKind }[];

/** The columns of the agency table, in order. */
export const AGENCY_COLUMNS = [
  { id: "held", kind: "count" },
  { id: "in_progress", kind: "count" },
  { id: "concluded", kind: "count" },
  { id: "on_time_rate", kind: "rate" },
  { id: "open_now", kind: "count" },
  { id: "overdue_now", kind: "count" },
  { id: "returns", kind: "count" },
] as const satisfies readonly { id: string; kind: FigureKind }[];

/** A null value is a cell the row does not have (the agency total has no on-time rate). `incomplete`: a month still under way when its release was computed. */
export type TableRowView = { key: string; label: string; drill?: boolean; incomplete?: boolean; values: (Reading | null)[] };
export type TableView = { rows: TableRowView[]; total: (Reading | null)[] };

export type StatisticsView = {
  scope: { code: string; name: string; level: StatisticsPage["scope"]["level"] };
  ancestors: { code: string; name: string }[];
  period: { from: string; to: string };
  windows: { from: string; to: string }[];
  headline: FigureView[];
  rejections: FigureView[];
  actions: FigureView[];
  months: TableView;
  sectors: TableView;
  channels: TableView;
  /** Null on a county's page (no level below). */
  places: TableView | null;
  agencies: TableView;
  /** The month of the period that was still under way on the page's date (a release's as_of), if the period has it: its figures are incomplete. */
  incompleteMonth: string | null;
};

function breakdownValues(f: PublishedFigures): Reading[] {
  return [
    readCount(f.received),
    readCount(f.partition.notTakenUp),
    readCount(f.partition.pending),
    readCount(f.concluded),
    readComputed(f.substantiatedRate, f.concluded),
    readComputed(f.medianDays, f.concluded),
    readComputed(f.onTimeRate, f.concluded),
    readCount(f.listed.openNow),
    readCount(f.listed.overdueNow),
  ];
}

type AgencyFigures = Omit<StatisticsPage["agencies"]["rows"][number], "key" | "label" | "onTimeRate"> & { onTimeRate?: number | null };

/** Concluded = substantiated + unsubstantiated, shown only when both are. */
function agencyConcluded(r: { substantiated: Cell; unsubstantiated: Cell }): Reading {
  if (r.substantiated.kind === "value" && r.unsubstantiated.kind === "value") return r.substantiated.value + r.unsubstantiated.value;
  return r.substantiated.kind === "suppressed" && r.substantiated.reason === "withheld" ? "withheld" : "complementary";
}

function agencyValues(r: AgencyFigures): (Reading | null)[] {
  return [
    readCount(r.held),
    readCount(r.inProgress),
    agencyConcluded(r),
    r.onTimeRate === undefined ? null : readComputed(r.onTimeRate, r.held),
    readCount(r.openNow),
    readCount(r.overdueNow),
    readCount(r.returns),
  ];
}

/** The headline figures, with their change on the same period a year earlier where one is published. */
export function headlineView(now: PublishedFigures, before?: PublishedFigures): FigureView[] {
  const d = now.detail;
  const b = before?.detail;
  const ratio = (c: Cell, p: Cell) => (before ? { change: { by: "ratio" as const, value: changeOf(c, p) } } : {});
  const points = (c: number | null, p: number | null) => (before ? { change: { by: "points" as const, value: pointsOf(c, p) } } : {});
  return [
    { id: "received", kind: "count", reading: readCount(now.received), ...ratio(now.received, before?.received ?? WITHHELD) },
    { id: "accepted", kind: "count", reading: readCount(d?.accepted ?? WITHHELD), ...ratio(d?.accepted ?? WITHHELD, b?.accepted ?? WITHHELD) },
    { id: "awaiting", kind: "count", reading: readCount(d?.awaiting ?? WITHHELD) },
    { id: "rejected", kind: "count", reading: readCount(d?.rejected ?? WITHHELD) },
    { id: "merged", kind: "count", reading: readCount(d?.merged ?? WITHHELD) },
    { id: "concluded", kind: "count", reading: readCount(now.concluded), ...ratio(now.concluded, before?.concluded ?? WITHHELD) },
    { id: "substantiated_rate", kind: "rate", reading: readComputed(now.substantiatedRate, now.concluded), ...points(now.substantiatedRate, before?.substantiatedRate ?? null) },
    { id: "median_days", kind: "days", reading: readComputed(now.medianDays, now.concluded) },
    { id: "p90_days", kind: "days", reading: readComputed(now.p90Days, now.concluded) },
    { id: "on_time_rate", kind: "rate", reading: readComputed(now.onTimeRate, now.concluded), ...points(now.onTimeRate, before?.onTimeRate ?? null) },
    { id: "open_now", kind: "count", reading: readCount(now.listed.openNow) },
    { id: "overdue_now", kind: "count", reading: readCount(now.listed.overdueNow) },
    { id: "escalated", kind: "count", reading: readCount(now.listed.escalated) },
    { id: "returns", kind: "count", reading: readCount(now.listed.returns) },
  ];
}

/** The four home-page figures. */
export function homeFigures(now: PublishedFigures): FigureView[] {
  const keep = new Set(["received", "concluded", "substantiated_rate", "median_days"]);
  return headlineView(now).filter((f) => keep.has(f.id));
}

export function statisticsView(page: StatisticsPage, locale: Locale, t: Translate): StatisticsView {
  const name = (n: { nameZh: string; nameEn: string }) => localName(locale, n);
  const detail = page.headline.detail;
  const total = breakdownValues(page.headline);
  const l = page.headline.listed;
  const current = page.today.slice(0, 7);
  const incompleteMonth = page.months.some((m) => m.key === current) ? current : null;
  return {
    incompleteMonth,
    scope: { code: page.scope.code, name: page.scope.code === NATION_CODE ? t("stats.nation") : name(page.scope), level: page.scope.level },
    ancestors: page.ancestors.map((a) => ({ code: a.code, name: a.code === NATION_CODE ? t("stats.nation") : name(a) })),
    period: page.period,
    windows: page.windows,
    headline: headlineView(page.headline, page.previous),
    rejections: REJECTION_REASONS.map((r) => ({ id: r, kind: "count", reading: readCount(detail ? detail[REJECTION_MEASURES[r]] : WITHHELD) })),
    actions: [
      { id: "rectifications", kind: "count", reading: readCount(l.rectifications) },
      { id: "fines", kind: "money", reading: readComputed(page.headline.finesCny, page.headline.concluded) },
      { id: "suspensions", kind: "count", reading: readCount(l.suspensions) },
      { id: "closures", kind: "count", reading: readCount(l.closures) },
      { id: "criminal_referrals", kind: "count", reading: readCount(l.criminalReferrals) },
      { id: "officials", kind: "count", reading: readCount(l.officialsHeldAccountable) },
      // Rectification items (docs/decisions/037), suppressed as every listed count.
      { id: "rectification_items", kind: "count", reading: readCount(l.rectificationItems) },
      { id: "rectification_items_verified", kind: "count", reading: readCount(l.rectificationItemsVerified) },
      { id: "rectification_items_overdue", kind: "count", reading: readCount(l.rectificationItemsOverdue) },
    ],
    months: {
      rows: page.months.map((m) =>
        m.key === incompleteMonth ? { key: m.key, label: t("stats.month.incomplete", { month: m.key }), incomplete: true, values: breakdownValues(m.figures) } : { key: m.key, label: m.key, values: breakdownValues(m.figures) },
      ),
      total,
    },
    sectors: { rows: page.sectors.map((s) => ({ key: s.key, label: name(s.label), values: breakdownValues(s.figures) })), total },
    channels: { rows: page.channels.map((c) => ({ key: c.key, label: t(`channel.${c.key}`), values: breakdownValues(c.figures) })), total },
    places:
      page.scope.level === "county"
        ? null
        : {
            rows: page.places.map((p) => ({ key: p.key, label: p.drill ? name(p.label) : t("stats.place.own_level", { place: name(p.label) }), drill: p.drill, values: breakdownValues(p.figures) })),
            total,
          },
    agencies: { rows: page.agencies.rows.map((a) => ({ key: a.key, label: name(a.label), values: agencyValues(a) })), total: agencyValues(page.agencies.totals) },
  };
}

export type AgencyPage = Omit<RowPage<unknown>, "rows">;
