import { describe, expect, it } from "vitest";
import { readAloudGroups, spokenDigits } from "./receipt-reading";

describe("reading a receipt aloud", () => {
  it.each([
    ["0123", "zh-CN", "零 幺 二 三"],
    ["4567", "zh-CN", "四 五 六 七"],
    ["8911", "zh-CN", "八 九 幺 幺"],
    ["0123", "en", "zero one two three"],
    ["9870", "en", "nine eight seven zero"],
  ] as const)("%s in %s is said %s", (digits, locale, spoken) => {
    expect(spokenDigits(digits, locale)).toBe(spoken);
  });

  it("gives the 28 digits as seven groups of four, in order", () => {
    const receipt = "9943745141017119517563332144";
    const groups = readAloudGroups(receipt, "zh-CN");
    expect(groups.map((g) => g.digits)).toEqual(["9943", "7451", "4101", "7119", "5175", "6333", "2144"]);
    expect(groups[2]).toEqual({ digits: "4101", spoken: "四 幺 零 幺" });
  });

  it.each(["123", "99437451410171195175633321445", "99437451410171195175633321a4"])("refuses %s, which is not a receipt", (s) => {
    expect(() => readAloudGroups(s, "en")).toThrow();
  });
});
