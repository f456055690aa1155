/**
 * What an email may carry, and nothing else.
 *
 * Every template declares its data as a spec of field kinds. A kind admits only short,
 * non-narrative values — reference numbers, names from reference data (sector, place,
 * agency), dates, counts, tokens and fixed codes — so the text of a tip, a message or a
 * contact detail has no field to travel in. Data are checked at enqueue time and again at
 * render time: unknown fields, fields whose name looks like tip content, and values that do
 * not fit their kind are refused.
 */

export type Locale = "zh-CN" | "en";
export const EMAIL_LOCALES: readonly Locale[] = ["zh-CN", "en"];

export type FieldKind =
  /** A case reference, e.g. JB2026-48213907. */
  | "reference"
  /** A sector, place or agency name from reference data: one short line. */
  | "name"
  /** A calendar date, YYYY-MM-DD (emails show dates, never times). */
  | "date"
  /** A non-negative whole number (days, cases, CNY). */
  | "count"
  /** An opaque URL-safe token (staff invitations). */
  | "token"
  /** One of these codes. */
  | readonly string[];

export type FieldSpec = Readonly<Record<string, FieldKind>>;

type ValueOf<K> = K extends "count" ? number : K extends readonly (infer U)[] ? U : string;

/** The data type a spec admits: exactly these fields (extra ones fail to compile in literals). */
export type DataOf<S extends FieldSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/**
 * Field names that belong to tips, tipsters or free text. No template may declare one, and
 * data carrying one are refused (matched case-insensitively as a substring).
 */
export const FORBIDDEN_FIELD_FRAGMENTS = [
  "description",
  "content",
  "contact",
  "message",
  "body",
  "text",
  "tipster",
  "reporter",
  "phone",
  "mobile",
  "mail",
  "address",
  "attachment",
  "evidence",
  "summary",
  "detail",
  "note",
  "comment",
  "reason",
  "receipt",
  "location",
  "coordinates",
] as const;

export function isForbiddenFieldName(name: string): boolean {
  const n = name.toLowerCase();
  return n === "tip" || n === "tips" || FORBIDDEN_FIELD_FRAGMENTS.some((f) => n.includes(f));
}

export class EmailDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmailDataError";
  }
}

const REFERENCE = /^[A-Z0-9]{2,12}(?:-[A-Z0-9]{1,12}){0,3}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;
// Control characters, line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function checkValue(template: string, field: string, kind: FieldKind, value: unknown): void {
  const fail = (why: string): never => {
    throw new EmailDataError(`email ${template}: field "${field}" ${why}`);
  };
  if (Array.isArray(kind)) {
    if (typeof value !== "string" || !kind.includes(value)) fail(`must be one of ${kind.join(", ")}`);
    return;
  }
  switch (kind) {
    case "count":
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) fail("must be a whole number ≥ 0");
      return;
    case "reference":
      if (typeof value !== "string" || !REFERENCE.test(value)) fail("must be a reference number");
      return;
    case "date": {
      const m = typeof value === "string" ? DATE.exec(value) : null;
      if (!m) return fail("must be a date YYYY-MM-DD");
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (d.toISOString().slice(0, 10) !== value) fail("must be a real date");
      return;
    }
    case "token":
      if (typeof value !== "string" || !TOKEN.test(value)) fail("must be a URL-safe token");
      return;
    case "name": {
      if (typeof value !== "string") return fail("must be a string");
      const v = value.trim();
      // A name from reference data is one short line; anything longer is not a name.
      if (v.length === 0 || v.length > 80) fail("must be a name of 1 to 80 characters");
      if (CONTROL.test(v)) fail("must be one line");
      // Nothing that looks like a contact detail (an e-mail address or a phone number).
      if (v.includes("@") || /\d{7,}/.test(v.replace(/[\s-]/g, ""))) fail("must not contain contact details");
      return;
    }
  }
}

/** Checks data against a spec: exactly the declared fields, each fitting its kind. */
export function checkData<S extends FieldSpec>(template: string, spec: S, data: unknown): DataOf<S> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new EmailDataError(`email ${template}: data must be an object`);
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (isForbiddenFieldName(key)) throw new EmailDataError(`email ${template}: field "${key}" may not be sent by email (tip content and tipster details never are)`);
    if (!Object.hasOwn(spec, key)) throw new EmailDataError(`email ${template}: unknown field "${key}"`);
  }
  const out: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(spec)) {
    if (!Object.hasOwn(record, field)) throw new EmailDataError(`email ${template}: field "${field}" is missing`);
    const value = record[field];
    checkValue(template, field, kind, value);
    out[field] = kind === "name" ? (value as string).trim() : value;
  }
  return out as DataOf<S>;
}

/** Asserts at module load that a spec declares no forbidden field. */
export function defineSpec<const S extends FieldSpec>(template: string, spec: S): S {
  for (const field of Object.keys(spec)) {
    if (isForbiddenFieldName(field)) throw new Error(`email ${template}: field name "${field}" is forbidden in email data`);
  }
  return spec;
}

const EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date as people read it: 2026年3月4日 / 4 March 2026. */
export function formatDate(locale: Locale, isoDate: string): string {
  const m = DATE.exec(isoDate);
  if (!m) return isoDate;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return locale === "zh-CN" ? `${y}年${mo}月${d}日` : `${d} ${EN_MONTHS[mo - 1]} ${y}`;
}

export function formatCount(locale: Locale, n: number): string {
  return n.toLocaleString(locale === "zh-CN" ? "zh-CN" : "en-GB");
}

/** "1 day", "3 days", "3 天". */
export function days(locale: Locale, n: number): string {
  return locale === "zh-CN" ? `${n} 天` : `${n} ${n === 1 ? "day" : "days"}`;
}

/** The base of links in emails: PUBLIC_URL, without a trailing slash. */
export type RenderContext = { publicUrl: string };

export function defaultRenderContext(): RenderContext {
  const base = process.env.PUBLIC_URL || `http://localhost:${process.env.PORT ?? 3000}`;
  return { publicUrl: base.replace(/\/+$/, "") };
}

export function caseLink(ctx: RenderContext, reference: string): string {
  return `${ctx.publicUrl}/staff/cases/${encodeURIComponent(reference)}`;
}
