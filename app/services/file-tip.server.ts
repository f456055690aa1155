import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import type { HotlineChannel } from "../domain/channels";
import { levelOf, placeAt } from "../domain/places";
import { randomReferenceDigits, referenceFor, referenceSeqFor } from "../domain/reference";
import { receiptFromBytes } from "../domain/receipt";
import { localDate } from "../domain/working-days";
import { AppError } from "../lib/app-error";
import type { SanitisedAttachment } from "../lib/attachments.server";
import type { CaptchaStatus } from "../lib/captcha.server";
import { keyedHash, keyedHashes, keyedHashUnder } from "../lib/crypto.server";
import { db, queryRows, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { chainForTip, startLedgerChainCtes } from "../lib/ledger.server";
import { deadlineFrom } from "../lib/rules.server";
import { storeAttachments } from "./store-attachments.server";
import { encryptContact, encryptContent, type TipContact, type TipContent } from "./tip-content.server";

export type NewTip = {
  sectorCode: string;
  /** The most precise place the tipster gave. */
  placeCode: string;
  companyName?: string;
  content: TipContent;
  contact?: TipContact;
  majorHazard: boolean;
  concealedAccident: boolean;
  deaths?: number;
  officialsImplicated: boolean;
  /** Which level of the tip's own place is implicated (its county, city or province). */
  implicatedLevel?: "county" | "city" | "province";
  tipsterWorksThere: boolean;
};

export type FiledTip = {
  reference: string;
  token: string;
  /** The receipt (28 digits), or null when a retry finds a tip whose receipt was since replaced. */
  receipt: string | null;
  /** True when this submission id had already filed the tip: nothing new was stored. */
  repeated: boolean;
  submittedOn: string;
  /** The triage deadline. */
  dueOn: string | null;
};

/**
 * How the tip came in: filed by the tipster (the web form, Open311), or recorded by a hotline
 * operator on the person's behalf from a call, letter, visit or email — then the ledger's first
 * entry is the operator's, a staff action (docs/decisions/020-hotline-channels.md).
 */
export type Intake = { channel: "web" | "open311"; operatorId?: undefined } | { channel: HotlineChannel; operatorId: string };

/** The receipt of a submission, derived under the key that filed it (0 = the current key). */
const receiptFor = (submissionId: string, keyIndex = 0) => receiptFromBytes(keyedHashUnder(keyIndex, "receipt-derivation", submissionId));

async function findRepeat(submissionId: string): Promise<FiledTip | null> {
  const candidates = keyedHashes("submission", submissionId);
  const [row] = await db()
    .select({
      reference: tips.reference,
      token: tips.token,
      receiptReplaced: tips.receiptReplaced,
      submittedOn: tips.submittedOn,
      dueOn: tips.dueOn,
      submissionHash: tips.submissionHash,
    })
    .from(tips)
    .where(inArray(tips.submissionHash, candidates));
  if (!row) return null;
  const keyIndex = Math.max(0, candidates.findIndex((h) => row.submissionHash?.equals(h)));
  return {
    reference: row.reference,
    token: row.token,
    receipt: row.receiptReplaced ? null : receiptFor(submissionId, keyIndex),
    repeated: true,
    submittedOn: row.submittedOn,
    dueOn: row.dueOn,
  };
}

/**
 * Files a tip; refuses (AppError on `sector` or `province`) a sector or place that does not
 * exist. The submission id comes from the form (random, one per form); the receipt is
 * derived from it with a keyed hash, so a retried POST finds the same tip and shows the same
 * receipt, while the database holds only keyed hashes of both.
 */
export async function fileTip(
  opts: {
    tip: NewTip;
    files: SanitisedAttachment[];
    submissionId: string;
    captcha: CaptchaStatus;
    now?: Date;
  } & Intake,
): Promise<FiledTip> {
  const t = opts.tip;
  // The country (000000) is where the national agencies sit, not where a hazard is: a tip names at least a province.
  if (levelOf(t.placeCode) === "country") throw unknownPlace();
  const today = localDate(opts.now ?? new Date(), env().timeZone);
  const dueOn = await deadlineFrom(today, "triage");
  const id = randomUUID();
  const receipt = receiptFor(opts.submissionId);
  // A retry of the same form (under any master key still known) finds the tip it filed.
  const repeat = await findRepeat(opts.submissionId);
  if (repeat) return repeat;
  // Random reference digits (a sequence would order the filings): drawn again in the rare case
  // that the year already has them.
  for (let attempt = 1; ; attempt++) {
    const digits = randomReferenceDigits();
    const year = today.slice(0, 4);
    try {
      return await insertTip(opts, { id, today, dueOn, receipt, reference: referenceFor(year, digits), referenceSeq: referenceSeqFor(year, digits) });
    } catch (e) {
      if (attempt < REFERENCE_ATTEMPTS && uniqueViolation(e) === "tips_reference_unique") continue;
      throw e;
    }
  }
}

const REFERENCE_ATTEMPTS = 5;

async function insertTip(
  opts: Parameters<typeof fileTip>[0],
  v: { id: string; today: string; dueOn: string | null; receipt: string; reference: string; referenceSeq: number },
): Promise<FiledTip> {
  const t = opts.tip;
  const { id, today, dueOn, receipt, reference } = v;
  const insertTip = db()
    .insert(tips)
    .values({
      id,
      reference,
      referenceSeq: v.referenceSeq,
      channel: opts.channel,
      sectorCode: t.sectorCode,
      placeCode: t.placeCode,
      companyName: t.companyName ?? null,
      submittedOn: today,
      majorHazard: t.majorHazard,
      concealedAccident: t.concealedAccident,
      deaths: t.concealedAccident ? (t.deaths ?? null) : null,
      officialsImplicated: t.officialsImplicated,
      implicatedPlaceCode: t.officialsImplicated && t.implicatedLevel ? placeAt(t.placeCode, t.implicatedLevel) : null,
      tipsterWorksThere: t.tipsterWorksThere,
      captchaStatus: opts.captcha,
      contentEnc: encryptContent(id, t.content),
      contactEnc: t.contact && Object.values(t.contact).some(Boolean) ? encryptContact(id, t.contact) : null,
      receiptHash: keyedHash("receipt", receipt),
      submissionHash: keyedHash("submission", opts.submissionId),
      dueOn,
    })
    .onConflictDoNothing({ target: tips.submissionHash })
    .returning({ reference: tips.reference, token: tips.token });
  // The case and the first entry of its ledger chain in one atomic statement; a retry that lost
  // the race inserts neither.
  const statement = sql`with new_tip as (${insertTip.getSQL()}), ${startLedgerChainCtes(
    {
      chain: chainForTip(id),
      actor: opts.operatorId ? { type: "staff", id: opts.operatorId } : { type: "tipster" },
      // Nothing of the caller here: what they said is encrypted in the tip, and their contact
      // details (only when they chose to leave them) too.
      action: opts.operatorId ? "tip.recorded_by_operator" : "tip.submitted",
      subjectType: "tip",
      subjectId: id,
      details: { reference, channel: opts.channel, sector: t.sectorCode, place: t.placeCode, captcha: opts.captcha, attachments: opts.files.length, triageDueOn: dueOn },
      today,
      now: opts.now,
    },
    sql`select 1 from new_tip`,
  )} select reference, token from new_tip`;

  let inserted: { reference: string; token: string };
  try {
    const insertCase = async (executor: Executor) => {
      const rows = await queryRows<{ reference: string; token: string }>(executor, statement);
      if (!rows[0]) throw new RepeatedSubmission();
      return rows[0];
    };
    inserted =
      opts.files.length === 0
        ? await insertCase(db())
        : await db().transaction(async (tx) => {
            const row = await insertCase(tx);
            await storeAttachments(tx, { tipId: id, origin: "tipster", files: opts.files, today });
            return row;
          });
  } catch (e) {
    if (e instanceof RepeatedSubmission) {
      const repeat = await findRepeat(opts.submissionId);
      if (!repeat) throw new Error("a repeated submission whose tip cannot be found");
      return repeat;
    }
    const constraint = foreignKeyViolation(e);
    if (constraint?.includes("sector")) throw new AppError("invalid_input", { field: "sector", message: "errors.sector.required" });
    if (constraint?.includes("place")) throw unknownPlace();
    throw e;
  }
  return { ...inserted, receipt, repeated: false, submittedOn: today, dueOn };
}

class RepeatedSubmission extends Error {}

/** A place that is not one of the divisions (or the country itself): refused on the form's province. */
const unknownPlace = () => new AppError("invalid_input", { field: "province", message: "errors.place.invalid" });

/** The constraint name of a foreign-key violation (unknown sector or place), else null. */
const foreignKeyViolation = (e: unknown) => violatedConstraint(e, "23503");
/** The constraint name of a unique violation (e.g. a reference the year already has), else null. */
const uniqueViolation = (e: unknown) => violatedConstraint(e, "23505");

function violatedConstraint(e: unknown, code: string): string | null {
  for (let x: unknown = e; x && typeof x === "object"; x = (x as { cause?: unknown }).cause) {
    const pg = x as { code?: string; constraint_name?: string };
    if (pg.code === code) return pg.constraint_name ?? "";
  }
  return null;
}
