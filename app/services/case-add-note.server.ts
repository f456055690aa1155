import { asc, eq } from "drizzle-orm";
import { caseNotes, staffAccounts } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { NOTE_MAX } from "../forms/case";
import { decrypt, encrypt } from "../lib/crypto.server";
import { AppError } from "../lib/app-error";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import type { StaffContext } from "../lib/staff-session.server";
import { findVisibleCase } from "./case-record.server";

export const noteAad = (tipId: string) => `tip:${tipId}:note`;

/** Who may write internal notes: the agency handling the case and its supervisors. */
const NOTE_ROLES = ["agency_officer", "supervisor"];

/**
 * An internal investigation note: encrypted, staff only (never shown to the tipster or the public).
 * The ledger records that a note was added, never its text.
 */
export async function addCaseNote(staff: StaffContext, reference: string, opts: { body: string; now?: Date }) {
  if (!NOTE_ROLES.includes(staff.role)) throw new AppError("forbidden", { message: "errors.transition.not_allowed_for_actor" });
  const body = opts.body.trim();
  if (!body) throw new AppError("invalid_input", { field: "body", message: "errors.note.empty" });
  if (body.length > NOTE_MAX) throw new AppError("invalid_input", { field: "body", message: "errors.message.tooLong" });
  const c = await findVisibleCase(staff, reference);
  const now = opts.now ?? new Date();
  return db().transaction(async (tx) => {
    const [note] = await tx
      .insert(caseNotes)
      .values({ tipId: c.id, staffId: staff.staffId, bodyEnc: encrypt(body, noteAad(c.id)), createdAt: now })
      .returning({ id: caseNotes.id });
    await appendLedger(tx, {
      chain: chainForTip(c.id),
      actor: { type: "staff", id: staff.staffId },
      action: "case.note_added",
      subjectType: "tip",
      subjectId: c.id,
      details: { noteId: note!.id },
      today: localDate(now, env().timeZone),
      now,
    });
    return { noteId: note!.id };
  });
}

/** A case's notes, decrypted, oldest first (the caller has already found the case visible). */
export async function listCaseNotes(tipId: string) {
  const rows = await db()
    .select({ id: caseNotes.id, bodyEnc: caseNotes.bodyEnc, createdAt: caseNotes.createdAt, author: staffAccounts.displayName })
    .from(caseNotes)
    .innerJoin(staffAccounts, eq(staffAccounts.id, caseNotes.staffId))
    .where(eq(caseNotes.tipId, tipId))
    .orderBy(asc(caseNotes.id));
  return rows.map((r) => ({ id: r.id, author: r.author, createdAt: r.createdAt.toISOString(), body: decrypt(r.bodyEnc, noteAad(tipId)).toString("utf8") }));
}
