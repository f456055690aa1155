import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { agencies, staffAccounts } from "../../db/schema/index";
import { parseDirectoryCsv, type DirectoryError, type DirectoryRow } from "../domain/agency-directory";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { appendLedger } from "../lib/ledger.server";
import { adminChains, ledgerActor, today, type AdminActor } from "./admin-common.server";
import { directoryReference } from "./admin-reference.server";

export type DirectoryImportInput = {
  /** The file as uploaded. */
  csv: Buffer;
  /** Agencies that exist but are not in the file are deactivated (never deleted). */
  deactivateMissing: boolean;
  reason: string;
};

export type DirectoryImportCounts = { added: number; changed: number; deactivated: number; unchanged: number };

/**
 * A file refused as a whole, with every problem found (line, column, value): the AppError of the
 * import, carrying the list the page shows (a file is too many messages for one field).
 */
export class DirectoryRefused extends AppError {
  constructor(
    readonly errors: DirectoryError[],
    code: "invalid_input" | "conflict" = "invalid_input",
    readonly truncated = false,
  ) {
    super(code, { message: "admin.directory.refused", params: { count: errors.length } });
  }
}

/**
 * Imports the agency directory from a CSV file (docs/decisions/019-agency-directory-import.md).
 * All or nothing: the whole file is validated first; then, in one transaction that keeps other
 * changes to the directory out (a table lock), agencies are added or changed by their identity
 * (department type + place code), optionally the missing ones deactivated, and one ledger entry
 * records who imported what and the counts. An agency with active staff is never deactivated
 * (the same rule as editing one). Importing the same file again changes nothing and records
 * nothing.
 */
export async function importAgencyDirectory(actor: AdminActor, input: DirectoryImportInput, now = new Date()): Promise<DirectoryImportCounts> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(input.csv);
  } catch {
    throw new DirectoryRefused([{ line: null, column: null, code: "admin.directory.errors.notUtf8" }]);
  }
  const parsed = parseDirectoryCsv(text, await directoryReference());
  if (!parsed.ok) throw new DirectoryRefused(parsed.errors, "invalid_input", parsed.truncated);

  return db().transaction(async (tx) => {
    // Imports and single edits one at a time: the comparison below must see the directory it changes.
    await tx.execute(sql`lock table ${agencies} in share row exclusive mode`);
    const existing = await tx.select().from(agencies);
    const byIdentity = new Map(existing.map((a) => [`${a.departmentType}:${a.placeCode.trim()}`, a]));
    const inFile = new Set(parsed.rows.map((r) => `${r.departmentType}:${r.placeCode}`));

    const toAdd: DirectoryRow[] = [];
    const toChange: { id: string; row: DirectoryRow; fields: string[] }[] = [];
    const toDeactivate: { id: string; row: DirectoryRow | null; label: string }[] = [];
    for (const row of parsed.rows) {
      const before = byIdentity.get(`${row.departmentType}:${row.placeCode}`);
      if (!before) {
        toAdd.push(row);
        continue;
      }
      const fields = (["nameZh", "nameEn", "inboxEmail", "active"] as const).filter((k) => before[k] !== row[k]);
      if (fields.length > 0) toChange.push({ id: before.id, row, fields });
      if (before.active && !row.active) toDeactivate.push({ id: before.id, row, label: before.nameZh });
    }
    const missing = input.deactivateMissing ? existing.filter((a) => a.active && !inFile.has(`${a.departmentType}:${a.placeCode.trim()}`)) : [];
    for (const a of missing) toDeactivate.push({ id: a.id, row: null, label: `${a.nameZh} (${a.departmentType}, ${a.placeCode.trim()})` });

    if (toDeactivate.length > 0) {
      const staffed = await tx
        .selectDistinct({ agencyId: staffAccounts.agencyId })
        .from(staffAccounts)
        .where(and(eq(staffAccounts.active, true), inArray(staffAccounts.agencyId, toDeactivate.map((d) => d.id))));
      const withStaff = new Set(staffed.map((s) => s.agencyId));
      const errors: DirectoryError[] = toDeactivate
        .filter((d) => withStaff.has(d.id))
        .map((d): DirectoryError =>
          d.row
            ? { line: d.row.line, column: "active" as const, code: "admin.directory.errors.hasActiveStaff", value: d.row.active ? "yes" : "no" }
            : { line: null, column: null, code: "admin.directory.errors.missingHasActiveStaff", value: d.label },
        )
        .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
      if (errors.length > 0) throw new DirectoryRefused(errors, "conflict");
    }

    // An agency that goes from active to inactive (marked "no" or missing) counts as deactivated, not changed.
    const deactivatedIds = new Set(toDeactivate.map((d) => d.id));
    const counts: DirectoryImportCounts = {
      added: toAdd.length,
      changed: toChange.filter((c) => !deactivatedIds.has(c.id)).length,
      deactivated: toDeactivate.length,
      unchanged: parsed.rows.length - toAdd.length - toChange.length,
    };
    if (toAdd.length + toChange.length + missing.length === 0) return counts;

    const fieldsOf = (r: DirectoryRow) => ({ departmentType: r.departmentType, placeCode: r.placeCode, nameZh: r.nameZh, nameEn: r.nameEn, inboxEmail: r.inboxEmail, active: r.active });
    for (let i = 0; i < toAdd.length; i += 1000) await tx.insert(agencies).values(toAdd.slice(i, i + 1000).map(fieldsOf));
    for (const c of toChange) {
      await tx.update(agencies).set({ nameZh: c.row.nameZh, nameEn: c.row.nameEn, inboxEmail: c.row.inboxEmail, active: c.row.active }).where(eq(agencies.id, c.id));
    }
    const missingIds = missing.map((a) => a.id);
    for (let i = 0; i < missingIds.length; i += 1000) await tx.update(agencies).set({ active: false }).where(inArray(agencies.id, missingIds.slice(i, i + 1000)));

    await appendLedger(tx, {
      chain: adminChains.directory,
      actor: ledgerActor(actor),
      action: "admin.directory.imported",
      subjectType: "agency_directory",
      subjectId: randomUUID(),
      details: {
        reason: input.reason,
        deactivateMissing: input.deactivateMissing,
        rows: parsed.rows.length,
        ...counts,
        // Which agencies: by identity, so the ledger alone tells what the import did.
        addedAgencies: toAdd.map((r) => `${r.departmentType}:${r.placeCode}`),
        changedAgencies: toChange.map((c) => ({ agency: `${c.row.departmentType}:${c.row.placeCode}`, fields: c.fields })),
        deactivatedAgencies: missing.map((a) => `${a.departmentType}:${a.placeCode.trim()}`),
      },
      today: today(now),
      now,
    });
    return counts;
  });
}
