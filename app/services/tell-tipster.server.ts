import { and, eq, isNull, ne, or } from "drizzle-orm";
import { tips } from "../../db/schema/index";
import { localDate } from "../domain/working-days";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { enqueueEmail } from "../lib/jobs.server";
import { decryptContact } from "./tip-content.server";

/** The address to tell, read from the encrypted contact: none if erased, not given, or not asked for. */
export async function tipsterNewsAddress(tipId: string, tx: Executor = db()): Promise<string | null> {
  const [tip] = await tx.select({ contactEnc: tips.contactEnc }).from(tips).where(eq(tips.id, tipId));
  if (!tip?.contactEnc) return null;
  const contact = decryptContact(tipId, tip.contactEnc);
  return contact.newsByEmail && contact.email ? contact.email : null;
}

/**
 * A staff action gave the tipster news (a message, a state they see): queue ONE email that says
 * only that, in the caller's transaction, if they left an address and asked — at most one a day
 * per tip (tips.tipster_told_on, a date: the staff action's, not the tipster's). The job holds
 * the tip id, never the address.
 */
export async function tellTipsterOfNews(tx: Executor, tipId: string, now: Date): Promise<boolean> {
  if (!(await tipsterNewsAddress(tipId, tx))) return false;
  const today = localDate(now, env().timeZone);
  const marked = await tx
    .update(tips)
    .set({ tipsterToldOn: today })
    .where(and(eq(tips.id, tipId), or(isNull(tips.tipsterToldOn), ne(tips.tipsterToldOn, today))))
    .returning({ id: tips.id });
  if (marked.length === 0) return false;
  await enqueueEmail(tx, { template: "tipster_news", tipId, locale: "zh-CN", data: {}, dedupeKey: `tipster_news:${tipId}:${today}` });
  return true;
}
