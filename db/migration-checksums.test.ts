import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkMigrations, currentMigrations, MIGRATIONS_DIR, readRecorded } from "./migration-checksums";

describe("committed migrations", () => {
  it("each matches its recorded sha256 and journal entry, and every migration is recorded", () => {
    const problems = checkMigrations();
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("the record covers the journal from 0000", () => {
    expect(readRecorded().map((r) => r.tag)).toEqual(currentMigrations().map((m) => m.tag));
  });
});

describe("checkMigrations on a copy of the folder", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const copy = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-migrations-"));
    dirs.push(dir);
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  };
  const journal = (dir: string) => path.join(dir, "meta/_journal.json");
  const editJournal = (dir: string, fn: (j: { entries: Record<string, unknown>[] }) => void) => {
    const j = JSON.parse(fs.readFileSync(journal(dir), "utf8"));
    fn(j);
    fs.writeFileSync(journal(dir), JSON.stringify(j, null, 2));
  };
  const last = () => currentMigrations().at(-1)!;

  const cases: { what: string; change: (dir: string) => void; says: RegExp }[] = [
    {
      what: "an edited migration",
      change: (d) => fs.appendFileSync(path.join(d, "0008_statistics_maintenance.sql"), "\n-- fix\n"),
      says: /0008_statistics_maintenance\.sql was edited .*never edit a committed migration; add a new one/,
    },
    {
      what: "a deleted migration",
      change: (d) => fs.rmSync(path.join(d, "0010_statistics_initial_count.sql")),
      says: /0010_statistics_initial_count\.sql was deleted: never edit a committed migration; add a new one/,
    },
    {
      what: "a journal entry re-dated",
      change: (d) => editJournal(d, (j) => void (j.entries[9]!.when = 1)),
      says: /0009_tip_returns_by_tip's journal entry changed .*never edit a committed migration; add a new one/,
    },
    {
      what: "a journal entry removed",
      change: (d) => editJournal(d, (j) => void j.entries.splice(3, 1)),
      says: /0003_trigram_search was removed from meta\/_journal\.json: never edit a committed migration/,
    },
    {
      what: "a new migration not recorded yet",
      change: (d) => {
        fs.writeFileSync(path.join(d, "0099_next.sql"), "SELECT 1;\n");
        editJournal(d, (j) => j.entries.push({ idx: 99, version: "7", when: last().when + 1, tag: "0099_next", breakpoints: true }));
      },
      says: /0099_next\.sql is a new migration, not recorded yet: once it is final, record it with `npm run db:checksums`/,
    },
    {
      what: "a new migration dated before the last recorded one",
      change: (d) => {
        fs.writeFileSync(path.join(d, "0099_next.sql"), "SELECT 1;\n");
        editJournal(d, (j) => j.entries.push({ idx: 99, version: "7", when: last().when - 1, tag: "0099_next", breakpoints: true }));
      },
      says: /0099_next is dated before .*would never run it/,
    },
    {
      what: "a SQL file the journal does not list",
      change: (d) => fs.writeFileSync(path.join(d, "0099_stray.sql"), "SELECT 1;\n"),
      says: /0099_stray\.sql is not in meta\/_journal\.json/,
    },
  ];
  it.each(cases)("$what fails with the reason", ({ change, says }) => {
    const dir = copy();
    // Only what the change adds: a migration of the working tree not yet recorded fails the first test alone.
    const before = new Set(checkMigrations(dir));
    change(dir);
    const problems = checkMigrations(dir).filter((p) => !before.has(p));
    expect(problems.some((p) => says.test(p)), problems.join("\n")).toBe(true);
  });
});
