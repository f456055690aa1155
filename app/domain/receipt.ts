/**
 * Receipts: 28 digits in seven groups of four, read aloud over the phone. 27 digits are random
 * (log2(10^27) ≈ 89.7 bits, above the 80 the anonymity rules ask for); the last is a Damm check
 * digit, which catches every single-digit mistake and every swap of two adjacent digits.
 */
export const RECEIPT_RANDOM_DIGITS = 27;
export const RECEIPT_DIGITS = RECEIPT_RANDOM_DIGITS + 1;

const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export function dammCheckDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![ch.charCodeAt(0) - 48]!;
  return interim;
}

/**
 * Builds a receipt from at least 16 bytes of randomness (or of a keyed hash).
 * Reducing a ≥128-bit number modulo 10^27 leaves a bias below 2^-38: negligible.
 */
export function receiptFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new Error("a receipt needs at least 128 bits of input");
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  const body = (n % 10n ** BigInt(RECEIPT_RANDOM_DIGITS)).toString().padStart(RECEIPT_RANDOM_DIGITS, "0");
  return body + String(dammCheckDigit(body));
}

/** "1234 5678 …" for display. */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** Why a typed receipt is not one: the wrong number of digits (or not digits), or a check digit that does not match. */
export type ReceiptProblem = "length" | "check_digit";

/**
 * Accepts what people type: spaces, dashes, full-width digits (１２３４). Returns the bare digits,
 * or what is wrong with them (a typo, caught before any database look-up): 28 digits whose check
 * digit does not match are a different mistake from a missing digit, and are told apart.
 */
export function checkReceipt(input: string): { ok: true; digits: string } | { ok: false; problem: ReceiptProblem } {
  const digits = input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\s\-_.·]/g, "");
  if (!/^\d+$/.test(digits) || digits.length !== RECEIPT_DIGITS) return { ok: false, problem: "length" };
  return dammCheckDigit(digits) === 0 ? { ok: true, digits } : { ok: false, problem: "check_digit" };
}

/** The bare digits of a typed receipt, or null when its length or its check digit is wrong. */
export function normaliseReceipt(input: string): string | null {
  const checked = checkReceipt(input);
  return checked.ok ? checked.digits : null;
}
