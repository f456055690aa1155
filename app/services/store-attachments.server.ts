import { randomUUID } from "node:crypto";
import { attachments } from "../../db/schema/index";
import type { SanitisedAttachment } from "../lib/attachments.server";
import { encrypt } from "../lib/crypto.server";
import type { Executor } from "../lib/db.server";
import { attachmentAad } from "./tip-content.server";

/** Stores already-sanitised files, encrypted, without their original names; returns their ids. */
export async function storeAttachments(
  tx: Executor,
  opts: { tipId: string; messageId?: number; origin: "tipster" | "staff"; files: SanitisedAttachment[]; today: string },
): Promise<string[]> {
  if (opts.files.length === 0) return [];
  const ids: string[] = [];
  await tx.insert(attachments).values(
    opts.files.map((f) => {
      const id = randomUUID();
      ids.push(id);
      return {
        id,
        tipId: opts.tipId,
        messageId: opts.messageId ?? null,
        origin: opts.origin,
        mediaType: f.mediaType,
        byteSize: f.bytes.length,
        contentEnc: encrypt(f.bytes, attachmentAad(id)),
        addedOn: opts.today,
      };
    }),
  );
  return ids;
}
