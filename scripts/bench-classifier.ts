/**
 * `npm run bench:classifier`: agreement of the sector classifier (app/domain/sector-classifier.ts)
 * with the sector the desk chose, on the labelled set tests/fixtures/labelled-tips.json, using the
 * default keyword table (db/seed/sector-keywords.ts, what a new installation starts with).
 *
 * Prints the agreement of the classifier's top sector overall, per language, on the first 216
 * tips (written before the table, which was written knowing them) and on the last 51 (written
 * after the table was frozen, never tuned on: the honest figure), the tipster baseline
 * (their own choice), a confusion list, and writes bench-results/classifier.json.
 * No database: the classifier is pure.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { measureAgreement, type Agreement, type LabelledTip } from "../app/domain/classifier-agreement";
import { DEFAULT_SECTOR_KEYWORDS } from "../db/seed/sector-keywords";

// The first 216 were written before the default table (and the table by the same hand, knowing them); the last 51 after it was frozen (commit 8963b97), never tuned on.
const TUNED = 216;
const tips = JSON.parse(readFileSync("tests/fixtures/labelled-tips.json", "utf8")) as LabelledTip[];
const all = measureAgreement(tips, DEFAULT_SECTOR_KEYWORDS);
const tuned = measureAgreement(tips.slice(0, TUNED), DEFAULT_SECTOR_KEYWORDS);
const heldOut = measureAgreement(tips.slice(TUNED), DEFAULT_SECTOR_KEYWORDS);

const pct = (a: Agreement) => `${(a.rate * 100).toFixed(1)}% (${a.agreed}/${a.tips})`;
console.log(`Sector classifier: ${tips.length} labelled tips, ${DEFAULT_SECTOR_KEYWORDS.length} phrases in the default table\n`);
console.log("| measure | classifier | tipster's choice |");
console.log("|---|---|---|");
console.log(`| all tips | ${pct(all.overall)} | ${pct(all.baseline)} |`);
console.log(`| Chinese | ${pct(all.byLanguage.zh)} | |`);
console.log(`| English | ${pct(all.byLanguage.en)} | |`);
console.log(`| first ${TUNED} (tuned on) | ${pct(tuned.overall)} | ${pct(tuned.baseline)} |`);
console.log(`| last ${tips.length - TUNED} (held out) | ${pct(heldOut.overall)} | ${pct(heldOut.baseline)} |`);
console.log(`| all, no suggestion → tipster's choice | ${pct(all.withFallback)} | |`);
console.log(`\nNo suggestion (nothing matched): ${all.noSuggestion}`);
const pairs = new Map<string, number>();
for (const c of all.confusions) pairs.set(`${c.deskSector} ← ${c.suggested ?? "(none)"}`, (pairs.get(`${c.deskSector} ← ${c.suggested ?? "(none)"}`) ?? 0) + 1);
console.log("\nConfusion pairs (desk sector ← classifier's top: tips):");
for (const [pair, n] of [...pairs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`  ${pair}: ${n}`);
console.log("\nConfusions (desk sector ← classifier's top; tipster's choice):");
for (const c of all.confusions) console.log(`  ${c.deskSector} ← ${c.suggested ?? "(none)"}; tipster: ${c.tipsterSector} — ${c.description.slice(0, 60)}`);

mkdirSync("bench-results", { recursive: true });
writeFileSync(
  "bench-results/classifier.json",
  JSON.stringify({ at: new Date().toISOString(), tips: tips.length, phrases: DEFAULT_SECTOR_KEYWORDS.length, all, firstTuned: { n: TUNED, ...tuned }, heldOut }, null, 2) + "\n",
);
console.log("\nWrote bench-results/classifier.json");
