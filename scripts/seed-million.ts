/**
 * `tsx scripts/seed-million.ts [--count 1000000] [--batch 5000] [--concurrency 2] [--seed 42] [--no-vacuum] [--verify]`
 *
 * Loads N tips (default 1,000,000) with a realistic spread, for load tests of the staff lists
 * (triage queue, agency inbox, search), the published statistics (/stats) and the published
 * outcomes (/outcomes, /open-data). Works against DATABASE_URL, or the embedded server in
 * DATA_DIR (default .data), like scripts/migrate.ts: migrations, then seedReference and
 * seedDemoAgencies, then the tips. `seedMillion` is also used by scripts/bench-triage.ts and
 * scripts/bench-stats.ts.
 *
 * What a tip looks like:
 *  - sector: weighted (pollution, construction, hazardous chemicals, fire safety, road traffic
 *    common; coal mines rare);
 *  - place: 30% in the demo province 330000 (Hangzhou's counties weighted ×3, as it is the one
 *    city with county agencies), 70% spread over every other province, city and county;
 *    ~9% of tips give only a city;
 *  - submitted_on over the last 3 years; the state decides how old a tip can plausibly be
 *    (untriaged and assigned cases are recent, closed ones spread over the 3 years), so the
 *    tips are written in date order (reference numbers random within a year, as in production:
 *    docs/decisions/015-tipster-time.md):
 *    submitted 3%, returned 1%, assigned 5%, accepted 2.5%, investigating 2.5%, rectifying 3%,
 *    closed 70%, rejected 8% (with a rejection reason), merged 5%;
 *  - agency (assigned … closed): routed like app/domain/routing.ts, simplified: the department
 *    type of the sector (safety committee for `other`; province for the provincial-only mine
 *    safety), county level by default, city for major hazards / concealed accidents, one level
 *    above an implicated region, walking up to the first agency that exists. The demo agencies
 *    cover only 330000, so this script also creates agencies at province and city level for
 *    every other province (the same pattern as seedDemoAgencies without counties; ~5,000 rows,
 *    idempotent): every state is then possible everywhere and the agency index holds a national
 *    spread of agencies rather than 70% NULLs;
 *  - flags: ~10% major hazard, 2% concealed accident (some with deaths), 3% officials
 *    implicated (implicated_place_code = the tip's county or city, never one routed to);
 *  - company_name (75% of tips): "{place}{字号}{industry}{有限公司…}" from a generated
 *    vocabulary, with repeat offenders; a few dedicated names (BENCH_COMPANY_NAMES) are planted
 *    in the demo province for search benchmarks;
 *  - content_enc / contact_enc: real AES-GCM ciphertexts (encryptContent / encryptContact);
 *  - receipt_hash, submission_hash: 32 random bytes each;
 *  - one ledger entry `tip.submitted` per tip (seq 1, prev GENESIS, hash = entryHash, the
 *    details fileTip writes) and its ledger_chain_heads row, so `verifyLedger` passes. The later
 *    steps of a case (routing, acceptance, conclusion, closure) are not written to the ledger.
 *
 * The case handling, as the services would have left it:
 *  - accepted_on (accepted, investigating, rectifying, closed) = assigned_on + 0–3 days; the
 *    conclusion deadline conclusion_due_on = accepted_on + deadline.conclusion_days (60), which
 *    is also due_on while the case is accepted or investigating;
 *  - concluded cases (rectifying, closed): concluded_on = accepted_on + 5–90 days, skewed
 *    towards short investigations (5 + 85·u², median ≈ 26 days, ~20% after the deadline), never
 *    after today; closed ones closed_on = concluded_on + 0–30 days, never after today; ~70% of
 *    the late conclusions were escalated on the day after their deadline (escalated_at);
 *  - one case_outcomes row per concluded case: finding ~55% substantiated, 20% partly
 *    substantiated, 25% unsubstantiated (rectifying cases: substantiated or partly, always with
 *    rectification). Actions only on a substantiated or partly substantiated finding, as
 *    concludeCase requires: rectification ordered for ~85% of substantiated and ~65% of partly
 *    substantiated findings (rectification_due_on = concluded_on + 15–90 days; a rectifying
 *    case's due_on is its rectification deadline; a closed one was verified, verified_on ≤
 *    closed_on), a fine for ~30% (CNY 1,000–200,000, log-uniform, in hundreds), suspension 5%,
 *    closure 2%, criminal referral 1%, an admonitory talk 10%, officials held accountable
 *    mostly 0 (1–3 for about half the substantiated tips that implicate officials); a concealed
 *    accident found true gets its accident level and verified deaths; public_summary_zh is a
 *    short generated sentence (finding, sector's problem, actions; no names, no phone-like
 *    digit runs), public_summary_en on ~35%;
 *  - tip_returns: every tip in state `returned` was returned by the agency it had been routed
 *    to; ~3% of the cases with an agency (assigned … closed) were first returned by another
 *    agency at the same place (a different department) before reaching theirs; returned_at on
 *    the day after submission (never after assigned_on), office hours, in TIME_ZONE;
 *  - ~4% of open cases (submitted … rectifying) are overdue: due_on in the past, overdue_since
 *    = due_on + 1 and escalated_at that day, as the hourly escalation check leaves them.
 *
 * Loading: COPY (text format) into tips, ledger_entries, ledger_chain_heads, case_outcomes and
 * tip_returns, one transaction per batch, `concurrency` batches in flight while the next one is
 * generated. Every index is kept (no drop/re-create). Reference numbers are JB<year of
 * submission>-<8 random digits> as fileTip draws them (app/domain/reference.ts), distinct within
 * each year from each other and from the references already in the database.
 *
 * Statistics: the row triggers that keep the published statistics current (tips_statistics,
 * case_outcomes_statistics, tip_returns_statistics, migration 0008) would cost one
 * stats_refresh() per row, far too slow for a million rows, so they are disabled for the load
 * (`ALTER TABLE … DISABLE TRIGGER`, which needs ownership of the table: the database owner or a
 * superuser such as `postgres`; it takes a brief ACCESS EXCLUSIVE lock, and while disabled no
 * session's changes are counted). Afterwards, whatever happened (finally), they are enabled
 * again and `stats_rebuild()` recounts every rollup from the cases (timed: "statistics rebuilt
 * in N s"). If the process is killed hard in between, `npm run stats:rebuild` re-enables them
 * and rebuilds.
 *
 * At the end: VACUUM (ANALYZE) of the loaded tables (statistics, visibility map, GIN pending
 * list) before the rebuild, ANALYZE of the rollup tables after it; ANALYZE only with
 * --no-vacuum. --verify then runs verifyLedger over the whole ledger, decrypts a sample of the
 * tips and checks the country's rollup totals against the tips and outcomes themselves.
 *
 * The ciphertexts are made under this process's master key: CANARY_MASTER_KEY, or in
 * development DATA_DIR/master.key, the same key the app then uses to open them.
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { agencies, departmentTypes, places, sectors } from "../db/schema/index";
import { CALENDAR_2026, DEFAULT_SETTINGS, DEMO_PROVINCE } from "../db/seed/reference-data";
import type { Level } from "../app/domain/places";
import { randomReferenceDigits, REFERENCE_DIGITS_MIN, referenceFor, referenceSeqFor } from "../app/domain/reference";
import { addDays, addWorkingDays, calendarFrom, localDate } from "../app/domain/working-days";
import type { Database } from "../app/lib/db.server";
import { env } from "../app/lib/env.server";
import { chainForTip, entryHash, GENESIS } from "../app/lib/ledger.server";
import { encrypt } from "../app/lib/crypto.server";
import { encryptContact, encryptContent, messageAad } from "../app/services/tip-content.server";
import { disabledStatisticsTriggers, setStatisticsTriggers } from "./stats-rebuild";

// ---------------------------------------------------------------------------
// Public interface
// ---------------------------------------------------------------------------

export type SeedProgress = { done: number; total: number; elapsedMs: number };

export type SeedMillionOptions = {
  count: number;
  /** Tips per COPY transaction (default 5000). */
  batchSize?: number;
  /** Batches in flight at once (default 2). */
  concurrency?: number;
  /** Seed of the pseudo-random spread (ids, IVs, hashes are always random). */
  seed?: number;
  /** VACUUM (ANALYZE) at the end (default); false: ANALYZE only. */
  vacuum?: boolean;
  /** Called before the statistics are rebuilt (for a progress line: the rebuild can take a while). */
  onRebuildStart?: (p: { loaded: number; loadMs: number; analyzeMs: number; failed: boolean }) => void;
  onProgress?: (p: SeedProgress) => void;
  now?: Date;
};

export type SeedMillionResult = {
  count: number;
  loadMs: number;
  /** VACUUM (ANALYZE) of the loaded tables and ANALYZE of the rollup tables. */
  analyzeMs: number;
  /** `select stats_rebuild()` after the load (the statistics triggers are off during it). */
  rebuildMs: number;
  totalMs: number;
  rowsPerSecond: number;
  agenciesCreated: number;
  byState: Record<string, number>;
  planted: Record<string, number>;
  /** case_outcomes rows (concluded cases: rectifying and closed). */
  outcomes: number;
  /** tip_returns rows. */
  returns: number;
  /** Open cases left overdue and escalated. */
  overdue: number;
  /** stats_rollup rows after the rebuild. */
  rollupRows: number;
};

/** Dedicated company names (their 字号 appear nowhere else), planted in the demo province. */
export const BENCH_COMPANY_NAMES = ["杭州翠岭涂料化工有限公司", "宁波鹭洲船舶修造有限公司", "温州雁栖电镀有限公司"] as const;
/** What a desk officer would type to find the first of them (similarity 0.6 ≥ pg_trgm's 0.3). */
export const BENCH_COMPANY_QUERY = "翠岭涂料化工有限公司";

// ---------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------

const DAYS = 1095; // three years

/** Share of each state, and how old (days) such a tip plausibly is: a weight over ages. */
const STATES: { state: string; share: number; age: (a: number) => number }[] = [
  { state: "submitted", share: 0.03, age: (a) => Math.exp(-a / 10) },
  { state: "returned", share: 0.01, age: (a) => (a < 2 ? 0 : Math.exp(-a / 25)) },
  { state: "assigned", share: 0.05, age: (a) => Math.exp(-a / 15) },
  { state: "accepted", share: 0.025, age: (a) => (a < 1 ? 0 : Math.exp(-a / 40)) },
  { state: "investigating", share: 0.025, age: (a) => (a < 3 ? 0 : Math.exp(-a / 90)) },
  { state: "rectifying", share: 0.03, age: (a) => (a < 10 ? 0 : Math.exp(-a / 150)) },
  { state: "closed", share: 0.7, age: (a) => Math.min(1, a / 60) },
  { state: "rejected", share: 0.08, age: () => 1 },
  { state: "merged", share: 0.05, age: () => 1 },
];
const WITH_AGENCY = new Set(["assigned", "accepted", "investigating", "rectifying", "closed"]);
const ACCEPTED_STATES = new Set(["accepted", "investigating", "rectifying", "closed"]);
const OPEN_STATES = new Set(["submitted", "returned", "assigned", "accepted", "investigating", "rectifying"]);
/** deadline.conclusion_days as seeded: calendar days from acceptance. */
const CONCLUSION_DAYS = DEFAULT_SETTINGS["deadline.conclusion_days"];
const VERSION: Record<string, number> = { submitted: 0, rejected: 1, merged: 1, assigned: 1, returned: 2, accepted: 2, investigating: 3, rectifying: 4, closed: 6 };

const SECTOR_WEIGHTS: Record<string, number> = {
  pollution: 20,
  construction: 14,
  hazardous_chemicals: 12,
  fire_safety: 12,
  road_traffic: 10,
  industry_trade: 5,
  special_equipment: 4,
  hazardous_waste: 4,
  city_gas: 3,
  transport: 3,
  other: 3,
  non_coal_mine: 2,
  industrial_park: 2,
  fireworks: 1.5,
  campus: 1.5,
  tourism: 1.5,
  illegal_mining: 1.5,
  energy_storage: 0.5,
  oil_gas_pipeline: 0.5,
  civil_explosives: 0.5,
  railway: 0.5,
  coal_mine: 0.2,
};

/** Industry words per sector, for company names. */
const INDUSTRY: Record<string, string[]> = {
  pollution: ["化工", "印染", "造纸", "电镀", "制革", "水泥", "钢铁", "热电", "纺织", "食品", "养殖", "建材"],
  construction: ["建设工程", "建筑工程", "市政工程", "房地产开发", "建工", "装饰工程", "路桥工程"],
  hazardous_chemicals: ["化工", "精细化工", "石化", "化学品", "涂料", "农药", "化学", "新材料"],
  fire_safety: ["商贸", "酒店管理", "餐饮管理", "娱乐", "物业管理", "服装", "超市", "家具"],
  road_traffic: ["运输", "物流", "客运", "货运", "汽车服务"],
  industry_trade: ["机械", "五金", "铝业", "铸造", "金属制品", "塑料制品", "木业"],
  special_equipment: ["起重设备", "锅炉", "电梯工程", "机械", "压力容器"],
  hazardous_waste: ["环保科技", "再生资源", "废旧物资回收", "环境工程"],
  city_gas: ["燃气", "液化气", "能源"],
  transport: ["物流", "船务", "航运", "运输", "港务"],
  other: ["实业", "贸易", "科技", "商贸"],
  non_coal_mine: ["矿业", "石材", "采石", "砂石"],
  industrial_park: ["实业", "产业园开发", "园区管理"],
  fireworks: ["烟花爆竹", "花炮"],
  campus: ["教育科技", "培训", "校车服务"],
  tourism: ["旅游开发", "游乐", "文化旅游", "景区管理"],
  illegal_mining: ["矿业", "砂石", "土石方工程"],
  energy_storage: ["储能科技", "新能源", "电力"],
  oil_gas_pipeline: ["管道工程", "石油", "天然气"],
  civil_explosives: ["爆破工程", "民爆器材"],
  railway: ["铁路工程", "轨道交通"],
  coal_mine: ["煤业", "煤矿", "矿业"],
};
// 字号 (trade names): two characters from these; none of them occurs in BENCH_COMPANY_NAMES' 字号.
const NAME_A = "恒鑫华宏金永盛东天瑞祥聚富兴中新长海联博嘉荣众德万明光泰润安顺佳丰源达诚信利昌隆远".split("");
const NAME_B = "达源泰远发和鑫隆盛昌成丰利通宇辉创业辰晟邦峰茂森阳康星华信诚益顺腾龙凯旺福".split("");
const SUFFIXES: [string, number][] = [
  ["有限公司", 70],
  ["有限责任公司", 10],
  ["股份有限公司", 5],
  ["厂", 10],
  ["集团有限公司", 5],
];

const SUBJECTS = ["厂区东侧的危化品仓库", "园区里的一家生产企业", "城郊的储罐区", "三号车间", "附近一家小作坊", "公司的运输车队", "工地上的塔吊", "地下油罐", "新开的回收点", "批发门店", "宿舍楼", "地下室仓库"];
const PROBLEMS = [
  "夜间偷排废水，排口就在河边的芦苇丛里",
  "可燃气体报警器长期被关闭",
  "让没有经过培训的临时工操作设备",
  "消防通道被货物堵死，灭火器已经过期",
  "储存量明显超过许可范围，桶装溶剂堆到了露天",
  "安全阀被人为拆除，压力表也看不清读数",
  "车辆没有危险品标志，司机也没有押运员陪同",
  "废渣直接倒在空地上，下雨后流进沟里",
  "上个月发生过一次事故，有工人受伤但没有上报",
  "特种设备没有年检合格证，操作工无证上岗",
  "脚手架没有防护网，工人不系安全带高空作业",
  "烟囱冒黑烟，晚上更严重，周边都是粉尘",
];
const DETAILS = [
  "这种情况已经持续两个多月了。",
  "附近居民多次闻到刺鼻的气味。",
  "我向主管反映过，没有任何改变。",
  "一般在晚上十点以后开始。",
  "检查前会提前收拾，检查一走就恢复原样。",
  "河里已经出现死鱼。",
  "工人们都很担心，但是怕被开除不敢说。",
  "希望有关部门能尽快来现场看看。",
  "周末的时候最严重。",
];
const STREETS = ["人民路", "解放路", "建设路", "工业园区", "开发区", "中山路", "新华路", "环城北路", "滨江大道", "东风路"];

// Outcomes: what the public summary says (no names, no digit runs that look like phone numbers).
const FINDING_WEIGHTS: [string, number][] = [
  ["substantiated", 55],
  ["partly_substantiated", 20],
  ["unsubstantiated", 25],
];
/** The problem a sector's tips are about, for the summary ("举报反映的…问题"). */
const PROBLEM_OF: Record<string, [string, string]> = {
  pollution: ["违法排污", "illegal discharge"],
  construction: ["施工安全隐患", "construction-site hazards"],
  hazardous_chemicals: ["危险化学品储存和使用安全隐患", "hazardous-chemical storage and handling"],
  fire_safety: ["消防安全隐患", "fire-safety hazards"],
  road_traffic: ["道路运输安全隐患", "road-transport hazards"],
  industry_trade: ["工贸企业安全生产隐患", "workplace hazards"],
  special_equipment: ["特种设备安全隐患", "special-equipment hazards"],
  hazardous_waste: ["危险废物违法处置", "illegal disposal of hazardous waste"],
  city_gas: ["燃气安全隐患", "gas-safety hazards"],
  transport: ["运输安全隐患", "transport hazards"],
  non_coal_mine: ["非煤矿山安全隐患", "mine-safety hazards"],
  fireworks: ["烟花爆竹非法生产储存", "illegal fireworks production or storage"],
  illegal_mining: ["非法开采", "illegal mining"],
  coal_mine: ["煤矿安全隐患", "coal-mine hazards"],
};
const CHECKED_BY = ["经执法人员现场核查，", "经调查核实，", "经现场检查并调阅相关资料，", "经联合检查组实地核查，", "经执法人员突击检查，"];
const NOT_FOUND_TAIL = ["未发现相关违法行为。", "现场未发现举报所述情况，已告知企业加强日常管理。", "调阅监控和台账后未发现异常。"];
const RETURN_REASONS = [
  "该事项不属于本部门职责范围，建议转交行业主管部门办理。",
  "举报地点不在本辖区，请重新分派至属地部门。",
  "经初步了解，该企业由上级部门直接监管。",
  "反映的问题属于生态环境部门职责，请改派。",
  "该工程项目由住建部门负责安全监管，退回重新分派。",
];
const CN_DATE = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/** sfc32: a small seeded generator (the spread is reproducible; ids and hashes are not). */
function rng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed,
    b = 0x243f6a88 ^ (seed * 31),
    c = 0xb7e15162,
    d = 1;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0; // prettier-ignore
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Weighted choice in O(log n) over precomputed cumulative weights. */
function weighted<T>(items: readonly T[], weights: readonly number[]): (r: number) => T {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  return (r: number) => {
    const x = r * s;
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** Integer counts summing exactly to `total`, proportional to `weights` (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++;
  return out;
}

// COPY text format
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const escText = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t")) : s);
const t = (s: string | null | undefined) => (s === null || s === undefined ? "\\N" : escText(s));
const b = (buf: Buffer | null | undefined) => (buf ? "\\\\x" + buf.toString("hex") : "\\N");
const bool = (x: boolean) => (x ? "t" : "f");
const GENESIS_COPY = b(GENESIS);

const TIP_COLUMNS = [
  "id", "reference", "reference_seq", "state", "channel", "sector_code", "place_code", "company_name", "submitted_on",
  "major_hazard", "concealed_accident", "deaths", "officials_implicated", "implicated_place_code", "tipster_works_there",
  "captcha_status", "content_enc", "contact_enc", "receipt_hash", "submission_hash", "receipt_replaced", "token",
  "agency_id", "due_on", "assigned_on", "routing", "rejection_reason", "merged_into_id", "version",
  "accepted_on", "overdue_since", "escalated_at", "concluded_on", "conclusion_due_on", "closed_on",
  "tipster_news_position", "news_seen_position",
]; // prettier-ignore
/** A tipster's reply (id: random_id() by default; dated, never timed). */
const MESSAGE_COLUMNS = ["tip_id", "author", "staff_id", "body_enc", "sent_on", "sent_at", "position"];
const REPLIES = ["补充：夜班时装卸最多，报警器一直没装回去。", "我又拍到了照片，和上次是同一个地方。", "Another delivery came in last night, same place."];
const OUTCOME_COLUMNS = [
  "tip_id", "finding", "rectification_ordered", "rectification_due_on", "fine_cny", "suspension", "closure", "criminal_referral",
  "officials_held_accountable", "admonitory_talk", "accident_level", "concealed_deaths_verified", "public_summary_zh", "public_summary_en",
  "verification_note", "verified_on",
]; // prettier-ignore
const RETURN_COLUMNS = ["tip_id", "agency_id", "reason", "returned_at"];
const LEDGER_COLUMNS = ["chain", "seq", "recorded_on", "recorded_at", "actor_type", "actor_id", "action", "subject_type", "subject_id", "details", "prev_hash", "hash"];

// ---------------------------------------------------------------------------
// National agencies (province and city level), like seedDemoAgencies
// ---------------------------------------------------------------------------

async function seedNationalAgencies(db: Database): Promise<number> {
  const types = await db.select().from(departmentTypes);
  const rows = await db
    .select({ code: places.code, level: places.level, nameZh: places.nameZh, nameEn: places.nameEn })
    .from(places)
    .where(sql`${places.level} in ('province', 'city') and ${places.code} not like ${DEMO_PROVINCE.slice(0, 2) + "%"}`);
  const values = [];
  for (const p of rows) {
    if (p.level === "city" && /市辖区|直辖/.test(p.nameZh)) continue; // not a city: its counties route to the province
    for (const type of types) {
      if (type.provincialOnly && p.level !== "province") continue;
      values.push({
        departmentType: type.code,
        placeCode: p.code,
        nameZh: p.nameZh + type.nameZh,
        nameEn: `${p.nameEn} ${type.nameEn}`,
        inboxEmail: `${type.code.replace(/_/g, "-")}.${p.code}@agencies.canary.invalid`,
      });
    }
  }
  let created = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const r = await db.insert(agencies).values(values.slice(i, i + 1000)).onConflictDoNothing().returning({ id: agencies.id });
    created += r.length;
  }
  return created;
}

// ---------------------------------------------------------------------------
// The load
// ---------------------------------------------------------------------------

type PlaceInfo = { code: string; level: Level; nameZh: string };
/** One batch in COPY text format (empty strings: no rows for that table). */
type Batch = { tips: string; ledger: string; heads: string; outcomes: string; returns: string; messages: string; rows: number; outcomeRows: number; returnRows: number; overdueRows: number };

export async function seedMillion(db: Database, opts: SeedMillionOptions): Promise<SeedMillionResult> {
  const started = performance.now();
  const count = Math.max(1, Math.floor(opts.count));
  const batchSize = Math.max(100, opts.batchSize ?? 5000);
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const random = rng(opts.seed ?? 20240601);
  // Tipster replies from a stream of their own, so the rest of the data stays as it was seeded before.
  const replyRandom = rng((opts.seed ?? 20240601) + 13);
  const chance = (p: number) => random() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const client = (db as unknown as { $client: postgres.Sql }).$client;
  const calendar = calendarFrom(CALENDAR_2026);
  // Date arithmetic is memoised: there are only ~1,100 distinct days.
  const memo = new Map<string, string>();
  const workingDaysAfter = (day: string, n: number) => {
    const k = `w${day}${n}`;
    let v = memo.get(k);
    if (v === undefined) memo.set(k, (v = addWorkingDays(day, n, calendar)));
    return v;
  };
  const daysAfter = (day: string, n: number) => {
    const k = `d${day}${n}`;
    let v = memo.get(k);
    if (v === undefined) memo.set(k, (v = addDays(day, n)));
    return v;
  };
  const timeZone = env().timeZone;
  const today = localDate(opts.now ?? new Date(), timeZone);
  const notAfterToday = (d: string) => (d > today ? today : d);

  // Reference data ------------------------------------------------------------
  const agenciesCreated = await seedNationalAgencies(db);
  const placeRows: PlaceInfo[] = (await db.select({ code: places.code, level: places.level, nameZh: places.nameZh }).from(places)).map((p) => ({ ...p, code: p.code.trim() }));
  if (!placeRows.some((p) => p.code === DEMO_PROVINCE)) throw new Error("places are missing: run seedReference first");
  const placeByCode = new Map(placeRows.map((p) => [p.code, p]));
  const sectorRows = await db.select({ code: sectors.code, departmentType: sectors.departmentType }).from(sectors);
  const typeRows = await db.select({ code: departmentTypes.code, provincialOnly: departmentTypes.provincialOnly }).from(departmentTypes);
  const provincialOnly = new Set(typeRows.filter((x) => x.provincialOnly).map((x) => x.code));
  const agencyRows = await db.select({ id: agencies.id, type: agencies.departmentType, place: agencies.placeCode }).from(agencies).where(sql`${agencies.active}`);
  const agencyAt = new Map(agencyRows.map((a) => [`${a.type}:${a.place.trim()}`, a.id]));
  const agencyPlace = new Map(agencyRows.map((a) => [a.id, a.place.trim()]));
  const agenciesAt = new Map<string, string[]>();
  for (const a of agencyRows) {
    const list = agenciesAt.get(a.place.trim());
    if (list) list.push(a.id);
    else agenciesAt.set(a.place.trim(), [a.id]);
  }
  /** Another agency at the same place as `agencyId` (a different department), for a misrouting. */
  const otherAgency = (agencyId: string): string | null => {
    const list = (agenciesAt.get(agencyPlace.get(agencyId) ?? "") ?? []).filter((id) => id !== agencyId);
    return list.length ? pick(list) : null;
  };
  if (!agencyAt.has(`safety_committee:${DEMO_PROVINCE}`)) throw new Error("demo agencies are missing: run seedDemoAgencies first");

  const sectorCodes = sectorRows.map((s) => s.code).filter((c) => c in SECTOR_WEIGHTS);
  const pickSector = weighted(sectorCodes, sectorCodes.map((c) => SECTOR_WEIGHTS[c]!));
  const departmentOf = new Map(sectorRows.map((s) => [s.code, s.departmentType ?? "safety_committee"]));

  // Places: demo province 30% (Hangzhou ×3), elsewhere 70%; ~9% city-only.
  const inDemo = (p: PlaceInfo) => p.code.startsWith(DEMO_PROVINCE.slice(0, 2));
  const demoCounties = placeRows.filter((p) => p.level === "county" && inDemo(p));
  const demoCities = placeRows.filter((p) => p.level === "city" && inDemo(p));
  const otherCounties = placeRows.filter((p) => p.level === "county" && !inDemo(p));
  const otherCities = placeRows.filter((p) => p.level === "city" && !inDemo(p) && !/市辖区|直辖/.test(p.nameZh));
  const pickDemoCounty = weighted(demoCounties, demoCounties.map((p) => (p.code.startsWith("3301") ? 3 : 1)));
  const pickPlace = (): PlaceInfo => {
    if (chance(0.3)) return chance(0.09) ? pick(demoCities) : pickDemoCounty(random());
    return chance(0.09) ? pick(otherCities) : pick(otherCounties);
  };
  const cityOf = (code: string) => code.slice(0, 4) + "00";
  const pickFinding = weighted(FINDING_WEIGHTS.map((f) => f[0]), FINDING_WEIGHTS.map((f) => f[1]));
  const officeTime = () => `${String(9 + Math.floor(random() * 9)).padStart(2, "0")}:${String(Math.floor(random() * 60)).padStart(2, "0")}:00`;
  const provinceOf = (code: string) => code.slice(0, 2) + "0000";

  // Company names: a short place name, a 字号, an industry word, a suffix; repeat offenders per city.
  const shortName = (name: string) => {
    const s = name.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|林区|新区|省|市|区|县|盟|旗)$/, "");
    return s.length >= 2 ? s : name;
  };
  const pickSuffix = weighted(SUFFIXES.map((s) => s[0]), SUFFIXES.map((s) => s[1]));
  const regulars = new Map<string, string[]>();
  const companyFor = (place: PlaceInfo, sector: string): string | null => {
    if (chance(0.25)) return null;
    const city = cityOf(place.code);
    let pool = regulars.get(city + sector);
    if (!pool) regulars.set(city + sector, (pool = []));
    if (pool.length > 0 && chance(0.35)) return pick(pool);
    const cityPlace = placeByCode.get(city);
    const prefixSource = place.level === "county" && chance(0.3) ? place : cityPlace && !/市辖区|直辖/.test(cityPlace.nameZh) ? cityPlace : (placeByCode.get(provinceOf(place.code)) ?? place);
    const prefix = chance(0.85) ? shortName(prefixSource.nameZh) : "";
    let word = pick(NAME_A) + pick(NAME_B);
    if (word[0] === word[1]) word = word[0] + "兴";
    const name = prefix + word + pick(INDUSTRY[sector] ?? INDUSTRY.other!) + pickSuffix(random());
    if (pool.length < 40) pool.push(name);
    return name;
  };
  // Dedicated names: planted in their own city of the demo province.
  const plantedPlaces: PlaceInfo[][] = BENCH_COMPANY_NAMES.map((n) => {
    const city = n.startsWith("杭州") ? "3301" : n.startsWith("宁波") ? "3302" : "3303";
    return demoCounties.filter((p) => p.code.startsWith(city));
  });
  // ~1 tip in 3,000, and at least ~30 of them in the untriaged queue at any count (so a small
  // BENCH_COUNT still has something to find there).
  const untriagedShare = STATES.filter((s) => s.state === "submitted" || s.state === "returned").reduce((a, s) => a + s.share, 0);
  const plantChance = (state: string) => Math.max(1 / 3000, state === "submitted" || state === "returned" ? 30 / (untriagedShare * count) : 30 / count);
  const planted: Record<string, number> = Object.fromEntries(BENCH_COMPANY_NAMES.map((n) => [n, 0]));

  // Routing, simplified from app/domain/routing.ts (see the header).
  const route = (sector: string, place: PlaceInfo, severe: boolean, implicated: string | null): string | null => {
    const type = departmentOf.get(sector)!;
    const chain = [place.level === "county" ? place.code : null, place.level !== "province" ? cityOf(place.code) : null, provinceOf(place.code)].filter(
      (x): x is string => x !== null,
    );
    let start = provincialOnly.has(type) ? chain.length - 1 : severe && place.level === "county" ? 1 : 0;
    if (implicated) start = Math.max(start, chain.indexOf(implicated) + 1);
    for (let i = Math.min(start, chain.length - 1); i < chain.length; i++) {
      const id = agencyAt.get(`${type}:${chain[i]}`);
      if (id) return id;
    }
    for (let i = Math.min(start, chain.length - 1); i < chain.length; i++) {
      const id = agencyAt.get(`safety_committee:${chain[i]}`);
      if (id) return id;
    }
    return null;
  };

  // Dates: per state, how many tips on each day (oldest first).
  const stateCounts = apportion(
    count,
    STATES.map((s) => s.share),
  );
  const perDay: number[][] = STATES.map((s, i) => apportion(stateCounts[i]!, Array.from({ length: DAYS }, (_, a) => s.age(a))));
  const byState: Record<string, number> = Object.fromEntries(STATES.map((s, i) => [s.state, stateCounts[i]!]));

  // Reference numbers: random digits, never one the year already has (in the database or drawn here).
  const takenDigits = new Map<string, Set<number>>();
  const taken = (year: string) => takenDigits.get(year) ?? takenDigits.set(year, new Set()).get(year)!;
  for (const r of (await client`select substr(reference, 3, 4) as year, right(reference, 8)::int as digits from tips where reference_seq >= ${REFERENCE_DIGITS_MIN}`) as unknown as { year: string; digits: number }[]) {
    taken(r.year).add(r.digits);
  }
  const newReference = (year: string): { reference: string; seq: number } => {
    const used = taken(year);
    for (;;) {
      const digits = randomReferenceDigits((min, max) => min + Math.floor(random() * (max - min)));
      if (used.has(digits)) continue;
      used.add(digits);
      return { reference: referenceFor(year, digits), seq: referenceSeqFor(year, digits) };
    }
  };

  // Generation ----------------------------------------------------------------
  const recentIds: string[] = [];
  let age = DAYS - 1;
  let dayQueue: string[] = [];

  const nextState = (): { state: string; submittedOn: string } | null => {
    while (dayQueue.length === 0) {
      if (age < 0) return null;
      const states: string[] = [];
      STATES.forEach((s, i) => {
        for (let k = perDay[i]![age]!; k > 0; k--) states.push(s.state);
      });
      for (let i = states.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [states[i], states[j]] = [states[j]!, states[i]!];
      }
      dayQueue = states;
      age--;
      if (dayQueue.length) currentDay = addDays(today, -(age + 1));
    }
    return { state: dayQueue.pop()!, submittedOn: currentDay };
  };
  let currentDay = today;

  /** Builds one batch; yields to the event loop now and then so the batches in flight keep streaming. */
  async function generateBatch(n: number): Promise<Batch> {
    const tipLines: string[] = [];
    const ledgerLines: string[] = [];
    const headLines: string[] = [];
    const outcomeLines: string[] = [];
    const returnLines: string[] = [];
    const messageLines: string[] = [];
    let overdueRows = 0;
    const rnd = randomBytes(64 * n);
    for (let k = 0; k < n; k++) {
      if (k % 250 === 249) await new Promise<void>((r) => setImmediate(r));
      const next = nextState();
      if (!next) break;
      const { state, submittedOn } = next;
      const id = randomUUID();
      const { reference, seq: refSeq } = newReference(submittedOn.slice(0, 4));
      let sector = pickSector(random());
      let place = pickPlace();
      let company: string | null;
      const plantIdx = chance(plantChance(state)) ? Math.floor(random() * BENCH_COMPANY_NAMES.length) : -1;
      if (plantIdx >= 0) {
        company = BENCH_COMPANY_NAMES[plantIdx]!;
        place = pick(plantedPlaces[plantIdx]!);
        sector = plantIdx === 0 ? "hazardous_chemicals" : plantIdx === 1 ? "industry_trade" : "pollution";
        planted[company]!++;
      } else {
        company = companyFor(place, sector);
      }
      const majorHazard = chance(0.1);
      const concealed = chance(0.02);
      const deaths = concealed && chance(0.3) ? 1 + Math.floor(random() * 3) : null;
      const officials = chance(0.03);
      const implicated = officials && place.level !== "province" ? (place.level === "county" && chance(0.6) ? place.code : cityOf(place.code)) : null;
      const worksThere = chance(0.12);
      const captcha = chance(0.9) ? "verified" : chance(0.5) ? "unverified" : "not_required";
      const channel = chance(0.92) ? "web" : "open311";
      const triageDueOn = workingDaysAfter(submittedOn, 2);

      let agencyId: string | null = null;
      let assignedOn: string | null = null;
      let dueOn: string | null = null;
      let routing: string | null = null;
      if (WITH_AGENCY.has(state)) {
        agencyId = route(sector, place, majorHazard || concealed || deaths !== null, implicated);
        const a = daysAfter(submittedOn, Math.floor(random() * 4));
        assignedOn = a > today ? today : a;
        routing = JSON.stringify({
          rules: [sector === "other" ? { rule: "sector_other", sector } : { rule: "sector_default", sector, departmentType: departmentOf.get(sector) }, majorHazard ? { rule: "level_city_severity", reasons: ["major_hazard"] } : { rule: "level_county_default" }],
          suggestedAgencyId: agencyId,
          overrideReason: null,
        });
      }
      if (state === "submitted") dueOn = triageDueOn;
      else if (state === "returned") dueOn = workingDaysAfter(daysAfter(submittedOn, 2), 2);
      else if (state === "assigned") dueOn = workingDaysAfter(assignedOn!, 3);
      const mergedInto = state === "merged" && recentIds.length ? pick(recentIds) : null;
      const rejection = state === "rejected" ? pick(["out_of_scope", "no_facts", "duplicate", "abusive", "out_of_scope", "no_facts"]) : null;

      // Case handling (see the header): acceptance, conclusion and closure, outcome, overdue, returns.
      let acceptedOn: string | null = null;
      let concludedOn: string | null = null;
      let conclusionDueOn: string | null = null;
      let closedOn: string | null = null;
      let overdueSince: string | null = null;
      let escalatedAt: string | null = null;
      if (ACCEPTED_STATES.has(state)) {
        acceptedOn = notAfterToday(daysAfter(assignedOn!, Math.floor(random() * 4)));
        if (state === "accepted" || state === "investigating") dueOn = daysAfter(acceptedOn, CONCLUSION_DAYS);
      }
      const concluded = state === "rectifying" || state === "closed";
      if (concluded) {
        const u = random();
        conclusionDueOn = daysAfter(acceptedOn!, CONCLUSION_DAYS);
        concludedOn = notAfterToday(daysAfter(acceptedOn!, 5 + Math.floor(85 * u * u)));
        if (state === "closed") closedOn = notAfterToday(daysAfter(concludedOn, Math.floor(random() * 31)));
        if (concludedOn > conclusionDueOn && chance(0.7)) escalatedAt = `${daysAfter(conclusionDueOn, 1)} ${officeTime()}`;
      }
      const finding = !concluded ? null : state === "rectifying" ? (chance(55 / 75) ? "substantiated" : "partly_substantiated") : pickFinding(random());
      const found = finding !== null && finding !== "unsubstantiated";
      const rectification = state === "rectifying" || (found && chance(finding === "substantiated" ? 0.85 : 0.65));
      let rectificationDueOn: string | null = null;
      if (rectification) {
        rectificationDueOn = daysAfter(concludedOn!, 15 + Math.floor(random() * 76));
        // Still rectifying: its deadline is mostly ahead (the overdue ones are chosen below).
        if (state === "rectifying" && rectificationDueOn < today) rectificationDueOn = daysAfter(today, 1 + Math.floor(random() * 30));
        if (state === "rectifying") dueOn = rectificationDueOn;
      }
      // ~4% of open cases are past their deadline and were escalated the next day.
      if (OPEN_STATES.has(state) && dueOn && chance(0.04)) {
        const clockStart = concludedOn ?? acceptedOn ?? assignedOn ?? submittedOn;
        const due = dueOn < today ? dueOn : daysAfter(today, -(1 + Math.floor(random() * 10)));
        if (due > clockStart) {
          dueOn = due;
          if (state === "rectifying") rectificationDueOn = due;
          overdueSince = daysAfter(due, 1);
          escalatedAt = `${overdueSince} ${String(Math.floor(random() * 8)).padStart(2, "0")}:05:00`;
          overdueRows++;
        }
      }
      if (concluded) {
        const fine = found && chance(0.3) ? Math.round(Math.exp(Math.log(1000) + random() * Math.log(200)) / 100) * 100 : null;
        const suspension = found && chance(0.05);
        const closure = found && chance(0.02);
        const criminalReferral = found && chance(0.01);
        const admonitoryTalk = found && chance(0.1);
        const officialsHeld = found && officials && chance(0.5) ? 1 + Math.floor(random() * 3) : found && chance(0.002) ? 1 : 0;
        const accident = concealed && found;
        const accidentLevel = accident ? ((deaths ?? 0) >= 3 ? "larger" : "ordinary") : null;
        let verifiedOn: string | null = null;
        if (rectification && closedOn) {
          verifiedOn = daysAfter(closedOn, -Math.floor(random() * 4));
          if (verifiedOn < concludedOn!) verifiedOn = concludedOn!;
        }
        const [problemZh, problemEn] = PROBLEM_OF[sector] ?? ["安全生产隐患", "work-safety hazards"];
        let zh = pick(CHECKED_BY);
        const actsEn: string[] = [];
        if (!found) {
          zh += `举报反映的${problemZh}问题不属实，${pick(NOT_FOUND_TAIL)}`;
        } else {
          zh += `举报反映的${problemZh}问题${finding === "substantiated" ? "属实" : "部分属实"}。`;
          const acts: string[] = [];
          const act = (when: boolean, zhText: string, enText: string) => {
            if (!when) return;
            acts.push(zhText);
            actsEn.push(enText);
          };
          act(rectification, `责令企业于${CN_DATE(rectificationDueOn ?? today)}前完成整改`, `rectification ordered by ${rectificationDueOn}`);
          act(fine !== null, `依法处以罚款${fine}元`, `fined CNY ${fine?.toLocaleString("en")}`);
          act(suspension, "责令停产停业整顿", "production suspended");
          act(closure, "依法予以关闭取缔", "closed down");
          act(criminalReferral, "将涉嫌犯罪线索移送公安机关", "referred to the police");
          act(officialsHeld > 0, `对${officialsHeld}名相关公职人员予以问责`, `${officialsHeld} official(s) held accountable`);
          act(admonitoryTalk, "约谈企业主要负责人", "management summoned for an admonitory talk");
          zh += acts.length ? `执法部门已${acts.join("，")}。` : "已督促企业立即消除隐患。";
          if (rectification && closedOn) zh += "整改情况已复查验收。";
        }
        const en = !chance(0.35)
          ? null
          : found
            ? `The report of ${problemEn} was ${finding === "substantiated" ? "substantiated" : "partly substantiated"} on inspection. ${actsEn.length ? actsEn.join("; ").replace(/^./, (c) => c.toUpperCase()) : "The company was told to remove the hazard at once"}.`
            : `The report of ${problemEn} was not substantiated on inspection.`;
        outcomeLines.push(
          [
            id, finding!, bool(rectification), t(rectificationDueOn), fine === null ? "\\N" : String(fine), bool(suspension), bool(closure), bool(criminalReferral),
            String(officialsHeld), bool(admonitoryTalk), t(accidentLevel), accident ? String(deaths ?? 0) : "\\N", escText(zh), t(en),
            t(verifiedOn ? "现场复查，整改措施已落实。" : null), t(verifiedOn),
          ].join("\t"),
        ); // prettier-ignore
      }
      // Returns: a `returned` tip by the agency it was routed to; ~3% of the others by another agency first.
      if (state === "returned") {
        const by = route(sector, place, majorHazard || concealed || deaths !== null, implicated);
        if (by) returnLines.push([id, by, escText(pick(RETURN_REASONS)), `${notAfterToday(daysAfter(submittedOn, 2))} ${officeTime()}`].join("\t"));
      } else if (agencyId && chance(0.03)) {
        const by = otherAgency(agencyId);
        const on = assignedOn! > submittedOn ? daysAfter(submittedOn, 1) : submittedOn;
        if (by) returnLines.push([id, by, escText(pick(RETURN_REASONS)), `${on} ${officeTime()}`].join("\t"));
      }

      let description = `${company && chance(0.5) ? company : pick(SUBJECTS)}${pick(PROBLEMS)}。`;
      for (let i = Math.floor(random() * 4); i > 0; i--) description += pick(DETAILS);
      const content = {
        description,
        ...(chance(0.5) ? { address: `${pick(STREETS)}${1 + Math.floor(random() * 900)}号附近` } : {}),
        ...(chance(0.4) ? { observedOn: daysAfter(submittedOn, -Math.floor(random() * 20)) } : {}),
      };
      const contactEnc = chance(0.2) ? encryptContact(id, { phone: `13${String(Math.floor(random() * 1e9)).padStart(9, "0")}` }) : null;
      // 1 in 250 tips has a tipster reply; half of those nobody has opened yet ("replies waiting", 1 in 500).
      const replied = replyRandom() < 1 / 250;
      const seenPosition = replied && replyRandom() < 0.5 ? 1 : 0;
      if (replied) {
        const body = REPLIES[Math.floor(replyRandom() * REPLIES.length)]!;
        messageLines.push([id, "tipster", "\\N", b(encrypt(body, messageAad(id))), notAfterToday(daysAfter(submittedOn, 1 + Math.floor(replyRandom() * 5))), "\\N", "1"].join("\t"));
      }

      tipLines.push(
        [
          id, reference, String(refSeq), state, channel, sector, place.code, t(company), submittedOn,
          bool(majorHazard), bool(concealed), deaths === null ? "\\N" : String(deaths), bool(officials), t(implicated), bool(worksThere),
          captcha, b(encryptContent(id, content)), b(contactEnc), b(rnd.subarray(64 * k, 64 * k + 32)), b(rnd.subarray(64 * k + 32, 64 * k + 64)), "f", randomUUID(),
          t(agencyId), t(dueOn), t(assignedOn), t(routing), t(rejection), t(mergedInto), String(VERSION[state] ?? 0),
          t(acceptedOn), t(overdueSince), t(escalatedAt), t(concludedOn), t(conclusionDueOn), t(closedOn),
          replied ? "1" : "0", String(seenPosition),
        ].join("\t"),
      ); // prettier-ignore

      // The ledger entry fileTip writes (startLedgerChainCtes): a tipster's, date only.
      const chain = chainForTip(id);
      const details = { reference, channel, sector, place: place.code, captcha, attachments: 0, triageDueOn };
      const hash = entryHash({
        chain,
        seq: 1,
        recordedOn: submittedOn,
        recordedAt: null,
        actorType: "tipster",
        actorId: null,
        action: "tip.submitted",
        subjectType: "tip",
        subjectId: id,
        details,
        prevHash: GENESIS,
      });
      const hashCopy = b(hash);
      ledgerLines.push([chain, "1", submittedOn, "\\N", "tipster", "\\N", "tip.submitted", "tip", id, escText(JSON.stringify(details)), GENESIS_COPY, hashCopy].join("\t"));
      headLines.push(`${chain}\t1\t${hashCopy}\t0`);

      if (recentIds.length < 2000) recentIds.push(id);
      else recentIds[Math.floor(random() * 2000)] = id;
    }
    const lines = (xs: string[]) => (xs.length ? xs.join("\n") + "\n" : "");
    return {
      tips: lines(tipLines),
      ledger: lines(ledgerLines),
      heads: lines(headLines),
      outcomes: lines(outcomeLines),
      returns: lines(returnLines),
      messages: lines(messageLines),
      rows: tipLines.length,
      outcomeRows: outcomeLines.length,
      returnRows: returnLines.length,
      overdueRows,
    };
  }

  async function copyInto(tx: postgres.TransactionSql, statement: string, data: string) {
    const writable = await tx.unsafe(statement).writable();
    const chunks: Buffer[] = [];
    const buf = Buffer.from(data, "utf8");
    for (let i = 0; i < buf.length; i += 1 << 20) chunks.push(buf.subarray(i, i + (1 << 20)));
    await pipeline(Readable.from(chunks), writable);
  }

  async function writeBatch(batch: Batch) {
    await client.begin(async (tx) => {
      // Per transaction only: no fsync wait at each commit (a crash loses at most the last batches,
      // and the load is re-run anyway); larger GIN pending lists merge more trigrams per flush.
      await tx.unsafe("set local synchronous_commit = off");
      await tx.unsafe("set local gin_pending_list_limit = '16MB'");
      // The timestamps (escalated_at, returned_at) are written as local times of TIME_ZONE.
      await tx`select set_config('TimeZone', ${timeZone}, true)`;
      await copyInto(tx, `copy tips (${TIP_COLUMNS.join(", ")}) from stdin`, batch.tips);
      await copyInto(tx, `copy ledger_entries (${LEDGER_COLUMNS.join(", ")}) from stdin`, batch.ledger);
      await copyInto(tx, "copy ledger_chain_heads (chain, seq, hash, anchored_seq) from stdin", batch.heads);
      if (batch.outcomes) await copyInto(tx, `copy case_outcomes (${OUTCOME_COLUMNS.join(", ")}) from stdin`, batch.outcomes);
      if (batch.returns) await copyInto(tx, `copy tip_returns (${RETURN_COLUMNS.join(", ")}) from stdin`, batch.returns);
      if (batch.messages) await copyInto(tx, `copy tip_messages (${MESSAGE_COLUMNS.join(", ")}) from stdin`, batch.messages);
    });
  }

  // Load: generate the next batch while up to `concurrency` batches are written. The statistics
  // triggers are off meanwhile and back on afterwards, whatever happens, followed by a rebuild.
  const loadStart = performance.now();
  let done = 0;
  let outcomes = 0;
  let returns = 0;
  let overdue = 0;
  let loadMs = 0;
  let analyzeMs = 0;
  let rebuildMs = 0;
  let failure: unknown = null;
  const loadedTables = "tips, ledger_entries, ledger_chain_heads, agencies, case_outcomes, tip_returns, tip_messages";
  await setStatisticsTriggers(client, false);
  try {
    const inflight = new Set<Promise<void>>();
    opts.onProgress?.({ done: 0, total: count, elapsedMs: 0 });
    for (let generated = 0; generated < count && !failure; ) {
      const batch = await generateBatch(Math.min(batchSize, count - generated));
      if (batch.rows === 0) break;
      generated += batch.rows;
      while (inflight.size >= concurrency) await Promise.race(inflight);
      if (failure) break;
      const p: Promise<void> = writeBatch(batch).then(
        () => {
          done += batch.rows;
          outcomes += batch.outcomeRows;
          returns += batch.returnRows;
          overdue += batch.overdueRows;
          opts.onProgress?.({ done, total: count, elapsedMs: performance.now() - loadStart });
        },
        (e) => {
          failure ??= e;
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await Promise.all(inflight);
    if (failure) throw failure;
    loadMs = performance.now() - loadStart;
    // Before the rebuild: it then reads all-visible pages with hint bits set and fresh planner statistics.
    const analyzeStart = performance.now();
    await client.unsafe(`${opts.vacuum === false ? "analyze" : "vacuum (analyze)"} ${loadedTables}`);
    analyzeMs = performance.now() - analyzeStart;
  } catch (e) {
    failure ??= e;
    throw e;
  } finally {
    try {
      await setStatisticsTriggers(client, true);
      opts.onRebuildStart?.({ loaded: done, loadMs, analyzeMs, failed: failure !== null });
      const rebuildStart = performance.now();
      await client`select stats_rebuild()`;
      rebuildMs = performance.now() - rebuildStart;
    } catch (e) {
      if (!failure) throw e;
      // Do not hide the load's own error; say what is left to do.
      console.error(`seedMillion: after the failed load, re-enabling the statistics triggers or stats_rebuild() failed too (${(e as Error).message}): run npm run stats:rebuild`);
    }
  }
  const statsAnalyzeStart = performance.now();
  await client.unsafe("analyze stats_case, stats_rollup, stats_delta, stats_change");
  analyzeMs += performance.now() - statsAnalyzeStart;
  const [rollup] = (await client`select count(*)::int as n from stats_rollup`) as unknown as [{ n: number }];
  const totalMs = performance.now() - started;
  return {
    count: done,
    loadMs,
    analyzeMs,
    rebuildMs,
    totalMs,
    rowsPerSecond: done / (loadMs / 1000),
    agenciesCreated,
    byState,
    planted,
    outcomes,
    returns,
    overdue,
    rollupRows: rollup.n,
  };
}

// ---------------------------------------------------------------------------
// Progress bar (stderr)
// ---------------------------------------------------------------------------

const fmtDuration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** A progress callback drawing `[#####-----] 45.0% 450,000/1,000,000 38,512 tips/s ETA 0:14` on stderr. */
export function progressBar(label = "tips"): ((p: SeedProgress) => void) & { finish: () => void } {
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  let lastLine = "";
  const draw = (p: SeedProgress) => {
    const now = performance.now();
    const complete = p.done >= p.total;
    if (!complete && now - lastDraw < (tty ? 200 : 5000)) return;
    lastDraw = now;
    const frac = p.total ? p.done / p.total : 1;
    const width = 30;
    const filled = Math.round(frac * width);
    const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
    const eta = rate > 0 ? ((p.total - p.done) / rate) * 1000 : 0;
    lastLine =
      `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}% ` +
      `${p.done.toLocaleString("en")}/${p.total.toLocaleString("en")} ${label}  ${Math.round(rate).toLocaleString("en")} ${label}/s  ` +
      `elapsed ${fmtDuration(p.elapsedMs)}  ETA ${fmtDuration(eta)}`;
    process.stderr.write(tty ? `\r${lastLine}\x1b[K` : lastLine + "\n");
  };
  return Object.assign(draw, { finish: () => tty && lastLine && process.stderr.write("\n") });
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + "="));
  return eq?.slice(name.length + 1);
}

async function main() {
  const count = Number(argValue("--count") ?? 1_000_000);
  if (!Number.isFinite(count) || count < 1) throw new Error("--count must be a positive number");
  const { resolveDatabase, runMigrations } = await import("../app/lib/database-runtime.server");
  const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data") });
  const { db, closeDb, sqlClient } = await import("../app/lib/db.server");
  const { seedDemoAgencies, seedReference } = await import("../db/seed/index");
  try {
    const t0 = performance.now();
    await runMigrations(database.url);
    await seedReference(db());
    await seedDemoAgencies(db());
    console.error(`reference data and demo agencies ready (${Math.round(performance.now() - t0)} ms); loading ${count.toLocaleString("en")} tips`);
    const bar = progressBar();
    const r = await seedMillion(db(), {
      count,
      batchSize: argValue("--batch") ? Number(argValue("--batch")) : undefined,
      concurrency: argValue("--concurrency") ? Number(argValue("--concurrency")) : undefined,
      seed: argValue("--seed") ? Number(argValue("--seed")) : undefined,
      vacuum: !process.argv.includes("--no-vacuum"),
      onProgress: bar,
      onRebuildStart: (p) => {
        bar.finish();
        console.error(
          `${p.failed ? "load failed after" : "loaded"} ${p.loaded.toLocaleString("en")} tips` +
            (p.failed ? "" : ` in ${(p.loadMs / 1000).toFixed(1)} s, ${process.argv.includes("--no-vacuum") ? "ANALYZE" : "VACUUM (ANALYZE)"} ${(p.analyzeMs / 1000).toFixed(1)} s`) +
            `; statistics triggers enabled again; rebuilding the statistics (stats_rebuild) …`,
        );
      },
    });
    console.log(
      `Loaded ${r.count.toLocaleString("en")} tips with their ledger entries, ${r.outcomes.toLocaleString("en")} outcomes and ` +
        `${r.returns.toLocaleString("en")} returns in ${(r.loadMs / 1000).toFixed(1)} s (${Math.round(r.rowsPerSecond).toLocaleString("en")} tips/s); ` +
        `${process.argv.includes("--no-vacuum") ? "ANALYZE" : "VACUUM (ANALYZE)"} ${(r.analyzeMs / 1000).toFixed(1)} s; total ${(r.totalMs / 1000).toFixed(1)} s. ` +
        `${r.agenciesCreated} agencies created.`,
    );
    console.log(`statistics rebuilt in ${(r.rebuildMs / 1000).toFixed(1)} s (${r.rollupRows.toLocaleString("en")} stats_rollup rows)`);
    console.log(`States: ${Object.entries(r.byState).map(([k, v]) => `${k} ${v}`).join(", ")}; ${r.overdue.toLocaleString("en")} open cases overdue and escalated`);
    console.log(`Planted names: ${Object.entries(r.planted).map(([k, v]) => `${k} ×${v}`).join(", ")}`);
    if (process.argv.includes("--verify")) {
      // Every chain must verify, and the ciphertexts must open under this deployment's key.
      const { verifyLedger } = await import("../app/lib/ledger.server");
      const { decryptContent, decryptContact } = await import("../app/services/tip-content.server");
      const v0 = performance.now();
      const v = await verifyLedger(db());
      console.log(`verifyLedger: ${v.entries} entries, ${v.chains} chains, ${v.anchors} anchors, problem ${JSON.stringify(v.problem)} (${((performance.now() - v0) / 1000).toFixed(1)} s)`);
      if (v.problem) process.exitCode = 1;
      const sample = (await sqlClient()`select id, content_enc, contact_enc from tips order by reference_seq desc limit 200`) as unknown as { id: string; content_enc: Buffer; contact_enc: Buffer | null }[];
      let contacts = 0;
      for (const r of sample) {
        if (!decryptContent(r.id, r.content_enc).description) throw new Error(`tip ${r.id}: empty description`);
        if (r.contact_enc) contacts += decryptContact(r.id, r.contact_enc).phone ? 1 : 0;
      }
      console.log(`decrypted the content of the ${sample.length} newest tips (${contacts} with contact details)`);
      // The country's rollups (folded and pending) against the cases themselves.
      const [check] = (await sqlClient()`
        with rollup as (
          select coalesce(sum(received), 0)::bigint as received, coalesce(sum(substantiated + unsubstantiated), 0)::bigint as concluded,
                 coalesce(sum(returns), 0)::bigint as returns, coalesce(sum(overdue_now), 0)::bigint as overdue
          from (select received, substantiated, unsubstantiated, returns, overdue_now from stats_rollup where scope = '000000' and dim = 'all'
                union all select received, substantiated, unsubstantiated, returns, overdue_now from stats_pending where scope = '000000' and dim = 'all') u)
        select r.received, (select count(*) from tips)::bigint as tips,
               r.concluded, (select count(*) from tips t join case_outcomes o on o.tip_id = t.id where t.state in ('rectifying', 'closed') and t.concluded_on is not null)::bigint as outcomes,
               r.returns, (select count(*) from tip_returns)::bigint as tip_returns,
               r.overdue, (select count(*) from tips where state not in ('rejected', 'merged', 'closed') and overdue_since > due_on)::bigint as overdue_tips
        from rollup r`) as unknown as [Record<"received" | "tips" | "concluded" | "outcomes" | "returns" | "tip_returns" | "overdue" | "overdue_tips", string>];
      const pairs: [string, string, string][] = [
        ["received", check.received, check.tips],
        ["concluded", check.concluded, check.outcomes],
        ["returns", check.returns, check.tip_returns],
        ["overdue now", check.overdue, check.overdue_tips],
      ];
      const disabled = await disabledStatisticsTriggers(sqlClient());
      const ok = pairs.every(([, a, b]) => a === b) && disabled.length === 0;
      console.log(
        `statistics: ${pairs.map(([k, a, b]) => `${k} ${a}${a === b ? "" : ` ≠ ${b}`}`).join(", ")}; triggers ${disabled.length ? `DISABLED: ${disabled.join(", ")}` : "enabled"} — ${ok ? "consistent" : "NOT consistent"}`,
      );
      if (!ok) process.exitCode = 1;
    }
  } finally {
    await closeDb();
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
