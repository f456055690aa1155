/**
 * Suggests a sector from what the tipster wrote (description and company name), so the desk sees
 * when the text points elsewhere than the sector the tipster chose. A pure function of the text
 * and a keyword table that administrators edit (sector_keywords); the desk decides, nothing
 * routes on it automatically.
 *
 * - Text is normalised (NFKC, lower case) so full-width letters and digits match.
 * - A phrase with Chinese characters matches as a substring; an English phrase matches whole
 *   words, allowing simple endings (leak → leaks, leaking, leaked; discharge → discharging).
 * - Longer phrases are matched first and take their text away from shorter ones, so "天然气长输管道"
 *   is not also counted as "天然气" (a table entry can make a sector win by being more specific).
 * - Negative weights never take text away: they lower a sector when a context word is present
 *   (e.g. "化工厂" lowers city gas when a chemicals plant mentions its "燃气").
 * - Each phrase counts once per tip; a match in the company name weighs more (COMPANY_FACTOR):
 *   "…煤矿有限公司" says what the site is.
 */
export type SectorKeyword = { sectorCode: string; phrase: string; weight: number };

export type SectorScore = { sector: string; score: number; matched: string[] };

export type Classification = { ranked: SectorScore[] };

export type ClassifierInput = { description: string; companyName?: string | null };

export const COMPANY_FACTOR = 1.5;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

const normaliseText = (text: string) => text.normalize("NFKC").toLowerCase();

/** A phrase as the classifier matches it (and as the table stores it, so "KTV" and "ktv" are one phrase). */
export const normalisePhrase = (phrase: string) => normaliseText(phrase).trim().replace(/\s+/g, " ");

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One English word and its simple inflections (plural, -ing, -ed). */
function wordForms(word: string): string {
  const forms = new Set([word, `${word}s`, `${word}es`, `${word}ed`, `${word}ing`]);
  if (word.endsWith("e")) {
    forms.add(`${word.slice(0, -1)}ing`);
    forms.add(`${word}d`);
  }
  if (/[^aeiou]y$/.test(word)) forms.add(`${word.slice(0, -1)}ies`);
  // leak → leaking; but a consonant-vowel-consonant word doubles (spill has two already): stop → stopping
  if (/[^aeiou][aeiou][bdgmnprt]$/.test(word)) {
    forms.add(`${word}${word.at(-1)}ing`);
    forms.add(`${word}${word.at(-1)}ed`);
  }
  return `(?:${[...forms].sort((a, b) => b.length - a.length).map(escape).join("|")})`;
}

type Matcher = { entry: SectorKeyword; phrase: string; find: (text: string) => { index: number; length: number }[] };

function matcherOf(entry: SectorKeyword): Matcher | null {
  const phrase = normalisePhrase(entry.phrase);
  if (phrase.length === 0) return null;
  if (CJK.test(phrase)) {
    return {
      entry,
      phrase,
      find: (text) => {
        const found = [];
        for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) found.push({ index: i, length: phrase.length });
        return found;
      },
    };
  }
  // Word boundaries are Latin letters and digits only: "ktv包厢" still holds the word "ktv".
  const words = phrase.split(/[\s-]+/).filter(Boolean);
  const pattern = new RegExp(`(?<![a-z0-9])${words.map(wordForms).join("[\\s-]+")}(?![a-z0-9])`, "g");
  return { entry, phrase, find: (text) => [...text.matchAll(pattern)].map((m) => ({ index: m.index, length: m[0].length })) };
}

/** Finds the phrases of the table in one text; a found positive phrase is blanked out so shorter ones do not count it again. */
function matchIn(text: string, positive: Matcher[], negative: Matcher[]): Set<Matcher> {
  const hits = new Set<Matcher>();
  let rest = text;
  for (const m of positive) {
    const found = m.find(rest);
    if (found.length === 0) continue;
    hits.add(m);
    for (const f of found) rest = rest.slice(0, f.index) + "#".repeat(f.length) + rest.slice(f.index + f.length);
  }
  for (const m of negative) if (m.find(text).length > 0) hits.add(m);
  return hits;
}

export function compileTable(table: readonly SectorKeyword[]) {
  const all = table.map(matcherOf).filter((m): m is Matcher => m !== null);
  const positive = all.filter((m) => m.entry.weight > 0).sort((a, b) => b.phrase.length - a.phrase.length);
  const negative = all.filter((m) => m.entry.weight < 0);
  return { positive, negative };
}

export type CompiledTable = ReturnType<typeof compileTable>;

export function classifySector(input: ClassifierInput, table: readonly SectorKeyword[] | CompiledTable): Classification {
  const compiled = "positive" in table ? table : compileTable(table);
  const inText = matchIn(normaliseText(input.description), compiled.positive, compiled.negative);
  const inCompany = input.companyName ? matchIn(normaliseText(input.companyName), compiled.positive, compiled.negative) : new Set<Matcher>();
  const bySector = new Map<string, SectorScore>();
  for (const m of new Set([...inText, ...inCompany])) {
    const weight = m.entry.weight * (inCompany.has(m) ? COMPANY_FACTOR : 1);
    const s = bySector.get(m.entry.sectorCode) ?? { sector: m.entry.sectorCode, score: 0, matched: [] };
    s.score += weight;
    if (m.entry.weight > 0) s.matched.push(m.entry.phrase);
    bySector.set(m.entry.sectorCode, s);
  }
  const ranked = [...bySector.values()]
    .filter((s) => s.score > 0 && s.matched.length > 0)
    .map((s) => ({ ...s, score: Math.round(s.score * 100) / 100 }))
    .sort((a, b) => b.score - a.score || b.matched.length - a.matched.length || a.sector.localeCompare(b.sector));
  return { ranked };
}
