import { ACCIDENT_LEVELS, FINDINGS, type ConcludeInput } from "~/forms/case";
import { useT } from "~/i18n";
import { CaseActionForm } from "./case-action-form";
import { BLANK_ITEM_ROWS } from "~/forms/rectification";
import { RectificationItemRows, type CheckingOfficer } from "./rectification-items";
import { CheckboxField, RadioGroupField, SelectField, TextareaField, TextField } from "./form-kit";

/** The conclusion: finding, actions taken, the accident facts when a concealed accident was reported, and the public summary. */
export function ConcludeForm({ csrf, actionData, concealedAccident, officers }: { csrf: string; actionData: unknown; concealedAccident: boolean; officers: readonly CheckingOfficer[] }) {
  const t = useT();
  return (
    <CaseActionForm<ConcludeInput>
      intent="conclude"
      csrf={csrf}
      actionData={actionData}
      title={t("case.conclude.title")}
      submit={t("case.conclude.submit")}
      primary
      defaultValue={{ items: Array.from({ length: BLANK_ITEM_ROWS }, () => ({})) }}
    >
      {(f) => (
        <>
          <RadioGroupField meta={f.finding} legend={t("case.conclude.finding")} choices={FINDINGS.map((v) => ({ value: v, label: t(`case.finding.${v}`) }))} />
          <fieldset>
            <legend>{t("case.conclude.actions")}</legend>
            <p className="hint">{t("case.conclude.actionsHint")}</p>
            <CheckboxField meta={f.rectificationOrdered} label={t("case.action.rectification")} />
            <RectificationItemRows items={f.items} formId="conclude" officers={officers} />
            <TextField meta={f.fineCny} type="number" min={0} step={1} inputMode="numeric" label={t("case.action.fineCny")} />
            <CheckboxField meta={f.suspension} label={t("case.action.suspension")} />
            <CheckboxField meta={f.closure} label={t("case.action.closure")} />
            <CheckboxField meta={f.criminalReferral} label={t("case.action.criminalReferral")} />
            <TextField meta={f.officialsHeldAccountable} type="number" min={0} step={1} inputMode="numeric" label={t("case.action.officialsHeldAccountable")} />
            <CheckboxField meta={f.admonitoryTalk} label={t("case.action.admonitoryTalk")} />
          </fieldset>
          {concealedAccident ? (
            <fieldset>
              <legend>{t("case.conclude.accident")}</legend>
              <SelectField meta={f.accidentLevel} label={t("case.accident.level")} choose="—" choices={ACCIDENT_LEVELS.map((l) => ({ value: l, label: t(`case.accident.${l}`) }))} />
              <TextField meta={f.concealedDeathsVerified} type="number" min={0} step={1} label={t("case.accident.deaths")} />
            </fieldset>
          ) : null}
          <TextareaField meta={f.publicSummaryZh} label={t("case.summary.zh")} hint={t("case.summary.hint")} rows={5} lang="zh-CN" />
          <TextareaField meta={f.publicSummaryEn} label={t("case.summary.en")} rows={4} lang="en" />
        </>
      )}
    </CaseActionForm>
  );
}
