import { describe, expect, it } from "vitest";
import { DEFAULT_SECTOR_KEYWORDS } from "../../db/seed/sector-keywords";
import { classifySector, COMPANY_FACTOR, type SectorKeyword } from "./sector-classifier";

const top = (description: string, companyName?: string) => classifySector({ description, companyName }, DEFAULT_SECTOR_KEYWORDS).ranked[0];

describe("classifySector on realistic tips (default table)", () => {
  it.each<[string, string, string | undefined, string, string[]]>([
    ["a discharge into a river, filed under chemicals", "化工厂晚上通过暗管排污，河道里全是黑水，下游村民不敢用水。", undefined, "pollution", ["排污", "河道", "黑水"]],
    ["a tailings dam", "尾矿库坝体有裂缝，下雨后一直渗水。", undefined, "non_coal_mine", ["尾矿库"]],
    ["a gas leak in a residential block", "小区燃气泄漏，楼道里全是味道。", undefined, "city_gas", ["燃气"]],
    ["methane at a coal mine", "井下瓦斯超限，探头被包住，照常采煤。", undefined, "coal_mine", ["瓦斯", "采煤"]],
    ["fireworks in a farmhouse", "农户家里私自生产鞭炮，院子里晒着药物。", undefined, "fireworks", ["鞭炮"]],
    ["a lift trapping people", "小区电梯每周困人，维保公司不来。", undefined, "special_equipment", ["电梯", "困人"]],
    ["full-width letters are normalised", "ＫＴＶ包厢没有喷淋，安全出口锁着。", undefined, "fire_safety", ["安全出口", "喷淋", "ktv"]],
    ["English: pollution on word boundaries", "The factory discharges black water into the river at night.", undefined, "pollution", ["discharges", "black water", "river"]],
    ["English: plural and -ing forms", "Gas cylinders in the kitchen are leaking and the restaurant has no gas alarms.", undefined, "city_gas", ["gas cylinder", "gas alarm"]],
    ["English: tailings", "The TAILINGS dam is cracking after the storms.", undefined, "non_coal_mine", ["tailings dam"]],
    ["English: detonators", "He keeps detonators and explosives in his cellar.", undefined, "civil_explosives", ["detonator", "explosives"]],
    ["the company name alone: a coal mine", "这家公司管理混乱，领导只顾生产，出了事就私了。", "红星煤矿有限公司", "coal_mine", ["煤矿"]],
    ["the company name alone: a gas company", "他们的管子锈得很厉害，打电话也不来修。", "城东燃气公司", "city_gas", ["燃气"]],
    ["the company name alone, in English", "Nobody maintains anything and the workers keep complaining.", "Daming Elevator Installation Co.", "special_equipment", ["elevator"]],
  ])("%s", (_, description, companyName, sector, matched) => {
    const best = top(description, companyName);
    expect(best?.sector).toBe(sector);
    expect(best?.matched).toEqual(expect.arrayContaining(matched));
  });

  it("a chemicals plant's 燃气 is not city gas (negative weight), a restaurant's is", () => {
    expect(top("化工厂的燃气管道漏气，车间里有味道。")?.sector).not.toBe("city_gas");
    expect(top("饭店后厨的燃气管道漏气，一直有味道。")?.sector).toBe("city_gas");
  });

  it("a long-distance pipeline is not town gas: the longer phrase takes the text", () => {
    expect(top("有人在天然气长输管道上方建房子，标志桩被拔了。")?.sector).toBe("oil_gas_pipeline");
  });

  it("is empty when nothing matched", () => {
    expect(classifySector({ description: "我想反映一个问题，请尽快处理。" }, DEFAULT_SECTOR_KEYWORDS).ranked).toEqual([]);
    expect(classifySector({ description: "" }, [])).toEqual({ ranked: [] });
  });
});

describe("classifySector's matching rules (a small table)", () => {
  const table: SectorKeyword[] = [
    { sectorCode: "pollution", phrase: "leak", weight: 1 },
    { sectorCode: "city_gas", phrase: "gas leak", weight: 2 },
    { sectorCode: "city_gas", phrase: "燃气", weight: 2 },
    { sectorCode: "city_gas", phrase: "化工", weight: -3 },
    { sectorCode: "hazardous_chemicals", phrase: "化工", weight: 1 },
    { sectorCode: "coal_mine", phrase: "mine", weight: 1 },
  ];
  const ranked = (description: string, companyName?: string) => classifySector({ description, companyName }, table).ranked;

  it.each<[string, string, string | undefined, { sector: string; score: number; matched: string[] }[]]>([
    ["English words only on boundaries (no 'mine' in 'determined')", "We determined nothing.", undefined, []],
    ["-ing and plural forms", "mines are leaking", undefined, [{ sector: "coal_mine", score: 1, matched: ["mine"] }, { sector: "pollution", score: 1, matched: ["leak"] }]],
    ["the longer phrase takes its words from the shorter", "a gas leak", undefined, [{ sector: "city_gas", score: 2, matched: ["gas leak"] }]],
    ["a phrase counts once however often it appears", "燃气 燃气 燃气", undefined, [{ sector: "city_gas", score: 2, matched: ["燃气"] }]],
    ["a negative weight lowers a sector below zero: dropped", "化工厂的燃气", undefined, [{ sector: "hazardous_chemicals", score: 1, matched: ["化工"] }]],
    ["a company-name match weighs more", "漏了", "某燃气公司", [{ sector: "city_gas", score: 2 * COMPANY_FACTOR, matched: ["燃气"] }]],
  ])("%s", (_, description, companyName, expected) => {
    expect(ranked(description, companyName)).toEqual(expected);
  });
});
