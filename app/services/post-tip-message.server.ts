import { eq, max, sql } from "drizzle-orm";
import { attachments, staffAccounts, tipMessages, tips } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import type { SanitisedAttachment } from "../lib/attachments.server";
import { encrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { appendLedger, chainForTip } from "../lib/ledger.server";
import { AppError } from "../lib/app-error";
import { storeAttachments } from "./store-attachments.server";
import { tellTipsterOfNews } from "./tell-tipster.server";
import { messageAad } from "./tip-content.server";

export const MESSAGE_MAX = 5000;

/** Files already attached to a tip, so the per-tip limits count them too. */
export async function storedAttachmentTotals(tipId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db()
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${attachments.byteSize}), 0)::int` })
    .from(attachments)
    .where(eq(attachments.tipId, tipId));
  return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
}

/**
 * A message in a tip's private thread: the tipster answering (with evidence), or staff asking.
 * The tipster's message is dated, never timed; staff messages carry the time. A tipster's message
 * is news for staff (tips.tipster_news_position: "replies waiting" until one of them opens the
 * case); a staff message is news for the tipster (one email, if they asked for it).
 */
export async function postTipMessage(opts: {
  tipId: string;
  author: { type: "tipster" } | { type: "staff"; staffId: string };
  body: string;
  files?: SanitisedAttachment[];
  now?: Date;
}): Promise<{ messageId: number }> {
  const body = opts.body.trim();
  const files = opts.files ?? [];
  if (!body && files.length === 0) throw new AppError("invalid_input", { field: "body", message: "errors.message.empty" });
  if (body.length > MESSAGE_MAX) throw new AppError("invalid_input", { field: "body", message: "errors.message.tooLong" });
  const now = opts.now ?? new Date();
  const today = localDate(now, env().timeZone);
  return db().transaction(async (tx) => {
    // Locked, so two messages at once get consecutive positions in the thread.
    const [tip] = await tx.select({ id: tips.id }).from(tips).where(eq(tips.id, opts.tipId)).for("no key update");
    if (!tip) throw new AppError("not_found");
    if (opts.author.type === "staff") {
      const [staff] = await tx.select({ id: staffAccounts.id, active: staffAccounts.active }).from(staffAccounts).where(eq(staffAccounts.id, opts.author.staffId));
      if (!staff?.active) throw new AppError("forbidden");
    }
    const [last] = await tx.select({ position: max(tipMessages.position) }).from(tipMessages).where(eq(tipMessages.tipId, opts.tipId));
    const position = (last?.position ?? 0) + 1;
    const [msg] = await tx
      .insert(tipMessages)
      .values({
        tipId: opts.tipId,
        author: opts.author.type,
        staffId: opts.author.type === "staff" ? opts.author.staffId : null,
        bodyEnc: encrypt(body, messageAad(opts.tipId)),
        sentOn: today,
        sentAt: opts.author.type === "staff" ? now : null,
        // The thread's order (the id is random: it must not order the tipster's messages among all others).
        position,
      })
      .returning({ id: tipMessages.id });
    await storeAttachments(tx, { tipId: opts.tipId, messageId: msg!.id, origin: opts.author.type, files, today });
    await appendLedger(tx, {
      chain: chainForTip(opts.tipId),
      actor: opts.author.type === "staff" ? { type: "staff", id: opts.author.staffId } : { type: "tipster" },
      action: opts.author.type === "staff" ? "tip.question_to_tipster" : "tip.reply_from_tipster",
      subjectType: "tip",
      subjectId: opts.tipId,
      details: { messageId: msg!.id, attachments: files.length },
      today,
      now,
    });
    if (opts.author.type === "tipster") await tx.update(tips).set({ tipsterNewsPosition: position }).where(eq(tips.id, opts.tipId));
    else await tellTipsterOfNews(tx, opts.tipId, now);
    return { messageId: msg!.id };
  });
}
