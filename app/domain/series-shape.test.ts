import { describe, expect, it } from "vitest";
import { seriesShape } from "./series-shape";

describe("seriesShape: lines where values follow one another, dots where one stands alone, gaps where hidden", () => {
  const n = null;
  it.each([
    { name: "all shown: one line", values: [3, 5, 8, 2], runs: [[0, 1, 2, 3]], dots: [], hidden: [] },
    { name: "all hidden: nothing drawn, every month counted", values: [n, n, n], runs: [], dots: [], hidden: [0, 1, 2] },
    { name: "nothing at all", values: [], runs: [], dots: [], hidden: [] },
    { name: "one gap splits the line in two", values: [5, 6, n, 7, 8], runs: [[0, 1], [3, 4]], dots: [], hidden: [2] },
    { name: "a month alone between gaps is a dot, not a line", values: [n, 9, n, n], runs: [], dots: [1], hidden: [0, 2, 3] },
    { name: "11 of 12 hidden: a dot, 11 gaps", values: [n, n, n, n, n, 12, n, n, n, n, n, n], runs: [], dots: [5], hidden: [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11] },
    { name: "lone values at both ends", values: [4, n, 6, 7, n, 9], runs: [[2, 3]], dots: [0, 5], hidden: [1, 4] },
    { name: "zero is a value, not a gap", values: [0, 0, n], runs: [[0, 1]], dots: [], hidden: [2] },
  ])("$name", ({ values, runs, dots, hidden }) => {
    expect(seriesShape(values)).toEqual({ runs, dots, hidden });
  });
});
