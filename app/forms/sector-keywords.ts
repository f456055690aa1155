import { z } from "zod";
import { SECTOR_CODES } from "../../db/seed/reference-data";

/**
 * The keyword table's forms (/staff/admin/keywords) and the triage page's "use this sector".
 * Weights are whole numbers from -9 to 9, never 0 (the database checks the same).
 */
export const KEYWORD_PHRASE_MAX = 40;
export const KEYWORD_WEIGHT_MIN = -9;
export const KEYWORD_WEIGHT_MAX = 9;

export const addKeywordSchema = z.object({
  // "other" is what no phrase matching means: no phrase points to it.
  sectorCode: z.enum(SECTOR_CODES, { error: "errors.keyword.sectorRequired" }).refine((c) => c !== "other", "errors.keyword.sectorRequired"),
  phrase: z
    .string({ error: "errors.keyword.phraseRequired" })
    .trim()
    .min(1, { error: "errors.keyword.phraseRequired", abort: true })
    .max(KEYWORD_PHRASE_MAX, "errors.keyword.phraseTooLong"),
  weight: z.coerce
    .number({ error: "errors.keyword.weight" })
    .int("errors.keyword.weight")
    .min(KEYWORD_WEIGHT_MIN, "errors.keyword.weight")
    .max(KEYWORD_WEIGHT_MAX, "errors.keyword.weight")
    .refine((w) => w !== 0, "errors.keyword.weight"),
});
export type AddKeywordInput = z.infer<typeof addKeywordSchema>;

export const removeKeywordSchema = z.object({ id: z.uuid("errors.keyword.unknown") });

/** "Use this sector": the sector the text suggests, and the one the officer saw on file (a change meanwhile is refused). */
export const useTextSectorSchema = z.object({
  sectorCode: z.enum(SECTOR_CODES, { error: "errors.sector.required" }),
  from: z.enum(SECTOR_CODES, { error: "errors.sector.required" }),
});
