/**
 * The recorded sha256 of every committed migration (db/migrations/checksums.json), so that an
 * edited or deleted migration fails the unit tests (docs/decisions/021-migrations-are-append-only.md).
 * A database records only that it ran a migration, never its text: an edit never reaches it.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "migrations");
export const CHECKSUMS_FILE = path.join(MIGRATIONS_DIR, "checksums.json");

export type JournalEntry = { idx: number; version: string; when: number; tag: string; breakpoints: boolean };
/** One migration as recorded: its journal entry and the sha256 of its SQL file. */
export type Recorded = JournalEntry & { sha256: string };

export function readJournal(dir = MIGRATIONS_DIR): JournalEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as { entries: JournalEntry[] }).entries;
}

export function sha256Of(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** What the folder holds now, journal order. */
export function currentMigrations(dir = MIGRATIONS_DIR): Recorded[] {
  return readJournal(dir).map((e) => {
    const file = path.join(dir, `${e.tag}.sql`);
    return { ...e, sha256: fs.existsSync(file) ? sha256Of(file) : "" };
  });
}

export function readRecorded(file = CHECKSUMS_FILE): Recorded[] {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Recorded[]) : [];
}

export const RECORD_COMMAND = "npm run db:checksums";
const NEVER_EDIT = "never edit a committed migration; add a new one (docs/decisions/021-migrations-are-append-only.md)";

/**
 * The problems of the folder against the record, one sentence each: a recorded migration that is
 * changed, missing or moved in the journal; a migration (file or journal entry) not recorded yet.
 */
export function checkMigrations(dir = MIGRATIONS_DIR, recorded = readRecorded(path.join(dir, "checksums.json"))): string[] {
  const problems: string[] = [];
  const journal = readJournal(dir);
  const byTag = new Map(journal.map((e) => [e.tag, e]));
  for (const r of recorded) {
    const file = path.join(dir, `${r.tag}.sql`);
    const entry = byTag.get(r.tag);
    if (!fs.existsSync(file)) problems.push(`${r.tag}.sql was deleted: ${NEVER_EDIT}.`);
    else if (sha256Of(file) !== r.sha256) problems.push(`${r.tag}.sql was edited (sha256 ${sha256Of(file)}, recorded ${r.sha256}): ${NEVER_EDIT}.`);
    if (!entry) problems.push(`${r.tag} was removed from meta/_journal.json: ${NEVER_EDIT}.`);
    else if (entry.idx !== r.idx || entry.when !== r.when || entry.version !== r.version || entry.breakpoints !== r.breakpoints)
      problems.push(`${r.tag}'s journal entry changed (${JSON.stringify(entry)}, recorded ${JSON.stringify({ idx: r.idx, version: r.version, when: r.when, breakpoints: r.breakpoints })}): ${NEVER_EDIT}.`);
  }
  const recordedTags = new Set(recorded.map((r) => r.tag));
  const last = recorded.at(-1);
  for (const e of journal) {
    if (recordedTags.has(e.tag)) continue;
    if (!fs.existsSync(path.join(dir, `${e.tag}.sql`))) problems.push(`${e.tag} is in meta/_journal.json but ${e.tag}.sql does not exist.`);
    else problems.push(`${e.tag}.sql is a new migration, not recorded yet: once it is final, record it with \`${RECORD_COMMAND}\`.`);
    // drizzle's migrator runs only migrations newer than the last one a database ran.
    if (last && e.when <= last.when) problems.push(`${e.tag} is dated before ${last.tag} (journal "when"): a database at ${last.tag} would never run it.`);
  }
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".sql"))) {
    if (!byTag.has(f.slice(0, -4))) problems.push(`${f} is not in meta/_journal.json (drizzle's migrator would never run it).`);
  }
  return problems;
}
