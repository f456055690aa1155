import { describe, expect, it } from "vitest";
import { guardCsvText } from "./csv-text";

const CSV_GUARD_CASES: readonly (readonly [string, string])[] = [
  ['=HYPERLINK("https://evil.example","点击")', `'=HYPERLINK("https://evil.example","点击")`],
  ["=1+2", "'=1+2"],
  ["+86 571 1234", "'+86 571 1234"],
  ["-2+3", "'-2+3"],
  ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
  ["\t=1+2", "'\t=1+2"],
  ["\r=1+2", "'\r=1+2"],
  ["杭州某化工有限公司", "杭州某化工有限公司"],
  ["ACME = Co", "ACME = Co"],
  ["'already quoted", "'already quoted"],
  [" =1+2", " =1+2"],
  ["<5", "<5"],
  ["—", "—"],
  ["2026-12-01", "2026-12-01"],
  ["JB2026-0000001", "JB2026-0000001"],
  ["", ""],
];

describe("guardCsvText", () => {
  it.each(CSV_GUARD_CASES)("%j → %j", (input, expected) => expect(guardCsvText(input)).toBe(expected));
});

describe("CSV_TEXT_GUARD with csv-stringify", () => {
  it("guards text and leaves numbers and booleans as they are", async () => {
    const { stringify } = await import("csv-stringify/sync");
    const { CSV_TEXT_GUARD } = await import("./csv-text");
    expect(stringify([{ name: "-3", change: -3, rate: -0.25, flag: false, company: "=1+2" }], CSV_TEXT_GUARD)).toBe("'-3,-3,-0.25,,'=1+2\n");
  });
});
