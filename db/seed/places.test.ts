import { describe, expect, it } from "vitest";
import { englishPlaceName, loadPlaces, PROVINCE_NAMES_EN } from "./places";

// The 34 provincial-level divisions in their official English forms (ADR 032).
const PROVINCES: [string, string, string][] = [
  ["110000", "北京市", "Beijing Municipality"],
  ["120000", "天津市", "Tianjin Municipality"],
  ["130000", "河北省", "Hebei Province"],
  ["140000", "山西省", "Shanxi Province"],
  ["150000", "内蒙古自治区", "Inner Mongolia Autonomous Region"],
  ["210000", "辽宁省", "Liaoning Province"],
  ["220000", "吉林省", "Jilin Province"],
  ["230000", "黑龙江省", "Heilongjiang Province"],
  ["310000", "上海市", "Shanghai Municipality"],
  ["320000", "江苏省", "Jiangsu Province"],
  ["330000", "浙江省", "Zhejiang Province"],
  ["340000", "安徽省", "Anhui Province"],
  ["350000", "福建省", "Fujian Province"],
  ["360000", "江西省", "Jiangxi Province"],
  ["370000", "山东省", "Shandong Province"],
  ["410000", "河南省", "Henan Province"],
  ["420000", "湖北省", "Hubei Province"],
  ["430000", "湖南省", "Hunan Province"],
  ["440000", "广东省", "Guangdong Province"],
  ["450000", "广西壮族自治区", "Guangxi Zhuang Autonomous Region"],
  ["460000", "海南省", "Hainan Province"],
  ["500000", "重庆市", "Chongqing Municipality"],
  ["510000", "四川省", "Sichuan Province"],
  ["520000", "贵州省", "Guizhou Province"],
  ["530000", "云南省", "Yunnan Province"],
  ["540000", "西藏自治区", "Tibet (Xizang) Autonomous Region"],
  ["610000", "陕西省", "Shaanxi Province"],
  ["620000", "甘肃省", "Gansu Province"],
  ["630000", "青海省", "Qinghai Province"],
  ["640000", "宁夏回族自治区", "Ningxia Hui Autonomous Region"],
  ["650000", "新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"],
  ["710000", "台湾省", "Taiwan Province"],
  ["810000", "香港特别行政区", "Hong Kong SAR"],
  ["820000", "澳门特别行政区", "Macao SAR"],
];

describe("provincial-level divisions' English names", () => {
  it.each(PROVINCES)("%s %s → %s", (code, zh, en) => expect(englishPlaceName(zh, code)).toBe(en));

  it("names all 34 and no other, each once", () => {
    expect(Object.keys(PROVINCE_NAMES_EN)).toHaveLength(34);
    expect(new Set(Object.values(PROVINCE_NAMES_EN)).size).toBe(34);
  });

  it("the seed's 31 provinces carry them (陕西 is not a second Shanxi)", () => {
    const seeded = loadPlaces().filter((p) => p.level === "province");
    expect(seeded).toHaveLength(31);
    for (const p of seeded) expect([p.code, p.nameZh, p.nameEn]).toEqual(PROVINCES.find(([c]) => c === p.code));
  });
});

describe("autonomous prefectures, counties and banners name their peoples", () => {
  it.each([
    ["延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"],
    ["恩施土家族苗族自治州", "Enshi Tujia and Miao Autonomous Prefecture"],
    ["海西蒙古族藏族自治州", "Haixi Mongol and Tibetan Autonomous Prefecture"],
    ["伊犁哈萨克自治州", "Yili Kazak Autonomous Prefecture"], // written without 族
    ["积石山保安族东乡族撒拉族自治县", "Jishishan Bonan, Dongxiang and Salar Autonomous County"],
    ["互助土族自治县", "Huzhu Tu Autonomous County"], // 土族, not 土家族
    ["长阳土家族自治县", "Changyang Tujia Autonomous County"],
    ["三都水族自治县", "Sandu Shui Autonomous County"],
    ["东乡族自治县", "Dongxiang Autonomous County"], // the name is the people's
    ["鄂伦春自治旗", "Oroqen Autonomous Banner"],
    ["龙胜各族自治县", "Longsheng Multi-ethnic Autonomous County"],
  ])("%s → %s", (zh, en) => expect(englishPlaceName(zh)).toBe(en));

  it("other places keep pinyin and the translated suffix", () => {
    expect(englishPlaceName("杭州市")).toBe("Hangzhou City");
    expect(englishPlaceName("西湖区")).toBe("Xihu District");
    expect(englishPlaceName("市辖区")).toBe("Municipal districts");
  });

  it("no seeded name keeps a people in pinyin (…zu Autonomous …)", () => {
    expect(loadPlaces().filter((p) => /zu\b|zu /i.test(p.nameEn) && /族/.test(p.nameZh)).map((p) => `${p.nameZh} ${p.nameEn}`)).toEqual([]);
  });
});
