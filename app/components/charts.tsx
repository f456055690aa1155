/**
 * Server-renderable charts for the public statistics page, readable on a phone.
 *
 * - Text is never scaled: the bar chart is HTML (a label, a bar, the value, in a grid that
 *   changes with the width) with a tiny SVG per bar sized in percent; the line chart is an SVG of
 *   fixed height whose x positions are percentages, so its text stays at its CSS size at any
 *   width (a viewBox scaled 640 units onto a 358 px phone made 13 px text 7 px).
 * - Each series is one path (its runs of shown values) plus one path of dots: not an element per
 *   point. Hidden values are gaps, never bridged, and said in words beside the chart.
 * - Pure functions of their props (ids derived from `id`): the server markup and the hydrated
 *   markup are identical. No inline `style` (CSP `style-src 'self'`): presentation attributes
 *   plus classes styled in /charts.css.
 * - Screen readers: every chart is a <figure> with a caption; its numbers are in the table that
 *   follows it on the page (`tableFollows`), or else in a visually hidden table / readable list.
 */
import { seriesShape } from "~/domain/series-shape";

export type ChartDatum = {
  /** Stable key (sector code, place code, YYYY-MM...). */
  key: string;
  /** Already localised category label. */
  label: string;
  /** null = hidden or not available: no bar / a gap in the line. */
  value: number | null;
  /** The text to show for this value, already formatted/localised ("1,234", "少于5", "45.2%"). */
  display: string;
};

export type ChartText = {
  /** Chart title: the visible caption. */
  title: string;
  /** Axis label for categories (e.g. "Sector" / "Month"). */
  categoryAxis: string;
  /** Axis label for values (e.g. "Tips received"). */
  valueAxis: string;
  /** Said to screen readers: where the numbers are ("The numbers are in the table that follows."). */
  tableNote?: string;
  /** Shown instead of a chart when every value is null or there are no data. */
  noData: string;
};

export type LineSeries = {
  key: string;
  name: string;
  data: ChartDatum[];
  /** The sentence saying how many values are hidden and why (given when there are any). */
  gapNote?: (hidden: number) => string;
};

const TEXT_COLOUR = "#1f2937"; // 14.7:1 on white
const GRID_COLOUR = "#e5e7eb";
const AXIS_COLOUR = "#6b7280";
const BAR_COLOUR = "#1d4ed8"; // 6.7:1 on white

/** Series colours (each ≥ 4.5:1 on white) and dash patterns, so series differ without colour too. */
const SERIES_COLOURS = ["#1d4ed8", "#b45309", "#047857", "#be123c", "#6d28d9", "#374151"] as const;
const SERIES_DASHES = [undefined, "8 4", "2 3", "10 3 2 3", "4 4", "12 3 2 3 2 3"] as const;

const defaultFormatTick = (n: number): string => n.toLocaleString("en-US");

/** Round so attribute values stay short (and identical everywhere). */
const r1 = (n: number): number => Math.round(n * 10) / 10;
const r2 = (n: number): number => Math.round(n * 100) / 100;

function definedValues(values: (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

/** The tick step for about `count` ticks over [start, stop]: 1, 2 or 5 times a power of ten. */
function tickStep(start: number, stop: number, count: number): number {
  const raw = Math.abs(stop - start) / Math.max(1, count);
  let step = 10 ** Math.floor(Math.log10(raw));
  const error = raw / step;
  if (error >= Math.sqrt(50)) step *= 10;
  else if (error >= Math.sqrt(10)) step *= 5;
  else if (error >= Math.sqrt(2)) step *= 2;
  return step;
}

/** Drop floating-point dust (0.30000000000000004 → 0.3). */
const clean = (n: number) => Number(n.toPrecision(12));

/**
 * A linear value scale from 0 (or the minimum, if negative) to a nice maximum, with its ticks.
 * `maxValue` fixes the top of the domain (percent charts pass 1) and clamps. When every value is
 * an integer and no maxValue is given, fractional ticks are dropped (half a tip makes no sense).
 * Written here rather than taken from d3-scale: this is all the charts need of it, and the page's
 * script is 13 KB (compressed) lighter without it.
 */
export function valueScale(values: number[], range: [number, number], tickCount: number, maxValue?: number) {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  const fixed = maxValue !== undefined && Number.isFinite(maxValue) && maxValue > lo;
  if (fixed) hi = maxValue;
  else if (hi <= lo) hi = lo + 1;
  let step = tickStep(lo, hi, tickCount);
  if (!fixed) {
    // Widen to whole steps, twice: the wider domain can call for a larger step.
    for (let i = 0; i < 2; i++) {
      lo = Math.floor(lo / step) * step;
      hi = Math.ceil(hi / step) * step;
      step = tickStep(lo, hi, tickCount);
    }
  }
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(clean(k * step));
  const integersOnly = !fixed && values.every((v) => Number.isInteger(v));
  const [r0, r1] = range;
  const scale = (v: number) => {
    const x = fixed ? Math.min(hi, Math.max(lo, v)) : v;
    return r0 + ((x - lo) / (hi - lo)) * (r1 - r0);
  };
  return { scale, ticks: integersOnly ? ticks.filter((t) => Number.isInteger(t)) : ticks };
}

/** No chart: there are no data, or (`message`) every value is hidden, which is not the same and is said so. */
function NoData({ id, text, message }: { id: string; text: ChartText; message?: string }) {
  return (
    <figure className="chart chart-empty" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {text.title}
      </figcaption>
      <p className="chart-no-data">{message ?? text.noData}</p>
    </figure>
  );
}

// ---------------------------------------------------------------------------------------------
// Bar chart

/**
 * Horizontal bars as an HTML list: the label, the bar, the value as text (words for a hidden
 * one, and no bar). With `tableFollows` the list is hidden from screen readers, who get the
 * table after it; without, the list itself is the text equivalent.
 */
export function BarChart(props: { id: string; text: ChartText; data: ChartDatum[]; maxValue?: number; tableFollows?: boolean; hiddenNote?: (hidden: number) => string }): JSX.Element {
  const { id, text, data, maxValue, tableFollows } = props;
  const values = definedValues(data.map((d) => d.value));
  const hidden = data.length - values.length;
  if (data.length === 0 || values.length === 0) return <NoData id={id} text={text} message={hidden > 0 && props.hiddenNote ? props.hiddenNote(hidden) : undefined} />;
  const top = maxValue ?? Math.max(...values);
  return (
    <figure className="chart chart-bar" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {text.title}
      </figcaption>
      {hidden > 0 && props.hiddenNote ? <p className="chart-note">{props.hiddenNote(hidden)}</p> : null}
      {tableFollows && text.tableNote ? <p className="visually-hidden">{text.tableNote}</p> : null}
      <ul className="bar-list" aria-hidden={tableFollows ? true : undefined}>
        <li className="bar-head" aria-hidden="true">
          <span>{text.categoryAxis}</span>
          <span>{text.valueAxis}</span>
        </li>
        {data.map((d, i) => {
          const v = d.value !== null && Number.isFinite(d.value) ? d.value : null;
          const share = v === null || top <= 0 ? 0 : Math.min(1, Math.max(0, v / top));
          return (
            // Label, bar, value: placed by the list's grid (charts.css), no class on each part, as a row is repeated up to 50 times.
            <li key={`${i}-${d.key}`} className={v === null ? "bar-hidden" : undefined}>
              <span>{d.label}</span>
              {/* Width in percent of the track: no inline style, no viewBox, nothing scaled. */}
              {v === null ? <span /> : (
                <svg height="14" aria-hidden={tableFollows ? undefined : true}>
                  <rect width={`${r1(share * 100)}%`} height="14" fill={BAR_COLOUR} />
                </svg>
              )}
              <span>{d.value === null ? <i>{d.display}</i> : d.display}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

// ---------------------------------------------------------------------------------------------
// Line chart

const PLOT_TOP = 36;
const PLOT_HEIGHT = 200;
const AXIS_BELOW = 26;
const LINE_TICKS = 4;
/** The plot's own x units (the nested SVG's viewBox), and the margin left for the tick labels at its left. */
const X_UNITS = 1000;
const X_FIRST = 70;
const X_LAST = 975;

/** Line chart over months (or any ordered categories): gaps where a value is hidden, said in words. */
export function LineChart(props: {
  id: string;
  text: ChartText;
  categories: { key: string; label: string }[];
  series: LineSeries[];
  formatTick?: (n: number) => string;
  /** Optional: fixes the top of the value axis (percent charts pass 1). */
  maxValue?: number;
  tableFollows?: boolean;
}): JSX.Element {
  const { id, text, categories, series, maxValue, tableFollows } = props;
  const formatTick = props.formatTick ?? defaultFormatTick;

  // Align every series to the categories by key; a missing datum is a gap.
  const aligned = series.map((s) => {
    const byKey = new Map(s.data.map((d) => [d.key, d] as const));
    const values = categories.map((c) => {
      const d = byKey.get(c.key);
      return d && d.value !== null && Number.isFinite(d.value) ? d.value : null;
    });
    const displays = categories.map((c) => byKey.get(c.key)?.display ?? "");
    return { series: s, values, displays, shape: seriesShape(values) };
  });
  const all = definedValues(aligned.flatMap((a) => a.values));
  if (categories.length === 0 || all.length === 0) {
    const notes = aligned.flatMap(({ series: s, shape }) => (shape.hidden.length > 0 && s.gapNote ? [s.gapNote(shape.hidden.length)] : []));
    return <NoData id={id} text={text} message={notes.length > 0 ? notes.join(" ") : undefined} />;
  }

  const { scale: y, ticks } = valueScale(all, [PLOT_HEIGHT, 0], LINE_TICKS, maxValue);
  const n = categories.length;
  const xUnit = (i: number) => (n === 1 ? (X_FIRST + X_LAST) / 2 : X_FIRST + ((X_LAST - X_FIRST) * i) / (n - 1));
  const xPercent = (i: number) => `${r2(xUnit(i) / 10)}%`;
  const height = PLOT_TOP + PLOT_HEIGHT + AXIS_BELOW;
  const yOf = (v: number) => r1(y(v));
  const labelledBy = `${id}-caption`;

  return (
    <figure className="chart chart-line" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {text.title}
      </figcaption>
      <ul className="chart-legend">
        {aligned.map(({ series: s, shape }, si) => (
          <li key={`${si}-${s.key}`} className="chart-legend-item">
            <svg className="chart-legend-swatch" width="32" height="12" aria-hidden="true" focusable="false">
              <line x1={2} x2={30} y1={6} y2={6} stroke={SERIES_COLOURS[si % SERIES_COLOURS.length]} strokeWidth={2.5} strokeDasharray={SERIES_DASHES[si % SERIES_DASHES.length]} strokeLinecap="round" />
            </svg>
            <span>{s.name}</span>
            {shape.hidden.length > 0 && s.gapNote ? <span className="chart-gap-note">{s.gapNote(shape.hidden.length)}</span> : null}
          </li>
        ))}
      </ul>
      <svg className="chart-svg" role="img" aria-labelledby={labelledBy} aria-describedby={text.tableNote ? `${id}-note` : undefined} width="100%" height={height}>
        <text className="chart-axis-label" x="0" y="13" fill={TEXT_COLOUR}>
          {text.valueAxis}
        </text>
        <g className="chart-grid" aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line x1="0" x2="100%" y1={PLOT_TOP + yOf(t)} y2={PLOT_TOP + yOf(t)} stroke={t === 0 ? AXIS_COLOUR : GRID_COLOUR} />
              {t === 0 ? null : (
                <text className="chart-tick" x="0" y={PLOT_TOP + yOf(t) - 4} fill={TEXT_COLOUR}>
                  {formatTick(t)}
                </text>
              )}
            </g>
          ))}
        </g>
        <g className="chart-axis chart-axis-x" aria-hidden="true">
          {categories.map((c, i) => (
            // Every other label drops out on a narrow screen (charts.css), so they never collide.
            <text key={`${i}-${c.key}`} className={i % 2 === 0 ? "chart-tick" : "chart-tick chart-tick-minor"} x={xPercent(i)} y={PLOT_TOP + PLOT_HEIGHT + 18} textAnchor="middle" fill={TEXT_COLOUR}>
              {c.label}
            </text>
          ))}
        </g>
        {/* The plot: x in its own units stretched to the width; strokes and dots keep their size (non-scaling-stroke). */}
        <svg x="0" y={PLOT_TOP} width="100%" height={PLOT_HEIGHT} viewBox={`0 0 ${X_UNITS} ${PLOT_HEIGHT}`} preserveAspectRatio="none" overflow="visible" aria-hidden="true">
          {aligned.map(({ series: s, values, shape }, si) => {
            const colour = SERIES_COLOURS[si % SERIES_COLOURS.length];
            const at = (i: number) => `${r1(xUnit(i))} ${yOf(values[i]!)}`;
            const lines = shape.runs.map((run) => `M${run.map(at).join("L")}`).join("");
            const dots = values.flatMap((v, i) => (v === null ? [] : [`M${at(i)}h0`])).join("");
            return (
              <g key={`${si}-${s.key}`} className={`chart-series chart-series-${si % SERIES_COLOURS.length}`}>
                {lines ? (
                  <path className="chart-line-path" d={lines} fill="none" stroke={colour} strokeWidth={2.5} strokeDasharray={SERIES_DASHES[si % SERIES_DASHES.length]} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
                ) : null}
                <path className="chart-dots" d={dots} fill="none" stroke={colour} strokeWidth={7} strokeLinecap="round" vectorEffect="non-scaling-stroke" />
              </g>
            );
          })}
        </svg>
      </svg>
      {text.tableNote ? (
        <p id={`${id}-note`} className="visually-hidden">
          {text.tableNote}
        </p>
      ) : null}
      {tableFollows ? null : (
        <table className="visually-hidden">
          <caption>{text.title}</caption>
          <thead>
            <tr>
              <th scope="col">{text.categoryAxis}</th>
              {aligned.map(({ series: s }, si) => (
                <th key={`${si}-${s.key}`} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c, i) => (
              <tr key={`${i}-${c.key}`}>
                <th scope="row">{c.label}</th>
                {aligned.map(({ series: s, displays }, si) => (
                  <td key={`${si}-${s.key}`}>{displays[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
