import { useT } from "~/i18n";

export type AttachmentView = { id: string; mediaType: string; byteSize: number; addedOn: string; origin: string; messageId: number | null };
export type MessageView = { id: number; author: string; body: string; sentOn: string };

/** A tip's files as downloads (and re-encoded previews of images), through the staff attachment route. */
export function AttachmentList({ files }: { files: AttachmentView[] }) {
  const t = useT();
  return (
    <ul className="attachments">
      {files.map((f) => (
        <li key={f.id}>
          {f.mediaType} · {Math.max(1, Math.round(f.byteSize / 1024))} KB ·{" "}
          {f.mediaType.startsWith("image/") ? (
            <>
              <a href={`/staff/attachments/${f.id}/preview`} target="_blank" rel="noreferrer">
                {t("staff.case.preview")}
              </a>{" "}
              ·{" "}
            </>
          ) : null}
          <a href={`/staff/attachments/${f.id}`}>{t("staff.case.download")}</a>
        </li>
      ))}
    </ul>
  );
}

/** A tip's thread with its tipster, oldest first. */
export function Thread({ messages }: { messages: MessageView[] }) {
  const t = useT();
  return (
    <ol className="thread">
      {messages.map((m) => (
        <li key={m.id} className={`message ${m.author}`}>
          <p className="meta">
            {m.author === "staff" ? t("staff.case.thread.staff") : t("staff.case.thread.tipster")} · {m.sentOn}
          </p>
          <p className="body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}
