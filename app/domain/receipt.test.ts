import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RECEIPT_DIGITS, RECEIPT_RANDOM_DIGITS, checkReceipt, formatReceipt, normaliseReceipt, receiptFromBytes } from "./receipt";

describe("receipt", () => {
  it("carries at least 80 bits of randomness", () => {
    expect(RECEIPT_RANDOM_DIGITS * Math.log2(10)).toBeGreaterThanOrEqual(80);
  });

  it("is 28 digits shown in seven groups of four", () => {
    const r = receiptFromBytes(randomBytes(32));
    expect(r).toMatch(/^\d{28}$/);
    expect(formatReceipt(r)).toMatch(/^(\d{4} ){6}\d{4}$/);
  });

  it("is accepted back as typed with spaces, dashes or full-width digits", () => {
    const r = receiptFromBytes(randomBytes(32));
    expect(normaliseReceipt(formatReceipt(r))).toBe(r);
    expect(normaliseReceipt(formatReceipt(r).replace(/ /g, "-"))).toBe(r);
    const fullWidth = r.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(normaliseReceipt(fullWidth)).toBe(r);
  });

  it("catches every single-digit typo and every adjacent swap", () => {
    const r = receiptFromBytes(randomBytes(32));
    for (let i = 0; i < RECEIPT_DIGITS; i++) {
      for (let d = 0; d < 10; d++) {
        if (String(d) === r[i]) continue;
        expect(normaliseReceipt(r.slice(0, i) + d + r.slice(i + 1))).toBeNull();
      }
      if (i + 1 < RECEIPT_DIGITS && r[i] !== r[i + 1]) {
        expect(normaliseReceipt(r.slice(0, i) + r[i + 1] + r[i] + r.slice(i + 2))).toBeNull();
      }
    }
  });

  it.each([["", "empty"], ["1234", "too short"], ["a".repeat(28), "letters"], ["1".repeat(29), "too long"]])(
    "refuses %j (%s)",
    (input) => expect(normaliseReceipt(input)).toBeNull(),
  );

  it("spreads digits evenly (no digit position is stuck)", () => {
    const counts = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < 2000; i++) counts[Number(receiptFromBytes(randomBytes(32))[0])]!++;
    for (const c of counts) expect(c).toBeGreaterThan(120);
  });

  it("is deterministic for the same input bytes (a retried submission sees the same receipt)", () => {
    const seed = randomBytes(32);
    expect(receiptFromBytes(seed)).toBe(receiptFromBytes(Buffer.from(seed)));
    expect(() => receiptFromBytes(randomBytes(8))).toThrow();
  });

  describe("what is wrong with a typed receipt", () => {
    const r = receiptFromBytes(Buffer.alloc(32, 7));
    const oneWrong = r.slice(0, 9) + String((Number(r[9]) + 3) % 10) + r.slice(10);
    const swapped = r[3] === r[4] ? r.slice(0, 2) + r[3] + r[2] + r.slice(4) : r.slice(0, 3) + r[4] + r[3] + r.slice(5);
    it.each<[string, string, ReturnType<typeof checkReceipt>]>([
      ["the receipt as shown", formatReceipt(r), { ok: true, digits: r }],
      ["one digit wrong, 28 typed", formatReceipt(oneWrong), { ok: false, problem: "check_digit" }],
      ["two neighbours swapped", swapped, { ok: false, problem: "check_digit" }],
      ["the check digit itself wrong", r.slice(0, 27) + String((Number(r[27]) + 1) % 10), { ok: false, problem: "check_digit" }],
      ["one digit missing", r.slice(1), { ok: false, problem: "length" }],
      ["one digit too many", r + "0", { ok: false, problem: "length" }],
      ["a letter among 28", "O" + r.slice(1), { ok: false, problem: "length" }],
      ["nothing", "", { ok: false, problem: "length" }],
    ])("%s", (_, input, expected) => expect(checkReceipt(input)).toEqual(expected));
  });
});
