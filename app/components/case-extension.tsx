import type { ExtensionDecisionInput, ExtensionRequestInput } from "~/forms/case";
import { useT } from "~/i18n";
import { CaseActionForm } from "./case-action-form";
import { translateError } from "./field";
import { TextareaField, TextField } from "./form-kit";

export type ExtensionView = {
  extension: { state: "requested" | "approved" | "refused" | null; days: number | null; reason: string | null };
  may: { requestExtension: boolean; decideExtension: boolean };
};

/** The extension of the conclusion deadline: its state, the agency's request, the supervisor's decision. */
export function ExtensionSection({ handling, csrf, actionData }: { handling: ExtensionView; csrf: string; actionData: unknown }) {
  const t = useT();
  const ext = handling.extension;
  const may = handling.may;
  if (!ext.state && !may.requestExtension) return null;
  return (
    <section className="card" data-testid="extension">
      <h2>{t("case.extension.title")}</h2>
      {ext.state ? (
        <p>
          {t(`case.extension.state.${ext.state}`, { days: ext.days ?? 0 })} {ext.reason ? <>— {ext.reason}</> : null}
        </p>
      ) : null}
      {may.requestExtension ? (
        <CaseActionForm<ExtensionRequestInput> intent="extension_request" csrf={csrf} actionData={actionData} submit={t("case.extension.submit")}>
          {(f) => (
            <>
              <p className="hint">{t("case.extension.hint")}</p>
              <TextField meta={f.days} type="number" min={1} max={30} step={1} label={t("case.extension.days")} />
              <TextareaField meta={f.reason} label={t("case.extension.reason")} hint={t("case.extension.reasonHint")} />
            </>
          )}
        </CaseActionForm>
      ) : null}
      {may.decideExtension ? (
        <CaseActionForm<ExtensionDecisionInput> intent="extension_decide" csrf={csrf} actionData={actionData}>
          {(f) => (
            <>
              <TextareaField meta={f.reason} label={t("case.extension.decisionReason")} />
              {/* The decision is the button pressed; its refusal (none chosen) shows above them. */}
              {f.decision.errors?.length ? (
                <p className="error" id={f.decision.errorId} role="alert">
                  {f.decision.errors.map((e) => translateError(t, e)).join(" ")}
                </p>
              ) : null}
              <button type="submit" name={f.decision.name} value="approve" className="button primary">
                {t("case.extension.approve")}
              </button>{" "}
              <button type="submit" name={f.decision.name} value="refuse" className="button">
                {t("case.extension.refuse")}
              </button>
              <input type="hidden" name="intent" value="extension_decide" />
            </>
          )}
        </CaseActionForm>
      ) : null}
    </section>
  );
}
