/**
 * The errors of an agency directory file (app/domain/agency-directory.ts) and how they read: kept
 * apart from the parser so the page's browser bundle does not carry the CSV parser.
 */
import type { MessageKey, Translate } from "../i18n";

export type DirectoryColumn = "department_type" | "place_code" | "name_zh" | "name_en" | "inbox_email" | "active";

/**
 * One problem: the line and column it is on (column null: the whole line; line null: not on any
 * line, e.g. an agency missing from the file), an i18n key, and what was typed there.
 */
export type DirectoryError = { line: number | null; column: DirectoryColumn | null; code: DirectoryErrorCode; value?: string };
/** The directory's error messages: a closed set of catalogue keys. */
export type DirectoryErrorCode = Extract<MessageKey, `admin.directory.errors.${string}`>;

/**
 * An error as the administrator reads it: where (line, column), what is wrong, what was typed.
 * `t` is the page's translator (app/i18n), so the same error reads in both languages.
 */
export function describeDirectoryError(t: Translate, e: DirectoryError): string {
  const where = e.line === null ? "" : e.column ? t("admin.directory.error.lineColumn", { line: e.line, column: e.column }) : t("admin.directory.error.line", { line: e.line });
  const what = t(e.code, { value: e.value ?? "" });
  const typed =
    e.column && e.value !== undefined && e.code !== "admin.directory.errors.duplicate" && e.code !== "admin.directory.errors.missingColumn"
      ? " " + t("admin.directory.error.typed", { value: e.value === "" ? t("admin.directory.error.empty") : e.value })
      : e.code === "admin.directory.errors.unknownColumn" && e.value !== undefined
        ? " " + t("admin.directory.error.typed", { value: e.value })
        : "";
  return where ? t("admin.directory.error.at", { where, what: what + typed }) : what + typed;
}
