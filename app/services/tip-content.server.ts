import { decryptJson, encryptJson } from "../lib/crypto.server";

/** What the tipster wrote in free text: encrypted at rest, bound to the tip's id. */
export type TipContent = { description: string; address?: string; observedOn?: string };
/** `newsByEmail`: the tipster asked to be emailed (only "there is news") — meaningful with `email` only. */
export type TipContact = { name?: string; phone?: string; email?: string; newsByEmail?: boolean };

export const contentAad = (tipId: string) => `tip:${tipId}:content`;
export const contactAad = (tipId: string) => `tip:${tipId}:contact`;
export const messageAad = (tipId: string) => `tip:${tipId}:message`;
export const attachmentAad = (attachmentId: string) => `attachment:${attachmentId}`;

export const encryptContent = (tipId: string, c: TipContent) => encryptJson(c, contentAad(tipId));
export const decryptContent = (tipId: string, b: Buffer) => decryptJson<TipContent>(b, contentAad(tipId));
export const encryptContact = (tipId: string, c: TipContact) => encryptJson(c, contactAad(tipId));
export const decryptContact = (tipId: string, b: Buffer) => decryptJson<TipContact>(b, contactAad(tipId));
