import { contributionOpen, type ContributionState } from "~/domain/joint-handling";
import type { AskContributionInput, CompleteContributionInput, WithdrawContributionInput } from "~/forms/joint";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { useLocalTime } from "~/i18n/time";
import { CaseActionForm } from "./case-action-form";
import { SelectField, TextareaField } from "./form-kit";

type Named = { nameZh: string; nameEn: string };
export type JointView = {
  joint: {
    lead: Named | null;
    contributing: boolean;
    contributions: {
      id: number;
      state: ContributionState;
      request: string;
      askedAt: string;
      askedBy: string;
      doneAt: string | null;
      doneBy: string | null;
      doneNote: string | null;
      withdrawnAt: string | null;
      withdrawnReason: string | null;
      agency: Named & { id: string };
    }[];
    candidates: (Named & { id: string })[];
  };
  may: { askContribution: boolean; withdrawContribution: boolean; completeContribution: boolean };
};

/**
 * Joint handling (联办) on the staff case page: the lead agency, each contributing agency with its
 * state, what is asked and the note it left when done; the lead's forms to ask and to withdraw,
 * and the contributor's form to mark its part done. Plain POST forms: all of it works without JavaScript.
 */
export function JointSection({ handling, csrf, actionData }: { handling: JointView; csrf: string; actionData: unknown }) {
  const t = useT();
  const locale = useLocale();
  const { joint, may } = handling;
  const open = joint.contributions.filter((k) => contributionOpen(k.state));
  const when = useLocalTime();
  if (!joint.lead && joint.contributions.length === 0) return null;
  return (
    <section className="card" data-testid="joint" aria-labelledby="joint-title">
      <h2 id="joint-title">{t("joint.title")}</h2>
      <p>{joint.lead ? t("joint.lead", { agency: localName(locale, joint.lead) }) : t("joint.leadNone")}</p>
      {joint.contributing ? (
        <p className="notice">
          <span className="badge">{t("staff.inbox.contributing")}</span> {t("joint.youContribute")}
        </p>
      ) : null}
      {joint.contributions.length === 0 ? (
        <p>{t("joint.none")}</p>
      ) : (
        <table className="list" data-testid="contributions">
          <thead>
            <tr>
              <th scope="col">{t("joint.col.agency")}</th>
              <th scope="col">{t("joint.col.state")}</th>
              <th scope="col">{t("joint.col.request")}</th>
              <th scope="col">{t("joint.col.asked")}</th>
              <th scope="col">{t("joint.col.result")}</th>
            </tr>
          </thead>
          <tbody>
            {joint.contributions.map((k) => (
              <tr key={k.id} data-state={k.state}>
                <td>{localName(locale, k.agency)}</td>
                <td>{tKnown(t, `joint.state.${k.state}`)}</td>
                <td>{k.request}</td>
                <td>
                  {k.askedBy} · {when(k.askedAt)}
                </td>
                <td>
                  {k.state === "done" ? t("joint.doneBy", { by: k.doneBy ?? "—", at: when(k.doneAt), note: k.doneNote ?? "" }) : null}
                  {k.state === "withdrawn" ? t("joint.withdrawnBecause", { at: when(k.withdrawnAt), reason: k.withdrawnReason ?? "" }) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {may.completeContribution ? (
        <CaseActionForm<CompleteContributionInput> intent="contribution_complete" csrf={csrf} actionData={actionData} title={t("joint.complete.title")} submit={t("joint.complete.submit")} primary>
          {(f) => <TextareaField meta={f.note} label={t("joint.complete.note")} hint={t("joint.complete.noteHint")} />}
        </CaseActionForm>
      ) : null}
      {may.askContribution ? (
        joint.candidates.length === 0 ? (
          <p>{t("joint.ask.noCandidates")}</p>
        ) : (
          <CaseActionForm<AskContributionInput> intent="contribution_ask" csrf={csrf} actionData={actionData} title={t("joint.ask.title")} hint={t("joint.ask.hint")} submit={t("joint.ask.submit")}>
            {(f) => (
              <>
                <SelectField meta={f.agencyId} label={t("joint.ask.agency")} choose={t("joint.ask.choose")} choices={joint.candidates.map((a) => ({ value: a.id, label: localName(locale, a) }))} />
                <TextareaField meta={f.request} label={t("joint.ask.request")} hint={t("joint.ask.requestHint")} />
              </>
            )}
          </CaseActionForm>
        )
      ) : null}
      {may.withdrawContribution && open.length > 0 ? (
        <CaseActionForm<WithdrawContributionInput> intent="contribution_withdraw" csrf={csrf} actionData={actionData} title={t("joint.withdraw.title")} submit={t("joint.withdraw.submit")}>
          {(f) => (
            <>
              <SelectField meta={f.contributionId} label={t("joint.withdraw.contribution")} choices={open.map((k) => ({ value: String(k.id), label: localName(locale, k.agency) }))} />
              <TextareaField meta={f.reason} label={t("joint.withdraw.reason")} hint={t("joint.withdraw.reasonHint")} />
            </>
          )}
        </CaseActionForm>
      ) : null}
    </section>
  );
}
