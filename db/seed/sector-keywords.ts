import { normalisePhrase } from "../../app/domain/sector-classifier";
import type { SectorCode } from "./reference-data";

/**
 * The default keyword table of the sector classifier (app/domain/sector-classifier.ts): the
 * vocabulary of each sector as tipsters write it, in Chinese and English. Seeded once into
 * sector_keywords (db/seed/index.ts), then administrators edit it at /staff/admin/keywords.
 *
 * Written as "phrase" (weight 1) or "phrase:weight"; a negative weight lowers the sector when the
 * phrase is present (disambiguation), e.g. a chemicals plant's "燃气" is not city gas.
 * Weights: 3 = names the sector on its own (尾矿库, 瓦斯), 2 = strong sign, 1 = a hint.
 */
type Lists = { zh: string[]; en: string[] };

const LISTS: Record<Exclude<SectorCode, "other">, Lists> = {
  coal_mine: {
    zh: ["煤矿:3", "煤业:3", "瓦斯:3", "采煤:3", "煤窑:3", "井下:1", "综采:2", "掘进:1", "冒顶:2", "透水:2", "矿井:1", "下井:1", "煤层:2", "矿长:1", "巷道:1", "采空区:1", "通风机:1", "出煤:2", "瓦斯抽采:2"],
    en: ["coal mine:3", "colliery:3", "coal:2", "methane:2", "firedamp:3", "coal face:3", "longwall:2", "underground:1", "miner:1", "roof collapse:2", "shaft:1", "gas sensor:1", "ventilation fan:1", "mine flooding:2", "coal seam:2"],
  },
  non_coal_mine: {
    zh: ["尾矿库:3", "尾矿:3", "尾砂:3", "非煤矿山:3", "金属矿:2", "铁矿:2", "金矿:2", "萤石矿:2", "铜矿:2", "采石场:2", "石料厂:2", "露天矿:2", "边坡:2", "坝体:2", "干滩:2", "排洪井:2", "排洪:1", "竖井:1", "出矿:2", "矿山:1", "矿业:1", "采场:1", "台阶:1", "采空区:1"],
    en: ["tailings:3", "tailings dam:3", "tailings pond:3", "quarry:2", "open-pit:2", "open pit:2", "metal mine:2", "iron mine:2", "gold mine:2", "stope:2", "slope:1", "bench:1", "mining:1", "mine:1", "seepage:1", "spillway:2"],
  },
  hazardous_chemicals: {
    zh: ["化工:2", "化工厂:3", "化工企业:3", "危险化学品:3", "危化品:3", "反应釜:3", "储罐:2", "液氯:3", "氯气:2", "甲醇:2", "乙酸乙酯:2", "硝化:3", "液化烃:3", "球罐:2", "安全阀:1", "动火作业:1", "作业票:1", "防毒面具:1", "化学品:2", "溶剂:1", "加油站:2", "卸油:2", "油罐车:1", "刺鼻:1", "氨:1", "DCS:1", "超温超压:2"],
    en: ["chemical plant:3", "chemical factory:3", "chemical:2", "hazardous chemicals:3", "reactor:2", "storage tank:2", "chlorine:3", "ammonia:2", "methanol:2", "solvent:1", "toxic gas:2", "gas mask:1", "safety valve:1", "hot work:1", "petrol station:2", "gas station:2", "refinery:2"],
  },
  fireworks: {
    zh: ["烟花:3", "爆竹:3", "鞭炮:3", "花炮:3", "礼花:3", "引火线:2", "黑火药:2", "药物:1", "工房:2", "晒场:1", "烟花爆竹:3", "炮竹:3", "亮珠:2", "春节:1", "烟火:2", "组合烟花:3"],
    en: ["fireworks:3", "firework:3", "firecracker:3", "gunpowder:2", "black powder:2", "shell:1", "fuse:1", "pyrotechnic:3", "spring festival:1", "sparkler:2", "workshop:1", "firecrackers:3", "fireworks shop:3", "display shell:2", "fireworks factory:3"],
  },
  industry_trade: {
    zh: ["钢厂:3", "钢铁:3", "炼钢:3", "钢水:3", "铝水:3", "熔炼炉:3", "高炉:3", "冶炼:2", "冶金:3", "粉尘涉爆:3", "铝粉尘:3", "粉尘:1", "除尘器:2", "抛光:2", "砂光:2", "有限空间:3", "污水池:1", "清淤:1", "冲床:3", "冲压:2", "机械:1", "五金:2", "纺织:2", "木材加工:2", "地沟:1", "煤气柜:2", "高炉煤气:3", "车间:1", "工厂:1", "中毒:1"],
    en: ["steel plant:3", "steel mill:3", "steel:2", "molten steel:3", "molten metal:3", "ladle:3", "furnace:2", "smelter:3", "smelting:3", "aluminium dust:3", "aluminum dust:3", "combustible dust:3", "dust collector:2", "polishing:2", "confined space:3", "sewage pit:1", "punch press:3", "workshop:1", "factory:1", "foundry:3", "sawmill:2"],
  },
  construction: {
    zh: ["工地:3", "施工:1", "脚手架:3", "基坑:3", "支护:2", "高支模:3", "模板:2", "浇筑:2", "混凝土:1", "钢筋:2", "偷工减料:2", "项目部:2", "拆除:2", "吊篮:2", "安全网:2", "安全带:1", "塔吊:2", "建设工程:2", "建筑:2", "承重墙:3", "装修:1", "危房:2", "开裂:1", "高空作业:1"],
    en: ["construction site:3", "building site:3", "construction:2", "scaffolding:3", "scaffold:3", "excavation:2", "shoring:2", "formwork:3", "rebar:3", "concrete:1", "contractor:2", "demolition:2", "tower crane:2", "safety net:2", "harness:1", "load-bearing wall:3", "cutting corners:1", "building:1"],
  },
  city_gas: {
    zh: ["燃气:3", "煤气:2", "天然气:2", "液化气:3", "液化石油气:3", "气站:2", "钢瓶:2", "瓶装:2", "气瓶:1", "调压箱:3", "燃气表:3", "燃气管道:3", "立管:2", "漏气:2", "泄漏:1", "软管:2", "后厨:2", "餐馆:1", "饭店:1", "燃气报警器:3", "倒灌:3", "灌装:1", "化工:-3", "钢铁:-2", "长输管道:-3"],
    en: ["gas leak:3", "smell of gas:3", "gas smell:3", "town gas:3", "natural gas:2", "lpg:3", "gas cylinder:3", "cylinder:1", "gas company:3", "gas main:3", "gas pipe:2", "gas meter:3", "gas alarm:2", "hose:2", "restaurant:1", "kitchen:1", "decanting:3", "refill:2", "gas:1", "chemical:-3", "transmission pipeline:-3"],
  },
  road_traffic: {
    zh: ["交通事故:3", "红绿灯:3", "路口:2", "闯红灯:3", "超速:2", "酒后驾驶:3", "酒驾:3", "疲劳驾驶:2", "渣土车:3", "客运大巴:2", "大巴:1", "超员:1", "违法停车:2", "逆向行驶:3", "无牌:2", "没有牌照:2", "高速:1", "公路:1", "护栏:2", "路灯:1", "电动车:1", "司机:1", "校车:1", "接送:1"],
    en: ["traffic:2", "traffic accident:3", "crash:2", "traffic lights:3", "junction:2", "red light:3", "speeding:2", "speed:1", "drunk driving:3", "fatigued:2", "muck truck:3", "coach:1", "bus:1", "e-bike:1", "road:1", "motorway:1", "driver:1", "overtaking:2", "wrong way:2", "knocked down:2"],
  },
  civil_explosives: {
    zh: ["炸药:3", "雷管:3", "导爆索:3", "民爆:3", "爆破:2", "爆破员:3", "炸药库:3", "爆破工程:2", "爆炸物品:3", "起爆:2", "开山:1", "放炮:1", "乳化炸药:3", "硝铵:2", "导火索:2"],
    en: ["explosives:3", "explosive:3", "detonator:3", "detonating cord:3", "dynamite:3", "blasting:2", "blaster:2", "magazine:2", "explosives magazine:3", "blast:1", "quarrying:1", "tnt:3", "primer:1", "blasting cap:3", "ammonium nitrate:2"],
  },
  transport: {
    zh: ["渡口:3", "渡船:3", "船舶:3", "货船:3", "内河:2", "航道:2", "船员:2", "救生衣:1", "超载:1", "超限:2", "货运:2", "物流:2", "动态监控:3", "客运站:3", "安检:1", "码头:2", "航行:2", "采砂船:1", "运输公司:2", "集装箱:1", "船:1"],
    en: ["ferry:3", "ship:2", "vessel:2", "boat:1", "cargo ship:3", "crew:1", "waterway:2", "overloaded:1", "overloading:1", "lorry:2", "freight:2", "logistics:2", "gps tracking:2", "coach station:3", "bus station:3", "port:2", "wharf:2", "dock:2", "life jacket:1"],
  },
  railway: {
    zh: ["铁路:3", "铁轨:3", "火车:2", "列车:2", "高铁:3", "道口:3", "接触网:3", "护网:2", "线路:1", "桥墩:1", "防护员:2", "动车:2", "站台:1", "轨道:2", "铁道:3", "站场:1"],
    en: ["railway:3", "railroad:3", "rail:2", "rails:2", "train:2", "track:2", "level crossing:3", "high-speed line:3", "high-speed rail:3", "catenary:3", "overhead line:2", "railway fence:3", "sleeper:1", "platform:1", "locomotive:2"],
  },
  oil_gas_pipeline: {
    zh: ["输油管道:3", "输气管道:3", "长输管道:3", "长输:2", "原油管道:3", "石油管道:3", "管道标志:3", "标志桩:3", "打孔盗油:3", "盗油:3", "阀室:3", "巡线:3", "防腐层:2", "管道企业:2", "中心线:2", "西气东输:3", "管线:1"],
    en: ["oil pipeline:3", "gas pipeline:3", "transmission pipeline:3", "long-distance pipeline:3", "pipeline:2", "crude:2", "crude oil:2", "steal oil:3", "oil theft:3", "marker post:3", "valve station:3", "patrol:1", "right of way:2", "pipeline corridor:3", "pipeline marker:3"],
  },
  energy_storage: {
    zh: ["储能:3", "储能电站:3", "锂电池:2", "电池舱:3", "电池预制舱:3", "预制舱:2", "梯次利用:3", "动力电池:2", "bms:3", "鼓包:2", "电池:1", "集装箱:1", "泄压:1", "光伏:1", "电站:1", "储能柜:3"],
    en: ["energy storage:3", "battery storage:3", "storage station:3", "lithium:2", "lithium battery:3", "battery container:3", "battery cabin:3", "bms:3", "second-life:3", "cells:1", "swelling:2", "thermal runaway:3", "battery:1", "storage project:2", "explosion venting:2"],
  },
  industrial_park: {
    zh: ["园区:3", "工业园区:3", "化工园区:3", "开发区:3", "管委会:3", "公共管廊:3", "管廊:2", "招商:2", "安全距离:2", "安全评价:2", "封闭化管理:3", "应急救援力量:2", "入园:2", "产业园:3", "工业集聚区:3"],
    en: ["industrial park:3", "chemical park:3", "park:1", "development zone:3", "park committee:3", "management committee:3", "pipe rack:3", "shared pipe:2", "safety distance:2", "safety assessment:2", "economic zone:3", "enterprise zone:3", "zone:1", "industrial estate:3", "business park:2"],
  },
  hazardous_waste: {
    zh: ["危险废物:3", "危废:3", "医疗废物:3", "感染性废物:3", "电镀污泥:3", "污泥:2", "废机油:3", "废矿物油:3", "废有机溶剂:3", "废溶剂:3", "铅酸电池:3", "蓄电池:2", "废旧蓄电池:3", "废酸:3", "转移联单:3", "倾倒:2", "拆解:2", "暂存间:2", "有资质:2"],
    en: ["hazardous waste:3", "medical waste:3", "infectious waste:3", "sludge:3", "used oil:3", "waste oil:3", "used engine oil:3", "lead-acid:3", "battery acid:2", "waste acid:3", "dumped:2", "dumping:2", "waste solvent:3", "licensed disposal:2", "waste batteries:2"],
  },
  pollution: {
    zh: ["排污:3", "排污口:3", "偷排:3", "直排:3", "河道:2", "黑水:3", "废水:2", "污水:2", "河水:2", "死鱼:3", "发臭:2", "黑烟:3", "废气:3", "烟囱:2", "异味:2", "扰民:3", "噪声:3", "粪污:3", "饮用水源:3", "水库:1", "小溪:2", "在线监测:2", "污染:3", "空气:1", "泥浆水:2"],
    en: ["pollution:3", "polluting:3", "discharge:2", "discharges:2", "wastewater:3", "sewage:2", "outfall:3", "river:2", "stream:1", "black water:3", "dead fish:3", "stinks:2", "black smoke:3", "smoke:1", "chimney:2", "fumes:2", "noise:3", "manure:3", "drinking water:2", "reservoir:1", "emissions:2"],
  },
  illegal_mining: {
    zh: ["非法采矿:3", "非法采砂:3", "私挖乱采:3", "盗采:3", "偷采:3", "采砂:3", "采砂船:2", "越界开采:2", "无证开采:3", "采矿权:3", "采矿许可证:3", "稀土:2", "浸矿池:3", "矿石:1", "河堤:1", "挖矿:2", "山体:1", "林地:1"],
    en: ["illegal mining:3", "illegally mining:3", "mining rights:3", "mining licence:3", "mining license:3", "sand dredger:3", "sand mining:3", "dredging:2", "dredger:2", "dig for ore:3", "ore:1", "beyond the boundary:2", "excavator:1", "rare earth:2", "unlicensed mining:3"],
  },
  fire_safety: {
    zh: ["消防:3", "安全出口:3", "疏散通道:3", "消防栓:3", "灭火器:3", "喷淋:3", "应急照明:3", "烟感:3", "易燃材料:2", "群租房:3", "三合一:3", "电动车充电:3", "电线乱拉:2", "电炉:1", "养老院:2", "网吧:2", "ktv:2", "商场:1", "防盗网:2", "消防车通道:3", "火灾:2"],
    en: ["fire:2", "fire safety:3", "emergency exit:3", "escape route:3", "fire exit:3", "hydrant:3", "extinguisher:3", "sprinkler:3", "emergency light:3", "smoke alarm:3", "flammable:2", "rented flat:2", "charge e-bikes:3", "karaoke:2", "nursing home:2", "fire door:3"],
  },
  special_equipment: {
    zh: ["特种设备:3", "电梯:3", "困人:3", "扶梯:3", "自动扶梯:3", "锅炉:3", "司炉工:3", "压力表:2", "压力容器:3", "起重机:3", "行车:2", "钢丝绳:2", "叉车:3", "气瓶充装:3", "充装站:3", "检验合格证:2", "维保:2", "定期检验:2", "没有检验:1", "过山车:1", "索道:1"],
    en: ["special equipment:3", "lift:3", "lifts:3", "elevator:3", "escalator:3", "boiler:3", "pressure vessel:3", "pressure gauge:2", "crane:2", "overhead crane:3", "wire rope:2", "forklift:3", "cylinder filling:3", "inspection certificate:2", "maintenance company:2", "trapped:1", "never been inspected:1"],
  },
  campus: {
    zh: ["学校:3", "校园:3", "学生:2", "幼儿园:3", "孩子:1", "校车:3", "食堂:2", "宿舍:1", "教学楼:3", "中学:2", "小学:2", "实验室:2", "培训机构:3", "学院:2", "教师:1", "操场:1"],
    en: ["school:3", "campus:3", "pupil:2", "student:2", "kindergarten:3", "children:1", "school bus:3", "canteen:2", "dormitory:1", "college:2", "classroom:3", "teacher:1", "laboratory:1", "university:2", "playground:1"],
  },
  tourism: {
    zh: ["景区:3", "景点:3", "游乐场:3", "游乐设施:3", "玻璃栈道:3", "栈道:2", "漂流:3", "游客:2", "游船:2", "农家乐:2", "索道:2", "高空秋千:3", "水上乐园:3", "滑道:2", "度假村:2", "过山车:3", "门票:2", "踩踏:1"],
    en: ["scenic area:3", "scenic spot:3", "tourist:2", "visitor:1", "amusement park:3", "amusement ride:3", "ride:1", "roller coaster:3", "rafting:3", "glass walkway:3", "glass bridge:3", "cable car:2", "water park:3", "zip line:3", "theme park:3", "resort:2"],
  },
};

function entry(sectorCode: SectorCode, item: string) {
  const at = item.lastIndexOf(":");
  return at > 0 ? { sectorCode, phrase: normalisePhrase(item.slice(0, at)), weight: Number(item.slice(at + 1)) } : { sectorCode, phrase: normalisePhrase(item), weight: 1 };
}

export const DEFAULT_SECTOR_KEYWORDS: { sectorCode: SectorCode; phrase: string; weight: number }[] = Object.entries(LISTS).flatMap(([code, lists]) =>
  [...lists.zh, ...lists.en].map((item) => entry(code as SectorCode, item)),
);
