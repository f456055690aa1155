import { describe, expect, it } from "vitest";
import { LISTED, PARTITION, type PublishedFigures } from "~/domain/published-statistics";
import type { Cell } from "~/domain/suppression";
import { translator } from "~/i18n/catalogues.server";
import { formatFigure, readingText } from "./statistics";
import { headlineView, homeFigures } from "./stats-view";

const v = (value: number): Cell => ({ kind: "value", value });
const small: Cell = { kind: "suppressed", reason: "small" };
const complementary: Cell = { kind: "suppressed", reason: "complementary" };
const withheld: Cell = { kind: "suppressed", reason: "withheld" };

function figures(over: Partial<PublishedFigures>): PublishedFigures {
  return {
    received: v(40),
    partition: Object.fromEntries(PARTITION.map((k) => [k, v(10)])) as PublishedFigures["partition"],
    concluded: v(20),
    detail: null,
    substantiatedRate: 0.5,
    onTimeRate: 0.9,
    medianDays: 7.5,
    p90Days: 12,
    listed: Object.fromEntries(LISTED.map((k) => [k, v(0)])) as PublishedFigures["listed"],
    finesCny: null,
    ...over,
  };
}

const zh = translator("zh-CN");
const en = translator("en");

describe("the home page's and the headline's figures, as a reader reads them", () => {
  it("the home page shows four figures, a hidden one in words that say what is known", () => {
    const home = homeFigures(figures({ concluded: complementary, substantiatedRate: null, medianDays: null }));
    expect(home.map((f) => f.id)).toEqual(["received", "concluded", "substantiated_rate", "median_days"]);
    const read = (t: typeof zh, locale: "zh-CN" | "en") => home.map((f) => readingText(f.reading, f.kind, t, locale, true));
    expect(read(zh, "zh-CN")).toEqual(["40", "5 件或以上，为保护举报人不公布", "不计算（不足 5 件，或为保护举报人）", "不计算（不足 5 件，或为保护举报人）"]);
    expect(read(en, "en")).toEqual(["40", "5 or more, withheld to protect tipsters", "not computed (under 5 cases, or to protect tipsters)", "not computed (under 5 cases, or to protect tipsters)"]);
    // No symbol a reader could take for a typo.
    for (const s of read(zh, "zh-CN")) expect(s).not.toMatch(/^(<5|\*|—)$/);
  });

  it("a county with few cases: fewer than 5 received; a withheld table's rate is withheld, not 'not computed'", () => {
    const county = headlineView(figures({ received: small, concluded: withheld, substantiatedRate: null, medianDays: null, p90Days: null, onTimeRate: null }));
    const of = (id: string) => county.find((f) => f.id === id)!.reading;
    expect(of("received")).toBe("small");
    expect(readingText(of("received"), "count", zh, "zh-CN", true)).toBe("少于 5 件");
    expect(of("concluded")).toBe("withheld");
    expect(of("substantiated_rate")).toBe("withheld");
    expect(of("median_days")).toBe("withheld");
  });

  it("writes shown figures as before: grouped counts, one-decimal shares, days", () => {
    expect(formatFigure(12345, "count", "zh-CN")).toBe("12,345");
    expect(formatFigure(0.7471, "rate", "en")).toBe("74.7%");
    expect(formatFigure(7.5, "days", "en")).toBe("7.5");
    expect(formatFigure(27, "days", "en")).toBe("27");
    expect(formatFigure(13046700, "money", "zh-CN")).toBe("13,046,700");
  });

  it("year on year: the change of a count, the points of a rate, none without a comparable figure", () => {
    const now = headlineView(figures({ received: v(60), substantiatedRate: 0.6 }), figures({ received: v(40), substantiatedRate: 0.5 }));
    expect(now.find((f) => f.id === "received")!.change).toEqual({ by: "ratio", value: 0.5 });
    expect(now.find((f) => f.id === "substantiated_rate")!.change).toEqual({ by: "points", value: 10 });
    const none = headlineView(figures({}), figures({ received: small }));
    expect(none.find((f) => f.id === "received")!.change).toEqual({ by: "ratio", value: null });
  });
});
