import { Form, useActionData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReplyInput } from "~/forms/status";
import { useT } from "~/i18n";
import type { TipsterView } from "~/services/get-tip-for-tipster.server";
import { CsrfInput, FileField, formProps, FormErrors, isDone, TextareaField, useFormFor } from "./form-kit";
import { ActionNotice } from "./action-notice";

/** Files of the tip (messageId null) or of one message, as downloads. */
export function StatusAttachments({ files, quiet }: { files: TipsterView["attachments"]; quiet?: boolean }) {
  const t = useT();
  if (files.length === 0) return quiet ? null : <p className="hint">{t("status.attachments.none")}</p>;
  return (
    <ul className="attachments">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/status/attachments/${f.id}`} download>
            {f.mediaType.replace("image/", "").replace("application/", "").toUpperCase()} · {Math.max(1, Math.round(f.byteSize / 1024))} KB · {t("status.attachment.download")}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A question waits for the tipster: the thread's last message is staff's (newer than the tipster's last). */
export function questionWaits(tip: Pick<TipsterView, "messages">): boolean {
  return tip.messages.at(-1)?.author === "staff";
}

/** Open, with a deadline: the date to check back by — the decision to accept, or the agency's current step. */
export function checkBackBy(tip: Pick<TipsterView, "status" | "dueOn">): { key: "news.status.checkBack.accept" | "news.status.checkBack.case"; date: string } | null {
  if (!tip.dueOn) return null;
  if (tip.status === "received") return { key: "news.status.checkBack.accept", date: tip.dueOn };
  if (tip.status === "with_agency" || tip.status === "investigating" || tip.status === "rectifying") return { key: "news.status.checkBack.case", date: tip.dueOn };
  return null;
}

/** At the top of /status: a question waiting for the tipster's answer (with a link to the form), and when to check back. */
export function StatusNews({ tip }: { tip: TipsterView }) {
  const t = useT();
  const back = checkBackBy(tip);
  return (
    <>
      {questionWaits(tip) ? (
        <div className="notice question-waits" role="status" data-testid="question-waits">
          <h2>{t("news.status.question.title")}</h2>
          <p>{t("news.status.question.body")}</p>
          <p>
            {/* The reply form's own id (useFormFor("reply")). */}
            <a href="#reply">{t("news.status.question.link")}</a>
          </p>
        </div>
      ) : null}
      {back ? <p data-testid="check-back">{t(back.key, { date: back.date })}</p> : null}
    </>
  );
}

/** The private thread with the agency, and the tipster's reply form (text and evidence files). */
export function StatusThread({ tip, csrf }: { tip: TipsterView; csrf: string }) {
  const t = useT();
  const actionData = useActionData();
  const navigation = useNavigation();
  const [form, fields] = useFormFor<ReplyInput>("reply", actionData);
  const location = useLocation();
  const sent = useSearchParams()[0].get("sent") === "reply";
  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title">{t("status.thread")}</h2>
      {tip.messages.length === 0 ? <p className="hint">{t("status.thread.empty")}</p> : null}
      <ol className="thread">
        {tip.messages.map((m) => (
          <li key={m.id} className={`message ${m.author}`}>
            <p className="meta">
              {m.author === "staff" ? t("status.thread.staff") : t("status.thread.tipster")} · {m.sentOn}
            </p>
            <p className="body">{m.body}</p>
            <StatusAttachments files={tip.attachments.filter((a) => a.messageId === m.id)} quiet />
          </li>
        ))}
      </ol>
      {isDone(actionData, "reply") || sent ? <ActionNotice arrival={location.key}>{t("status.reply.sent")}</ActionNotice> : null}
      {/* Keyed by the thread's length: once the reply is in, the form (and its file input) starts empty. */}
      <Form method="post" encType="multipart/form-data" className="reply-form" {...formProps(form)} key={tip.messages.length}>
        <input type="hidden" name="intent" value="reply" />
        <CsrfInput value={csrf} />
        <FormErrors form={form} />
        <TextareaField meta={fields.body} label={t("status.reply")} rows={4} maxLength={5000} />
        <FileField meta={fields.attachments} label={t("status.reply.files")} hint={t("report.files.hint")} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("status.reply.send")}
        </button>
      </Form>
    </section>
  );
}
