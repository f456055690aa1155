import { useT } from "~/i18n";
import { AttachmentList, Thread, type AttachmentView, type MessageView } from "./tip-parts";

export type MergedTipView = {
  reference: string;
  submittedOn: string;
  companyName: string | null;
  content: { description: string; address?: string; observedOn?: string };
  attachments: AttachmentView[];
  messages: MessageView[];
};

/** The tips merged into a case, each with its text, files and its own thread (read-only). */
export function MergedTips({ tips }: { tips: MergedTipView[] }) {
  const t = useT();
  return (
    <section aria-labelledby="merged-title" data-testid="merged-tips">
      <h2 id="merged-title">{t("staff.case.merged.title")}</h2>
      {tips.map((m) => {
        const files = m.attachments.filter((a) => a.messageId === null);
        return (
          <article key={m.reference} className="card merged-tip" data-reference={m.reference}>
            <h3>{t("staff.case.merged.item", { reference: m.reference, date: m.submittedOn })}</h3>
            <dl className="facts">
              {m.companyName ? (
                <>
                  <dt>{t("staff.col.company")}</dt>
                  <dd>{m.companyName}</dd>
                </>
              ) : null}
              {m.content.address ? (
                <>
                  <dt>{t("staff.case.address")}</dt>
                  <dd>{m.content.address}</dd>
                </>
              ) : null}
              {m.content.observedOn ? (
                <>
                  <dt>{t("staff.case.observedOn")}</dt>
                  <dd>{m.content.observedOn}</dd>
                </>
              ) : null}
            </dl>
            <p className="tip-text" data-testid="merged-tip-text">
              {m.content.description}
            </p>
            <h4>{t("staff.case.attachments")}</h4>
            {files.length === 0 ? <p className="hint">{t("staff.case.noAttachments")}</p> : <AttachmentList files={files} />}
            <h4>{t("staff.case.merged.thread")}</h4>
            {m.messages.length === 0 ? <p className="hint">{t("staff.case.thread.empty")}</p> : <Thread messages={m.messages} />}
          </article>
        );
      })}
    </section>
  );
}
