/**
 * `npm run db:checksums`: records the sha256 of the migrations not recorded yet in
 * db/migrations/checksums.json (run it once a new migration is final, before committing it).
 * Recorded entries are kept as they are: a changed migration stays a failure (ADR 021).
 */
import fs from "node:fs";
import { CHECKSUMS_FILE, checkMigrations, currentMigrations, readRecorded } from "../db/migration-checksums";

const recorded = readRecorded();
const known = new Set(recorded.map((r) => r.tag));
const added = currentMigrations().filter((m) => !known.has(m.tag) && m.sha256 !== "");
fs.writeFileSync(CHECKSUMS_FILE, JSON.stringify([...recorded, ...added], null, 2) + "\n");
for (const m of added) console.log(`recorded ${m.tag} ${m.sha256}`);
const problems = checkMigrations();
for (const p of problems) console.error(p);
process.exitCode = problems.length === 0 ? 0 : 1;
