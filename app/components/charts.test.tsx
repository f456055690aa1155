import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, LineChart, type ChartDatum, type ChartText } from "./charts";

const text: ChartText = {
  title: "Tips received by sector",
  description: "Tips received in 2024, by sector.",
  tableNote: "Bar chart; the numbers are in the table that follows.",
  categoryAxis: "Sector",
  valueAxis: "Tips received",
  noData: "No figures to show yet.",
};

const datum = (key: string, value: number | null, display = value === null ? "<5" : value.toLocaleString("en-US"), label = key): ChartDatum => ({
  key,
  label,
  value,
  display,
});

/** Every opening tag with the given element name, as attribute maps. */
function tags(html: string, name: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<${name}((?:\\s+[a-zA-Z:-]+="[^"]*")*)\\s*/?>`, "g");
  for (const m of html.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? "").matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push(attrs);
  }
  return out;
}

/** Text contents of every element with the given name (no nesting of the same name). */
function texts(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, "g"))].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

/** Tick labels of the value axis (BarChart: the x axis). */
function tickLabels(html: string, axisClass: string): string[] {
  const start = html.indexOf(`class="chart-axis ${axisClass}"`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf("</g></g>", start);
  const axis = html.slice(start, end === -1 ? undefined : end + 8);
  return texts(axis, "text").map(unescape);
}

/** Ticks are nice: evenly spaced from 0 by a step of 1, 2 or 5 times a power of ten. */
function expectNiceTicks(ticks: number[]) {
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(ticks[0]).toBe(0);
  const step = ticks[1]! - ticks[0]!;
  const mag = 10 ** Math.floor(Math.log10(step));
  expect([1, 2, 5].some((k) => Math.abs(step - k * mag) < 1e-9)).toBe(true);
  ticks.forEach((t, i) => expect(t).toBeCloseTo(i * step, 9));
}

describe("BarChart", () => {
  const data = [datum("a", 50, "50", "Mining"), datum("b", 25, "25", "Construction"), datum("c", null, "<5", "Fireworks"), datum("d", 12, "12", "Hazardous chemicals")];
  const html = renderToStaticMarkup(<BarChart id="by-sector" text={text} data={data} />);

  it("draws one bar per non-null datum, with widths proportional to the values", () => {
    const bars = tags(html, "rect").filter((r) => r.class === "chart-bar-rect");
    expect(bars).toHaveLength(3);
    const [w50, w25, w12] = bars.map((b) => Number(b.width));
    expect(w50).toBeGreaterThan(0);
    expect(Math.abs(w50! - 2 * w25!)).toBeLessThanOrEqual(1);
    expect(Math.abs(w50! * (12 / 50) - w12!)).toBeLessThanOrEqual(1);
    // All bars start on the same baseline.
    expect(new Set(bars.map((b) => b.x)).size).toBe(1);
  });

  it("shows the display text after each bar and '<5' for a suppressed row without a bar", () => {
    const values = texts(html, "text").map(unescape);
    for (const d of ["50", "25", "<5", "12"]) expect(values).toContain(d);
    const suppressedRow = html.match(/<g class="chart-row chart-row-suppressed">([\s\S]*?)<\/g>/);
    expect(suppressedRow).not.toBeNull();
    expect(suppressedRow![1]).not.toContain("<rect");
    expect(suppressedRow![1]).toContain("&lt;5");
    // The '<5' sits at the start of the value axis, right of the labels, like the start of a bar.
    const bars = tags(html, "rect").filter((r) => r.class === "chart-bar-rect");
    const suppressedText = tags(suppressedRow![1]!, "text").find((t) => t.class?.includes("chart-value-suppressed"));
    expect(Number(suppressedText!.x)).toBeGreaterThan(Number(bars[0]!.x));
    expect(Number(suppressedText!.x)).toBeLessThan(Number(bars[0]!.x) + 10);
  });

  it("labels both axes and carries the title in the caption and the SVG title", () => {
    expect(texts(html, "figcaption")).toEqual([text.title]);
    expect(texts(html, "title")).toContain(text.title);
    const svgText = texts(html, "text");
    expect(svgText).toContain("Sector");
    expect(svgText).toContain("Tips received");
    expect(html).toContain('<figure class="chart chart-bar" aria-labelledby="by-sector-caption">');
    expect(html).toContain('<figcaption id="by-sector-caption"');
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="by-sector-title by-sector-desc"');
    expect(html).toContain('<title id="by-sector-title">Tips received by sector</title>');
    expect(html).toContain(`<desc id="by-sector-desc">${text.description} ${text.tableNote}</desc>`);
  });

  it("puts nice numbers on the ticks, from 0 to at least the largest value", () => {
    const odd = [datum("a", 37), datum("b", 81), datum("c", 3)];
    const out = renderToStaticMarkup(<BarChart id="x" text={text} data={odd} />);
    const ticks = tickLabels(out, "chart-axis-x").map((t) => Number(t.replace(/,/g, "")));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(81);
    expectNiceTicks(ticks);
  });

  it("formats ticks with thousands separators by default, and never shows half a tip", () => {
    const big = renderToStaticMarkup(<BarChart id="x" text={text} data={[datum("a", 12_345), datum("b", 4_000)]} />);
    expect(tickLabels(big, "chart-axis-x")).toContain("10,000");
    const small = renderToStaticMarkup(<BarChart id="x" text={text} data={[datum("a", 2), datum("b", 1)]} />);
    expect(tickLabels(small, "chart-axis-x")).toEqual(["0", "1", "2"]);
  });

  it("fixes the top of the domain with maxValue (percent charts)", () => {
    const pct = (n: number) => `${Math.round(n * 100)}%`;
    const out = renderToStaticMarkup(
      <BarChart id="p" text={text} data={[datum("a", 0.5, "50%"), datum("b", 0.25, "25%")]} maxValue={1} formatTick={pct} />,
    );
    const ticks = tickLabels(out, "chart-axis-x");
    expect(ticks[0]).toBe("0%");
    expect(ticks.at(-1)).toBe("100%");
    const [a, b] = tags(out, "rect").filter((r) => r.class === "chart-bar-rect").map((r) => Number(r.width));
    expect(Math.abs(a! - 2 * b!)).toBeLessThanOrEqual(1);
    // 50% is half the axis: the axis runs from the bar start to the 100% tick.
    const axis = out.slice(out.indexOf('class="chart-axis chart-axis-x"'), out.indexOf('class="chart-axis-label"', out.indexOf('class="chart-axis chart-axis-x"')));
    const tickXs = tags(axis, "text").map((t) => Number(t.x));
    const axisLength = tickXs.at(-1)! - tickXs[0]!;
    expect(Math.abs(a! - axisLength / 2)).toBeLessThanOrEqual(1);
  });

  it("repeats every display value, in order, in the hidden table", () => {
    expect(html).toContain('<table class="visually-hidden">');
    expect(texts(html, "caption")).toEqual([text.title]);
    expect(texts(html, "th")).toEqual(["Sector", "Tips received", "Mining", "Construction", "Fireworks", "Hazardous chemicals"]);
    expect(texts(html, "td").map(unescape)).toEqual(["50", "25", "<5", "12"]);
    expect(html).toContain('<th scope="col">Sector</th>');
    expect(html).toContain('<th scope="row">Mining</th>');
    const captioned = renderToStaticMarkup(<BarChart id="t" text={{ ...text, tableCaption: "Table: tips by sector" }} data={data} />);
    expect(texts(captioned, "caption")).toEqual(["Table: tips by sector"]);
  });

  it("truncates a long label with an ellipsis and keeps the full label in a <title>", () => {
    const long = "危险化学品生产、储存、使用、经营和运输安全及其相关环境污染防治领域";
    const english = "Hazardous chemicals production, storage, use, trade and transport";
    const out = renderToStaticMarkup(<BarChart id="l" text={text} data={[datum("a", 10, "10", long), datum("b", 20, "20", english), datum("c", 5, "5", "矿山")]} />);
    const shown = tags(out, "text")
      .map((attrs, i) => ({ attrs, content: texts(out, "text")[i]! }))
      .filter((t) => t.attrs.class === "chart-category")
      .map((t) => t.content);
    expect(shown).toHaveLength(3);
    expect(shown[0]).toMatch(/…$/);
    expect(long.startsWith(shown[0]!.slice(0, -1))).toBe(true);
    expect(shown[0]!.length).toBeLessThan(long.length);
    expect(shown[1]).toMatch(/…$/);
    expect(english.startsWith(shown[1]!.slice(0, -1))).toBe(true);
    expect(shown[2]).toBe("矿山");
    const titles = texts(out, "title");
    expect(titles).toContain(long);
    expect(titles).toContain(english);
    // The labels column is capped: bars start well inside the 640-wide chart.
    const barX = Number(tags(out, "rect").find((r) => r.class === "chart-bar-rect")!.x);
    expect(barX).toBeLessThanOrEqual(240);
  });

  it("widens the label column for longer labels and grows taller with more rows", () => {
    const short = renderToStaticMarkup(<BarChart id="s" text={text} data={[datum("a", 1, "1", "矿山")]} />);
    const wide = renderToStaticMarkup(<BarChart id="s" text={text} data={[datum("a", 1, "1", "烟花爆竹生产经营")]} />);
    const x = (h: string) => Number(tags(h, "rect").find((r) => r.class === "chart-bar-rect")!.x);
    expect(x(wide)).toBeGreaterThan(x(short));
    const viewHeight = (h: string) => Number(tags(h, "svg")[0]!.viewBox!.split(" ")[3]);
    const many = renderToStaticMarkup(<BarChart id="s" text={text} data={Array.from({ length: 20 }, (_, i) => datum(`k${i}`, i + 1))} />);
    expect(viewHeight(many)).toBeGreaterThan(viewHeight(short) + 18 * 20);
    const svg = tags(many, "svg")[0]!;
    expect(svg.width).toBe("100%");
    expect(svg.viewBox!.startsWith("0 0 640 ")).toBe(true);
    expect(svg.height).toBeUndefined();
  });

  it("shows the no-data text instead of a chart when every value is null or there are no data", () => {
    for (const d of [[], [datum("a", null), datum("b", null, "*")]]) {
      const out = renderToStaticMarkup(<BarChart id="n" text={text} data={d} />);
      expect(out).toContain(text.noData);
      expect(out).not.toContain("<svg");
      expect(out).toContain('<figcaption id="n-caption"');
    }
  });

  it("omits the desc when there is neither description nor table note", () => {
    const out = renderToStaticMarkup(<BarChart id="d" text={{ ...text, description: undefined, tableNote: undefined }} data={data} />);
    expect(out).not.toContain("<desc");
    expect(out).toContain('aria-labelledby="d-title"');
  });

  it("uses no inline styles and renders identically every time", () => {
    expect(html).not.toMatch(/style=/i);
    expect(html).not.toContain("<style");
    expect(renderToString(<BarChart id="by-sector" text={text} data={data} />)).toBe(renderToString(<BarChart id="by-sector" text={text} data={data} />));
  });
});

describe("LineChart", () => {
  const months = Array.from({ length: 6 }, (_, i) => ({ key: `2024-0${i + 1}`, label: `2024-0${i + 1}` }));
  const vals = [10, 14, null, 9, 20, 18];
  const series = [{ key: "tips", name: "Tips", data: months.map((m, i) => datum(m.key, vals[i]!, vals[i] === null ? "<5" : String(vals[i]))) }];
  const lineText: ChartText = { ...text, title: "Tips by month", categoryAxis: "Month", description: undefined, tableNote: undefined };
  const html = renderToStaticMarkup(<LineChart id="monthly" text={lineText} categories={months} series={series} />);

  const paths = (h: string) => tags(h, "path").filter((p) => p.class === "chart-line-path");

  it("breaks the line where a value is null (two M commands) and marks every defined point", () => {
    const [p] = paths(html);
    expect(p).toBeDefined();
    expect(p!.d!.match(/M/g)).toHaveLength(2);
    expect(tags(html, "circle").filter((c) => c.class === "chart-marker")).toHaveLength(5);
  });

  it("draws an unbroken line when nothing is missing", () => {
    const full = [{ key: "t", name: "Tips", data: months.map((m, i) => datum(m.key, i + 1)) }];
    const out = renderToStaticMarkup(<LineChart id="f" text={lineText} categories={months} series={full} />);
    expect(paths(out)[0]!.d!.match(/M/g)).toHaveLength(1);
  });

  it("labels both axes, starts the value axis at 0 with nice ticks", () => {
    const svgText = texts(html, "text");
    expect(svgText).toContain("Month");
    expect(svgText).toContain("Tips received");
    const ticks = tickLabels(html, "chart-axis-y").map(Number);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(20);
    expectNiceTicks(ticks);
    // Higher values sit higher on the page.
    const cy = tags(html, "circle").filter((c) => c.class === "chart-marker").map((c) => Number(c.cy));
    expect(cy).toHaveLength(5); // 10, 14, 9, 20, 18
    expect(cy[2]).toBeGreaterThan(cy[3]!); // 9 sits lower than 20
  });

  it("thins the month labels when there are many months", () => {
    const many = Array.from({ length: 36 }, (_, i) => ({ key: `m${i}`, label: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}` }));
    const s = [{ key: "t", name: "Tips", data: many.map((m, i) => datum(m.key, i)) }];
    const out = renderToStaticMarkup(<LineChart id="m" text={lineText} categories={many} series={s} />);
    const labels = tickLabels(out, "chart-axis-x");
    expect(labels.length).toBeLessThanOrEqual(12);
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels[0]).toBe("2022-01");
    // Every month still appears in the table.
    expect(texts(out, "th").filter((t) => /^\d{4}-\d{2}$/.test(t))).toHaveLength(36);
  });

  it("distinguishes several series by colour and dash pattern, with a legend and one table column each", () => {
    const two = [
      series[0]!,
      { key: "closed", name: "Closed", data: months.map((m, i) => datum(m.key, i * 2, String(i * 2))) },
    ];
    const out = renderToStaticMarkup(<LineChart id="two" text={lineText} categories={months} series={two} />);
    const ps = paths(out);
    expect(ps).toHaveLength(2);
    expect(ps[0]!.stroke).not.toBe(ps[1]!.stroke);
    expect(ps[0]!["stroke-dasharray"]).not.toBe(ps[1]!["stroke-dasharray"]);
    expect(out).toContain('class="chart-legend"');
    expect(texts(out, "li")).toEqual(["Tips", "Closed"]);
    expect(texts(out, "th").slice(0, 3)).toEqual(["Month", "Tips", "Closed"]);
    const rows = [...out.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => texts(m[1]!, "td").map(unescape));
    expect(rows).toEqual(months.map((_, i) => [vals[i] === null ? "<5" : String(vals[i]), String(i * 2)]));
    // A single series needs no legend.
    expect(html).not.toContain("chart-legend");
  });

  it("has the accessible figure structure and the hidden table with every display value in order", () => {
    expect(html).toContain('<figure class="chart chart-line" aria-labelledby="monthly-caption">');
    expect(html).toContain('<figcaption id="monthly-caption" class="chart-caption">Tips by month</figcaption>');
    expect(html).toContain('aria-labelledby="monthly-title"');
    expect(html).toContain('<title id="monthly-title">Tips by month</title>');
    expect(texts(html, "td").map(unescape)).toEqual(["10", "14", "<5", "9", "20", "18"]);
    expect(texts(html, "th")).toEqual(["Month", "Tips received", ...months.map((m) => m.label)]);
  });

  it("shows the no-data text when every value is null", () => {
    const empty = [{ key: "t", name: "Tips", data: months.map((m) => datum(m.key, null)) }];
    const out = renderToStaticMarkup(<LineChart id="e" text={lineText} categories={months} series={empty} />);
    expect(out).toContain(text.noData);
    expect(out).not.toContain("<svg");
    expect(renderToStaticMarkup(<LineChart id="e" text={lineText} categories={[]} series={[]} />)).toContain(text.noData);
  });

  it("honours formatTick and maxValue for percentages", () => {
    const pct = [{ key: "p", name: "On time", data: months.map((m, i) => datum(m.key, 0.1 * i, `${i * 10}%`)) }];
    const out = renderToStaticMarkup(<LineChart id="p" text={lineText} categories={months} series={pct} maxValue={1} formatTick={(n) => `${Math.round(n * 100)}%`} />);
    const ticks = tickLabels(out, "chart-axis-y");
    expect(ticks[0]).toBe("0%");
    expect(ticks.at(-1)).toBe("100%");
  });

  it("uses no inline styles", () => {
    expect(html).not.toMatch(/style=/i);
    expect(html).not.toContain("<style");
  });
});
