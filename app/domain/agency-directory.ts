import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { DirectoryColumn, DirectoryError } from "./agency-directory-errors";
import { CSV_FORMULA_TRIGGERS } from "./csv-text";
import type { Level } from "./places";
import { provincialOnlyAllowedAt } from "./routing";

export type { DirectoryColumn, DirectoryError };

/**
 * The agency directory as a CSV file (docs/decisions/019-agency-directory-import.md): one agency
 * a line, identified by department type + place code. The same columns are exported and
 * imported, so a file exported, edited in a spreadsheet and imported again round-trips.
 * Validation here is pure: the caller passes the department types and places that exist.
 */
export const DIRECTORY_COLUMNS = ["department_type", "place_code", "name_zh", "name_en", "inbox_email", "active"] as const satisfies readonly DirectoryColumn[];


export type DirectoryRow = {
  /** The line of the file the row was read from (the header is line 1). */
  line: number;
  departmentType: string;
  placeCode: string;
  nameZh: string;
  nameEn: string;
  inboxEmail: string;
  active: boolean;
};

export type DirectoryReference = {
  /** Department type code → whether it exists only at provincial level (and above). */
  departmentTypes: ReadonlyMap<string, { provincialOnly: boolean }>;
  /** Place code → its level ("country", "province", "city", "county"). */
  placeLevels: ReadonlyMap<string, Level>;
};

export const NAME_MAX = 200;
/** More errors than this are not listed one by one: the file is probably not a directory at all. */
export const MAX_LISTED_ERRORS = 200;

const ACTIVE_WORDS: Record<string, boolean> = { yes: true, no: false, true: true, false: false, "1": true, "0": false, 是: true, 否: false, y: true, n: false };
const emailSchema = z.email().max(254);

/** The export's spelling of `active`. */
export const activeWord = (active: boolean) => (active ? "yes" : "no");

/**
 * Undoes the CSV formula guard of our own export (a leading `'` before `=`, `+`, `-`, `@`, tab or
 * CR), so a name exported as `'=…` is imported as `=…` and the round trip changes nothing.
 */
export function unguardCsvText(value: string): string {
  return value.length > 1 && value[0] === "'" && (CSV_FORMULA_TRIGGERS as readonly string[]).includes(value[1]!) ? value.slice(1) : value;
}

/**
 * A place code as typed: six digits; a spreadsheet drops the leading zeros of 000000 (the
 * national level) and shows 0, so shorter digit strings are padded back.
 */
export function normalisePlaceCode(value: string): string | null {
  return /^\d{1,6}$/.test(value) ? value.padStart(6, "0") : null;
}

export type DirectoryParse = { ok: true; rows: DirectoryRow[] } | { ok: false; errors: DirectoryError[]; truncated: boolean };

/** Reads and validates a whole directory file; either every row is valid or the errors are listed. */
export function parseDirectoryCsv(text: string, ref: DirectoryReference): DirectoryParse {
  const errors: DirectoryError[] = [];
  const fail = (): DirectoryParse => ({ ok: false, errors: errors.slice(0, MAX_LISTED_ERRORS), truncated: errors.length > MAX_LISTED_ERRORS });
  let records: { record: string[]; info: { lines: number } }[];
  const lineOf: number[] = []; // the line each record ends on, as a text editor counts
  try {
    const parsed: string[][] = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record, context) => (lineOf.push(context.lines), record),
    });
    records = parsed.map((record, i) => ({ record, info: { lines: lineOf[i]! } }));
  } catch (e) {
    // An unclosed quote is found only at the end of the file: name the line where its record began.
    const reported = typeof (e as { lines?: unknown }).lines === "number" ? (e as { lines: number }).lines : 1;
    const line = (e as { code?: unknown }).code === "CSV_QUOTE_NOT_CLOSED" ? (lineOf.at(-1) ?? 0) + 1 : reported;
    errors.push({ line, column: null, code: "admin.directory.errors.malformed" });
    return fail();
  }
  const [header, ...body] = records;
  if (!header) {
    errors.push({ line: 1, column: null, code: "admin.directory.errors.empty" });
    return fail();
  }
  const names = header.record.map((h) => h.toLowerCase());
  const index = new Map<DirectoryColumn, number>();
  for (const column of DIRECTORY_COLUMNS) {
    const i = names.indexOf(column);
    if (i < 0) errors.push({ line: header.info.lines, column, code: "admin.directory.errors.missingColumn" });
    else index.set(column, i);
  }
  names.forEach((n, i) => {
    if (!(DIRECTORY_COLUMNS as readonly string[]).includes(n)) errors.push({ line: header.info.lines, column: null, code: "admin.directory.errors.unknownColumn", value: header.record[i] });
  });
  if (errors.length > 0) return fail();
  if (body.length === 0) {
    errors.push({ line: header.info.lines, column: null, code: "admin.directory.errors.noRows" });
    return fail();
  }

  const rows: DirectoryRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== header.record.length) {
      errors.push({ line, column: null, code: "admin.directory.errors.fieldCount", value: String(record.length) });
      continue;
    }
    const cell = (c: DirectoryColumn) => unguardCsvText(record[index.get(c)!] ?? "");
    const err = (column: DirectoryColumn, code: DirectoryError["code"], value: string) => errors.push({ line, column, code, value });
    const before = errors.length;

    const departmentType = cell("department_type");
    const type = ref.departmentTypes.get(departmentType);
    if (!departmentType) err("department_type", "admin.directory.errors.required", departmentType);
    else if (!type) err("department_type", "admin.directory.errors.departmentType", departmentType);

    const typedPlace = cell("place_code");
    const placeCode = normalisePlaceCode(typedPlace);
    const level = placeCode ? ref.placeLevels.get(placeCode) : undefined;
    if (!typedPlace) err("place_code", "admin.directory.errors.required", typedPlace);
    else if (!placeCode) err("place_code", "admin.directory.errors.placeCode", typedPlace);
    else if (!level) err("place_code", "admin.directory.errors.placeUnknown", typedPlace);
    else if (type?.provincialOnly && !provincialOnlyAllowedAt(level)) err("place_code", "admin.directory.errors.provincialOnly", typedPlace);

    const nameZh = cell("name_zh");
    const nameEn = cell("name_en");
    for (const [column, name] of [["name_zh", nameZh], ["name_en", nameEn]] as const) {
      if (!name) err(column, "admin.directory.errors.required", name);
      else if (name.length > NAME_MAX) err(column, "admin.directory.errors.tooLong", name.slice(0, 40) + "…");
    }

    const inboxEmail = cell("inbox_email").toLowerCase();
    if (!inboxEmail) err("inbox_email", "admin.directory.errors.required", inboxEmail);
    else if (!emailSchema.safeParse(inboxEmail).success) err("inbox_email", "admin.directory.errors.email", cell("inbox_email"));

    const typedActive = cell("active");
    const active = ACTIVE_WORDS[typedActive.toLowerCase()];
    if (active === undefined) err("active", "admin.directory.errors.active", typedActive);

    if (errors.length > before || !placeCode || active === undefined) continue;
    const identity = `${departmentType}:${placeCode}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      errors.push({ line, column: "place_code", code: "admin.directory.errors.duplicate", value: String(first) });
      continue;
    }
    seen.set(identity, line);
    rows.push({ line, departmentType, placeCode, nameZh, nameEn, inboxEmail, active });
  }
  return errors.length > 0 ? fail() : { ok: true, rows };
}

/** One agency as a record of the export, keyed by column (the caller writes it with the formula guard). */
export function directoryRecord(a: Omit<DirectoryRow, "line">): Record<DirectoryColumn, string> {
  return { department_type: a.departmentType, place_code: a.placeCode, name_zh: a.nameZh, name_en: a.nameEn, inbox_email: a.inboxEmail, active: activeWord(a.active) };
}
