import { randomUUID } from "node:crypto";
import { attachments } from "../../db/schema/index";
import type { SanitisedAttachment } from "../lib/attachments.server";
import { encrypt } from "../lib/crypto.server";
import type { Executor } from "../lib/db.server";
import { attachmentAad } from "./tip-content.server";

/** Stores already-sanitised files, encrypted, without their original names. */
export async function storeAttachments(
  tx: Executor,
  opts: { tipId: string; messageId?: number; origin: "tipster" | "staff"; files: SanitisedAttachment[]; today: string },
) {
  if (opts.files.length === 0) return;
  await tx.insert(attachments).values(
    opts.files.map((f) => {
      const id = randomUUID();
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
}
