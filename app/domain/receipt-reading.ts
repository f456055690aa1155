/**
 * The receipt read aloud over the phone: its seven groups of four, each with the words for its
 * digits. In Chinese, 1 is said 幺 (yāo) on the phone, as for any number read digit by digit, so
 * that it is not heard as 七 (qī); 0 is 零. In English, each digit by name ("zero", not "oh").
 */
import { RECEIPT_DIGITS } from "./receipt";

const ZH: readonly string[] = ["零", "幺", "二", "三", "四", "五", "六", "七", "八", "九"];
const EN: readonly string[] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

export type ReadingLocale = "zh-CN" | "en";
export type ReadAloudGroup = { digits: string; spoken: string };

/** The words for a group of digits, separated by spaces. */
export function spokenDigits(digits: string, locale: ReadingLocale): string {
  const words = locale === "zh-CN" ? ZH : EN;
  return [...digits].map((d) => words[d.charCodeAt(0) - 48] ?? d).join(" ");
}

/** The receipt in groups of four for reading aloud, first to last. */
export function readAloudGroups(receipt: string, locale: ReadingLocale): ReadAloudGroup[] {
  if (!/^\d+$/.test(receipt) || receipt.length !== RECEIPT_DIGITS) throw new Error("not a receipt");
  return (receipt.match(/\d{4}/g) ?? []).map((digits) => ({ digits, spoken: spokenDigits(digits, locale) }));
}
