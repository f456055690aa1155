import { Form, Link, useLocation } from "@remix-run/react";
import type { UnmergeInput } from "~/forms/merge";
import { useT } from "~/i18n";
import { CsrfInput, formProps, TextareaField, useFormFor } from "./form-kit";
import { AttachmentList, Thread, type AttachmentView, type MessageView } from "./tip-parts";

export type MergedTipView = {
  reference: string;
  submittedOn: string;
  companyName: string | null;
  /** The viewer is the desk of the merged tip and the joined case is not concluded: the merge may be undone. */
  mayUndo: boolean;
  content: { description: string; address?: string; observedOn?: string };
  attachments: AttachmentView[];
  messages: MessageView[];
};

/** The tips merged into a case, each with its text, files and its own thread (read-only). */
export function MergedTips({ tips, csrf }: { tips: MergedTipView[]; csrf: string }) {
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
            {m.mayUndo ? <UndoMergeForm reference={m.reference} csrf={csrf} /> : null}
          </article>
        );
      })}
    </section>
  );
}

/**
 * The undo of one merge, on the joined case: posted to the merged tip's merge page (which answers
 * a refusal there, with the reason kept) and back to this page when done. Folded away: an undo is
 * rare, and the section is read far more often.
 */
export function UndoMergeForm({ reference, csrf }: { reference: string; csrf: string }) {
  const t = useT();
  const location = useLocation();
  const [form, fields] = useFormFor<UnmergeInput>(`unmerge-${reference}`, undefined);
  return (
    <details className="undo-merge">
      <summary>{t("unmerge.open")}</summary>
      <Form method="post" action={`/staff/triage/${encodeURIComponent(reference)}/merge`} {...formProps(form)}>
        <CsrfInput value={csrf} />
        <input type="hidden" name="intent" value="unmerge" />
        <input type="hidden" name="back" value={location.pathname} />
        <TextareaField meta={fields.reason} label={t("unmerge.reason")} hint={t("unmerge.reason.hint")} maxLength={1000} />
        <button type="submit" className="button">
          {t("unmerge.submit")}
        </button>
      </Form>
    </details>
  );
}

/** On a merged tip's page: the case it joined, and the way to undo the merge for those who may. */
export function MergedIntoNotice({ tip, into, mayUndo }: { tip: string; into: string; mayUndo: boolean }) {
  const t = useT();
  return (
    <p className="notice">
      <span data-testid="merged-into">{t("staff.case.mergedInto", { reference: into })}</span>
      {mayUndo ? (
        <>
          {" "}
          <Link to={`/staff/triage/${encodeURIComponent(tip)}/merge`} data-testid="undo-merge-link">
            {t("unmerge.open")}
          </Link>
        </>
      ) : null}
    </p>
  );
}
