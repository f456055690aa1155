/**
 * The public summary of an outcome is published on closure, so it must not carry anything that
 * identifies a person: phone numbers, Chinese ID numbers or email addresses. This module finds
 * them (pure; no I/O) and names what it found, so the form can tell the officer what to remove.
 *
 * Text is NFKC-normalised first: full-width digits (１３８…), ＠ and （）are caught too.
 */
export type PersonalDataKind = "mobile" | "landline" | "id_number" | "email";

export type PersonalDataFinding = { kind: PersonalDataKind; match: string };

export const PUBLIC_SUMMARY_ZH_MIN = 20;
export const PUBLIC_SUMMARY_MAX = 2000;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** GB 11643 check digit of an 18-character citizen ID number. */
export function idCheckDigitValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

function plausibleDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

type Rule = { kind: PersonalDataKind; pattern: RegExp; accept?: (m: string) => boolean };

// Order matters: longer digit runs are claimed first, so an ID number is not also reported as a phone number.
const RULES: Rule[] = [
  { kind: "email", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: "id_number", pattern: /(?<![\dA-Za-z])[1-9]\d{16}[\dXx](?![\dA-Za-z])/g, accept: idCheckDigitValid },
  // Legacy 15-digit numbers: region (6) + yymmdd + 3; the birth date must be a real date.
  { kind: "id_number", pattern: /(?<![\dA-Za-z])[1-9]\d{14}(?![\dA-Za-z])/g, accept: (m) => plausibleDate("19" + m.slice(6, 12)) },
  // Mobile: 1[3-9] and nine digits, optionally +86 / 86 in front and split 3-4-4 by spaces or hyphens.
  { kind: "mobile", pattern: /(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g },
  // Landline: area code 0xx or 0xxx, then 7–8 digits (possibly split 3/4-4), an extension after a hyphen; separated by a hyphen or space, or the area code in brackets, or written together.
  { kind: "landline", pattern: /(?<!\d)(?:\(0\d{2,3}\)\s?|0\d{2,3}[-\s]?)\d{3,4}[-\s]?\d{4}(?:-\d{1,5})?(?!\d)/g },
];

/** Every phone number, ID number and email address in `text`, in the order of the rules above. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  let rest = text.normalize("NFKC");
  const found: PersonalDataFinding[] = [];
  for (const rule of RULES) {
    rest = rest.replace(rule.pattern, (m) => {
      if (rule.accept && !rule.accept(m)) return m;
      found.push({ kind: rule.kind, match: m });
      // Blank out what was claimed so later rules do not report its digits again.
      return " ".repeat(m.length);
    });
  }
  return found;
}

/** The i18n error code for a finding, with the match as its `{n}` (see translateError). */
export const findingCode = (f: PersonalDataFinding) => `errors.publicSummary.${f.kind}|${f.match.replace(/\|/g, "")}`;
