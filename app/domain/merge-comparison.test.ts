import { describe, expect, it } from "vitest";
import { mergeWarnings, normalisedCompany, type MergeFacts } from "./merge-comparison";

const base: MergeFacts = { sectorCode: "hazardous_chemicals", placeCode: "330106", companyName: "示例化工有限公司" };

describe("what the desk is warned of before a merge", () => {
  it.each([
    { name: "the same facts", other: {}, warnings: [] },
    { name: "another sector", other: { sectorCode: "fire_safety" }, warnings: ["sector"] },
    { name: "another county of the same city", other: { placeCode: "330105" }, warnings: ["place"] },
    { name: "the city instead of the county", other: { placeCode: "330100" }, warnings: ["place"] },
    { name: "another company", other: { companyName: "另一家化工厂" }, warnings: ["company"] },
    { name: "the company with spaces around it", other: { companyName: "  示例化工有限公司 " }, warnings: [] },
    { name: "the company in full-width brackets vs half-width", other: { companyName: "示例化工(杭州)有限公司" }, tip: { companyName: "示例化工（杭州）有限公司" }, warnings: [] },
    { name: "Latin letters in another case and width", other: { companyName: "ＡＢＣ Chemical Co." }, tip: { companyName: "abc  chemical co." }, warnings: [] },
    { name: "full-width digits", other: { companyName: "３号仓库" }, tip: { companyName: "3号仓库" }, warnings: [] },
    { name: "both without a company", other: { companyName: null }, tip: { companyName: null }, warnings: [] },
    { name: "blank counts as missing", other: { companyName: "   " }, tip: { companyName: null }, warnings: [] },
    { name: "one without a company", other: { companyName: null }, warnings: ["company"] },
    { name: "everything differs", other: { sectorCode: "pollution", placeCode: "330102", companyName: "河边养殖场" }, warnings: ["sector", "place", "company"] },
  ] as { name: string; other: Partial<MergeFacts>; tip?: Partial<MergeFacts>; warnings: string[] }[])("$name", ({ other, tip, warnings }) => {
    expect(mergeWarnings({ ...base, ...tip }, { ...base, ...other })).toEqual(warnings);
    // The comparison does not depend on which tip is merged into which.
    expect(mergeWarnings({ ...base, ...other }, { ...base, ...tip })).toEqual(warnings);
  });

  it.each([
    [null, null],
    ["", null],
    ["　", null], // an ideographic space only
    [" Ａ　Ｂ ", "a b"],
  ])("normalisedCompany(%j) = %j", (input, out) => {
    expect(normalisedCompany(input)).toBe(out);
  });
});
