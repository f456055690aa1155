/**
 * The SQL-only objects of db/functions/*.sql and their definitions as a database holds them.
 * Used by `npm run db:functions` (scripts/db-functions.ts) and the migrations tests.
 *
 * Definitions are compared as PostgreSQL prints them back (pg_get_functiondef, pg_get_triggerdef,
 * pg_get_viewdef): the files keep their own layout and comments, and "the same" means the server
 * stores the same object. A file matches a database when applying it there changes nothing.
 */
import fs from "node:fs";
import path from "node:path";
import type postgres from "postgres";

export const FUNCTIONS_FOLDER = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname));

export type FunctionFile = { name: string; path: string; sql: string };

/** The files in the order they are applied (their names sort in dependency order). */
export function functionFiles(folder = FUNCTIONS_FOLDER): FunctionFile[] {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, path: path.join(folder, name), sql: fs.readFileSync(path.join(folder, name), "utf8") }));
}

/** Statements as drizzle's migrator splits them. */
export function statements(sql: string): string[] {
  return sql
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.replace(/^--.*$/gm, "").trim() !== "");
}

/** The object names a file declares ("function stats_fold", "trigger tips_statistics", "view stats_case_facts"). */
export function declaredNames(sql: string): string[] {
  const re = /^CREATE OR REPLACE (FUNCTION|AGGREGATE|TRIGGER|VIEW)\s+(?:public\.)?"?(\w+)"?/gim;
  return [...sql.matchAll(re)].map((m) => `${m[1]!.toLowerCase() === "aggregate" ? "function" : m[1]!.toLowerCase()} ${m[2]}`);
}

/**
 * Every function, aggregate, trigger, view and materialized view of the public schema (not those
 * of extensions such as pg_trgm), keyed "function name(args)", "trigger name on table",
 * "view name", "materialized view name".
 */
export async function definitions(sql: postgres.Sql | postgres.TransactionSql): Promise<Map<string, string>> {
  const rows = await sql.unsafe<{ id: string; def: string }[]>(`
    SELECT 'function ' || p.oid::regprocedure::text AS id,
      CASE WHEN p.prokind = 'a'
        THEN (SELECT format('AGGREGATE %s (SFUNC = %s, STYPE = %s, INITCOND = %L)', p.oid::regprocedure, a.aggtransfn::regprocedure, format_type(a.aggtranstype, NULL), a.agginitval)
              FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
        ELSE pg_get_functiondef(p.oid) END AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'trigger ' || t.tgname || ' on ' || c.relname, pg_get_triggerdef(t.oid)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal
    UNION ALL
    SELECT CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || c.relname, pg_get_viewdef(c.oid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1`);
  return new Map(rows.map((r) => [r.id, r.def]));
}

/** The keys whose definitions differ between two snapshots (added, removed or changed). */
export function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

/** The short name of a snapshot key: "function stats_fold()" → "function stats_fold", "trigger x on t" → "trigger x". */
export function shortName(key: string): string {
  const m = /^(function|trigger|view|materialized view) (\w+)/.exec(key);
  return m ? `${m[1]} ${m[2]}` : key;
}

class Rollback extends Error {}

/**
 * What applying each file would change in the database at `sql`, file by file in order, without
 * changing it (one transaction, rolled back). Files that change nothing are left out.
 */
export async function pendingChanges(sql: postgres.Sql, files = functionFiles()): Promise<{ file: FunctionFile; changed: string[] }[]> {
  const out: { file: FunctionFile; changed: string[] }[] = [];
  try {
    await sql.begin(async (tx) => {
      let before = await definitions(tx);
      for (const file of files) {
        for (const s of statements(file.sql)) await tx.unsafe(s);
        const after = await definitions(tx);
        const changed = differences(before, after);
        if (changed.length > 0) out.push({ file, changed });
        before = after;
      }
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out;
}
