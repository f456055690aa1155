import type { ReassignInput } from "~/forms/assignment";
import { useT } from "~/i18n";
import { CaseActionForm } from "./case-action-form";
import { SelectField, TextareaField } from "./form-kit";

export type AssignmentView = {
  /** The officer in charge now, or null (never assigned, or deactivated or moved). */
  officer: { id: string; displayName: string } | null;
  /** Shown at all: the case has been accepted by its agency. */
  shown: boolean;
  /** The viewer may reassign (a supervisor of the holding agency); the other active officers to choose from. */
  mayReassign: boolean;
  candidates: { id: string; displayName: string }[];
};

/**
 * The officer in charge (承办人) on the staff case page, and for a supervisor of the agency holding
 * the case the form to put another of its active officers in charge, with a reason. A plain POST
 * form (intent `reassign`): it works without JavaScript.
 */
export function CaseAssignment({ assignment, csrf, actionData }: { assignment: AssignmentView; csrf: string; actionData: unknown }) {
  const t = useT();
  if (!assignment.shown) return null;
  const { officer } = assignment;
  return (
    <section className="card" data-testid="assignment" aria-labelledby="assignment-title">
      <h2 id="assignment-title">{t("assign.title")}</h2>
      <p data-testid="officer-in-charge">{officer ? t("assign.current", { name: officer.displayName }) : t("assign.none")}</p>
      {officer ? null : <p className="hint">{t("assign.noneHint")}</p>}
      {assignment.mayReassign ? (
        assignment.candidates.length === 0 ? (
          <p>{t("assign.form.noOfficers")}</p>
        ) : (
          <CaseActionForm<ReassignInput> intent="reassign" csrf={csrf} actionData={actionData} submit={t("assign.form.submit")}>
            {(f) => (
              <>
                <h3>{officer ? t("assign.form.title") : t("assign.form.titleNone")}</h3>
                <p className="hint">{t("assign.form.hint")}</p>
                <SelectField meta={f.officerId} label={t("assign.form.officer")} choose={t("assign.form.choose")} choices={assignment.candidates.map((o) => ({ value: o.id, label: o.displayName }))} />
                <TextareaField meta={f.reason} label={t("assign.form.reason")} hint={t("assign.form.reasonHint")} />
              </>
            )}
          </CaseActionForm>
        )
      ) : null}
    </section>
  );
}
