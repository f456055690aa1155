/**
 * Server-renderable SVG charts for the public statistics page.
 *
 * - Pure functions of their props: no randomness, no clock, no window, ids derived from `id`,
 *   so the server markup and the hydrated markup are identical.
 * - No inline `style` (CSP `style-src 'self'`): SVG presentation attributes plus classes styled in
 *   /charts.css.
 * - Every chart is a <figure> with a visible caption, an <svg role="img"> with <title>/<desc>, and a
 *   visually hidden table carrying the same numbers for screen readers.
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";

export type ChartDatum = {
  /** Stable key (sector code, place code, YYYY-MM...). */
  key: string;
  /** Already localised category label. */
  label: string;
  /** null = suppressed or not available: no bar / a gap in the line. */
  value: number | null;
  /** The text to show for this value, already formatted/localised ("1,234", "<5", "*", "—", "45.2%"). */
  display: string;
};

export type ChartText = {
  /** Chart title: the visible caption and the SVG <title>. */
  title: string;
  /** Optional longer description (SVG <desc>). */
  description?: string;
  /** Optional sentence such as "Bar chart; the numbers are in the table that follows." (appended to the <desc>). */
  tableNote?: string;
  /** Axis label for categories (e.g. "Sector" / "Month"). */
  categoryAxis: string;
  /** Axis label for values (e.g. "Tips received"). */
  valueAxis: string;
  /** Caption of the hidden table; defaults to title. */
  tableCaption?: string;
  /** Shown instead of a chart when every value is null or there are no data. */
  noData: string;
};

export type LineSeries = { key: string; name: string; data: ChartDatum[] };

// ---------------------------------------------------------------------------------------------
// Shared helpers

const WIDTH = 640;
const FONT_SIZE = 13;
const TICK_FONT_SIZE = 12;
const TEXT_COLOUR = "#1f2937"; // 14.7:1 on white
const MUTED_COLOUR = "#4b5563"; // 7.6:1 on white
const GRID_COLOUR = "#e5e7eb";
const AXIS_COLOUR = "#6b7280";
const BAR_COLOUR = "#1d4ed8"; // 6.7:1 on white

/** Series colours (each ≥ 4.5:1 on white) and dash patterns, so series differ without colour too. */
const SERIES_COLOURS = ["#1d4ed8", "#b45309", "#047857", "#be123c", "#6d28d9", "#374151"] as const;
const SERIES_DASHES = [undefined, "8 4", "2 3", "10 3 2 3", "4 4", "12 3 2 3 2 3"] as const;

const defaultFormatTick = (n: number): string => n.toLocaleString("en-US");

/** Round to 2 decimals so attribute values stay short (and identical everywhere). */
const r2 = (n: number): number => Math.round(n * 100) / 100;

const WIDE_CHAR =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u;

/** Rough rendered width of one character: ~14px for CJK/full-width, ~7.5px otherwise (13px font). */
function charWidth(ch: string): number {
  return WIDE_CHAR.test(ch) ? 14 : 7.5;
}

/** Rough rendered width of a string at the chart's label font size. */
function estimateTextWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

const ELLIPSIS = "…";

/** Cut `text` so that it (plus an ellipsis) fits in `maxWidth`; returns the text unchanged if it fits. */
function truncateLabel(text: string, maxWidth: number): { text: string; truncated: boolean } {
  if (estimateTextWidth(text) <= maxWidth) return { text, truncated: false };
  const room = maxWidth - 14; // the ellipsis, generously
  let w = 0;
  let out = "";
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > room) break;
    w += cw;
    out += ch;
  }
  return { text: out.trimEnd() + ELLIPSIS, truncated: true };
}

function definedValues(values: (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

/**
 * A linear value scale from 0 (or the minimum, if negative) to a nice maximum, with its ticks.
 * `maxValue` fixes the top of the domain (percent charts pass 1). When every value is an integer
 * and no maxValue is given, fractional ticks are dropped (half a tip makes no sense).
 */
function valueScale(values: number[], range: [number, number], tickCount: number, maxValue?: number) {
  const dataMin = Math.min(0, ...values);
  const dataMax = Math.max(0, ...values);
  const scale = scaleLinear().range(range);
  if (maxValue !== undefined && Number.isFinite(maxValue) && maxValue > dataMin) {
    scale.domain([dataMin, maxValue]).clamp(true);
    if (dataMin < 0) scale.nice(tickCount);
  } else {
    scale.domain([dataMin, dataMax > dataMin ? dataMax : dataMin + 1]).nice(tickCount);
  }
  const integersOnly = maxValue === undefined && values.every((v) => Number.isInteger(v));
  let ticks = scale.ticks(tickCount);
  if (integersOnly) ticks = ticks.filter((t) => Number.isInteger(t));
  return { scale, ticks };
}

function describedBy(id: string, text: ChartText): { desc: string | null; labelledBy: string } {
  const desc = [text.description, text.tableNote].filter((s): s is string => !!s && s.trim() !== "").join(" ");
  return desc ? { desc, labelledBy: `${id}-title ${id}-desc` } : { desc: null, labelledBy: `${id}-title` };
}

function NoData({ id, text }: { id: string; text: ChartText }) {
  return (
    <figure className="chart chart-empty" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {text.title}
      </figcaption>
      <p className="chart-no-data">{text.noData}</p>
    </figure>
  );
}

function SvgHeader({ id, text }: { id: string; text: ChartText }) {
  const { desc } = describedBy(id, text);
  return (
    <>
      <title id={`${id}-title`}>{text.title}</title>
      {desc ? <desc id={`${id}-desc`}>{desc}</desc> : null}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Bar chart

const BAR_ROW = 28;
const BAR_LABEL_CAP = 200;
const BAR_TICKS = 5;

/** Horizontal bar chart: categories down the side, values along the bottom, each bar followed by its text. */
export function BarChart(props: {
  id: string;
  text: ChartText;
  data: ChartDatum[];
  formatTick?: (n: number) => string;
  maxValue?: number;
}): JSX.Element {
  const { id, text, data, maxValue } = props;
  const formatTick = props.formatTick ?? defaultFormatTick;
  const values = definedValues(data.map((d) => d.value));
  if (data.length === 0 || values.length === 0) return <NoData id={id} text={text} />;

  const labels = data.map((d) => truncateLabel(d.label, BAR_LABEL_CAP));
  const labelColumn = Math.min(
    BAR_LABEL_CAP,
    Math.max(estimateTextWidth(text.categoryAxis), ...labels.map((l) => estimateTextWidth(l.text))),
  );
  const top = 30;
  const bottom = 52;
  const left = Math.ceil(labelColumn) + 16;
  const maxDisplay = Math.max(...data.map((d) => estimateTextWidth(d.display)));
  const right = Math.ceil(Math.max(40, maxDisplay + 14));
  const plotWidth = WIDTH - left - right;
  const plotHeight = data.length * BAR_ROW;
  const height = top + plotHeight + bottom;

  const { scale: x, ticks } = valueScale(values, [left, left + plotWidth], BAR_TICKS, maxValue);
  const y = scaleBand<number>()
    .domain(data.map((_, i) => i))
    .range([top, top + plotHeight])
    .paddingInner(0.25)
    .paddingOuter(0.15);
  const bandHeight = y.bandwidth();
  const x0 = x(0);
  const { labelledBy } = describedBy(id, text);

  return (
    <figure className="chart chart-bar" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {text.title}
      </figcaption>
      <svg
        className="chart-svg"
        role="img"
        aria-labelledby={labelledBy}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        fontSize={FONT_SIZE}
      >
        <SvgHeader id={id} text={text} />
        <text className="chart-axis-label" x={left - 8} y={top - 12} textAnchor="end" fill={TEXT_COLOUR} fontWeight="bold">
          {text.categoryAxis}
        </text>
        <g className="chart-grid" aria-hidden="true">
          {ticks.map((t) => (
            <line key={t} x1={r2(x(t))} x2={r2(x(t))} y1={top} y2={top + plotHeight} stroke={GRID_COLOUR} />
          ))}
        </g>
        {data.map((d, i) => {
          const rowY = y(i) ?? top;
          const mid = r2(rowY + bandHeight / 2);
          const label = labels[i] ?? { text: d.label, truncated: false };
          const v = d.value !== null && Number.isFinite(d.value) ? d.value : null;
          const xv = v === null ? x0 : x(v);
          const barX = Math.min(x0, xv);
          const barW = Math.abs(xv - x0);
          const textX = v === null ? x0 + 6 : Math.max(x0, xv) + 6;
          return (
            <g key={`${i}-${d.key}`} className={v === null ? "chart-row chart-row-suppressed" : "chart-row"}>
              <title>{d.label}</title>
              <text className="chart-category" x={left - 8} y={mid} dy="0.35em" textAnchor="end" fill={TEXT_COLOUR}>
                {label.text}
              </text>
              {v === null ? null : (
                <rect className="chart-bar-rect" x={r2(barX)} y={r2(rowY)} width={r2(barW)} height={r2(bandHeight)} fill={BAR_COLOUR} />
              )}
              <text
                className={v === null ? "chart-value chart-value-suppressed" : "chart-value"}
                x={r2(textX)}
                y={mid}
                dy="0.35em"
                fill={v === null ? MUTED_COLOUR : TEXT_COLOUR}
              >
                {d.display}
              </text>
            </g>
          );
        })}
        <g className="chart-axis chart-axis-x" aria-hidden="true">
          <line x1={r2(x0)} x2={r2(x0)} y1={top} y2={top + plotHeight} stroke={AXIS_COLOUR} />
          <line x1={left} x2={left + plotWidth} y1={top + plotHeight} y2={top + plotHeight} stroke={AXIS_COLOUR} />
          {ticks.map((t) => (
            <g key={t} className="chart-tick">
              <line x1={r2(x(t))} x2={r2(x(t))} y1={top + plotHeight} y2={top + plotHeight + 5} stroke={AXIS_COLOUR} />
              <text x={r2(x(t))} y={top + plotHeight + 18} textAnchor="middle" fontSize={TICK_FONT_SIZE} fill={TEXT_COLOUR}>
                {formatTick(t)}
              </text>
            </g>
          ))}
        </g>
        <text className="chart-axis-label" x={r2(left + plotWidth / 2)} y={height - 8} textAnchor="middle" fill={TEXT_COLOUR} fontWeight="bold">
          {text.valueAxis}
        </text>
      </svg>
      <table className="visually-hidden">
        <caption>{text.tableCaption ?? text.title}</caption>
        <thead>
          <tr>
            <th scope="col">{text.categoryAxis}</th>
            <th scope="col">{text.valueAxis}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d, i) => (
            <tr key={`${i}-${d.key}`}>
              <th scope="row">{d.label}</th>
              <td>{d.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

// ---------------------------------------------------------------------------------------------
// Line chart

const LINE_PLOT_HEIGHT = 240;
const LINE_TICKS = 5;
const MAX_X_LABELS = 12;

type LinePoint = { index: number; value: number | null; display: string; label: string };

/** Line chart over months (or any ordered categories); gaps where a value is null. */
export function LineChart(props: {
  id: string;
  text: ChartText;
  categories: { key: string; label: string }[];
  series: LineSeries[];
  formatTick?: (n: number) => string;
  /** Optional: fixes the top of the value axis (percent charts pass 1). */
  maxValue?: number;
}): JSX.Element {
  const { id, text, categories, series, maxValue } = props;
  const formatTick = props.formatTick ?? defaultFormatTick;

  // Align every series to the categories by key; a missing datum is a gap.
  const aligned = series.map((s) => {
    const byKey = new Map(s.data.map((d) => [d.key, d] as const));
    const points: LinePoint[] = categories.map((c, index) => {
      const d = byKey.get(c.key);
      const value = d && d.value !== null && Number.isFinite(d.value) ? d.value : null;
      return { index, value, display: d ? d.display : "—", label: c.label };
    });
    return { series: s, points };
  });
  const values = definedValues(aligned.flatMap((a) => a.points.map((p) => p.value)));
  if (categories.length === 0 || values.length === 0) return <NoData id={id} text={text} />;

  const tickLabels = (() => {
    // Scale first with a provisional range just to learn the tick labels' widths.
    const { ticks } = valueScale(values, [0, 1], LINE_TICKS, maxValue);
    return ticks.map(formatTick);
  })();
  const maxTickWidth = Math.max(...tickLabels.map(estimateTextWidth)) * (TICK_FONT_SIZE / FONT_SIZE);
  const top = 16;
  const left = Math.ceil(24 + maxTickWidth + 10);
  const maxCategoryWidth = Math.max(...categories.map((c) => estimateTextWidth(c.label))) * (TICK_FONT_SIZE / FONT_SIZE);
  const right = Math.ceil(Math.max(20, maxCategoryWidth / 2 - 10));
  const plotWidth = WIDTH - left - right;
  const bottom = 56;
  const height = top + LINE_PLOT_HEIGHT + bottom;
  const baseline = top + LINE_PLOT_HEIGHT;

  const { scale: y, ticks } = valueScale(values, [baseline, top], LINE_TICKS, maxValue);
  const x = scalePoint<number>()
    .domain(categories.map((_, i) => i))
    .range([left, left + plotWidth])
    .padding(0.3);
  const xOf = (i: number) => x(i) ?? left;

  // Thin the x labels: at most 12, and no more than fit side by side.
  const fit = Math.max(1, Math.floor(plotWidth / (maxCategoryWidth + 10)));
  const maxLabels = Math.min(MAX_X_LABELS, fit);
  const step = Math.max(1, Math.ceil(categories.length / maxLabels));

  const path = line<LinePoint>()
    .defined((p) => p.value !== null)
    .x((p) => xOf(p.index))
    .y((p) => y(p.value ?? 0))
    .digits(2);
  const { labelledBy } = describedBy(id, text);
  const many = series.length > 1;

  return (
    <figure className="chart chart-line" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {text.title}
      </figcaption>
      <svg
        className="chart-svg"
        role="img"
        aria-labelledby={labelledBy}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        fontSize={FONT_SIZE}
      >
        <SvgHeader id={id} text={text} />
        <g className="chart-grid" aria-hidden="true">
          {ticks.map((t) => (
            <line key={t} x1={left} x2={left + plotWidth} y1={r2(y(t))} y2={r2(y(t))} stroke={GRID_COLOUR} />
          ))}
        </g>
        <g className="chart-axis chart-axis-y" aria-hidden="true">
          <line x1={left} x2={left} y1={top} y2={baseline} stroke={AXIS_COLOUR} />
          {ticks.map((t) => (
            <g key={t} className="chart-tick">
              <line x1={left - 5} x2={left} y1={r2(y(t))} y2={r2(y(t))} stroke={AXIS_COLOUR} />
              <text x={left - 8} y={r2(y(t))} dy="0.35em" textAnchor="end" fontSize={TICK_FONT_SIZE} fill={TEXT_COLOUR}>
                {formatTick(t)}
              </text>
            </g>
          ))}
        </g>
        <text
          className="chart-axis-label"
          transform={`translate(14 ${r2(top + LINE_PLOT_HEIGHT / 2)}) rotate(-90)`}
          textAnchor="middle"
          dy="0.35em"
          fill={TEXT_COLOUR}
          fontWeight="bold"
        >
          {text.valueAxis}
        </text>
        <g className="chart-axis chart-axis-x" aria-hidden="true">
          <line x1={left} x2={left + plotWidth} y1={baseline} y2={baseline} stroke={AXIS_COLOUR} />
          {categories.map((c, i) => {
            const labelled = i % step === 0;
            return (
              <g key={`${i}-${c.key}`} className="chart-tick">
                <line x1={r2(xOf(i))} x2={r2(xOf(i))} y1={baseline} y2={baseline + (labelled ? 5 : 3)} stroke={AXIS_COLOUR} />
                {labelled ? (
                  <text x={r2(xOf(i))} y={baseline + 18} textAnchor="middle" fontSize={TICK_FONT_SIZE} fill={TEXT_COLOUR}>
                    {c.label}
                  </text>
                ) : null}
              </g>
            );
          })}
        </g>
        <text className="chart-axis-label" x={r2(left + plotWidth / 2)} y={height - 8} textAnchor="middle" fill={TEXT_COLOUR} fontWeight="bold">
          {text.categoryAxis}
        </text>
        {aligned.map(({ series: s, points }, si) => {
          const colour = SERIES_COLOURS[si % SERIES_COLOURS.length];
          const dash = SERIES_DASHES[si % SERIES_DASHES.length];
          const d = path(points);
          return (
            <g key={`${si}-${s.key}`} className={`chart-series chart-series-${si % SERIES_COLOURS.length}`}>
              {d ? <path className="chart-line-path" d={d} fill="none" stroke={colour} strokeWidth={2.5} strokeDasharray={dash} strokeLinejoin="round" strokeLinecap="round" /> : null}
              {points.map((p) =>
                p.value === null ? null : (
                  <circle key={p.index} className="chart-marker" cx={r2(xOf(p.index))} cy={r2(y(p.value))} r={3.5} fill={colour} stroke="#ffffff" strokeWidth={1.5}>
                    <title>{many ? `${s.name}, ${p.label}: ${p.display}` : `${p.label}: ${p.display}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      {many ? (
        <ul className="chart-legend">
          {series.map((s, si) => (
            <li key={`${si}-${s.key}`} className="chart-legend-item">
              <svg className="chart-legend-swatch" width="32" height="12" viewBox="0 0 32 12" aria-hidden="true" focusable="false">
                <line
                  x1={2}
                  x2={30}
                  y1={6}
                  y2={6}
                  stroke={SERIES_COLOURS[si % SERIES_COLOURS.length]}
                  strokeWidth={2.5}
                  strokeDasharray={SERIES_DASHES[si % SERIES_DASHES.length]}
                  strokeLinecap="round"
                />
                <circle cx={16} cy={6} r={3.5} fill={SERIES_COLOURS[si % SERIES_COLOURS.length]} stroke="#ffffff" strokeWidth={1.5} />
              </svg>
              <span>{s.name}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <table className="visually-hidden">
        <caption>{text.tableCaption ?? text.title}</caption>
        <thead>
          <tr>
            <th scope="col">{text.categoryAxis}</th>
            {series.map((s, si) => (
              <th key={`${si}-${s.key}`} scope="col">
                {many ? s.name : text.valueAxis}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={`${i}-${c.key}`}>
              <th scope="row">{c.label}</th>
              {aligned.map(({ series: s, points }, si) => (
                <td key={`${si}-${s.key}`}>{points[i]?.display ?? "—"}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
