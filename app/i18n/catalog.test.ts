import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CASE_STATES } from "../domain/case-state";
import { TIP_CHANNELS } from "../domain/channels";
import { REJECTION_REASONS } from "../domain/case-state";
import { CATALOGS, isMessageKey, translator } from "./catalogues.server";
import { LOCALES, tKnown, type Locale, type MessageKey } from "./index";

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

/**
 * `Translate` takes only MessageKey, so tsc already refuses a missing key; this scan is the same
 * check for a reader who runs only the tests, and it also covers the literal prefix of each
 * t(`prefix.${x}`) / tKnown(t, `prefix.${x}`), which the compiler checks only when x is typed.
 */
describe("keys referenced in app/ and emails/", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
    );
  const files = [...sources("app"), ...sources("emails")].map((f) => ({ f, text: readFileSync(join(root, f), "utf8") }));
  const call = String.raw`(?:\bt\(|\btKnown\(\s*t,\s*)`;

  it("every literal key exists", () => {
    const missing: string[] = [];
    let seen = 0;
    for (const { f, text } of files)
      for (const m of text.matchAll(new RegExp(call + String.raw`\s*"([\w.-]+)"`, "g"))) {
        seen++;
        if (!isMessageKey(m[1]!)) missing.push(`${f}: ${m[1]}`);
      }
    expect(seen).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });

  it("every template key's prefix starts some key", () => {
    const keys = Object.keys(zhCN);
    const missing: string[] = [];
    for (const { f, text } of files)
      for (const m of text.matchAll(new RegExp(call + "\\s*`([\\w.-]+)\\$\\{", "g"))) if (!keys.some((k) => k.startsWith(m[1]!))) missing.push(`${f}: ${m[1]}`);
    expect(missing).toEqual([]);
  });

  // Values read from the database are strings to the compiler; their closed sets must all have a text.
  const closedSets: [string, readonly string[]][] = [
    ["staff.state.", CASE_STATES],
    ["channel.", TIP_CHANNELS],
    ["status.rejection.", REJECTION_REASONS],
  ];
  for (const [prefix, members] of closedSets)
    it(`${prefix}* has every member`, () => expect(members.filter((m) => !isMessageKey(prefix + m))).toEqual([]));
});

describe("tKnown (keys that exist only at run time)", () => {
  const cases: { code: string; params?: Record<string, string | number>; fallback?: MessageKey; text: Record<Locale, string> }[] = [
    { code: "auth.invitation.invalid", text: { "zh-CN": "这个邀请链接无效，或已经使用过。", en: "This invitation link is not valid, or it has already been used." } },
    { code: "errors.attachments.file_too_large", params: { n: 2 }, text: { "zh-CN": "第 2 个文件超过 20 MB。", en: "File 2 is larger than 20 MB." } },
    { code: "errors.no_such_code", text: { "zh-CN": "服务器暂时出了问题，您的输入没有丢失，请稍后重试。", en: "The server had a problem. Nothing you typed is lost; please try again shortly." } },
    { code: "", text: { "zh-CN": "服务器暂时出了问题，您的输入没有丢失，请稍后重试。", en: "The server had a problem. Nothing you typed is lost; please try again shortly." } },
    // Own properties only: an inherited name is not a key.
    { code: "toString", text: { "zh-CN": "服务器暂时出了问题，您的输入没有丢失，请稍后重试。", en: "The server had a problem. Nothing you typed is lost; please try again shortly." } },
    { code: "staff.state.no_such_state", fallback: "auth.invitation.invalid", text: { "zh-CN": "这个邀请链接无效，或已经使用过。", en: "This invitation link is not valid, or it has already been used." } },
  ];
  for (const c of cases)
    for (const locale of LOCALES)
      it(`${JSON.stringify(c.code)} in ${locale}`, () => {
        const text = tKnown(translator(locale), c.code, c.params, c.fallback);
        expect(text).toBe(c.text[locale]);
        expect(text).not.toBe(c.code);
      });
});
