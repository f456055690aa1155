import { and, eq, inArray } from "drizzle-orm";
import { agencies, departmentTypes, routingOverrides, sectorKeywords, sectors } from "../../db/schema/index";
import { compileTable, type CompiledTable } from "../domain/sector-classifier";
import { routeTip, type RoutingDecision, type RoutingFacts, type RoutingTable } from "../domain/routing";
import { db } from "../lib/db.server";
import { regionsContaining } from "./case-visibility.server";

/**
 * The routing table is data (sectors → department types, regional overrides, provincial-only
 * types), read from the database and cached for a minute so an administrator's change applies
 * without a restart.
 */
let cache: { table: RoutingTable; at: number } | undefined;

export async function routingTable(): Promise<RoutingTable> {
  if (cache && Date.now() - cache.at < 60_000) return cache.table;
  const [s, o, d] = await Promise.all([db().select().from(sectors), db().select().from(routingOverrides), db().select().from(departmentTypes)]);
  const table: RoutingTable = {
    sectors: Object.fromEntries(s.map((x) => [x.code, x.departmentType])),
    overrides: o.map((x) => ({ regionCode: x.regionCode, sectorCode: x.sectorCode, departmentType: x.departmentType })),
    provincialOnly: new Set(d.filter((x) => x.provincialOnly).map((x) => x.code)),
  };
  cache = { table, at: Date.now() };
  return table;
}

export function clearRoutingCache() {
  cache = undefined;
}

/** Routing only ever looks at agencies of the tip's county, city and province, and the national level. */
export async function suggestRouting(facts: RoutingFacts): Promise<RoutingDecision> {
  const nearby = await db()
    .select({ id: agencies.id, departmentType: agencies.departmentType, placeCode: agencies.placeCode, active: agencies.active })
    .from(agencies)
    .where(and(inArray(agencies.placeCode, regionsContaining(facts.placeCode)), eq(agencies.active, true)));
  return routeTip(facts, await routingTable(), nearby);
}

let keywordCache: { table: CompiledTable; at: number } | undefined;

/** The sector classifier's keyword table, compiled once and cached for a minute like the routing table. */
export async function sectorKeywordTable(): Promise<CompiledTable> {
  if (keywordCache && Date.now() - keywordCache.at < 60_000) return keywordCache.table;
  const rows = await db().select({ sectorCode: sectorKeywords.sectorCode, phrase: sectorKeywords.phrase, weight: sectorKeywords.weight }).from(sectorKeywords);
  keywordCache = { table: compileTable(rows), at: Date.now() };
  return keywordCache.table;
}

export function clearKeywordCache() {
  keywordCache = undefined;
}
