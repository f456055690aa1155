import type { CaseAction } from "~/domain/case-state";
import type { AskInput, ReturnInput } from "~/forms/triage";
import type { ReopenInput } from "~/forms/case";
import type { CheckingOfficer } from "./rectification-items";
import { useT } from "~/i18n";
import { CaseActionForm } from "./case-action-form";
import { ConcludeForm } from "./case-conclude-form";
import { FileField, TextareaField } from "./form-kit";

type Props = { csrf: string; actionData: unknown };

/** The state machine's decisions this person may take on the case now, one card each. */
export function CaseDecisions({
  csrf,
  actionData,
  canAccept,
  actions,
  concealedAccident,
  officers,
}: Props & { canAccept: boolean; actions: readonly CaseAction[]; concealedAccident: boolean; officers: readonly CheckingOfficer[] }) {
  const t = useT();
  const may = (a: CaseAction) => actions.includes(a);
  const common = { csrf, actionData };
  return (
    <>
      {canAccept ? (
        <section className="card">
          <CaseActionForm intent="accept" {...common} submit={t("staff.case.accept")} primary />
          <h2>{t("staff.case.return")}</h2>
          <CaseActionForm<ReturnInput> intent="return" {...common} submit={t("staff.case.return.submit")}>
            {(f) => <TextareaField meta={f.reason} label={t("staff.case.return.reason")} />}
          </CaseActionForm>
        </section>
      ) : null}
      {may("start_investigation") ? <CaseActionForm intent="start_investigation" {...common} title={t("case.investigate.title")} submit={t("case.investigate.submit")} primary /> : null}
      {may("conclude_with_rectification") || may("conclude_nothing_to_rectify") ? <ConcludeForm {...common} concealedAccident={concealedAccident} officers={officers} /> : null}
      {/* Rectification is verified item by item (RectificationItems, docs/decisions/037); the last item verifies the case. */}
      {may("close") ? <CaseActionForm intent="close" {...common} title={t("case.close.title")} hint={t("case.close.hint")} submit={t("case.close.submit")} primary /> : null}
      {may("reopen") ? (
        <CaseActionForm<ReopenInput & { evidence: string }> intent="reopen" {...common} title={t("case.reopen.title")} submit={t("case.reopen.submit")} multipart>
          {(f) => (
            <>
              <TextareaField meta={f.reason} label={t("case.reopen.reason")} />
              <FileField meta={f.evidence} label={t("case.evidence.files")} hint={t("case.evidence.hint")} />
            </>
          )}
        </CaseActionForm>
      ) : null}
    </>
  );
}

/** The agency's own evidence files for the case. */
export function CaseEvidenceForm({ csrf, actionData }: Props) {
  const t = useT();
  return (
    <CaseActionForm<{ evidence: string }> intent="evidence" csrf={csrf} actionData={actionData} title={t("case.evidence.title")} submit={t("case.evidence.submit")} multipart>
      {(f) => <FileField meta={f.evidence} label={t("case.evidence.files")} hint={t("case.evidence.hint")} />}
    </CaseActionForm>
  );
}

/** A question to the tipster, posted to their private thread. */
export function AskTipsterForm({ csrf, actionData }: Props) {
  const t = useT();
  return (
    <CaseActionForm<AskInput> intent="ask" csrf={csrf} actionData={actionData} title={t("staff.case.ask")} submit={t("staff.case.ask.send")}>
      {(f) => <TextareaField meta={f.question} label={t("staff.case.ask")} />}
    </CaseActionForm>
  );
}
