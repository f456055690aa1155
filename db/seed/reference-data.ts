/**
 * Reference data of docs/domain.md ("Vocabulary", "Routing table", "Rules as data"), seeded once and then editable by administrators.
 */
export const DEPARTMENT_TYPES = [
  { code: "safety_committee", nameZh: "安全生产委员会办公室", nameEn: "Work Safety Committee Office", provincialOnly: false },
  { code: "mine_safety", nameZh: "矿山安全监察局", nameEn: "Mine Safety Supervision Bureau", provincialOnly: true },
  { code: "emergency_management", nameZh: "应急管理局", nameEn: "Emergency Management Bureau", provincialOnly: false },
  { code: "housing_construction", nameZh: "住房和城乡建设局", nameEn: "Housing and Urban-Rural Development Bureau", provincialOnly: false },
  { code: "public_security", nameZh: "公安局（交管）", nameEn: "Public Security Bureau (Traffic)", provincialOnly: false },
  { code: "transport", nameZh: "交通运输局", nameEn: "Transport Bureau", provincialOnly: false },
  { code: "railway", nameZh: "铁路监管局", nameEn: "Railway Supervision Bureau", provincialOnly: false },
  { code: "energy", nameZh: "能源局", nameEn: "Energy Bureau", provincialOnly: false },
  { code: "industry_it", nameZh: "工业和信息化局", nameEn: "Industry and Information Technology Bureau", provincialOnly: false },
  { code: "ecology_environment", nameZh: "生态环境局", nameEn: "Ecology and Environment Bureau", provincialOnly: false },
  { code: "natural_resources", nameZh: "自然资源局", nameEn: "Natural Resources Bureau", provincialOnly: false },
  { code: "fire_rescue", nameZh: "消防救援支队", nameEn: "Fire and Rescue Service", provincialOnly: false },
  { code: "market_regulation", nameZh: "市场监督管理局", nameEn: "Market Regulation Bureau", provincialOnly: false },
  { code: "education", nameZh: "教育局", nameEn: "Education Bureau", provincialOnly: false },
  { code: "culture_tourism", nameZh: "文化和旅游局", nameEn: "Culture and Tourism Bureau", provincialOnly: false },
] as const;

export type DepartmentTypeCode = (typeof DEPARTMENT_TYPES)[number]["code"];

/** The country (全国), the national level above the provinces: not part of GB/T 2260's list. */
export const COUNTRY_PLACE = { code: "000000", nameZh: "全国", nameEn: "China (national level)" } as const;
// As migration 0018 writes it (the migration runs first; the seed only fills a database without it).

/**
 * The national agency of each department type (place 000000); the safety-committee office of
 * the State Council is the national triage desk. The type makes a missing department a compile error.
 */
export const NATIONAL_AGENCIES: Record<DepartmentTypeCode, { nameZh: string; nameEn: string }> = {
  safety_committee: { nameZh: "国务院安委会办公室", nameEn: "Office of the Work Safety Committee of the State Council" },
  mine_safety: { nameZh: "国家矿山安全监察局", nameEn: "National Mine Safety Administration" },
  emergency_management: { nameZh: "应急管理部", nameEn: "Ministry of Emergency Management" },
  housing_construction: { nameZh: "住房和城乡建设部", nameEn: "Ministry of Housing and Urban-Rural Development" },
  public_security: { nameZh: "公安部交通管理局", nameEn: "Traffic Management Bureau of the Ministry of Public Security" },
  transport: { nameZh: "交通运输部", nameEn: "Ministry of Transport" },
  railway: { nameZh: "国家铁路局", nameEn: "National Railway Administration" },
  energy: { nameZh: "国家能源局", nameEn: "National Energy Administration" },
  industry_it: { nameZh: "工业和信息化部", nameEn: "Ministry of Industry and Information Technology" },
  ecology_environment: { nameZh: "生态环境部", nameEn: "Ministry of Ecology and Environment" },
  natural_resources: { nameZh: "自然资源部", nameEn: "Ministry of Natural Resources" },
  fire_rescue: { nameZh: "国家消防救援局", nameEn: "National Fire and Rescue Administration" },
  market_regulation: { nameZh: "国家市场监督管理总局", nameEn: "State Administration for Market Regulation" },
  education: { nameZh: "教育部", nameEn: "Ministry of Education" },
  culture_tourism: { nameZh: "文化和旅游部", nameEn: "Ministry of Culture and Tourism" },
};

export const SECTORS = [
  { code: "coal_mine", nameZh: "煤矿", nameEn: "Coal mines", departmentType: "mine_safety" },
  { code: "non_coal_mine", nameZh: "非煤矿山 / 尾矿库", nameEn: "Non-coal mines and tailings dams", departmentType: "emergency_management" },
  { code: "hazardous_chemicals", nameZh: "危险化学品 / 化工", nameEn: "Hazardous chemicals and chemical plants", departmentType: "emergency_management" },
  { code: "fireworks", nameZh: "烟花爆竹", nameEn: "Fireworks", departmentType: "emergency_management" },
  { code: "industry_trade", nameZh: "冶金 / 工贸", nameEn: "Metallurgy, industry and trade", departmentType: "emergency_management" },
  { code: "construction", nameZh: "建筑施工", nameEn: "Building construction", departmentType: "housing_construction" },
  { code: "city_gas", nameZh: "城镇燃气", nameEn: "Town gas", departmentType: "housing_construction" },
  { code: "road_traffic", nameZh: "道路交通", nameEn: "Road traffic", departmentType: "public_security" },
  { code: "civil_explosives", nameZh: "民用爆炸物品", nameEn: "Civil explosives", departmentType: "public_security" },
  { code: "transport", nameZh: "道路 / 水路运输", nameEn: "Road and waterway transport", departmentType: "transport" },
  { code: "railway", nameZh: "铁路", nameEn: "Railways", departmentType: "railway" },
  { code: "oil_gas_pipeline", nameZh: "长输油气管道", nameEn: "Long-distance oil and gas pipelines", departmentType: "energy" },
  { code: "energy_storage", nameZh: "电化学储能电站", nameEn: "Battery energy-storage stations", departmentType: "energy" },
  { code: "industrial_park", nameZh: "工业园区", nameEn: "Industrial parks", departmentType: "industry_it" },
  { code: "hazardous_waste", nameZh: "危险废物", nameEn: "Hazardous waste", departmentType: "ecology_environment" },
  { code: "pollution", nameZh: "大气 / 水 / 土壤 / 噪声 污染", nameEn: "Air, water, soil and noise pollution", departmentType: "ecology_environment" },
  { code: "illegal_mining", nameZh: "非法采矿 / 矿产资源", nameEn: "Illegal mining and mineral resources", departmentType: "natural_resources" },
  { code: "fire_safety", nameZh: "消防 / 人员密集场所", nameEn: "Fire safety and crowded places", departmentType: "fire_rescue" },
  { code: "special_equipment", nameZh: "特种设备", nameEn: "Special equipment (boilers, lifts, cranes)", departmentType: "market_regulation" },
  { code: "campus", nameZh: "校园安全", nameEn: "School and campus safety", departmentType: "education" },
  { code: "tourism", nameZh: "景区 / 游乐设施", nameEn: "Scenic areas and amusement rides", departmentType: "culture_tourism" },
  { code: "other", nameZh: "其他", nameEn: "Other", departmentType: null },
] as const;

export type SectorCode = (typeof SECTORS)[number]["code"];
export const SECTOR_CODES = SECTORS.map((s) => s.code) as unknown as readonly [SectorCode, ...SectorCode[]];

/** Default deadlines (docs/domain.md "Deadlines"); administrators can change them. */
export const DEFAULT_SETTINGS = {
  "deadline.triage_working_days": 2,
  "deadline.acceptance_working_days": 3,
  "deadline.conclusion_days": 60,
  "deadline.extension_max_days": 30,
  "deadline.tipster_informed_days": 10,
  "retention.contact_days_after_close": 180,
  "deadline.reminder_days_before": 3,
  /** A triage officer's claim on a tip ("我来处理") lapses after this many minutes. */
  "triage.claim_minutes": 120,
  /** Rewards (2018 national defaults), CNY. */
  "reward.fine_rate_percent": 15,
  "reward.fine_min_cny": 3000,
  "reward.max_cny": 300000,
  "reward.per_death_ordinary_cny": 30000,
  "reward.per_death_larger_cny": 40000,
  "reward.per_death_major_cny": 50000,
  "reward.per_death_especially_major_cny": 60000,
} as const;

/**
 * 2026 public holidays and adjusted working weekends (调休) as announced by the State Council.
 * Seeded as a starting point: administrators maintain the calendar each year.
 */
export const CALENDAR_2026: { day: string; kind: "holiday" | "working_day"; nameZh: string; nameEn: string }[] = [
  ...["2026-01-01", "2026-01-02", "2026-01-03"].map((day) => ({ day, kind: "holiday" as const, nameZh: "元旦", nameEn: "New Year's Day" })),
  { day: "2026-01-04", kind: "working_day", nameZh: "元旦调休上班", nameEn: "Working day (New Year adjustment)" },
  ...["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"].map((day) => ({
    day,
    kind: "holiday" as const,
    nameZh: "春节",
    nameEn: "Spring Festival",
  })),
  { day: "2026-02-14", kind: "working_day", nameZh: "春节调休上班", nameEn: "Working day (Spring Festival adjustment)" },
  { day: "2026-02-28", kind: "working_day", nameZh: "春节调休上班", nameEn: "Working day (Spring Festival adjustment)" },
  ...["2026-04-04", "2026-04-05", "2026-04-06"].map((day) => ({ day, kind: "holiday" as const, nameZh: "清明节", nameEn: "Qingming Festival" })),
  ...["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"].map((day) => ({ day, kind: "holiday" as const, nameZh: "劳动节", nameEn: "Labour Day" })),
  { day: "2026-05-09", kind: "working_day", nameZh: "劳动节调休上班", nameEn: "Working day (Labour Day adjustment)" },
  ...["2026-06-19", "2026-06-20", "2026-06-21"].map((day) => ({ day, kind: "holiday" as const, nameZh: "端午节", nameEn: "Dragon Boat Festival" })),
  ...["2026-09-25", "2026-09-26", "2026-09-27"].map((day) => ({ day, kind: "holiday" as const, nameZh: "中秋节", nameEn: "Mid-Autumn Festival" })),
  ...["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"].map((day) => ({
    day,
    kind: "holiday" as const,
    nameZh: "国庆节",
    nameEn: "National Day",
  })),
  { day: "2026-09-20", kind: "working_day", nameZh: "国庆节调休上班", nameEn: "Working day (National Day adjustment)" },
  { day: "2026-10-10", kind: "working_day", nameZh: "国庆节调休上班", nameEn: "Working day (National Day adjustment)" },
];

/** The demo province: every department type at the province and each city, and each county of one city. */
export const DEMO_PROVINCE = "330000";
export const DEMO_CITY_WITH_COUNTIES = "330100";
