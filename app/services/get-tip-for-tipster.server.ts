import { asc, eq, inArray } from "drizzle-orm";
import { agencies, attachments, places, sectors, tipMessages, tips } from "../../db/schema/index";
import { publicStatus, type PublicStatus } from "../domain/case-state";
import { decrypt } from "../lib/crypto.server";
import { db } from "../lib/db.server";
import { decryptContact, decryptContent, messageAad, type TipContact, type TipContent } from "./tip-content.server";

export type TipsterView = {
  reference: string;
  submittedOn: string;
  status: PublicStatus;
  dueOn: string | null;
  sector: { code: string; nameZh: string; nameEn: string };
  /** Province → city → county, as far as the tip was placed. */
  placePath: { code: string; nameZh: string; nameEn: string }[];
  companyName: string | null;
  content: TipContent;
  contact: TipContact | null;
  flags: { majorHazard: boolean; concealedAccident: boolean; deaths: number | null; officialsImplicated: boolean; tipsterWorksThere: boolean };
  agency: { nameZh: string; nameEn: string } | null;
  /** Why the tip was not taken up, and the desk's note (e.g. where to go instead). */
  rejection: { reason: string; note: string | null } | null;
  attachments: { id: string; mediaType: string; byteSize: number; addedOn: string; messageId: number | null }[];
  messages: { id: number; author: "tipster" | "staff"; body: string; sentOn: string }[];
};

/** Everything the signed-in tipster may see of their own tip, decrypted. */
export async function getTipForTipster(tipId: string): Promise<TipsterView | null> {
  const [row] = await db()
    .select({ tip: tips, sector: sectors, place: places, agency: { nameZh: agencies.nameZh, nameEn: agencies.nameEn } })
    .from(tips)
    .innerJoin(sectors, eq(sectors.code, tips.sectorCode))
    .innerJoin(places, eq(places.code, tips.placeCode))
    .leftJoin(agencies, eq(agencies.id, tips.agencyId))
    .where(eq(tips.id, tipId));
  if (!row) return null;
  const t = row.tip;
  const code = row.place.code;
  const pathCodes = [...new Set([code.slice(0, 2) + "0000", code.slice(0, 4) + "00", code])];
  const [files, messages, path] = await Promise.all([
    db()
      .select({ id: attachments.id, mediaType: attachments.mediaType, byteSize: attachments.byteSize, addedOn: attachments.addedOn, messageId: attachments.messageId })
      .from(attachments)
      .where(eq(attachments.tipId, tipId))
      .orderBy(asc(attachments.addedOn), asc(attachments.id)),
    db().select().from(tipMessages).where(eq(tipMessages.tipId, tipId)).orderBy(asc(tipMessages.id)),
    db().select({ code: places.code, nameZh: places.nameZh, nameEn: places.nameEn }).from(places).where(inArray(places.code, pathCodes)).orderBy(asc(places.code)),
  ]);
  return {
    reference: t.reference,
    submittedOn: t.submittedOn,
    status: publicStatus(t.state),
    dueOn: t.dueOn,
    sector: { code: row.sector.code, nameZh: row.sector.nameZh, nameEn: row.sector.nameEn },
    placePath: path.filter((p) => p.nameZh !== "市辖区"),
    companyName: t.companyName,
    content: decryptContent(t.id, t.contentEnc),
    contact: t.contactEnc ? decryptContact(t.id, t.contactEnc) : null,
    flags: {
      majorHazard: t.majorHazard,
      concealedAccident: t.concealedAccident,
      deaths: t.deaths,
      officialsImplicated: t.officialsImplicated,
      tipsterWorksThere: t.tipsterWorksThere,
    },
    agency: row.agency?.nameZh ? { nameZh: row.agency.nameZh, nameEn: row.agency.nameEn } : null,
    rejection: t.rejectionReason
      ? { reason: t.rejectionReason, note: t.rejectionNoteEnc ? decrypt(t.rejectionNoteEnc, `tip:${t.id}:rejection`).toString("utf8") : null }
      : null,
    attachments: files,
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: decrypt(m.bodyEnc, messageAad(tipId)).toString("utf8"), sentOn: m.sentOn })),
  };
}
