/**
 * Text fields of the CSV files the app writes, guarded against formula injection (OWASP "CSV
 * Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and
 * some also after a leading tab or carriage return), so a company named `=HYPERLINK(…)` would
 * become a link in a clerk's spreadsheet. Such a field gets a leading `'`, which spreadsheets
 * show as text. Only text is guarded: numbers the app writes stay numbers (a negative change is
 * `-3`, not `'-3`). The SQL function csv_field() (migration 0015) applies the same rule to the
 * outcomes download; tests/integration/csv-formula-guard.test.ts checks that both agree.
 */
export const CSV_FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"] as const;

export function guardCsvText(value: string): string {
  return value !== "" && (CSV_FORMULA_TRIGGERS as readonly string[]).includes(value[0]!) ? `'${value}` : value;
}

/** csv-stringify's options for it: every string value is text; numbers and booleans pass untouched. */
export const CSV_TEXT_GUARD = { cast: { string: guardCsvText } } as const;
