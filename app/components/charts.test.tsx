import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, LineChart, valueScale, type ChartDatum, type ChartText, type LineSeries } from "./charts";

const text: ChartText = {
  title: "Tips received by sector",
  tableNote: "The numbers are in the table that follows.",
  categoryAxis: "Sector",
  valueAxis: "Tips received",
  noData: "No figures to show yet.",
};

const datum = (key: string, value: number | null, display = value === null ? "under 5" : value.toLocaleString("en-US"), label = key): ChartDatum => ({ key, label, value, display });

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

/** Text contents of every element with the given name and class (no nesting of the same name). */
function texts(html: string, name: string, className?: string): string[] {
  const cls = className ? `[^>]*class="${className}"` : "";
  return [...html.matchAll(new RegExp(`<${name}${cls}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, "g"))].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
}

/** The bar list's rows: [label, value] of each, the header row first. */
function barRows(html: string): { hidden: boolean; label: string; value: string }[] {
  return [...html.matchAll(/<li(?: class="([^"]*)")?(?: aria-hidden="true")?>([\s\S]*?)<\/li>/g)].map((m) => {
    const spans = [...m[2]!.matchAll(/<span>([\s\S]*?)<\/span>|<span><\/span>/g)].map((x) => (x[1] ?? "").replace(/<[^>]+>/g, ""));
    return { hidden: m[1] === "bar-hidden", label: spans[0]!, value: spans.at(-1)! };
  });
}

describe("BarChart", () => {
  const data = [datum("Mining", 50), datum("Construction", 25), datum("Fireworks", null), datum("Hazardous chemicals", 12)];
  const html = renderToStaticMarkup(<BarChart id="by-sector" text={text} data={data} hiddenNote={(n) => `${n} not published: no bar drawn.`} />);

  it("draws one bar per shown value, its width in percent of the largest, nothing scaled", () => {
    const widths = tags(html, "rect").map((r) => r.width);
    expect(widths).toEqual(["100%", "50%", "24%"]);
    // No viewBox anywhere: the labels and values are HTML text at their CSS size.
    expect(html).not.toContain("viewBox");
    expect(barRows(html).map((r) => r.label)).toEqual(["Sector", "Mining", "Construction", "Fireworks", "Hazardous chemicals"]);
  });

  it("shows a hidden value in words, without a bar, and says how many are not drawn", () => {
    expect(barRows(html).map((r) => r.value)).toEqual(["Tips received", "50", "25", "under 5", "12"]);
    expect(barRows(html).filter((r) => r.hidden).map((r) => r.label)).toEqual(["Fireworks"]);
    const hiddenRow = /<li class="bar-hidden">([\s\S]*?)<\/li>/.exec(html);
    expect(hiddenRow?.[1]).not.toContain("<rect");
    expect(hiddenRow?.[1]).toContain("<i>under 5</i>");
    expect(texts(html, "p", "chart-note")).toEqual(["1 not published: no bar drawn."]);
  });

  it("fixes the top with maxValue (percent charts)", () => {
    const out = renderToStaticMarkup(<BarChart id="r" text={text} data={[datum("a", 0.5, "50.0%"), datum("b", 0.25, "25.0%")]} maxValue={1} />);
    expect(tags(out, "rect").map((r) => r.width)).toEqual(["50%", "25%"]);
  });

  it("is readable text for screen readers, unless the table with the same numbers follows", () => {
    expect(html).toContain('<figure class="chart chart-bar" aria-labelledby="by-sector-caption">');
    expect(texts(html, "figcaption")).toEqual([text.title]);
    expect(html).not.toMatch(/<ul class="bar-list" aria-hidden/);
    const follows = renderToStaticMarkup(<BarChart id="s" text={text} data={data} tableFollows />);
    expect(follows).toContain('<ul class="bar-list" aria-hidden="true">');
    expect(texts(follows, "p", "visually-hidden")).toEqual([text.tableNote]);
  });

  it("shows the no-data text instead of a chart when there are no data, and says so when every value is hidden", () => {
    for (const d of [[], [datum("a", null), datum("b", null)]]) {
      const out = renderToStaticMarkup(<BarChart id="n" text={text} data={d} />);
      expect(out).toContain(text.noData);
      expect(out).not.toContain("bar-list");
    }
    const hidden = renderToStaticMarkup(<BarChart id="n" text={text} data={[datum("a", null), datum("b", null)]} hiddenNote={(n) => `${n} not published.`} />);
    expect(texts(hidden, "p", "chart-no-data")).toEqual(["2 not published."]);
    expect(hidden).not.toContain(text.noData);
  });

  it("uses no inline styles and renders identically every time", () => {
    expect(html).not.toMatch(/style=/i);
    expect(renderToString(<BarChart id="by-sector" text={text} data={data} />)).toBe(renderToString(<BarChart id="by-sector" text={text} data={data} />));
  });
});

describe("LineChart", () => {
  const months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"].map((k) => ({ key: k, label: k }));
  const series = (key: string, values: (number | null)[], gapNote?: LineSeries["gapNote"]): LineSeries => ({
    key,
    name: key,
    data: months.map((m, i) => datum(m.key, values[i] ?? null, values[i] === null ? "withheld" : String(values[i]), m.label)),
    gapNote,
  });
  const received = series("Received", [10, 12, null, 14, 15, 13], (n) => `Received: ${n} months not published, left as gaps.`);
  const concluded = series("Concluded", [null, 6, null, null, null, null], (n) => `Concluded: ${n} months not published, left as gaps.`);
  const lineText = { ...text, title: "Tips by month", categoryAxis: "Month", valueAxis: "Tips" };
  const html = renderToStaticMarkup(<LineChart id="m" text={lineText} categories={months} series={[received, concluded]} />);
  const paths = (cls: string) => tags(html, "path").filter((p) => p.class === cls).map((p) => p.d!);

  it("draws each series as one path of lines and one of dots: no element per point", () => {
    expect(tags(html, "circle")).toHaveLength(0);
    expect(paths("chart-line-path")).toHaveLength(1); // Concluded has no two months in a row: no line at all
    expect(paths("chart-dots")).toHaveLength(2);
    expect(paths("chart-dots").map((d) => d.match(/M/g)!.length)).toEqual([5, 1]);
  });

  it("never draws a line through a hidden month: the line breaks at the gap", () => {
    const [line] = paths("chart-line-path");
    // Two runs: Jan–Feb and Apr–Jun.
    expect(line!.match(/M/g)).toHaveLength(2);
    expect(line!.match(/L/g)).toHaveLength(1 + 2);
  });

  it("says beside the chart how many months of a series are hidden", () => {
    expect(texts(html, "span", "chart-gap-note")).toEqual(["Received: 1 months not published, left as gaps.", "Concluded: 5 months not published, left as gaps."]);
    const full = renderToStaticMarkup(<LineChart id="f" text={lineText} categories={months} series={[series("All", [1, 2, 3, 4, 5, 6], () => "never")]} />);
    expect(full).not.toContain("chart-gap-note");
  });

  it("keeps its text at CSS size: a fixed height, x positions in percent, no scaling viewBox around the text", () => {
    const [outer] = tags(html, "svg").filter((s) => s.class === "chart-svg");
    expect(outer!.viewBox).toBeUndefined();
    expect(outer!.width).toBe("100%");
    expect(Number(outer!.height)).toBeGreaterThan(200);
    const xs = tags(html, "text").filter((t) => t.class?.startsWith("chart-tick") && t["text-anchor"] === "middle").map((t) => t.x!);
    expect(xs).toHaveLength(months.length);
    for (const x of xs) expect(x).toMatch(/^\d+(\.\d+)?%$/);
    // Every other month label may drop out on a narrow screen, never the first.
    expect(tags(html, "text").filter((t) => t.class === "chart-tick chart-tick-minor")).toHaveLength(3);
  });

  it("carries its numbers in a hidden table unless the page's table follows", () => {
    expect(texts(html, "td")).toEqual(["10", "withheld", "12", "6", "withheld", "withheld", "14", "withheld", "15", "withheld", "13", "withheld"]);
    const follows = renderToStaticMarkup(<LineChart id="m" text={lineText} categories={months} series={[received]} tableFollows />);
    expect(follows).not.toContain("<table");
    expect(follows).toContain('aria-describedby="m-note"');
    expect(texts(follows, "p", "visually-hidden")).toEqual([text.tableNote]);
  });

  it("draws nothing when every value is hidden, and says why rather than 'no data'", () => {
    const out = renderToStaticMarkup(<LineChart id="e" text={lineText} categories={months} series={[series("x", [null, null, null, null, null, null], (n) => `x: ${n} months not published.`)]} />);
    expect(out).not.toContain("<svg");
    expect(texts(out, "p", "chart-no-data")).toEqual(["x: 6 months not published."]);
    const bare = renderToStaticMarkup(<LineChart id="e" text={lineText} categories={months} series={[series("x", [null, null, null, null, null, null])]} />);
    expect(bare).toContain(text.noData);
  });

  it("uses no inline styles and renders identically every time", () => {
    expect(html).not.toMatch(/style=/i);
    const again = renderToStaticMarkup(<LineChart id="m" text={lineText} categories={months} series={[received, concluded]} />);
    expect(again).toBe(html);
  });
});

describe("valueScale", () => {
  it.each([
    { values: [0, 81], top: 81 },
    { values: [3, 12_345], top: 12_345 },
    { values: [1, 2], top: 2 },
    { values: [0, 0], top: 1 },
    { values: [7, 640, 151], top: 640 },
  ])("puts nice numbers on the ticks from 0 to at least the largest of $values", ({ values, top }) => {
    const { ticks } = valueScale(values, [0, 1], 4);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(top);
    const step = ticks[1]! - ticks[0]!;
    const mag = 10 ** Math.floor(Math.log10(step));
    expect([1, 2, 5].some((k) => Math.abs(step - k * mag) < 1e-9)).toBe(true);
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    ticks.forEach((t, i) => expect(t).toBeCloseTo(i * step, 9));
  });

  it("with maxValue, runs from 0 to exactly that top in round steps, and clamps", () => {
    const { ticks, scale } = valueScale([0.5, 0.25], [100, 0], 4, 1);
    expect(ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(scale(0.5)).toBe(50);
    expect(scale(1.5)).toBe(0);
  });

  it("maps the domain onto the range linearly", () => {
    const { scale, ticks } = valueScale([0, 81], [200, 0], 4);
    expect(ticks.at(-1)).toBe(100);
    expect(scale(0)).toBe(200);
    expect(scale(50)).toBe(100);
    expect(scale(100)).toBe(0);
  });
});
