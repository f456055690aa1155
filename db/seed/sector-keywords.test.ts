import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { measureAgreement, type LabelledTip } from "../../app/domain/classifier-agreement";
import { SECTOR_CODES } from "./reference-data";
import { DEFAULT_SECTOR_KEYWORDS } from "./sector-keywords";

const tips = JSON.parse(readFileSync("tests/fixtures/labelled-tips.json", "utf8")) as LabelledTip[];
const CJK = /[\u3400-\u9fff]/;

describe("the default keyword table", () => {
  it("has at least 15 phrases per sector in each language, for known sectors only", () => {
    for (const code of SECTOR_CODES.filter((c) => c !== "other")) {
      const phrases = DEFAULT_SECTOR_KEYWORDS.filter((k) => k.sectorCode === code);
      expect.soft(phrases.filter((k) => CJK.test(k.phrase)).length, `${code} zh`).toBeGreaterThanOrEqual(15);
      expect.soft(phrases.filter((k) => !CJK.test(k.phrase)).length, `${code} en`).toBeGreaterThanOrEqual(15);
      expect.soft(phrases.length, code).toBeGreaterThanOrEqual(15);
    }
    expect(DEFAULT_SECTOR_KEYWORDS.every((k) => (SECTOR_CODES as readonly string[]).includes(k.sectorCode) && Number.isFinite(k.weight) && k.weight !== 0)).toBe(true);
  });

  it("the labelled set is honest: ≥ 200 tips, ≥ 60 in English, every desk sector known", () => {
    expect(tips.length).toBeGreaterThanOrEqual(200);
    expect(tips.filter((t) => !CJK.test(t.description)).length).toBeGreaterThanOrEqual(60);
    for (const t of tips) expect(SECTOR_CODES).toContain(t.deskSector);
    expect(new Set(tips.map((t) => t.deskSector)).size).toBe(SECTOR_CODES.length - 1);
  });

  it("agrees with the desk's sector on ≥ 85% of the labelled set, and beats the tipster's own choice", () => {
    const report = measureAgreement(tips, DEFAULT_SECTOR_KEYWORDS);
    expect(report.overall.rate).toBeGreaterThanOrEqual(0.85);
    expect(report.overall.rate).toBeGreaterThan(report.baseline.rate);
    // Tips written after the table was frozen: lower, but still well above the tipster's choice.
    const heldOut = measureAgreement(tips.slice(216), DEFAULT_SECTOR_KEYWORDS);
    expect(heldOut.overall.rate).toBeGreaterThan(heldOut.baseline.rate);
  });
});
