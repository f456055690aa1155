import { describe, expect, it } from "vitest";
import { CATALOGS, translator } from "./index";

const en = CATALOGS.en;
const zhCN = CATALOGS["zh-CN"];

describe("catalogs", () => {
  it("have the same keys and no empty strings", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const v of [...Object.values(en), ...Object.values(zhCN)]) expect(v.trim()).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(holes(en[k])).toEqual(holes(zhCN[k]));
  });

  it("fills placeholders", () => {
    expect(translator("en")("errors.attachments.file_too_large", { n: 3 })).toBe("File 3 is larger than 20 MB.");
    expect(translator("zh-CN")("receipt.lead", { reference: "JB2026-0000001" })).toContain("JB2026-0000001");
  });
});
