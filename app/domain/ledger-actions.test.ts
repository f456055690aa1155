import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CASE_TRANSITION_ACTIONS, LEDGER_ACTIONS, isLedgerAction } from "./ledger-actions";

const root = fileURLToPath(new URL("../..", import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );

/** The string literals of an expression, except those it compares with (`x === "staff" ? … : …`). */
const literals = (expression: string) => [...expression.replace(/[!=]==\s*"[^"]*"/g, "").matchAll(/"([a-z_.]+)"/g)].map((m) => m[1]!);

/**
 * The action codes a source file writes to the ledger: the string literals of each `action: …`,
 * `action = …` (a code chosen by a condition) and `entry("…")` (a local helper around
 * appendLedger); in a file that calls transitionCase an undotted literal is a CaseAction, written
 * as `case.<action>`.
 */
export function writtenCodes(text: string): string[] {
  if (!/\b(appendLedger|transitionCase|startLedgerChainCtes)\(/.test(text)) return [];
  const transitions = /\btransitionCase\(/.test(text);
  const found: string[] = [];
  for (const m of text.matchAll(/\baction\s*(?::|=(?!=))\s*([^,;}\n]+)/g)) found.push(...literals(m[1]!));
  for (const m of text.matchAll(/\bentry\(\s*("[a-z_.]+")/g)) found.push(...literals(m[1]!));
  // Tab-separated ledger rows written by COPY (the million-tip seed).
  for (const m of text.matchAll(/"\\\\N",\s*"(tipster|staff|system)",\s*"\\\\N",\s*("[a-z_.]+")/g)) found.push(...literals(m[2]!));
  return found.map((c) => (c.includes(".") ? c : transitions ? `case.${c}` : c));
}

describe("ledger actions", () => {
  const files = [...sources("app"), ...sources("scripts")];
  const written = new Map<string, string[]>();
  for (const f of files) for (const code of writtenCodes(readFileSync(join(root, f), "utf8"))) written.set(code, [...(written.get(code) ?? []), f]);

  it("written anywhere in app/ and scripts/ are all in LEDGER_ACTIONS", () => {
    const missing = [...written.entries()].filter(([code]) => !isLedgerAction(code)).map(([code, where]) => `${code} (${where.join(", ")})`);
    expect(missing).toEqual([]);
  });

  it("are found by the scan: each kind of call is read (the scan cannot go quiet)", () => {
    for (const code of ["tip.submitted", "tip.recorded_by_operator", "case.route", "case.conclude_with_rectification", "case.implication_change_applied", "admin.staff.deactivated", "staff.created", "reward.refused"])
      expect(written.has(code), code).toBe(true);
    expect(written.size).toBeGreaterThan(55);
  });

  it("include every transition of the state machine, and are listed once", () => {
    for (const code of CASE_TRANSITION_ACTIONS) expect(isLedgerAction(code)).toBe(true);
    expect(new Set(LEDGER_ACTIONS).size).toBe(LEDGER_ACTIONS.length);
  });

  it.each([
    ['await appendLedger(tx, { chain, action: "case.new_thing", details });', ["case.new_thing"]],
    ['const action = ok ? "admin.x.done" : "admin.x.refused";\nawait appendLedger(tx, { action });', ["admin.x.done", "admin.x.refused"]],
    ['await transitionCase(tx, { staff, tip: c, action: "frobnicate", now });', ["case.frobnicate"]],
    ['const entry = (action: string) => appendLedger(tx, { action });\nawait entry("case.thing_happened");', ["case.thing_happened"]],
    ['if (action === "x") return;', []],
    ['await appendLedger(tx, { action: who === "staff" ? "tip.asked" : "tip.answered" });', ["tip.asked", "tip.answered"]],
  ])("the scan reads %j", (source, codes) => {
    expect(writtenCodes(source)).toEqual(codes);
  });
});
