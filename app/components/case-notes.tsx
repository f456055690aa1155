import type { NoteInput } from "~/forms/case";
import { useT } from "~/i18n";
import { useLocalTime } from "~/i18n/time";
import { CaseActionForm } from "./case-action-form";
import { TextareaField } from "./form-kit";

/** The internal investigation notes (staff only) and, for those who may, the form to add one. */
export function CaseNotes({ notes, mayAdd, csrf, actionData }: { notes: { id: number; author: string; createdAt: string; body: string }[]; mayAdd: boolean; csrf: string; actionData: unknown }) {
  const t = useT();
  const when = useLocalTime();
  return (
    <section className="card" data-testid="case-notes">
      <h2>{t("case.notes.title")}</h2>
      <p className="hint">{t("case.notes.hint")}</p>
      {notes.length === 0 ? <p className="hint">{t("case.notes.empty")}</p> : null}
      <ol className="thread">
        {notes.map((n) => (
          <li key={n.id} className="message staff">
            <p className="meta">
              {n.author} · {when(n.createdAt)}
            </p>
            <p className="body">{n.body}</p>
          </li>
        ))}
      </ol>
      {mayAdd ? (
        <CaseActionForm<NoteInput> intent="note" csrf={csrf} actionData={actionData} submit={t("case.notes.submit")}>
          {(f) => <TextareaField meta={f.body} label={t("case.notes.add")} />}
        </CaseActionForm>
      ) : null}
    </section>
  );
}
