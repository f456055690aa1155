import type { FieldMetadata } from "@conform-to/react";
import { RESPONSIBLE_ROLES, availableItemActions } from "~/domain/rectification-item-state";
import type { ItemExtendInput, ItemVerifyInput, RectificationItemInput } from "~/forms/rectification";
import { useT } from "~/i18n";
import { CaseActionForm } from "./case-action-form";
import { FileField, SelectField, TextareaField, TextField } from "./form-kit";

/** The item rows posted by the conclusion form (conform's list `items`). */
type ItemRowFields = FieldMetadata<Partial<RectificationItemInput>[], Record<string, unknown>, string[]>;
export type CheckingOfficer = { id: string; displayName: string };

/**
 * The conclusion's rectification list (整改清单 + 责任清单, docs/decisions/037): a few blank rows,
 * fill the ones needed; "add another row" is a conform list button, so without JavaScript it
 * posts the form and the page comes back with one more row and everything typed kept.
 */
export function RectificationItemRows({ items, formId, officers }: { items: ItemRowFields; formId: string; officers: readonly CheckingOfficer[] }) {
  const t = useT();
  const rows = items.getFieldList();
  return (
    <fieldset data-testid="rectification-rows">
      <legend>{t("rectification.rows.title")}</legend>
      <p className="hint">{t("rectification.rows.hint")}</p>
      {/* The "add another row" button posts the form without its submit button: the intent comes from here. */}
      <input type="hidden" name="intent" value={formId} />
      {rows.map((row, i) => {
        const f = row.getFieldset();
        return (
          <fieldset key={row.key ?? `row-${i}`} className="item-row">
            <legend>{t("rectification.rows.item", { n: i + 1 })}</legend>
            <TextareaField meta={f.action} label={t("rectification.field.action")} rows={2} />
            <SelectField
              meta={f.responsibleRole}
              label={t("rectification.field.responsibleRole")}
              choose="—"
              choices={RESPONSIBLE_ROLES.map((r) => ({ value: r, label: t(`rectification.role.${r}`) }))}
            />
            <SelectField
              meta={f.checkingOfficerId}
              label={t("rectification.field.checkingOfficer")}
              hint={t("rectification.field.checkingOfficerHint")}
              choose={t("rectification.field.checkingOfficerMe")}
              choices={officers.map((o) => ({ value: o.id, label: o.displayName }))}
            />
            <TextField meta={f.dueOn} type="date" label={t("rectification.field.dueOn")} />
          </fieldset>
        );
      })}
      <button type="submit" className="button" name="__intent__" value={JSON.stringify({ type: "insert", payload: { name: items.name } })} form={formId} formNoValidate>
        {t("rectification.rows.add")}
      </button>
    </fieldset>
  );
}

type StaffItem = {
  position: number;
  action: string;
  responsibleRole: (typeof RESPONSIBLE_ROLES)[number];
  checkingOfficer: string | null;
  firstDueOn: string;
  dueOn: string;
  state: "open" | "extended" | "verified";
  extension: { dueOn: string; reason: string | null; at: string | null } | null;
  verification: { on: string; by: string | null; note: string | null; files: number } | null;
};

/** The items on the agency's case page: state, deadline, party role, checking officer; per item the verify and extend-once forms. */
export function RectificationItems({ items, csrf, actionData, mayAct }: { items: readonly StaffItem[]; csrf: string; actionData: unknown; mayAct: boolean }) {
  const t = useT();
  if (items.length === 0) return null;
  const verified = items.filter((i) => i.state === "verified").length;
  return (
    <section className="card" data-testid="rectification-items">
      <h2>{t("rectification.title")}</h2>
      <p>{t("rectification.progress", { verified, total: items.length })}</p>
      <ol className="items">
        {items.map((item) => {
          const actions = mayAct ? availableItemActions(item.state, "agency_officer") : [];
          return (
            <li key={item.position} data-testid={`rectification-item-${item.position}`}>
              <h3>{t("rectification.rows.item", { n: item.position })}</h3>
              <p>{item.action}</p>
              <dl className="facts">
                <dt>{t("rectification.field.state")}</dt>
                <dd data-testid="item-state">{t(`rectification.state.${item.state}`)}</dd>
                <dt>{t("rectification.field.deadline")}</dt>
                <dd>{item.extension ? t("rectification.extendedFrom", { dueOn: item.dueOn, first: item.firstDueOn }) : item.dueOn}</dd>
                <dt>{t("rectification.field.responsibleRole")}</dt>
                <dd>{t(`rectification.role.${item.responsibleRole}`)}</dd>
                <dt>{t("rectification.field.checkingOfficer")}</dt>
                <dd>{item.checkingOfficer ?? t("rectification.officerUnknown")}</dd>
                {item.extension ? (
                  <>
                    <dt>{t("rectification.field.extensionReason")}</dt>
                    <dd>{item.extension.reason}</dd>
                  </>
                ) : null}
                {item.verification ? (
                  <>
                    <dt>{t("rectification.field.verification")}</dt>
                    <dd>{t("rectification.verifiedOn", { on: item.verification.on, by: item.verification.by ?? t("rectification.officerUnknown"), note: item.verification.note ?? "", files: item.verification.files })}</dd>
                  </>
                ) : null}
              </dl>
              {actions.includes("verify") ? <VerifyItemForm position={item.position} csrf={csrf} actionData={actionData} /> : null}
              {actions.includes("extend") ? <ExtendItemForm position={item.position} csrf={csrf} actionData={actionData} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The intent of an item's form: one form id per item, so a refusal and what was typed return to that item only. */
export const itemIntent = (kind: "verify" | "extend", position: number) => `item_${kind}_${position}`;

function VerifyItemForm({ position, csrf, actionData }: { position: number; csrf: string; actionData: unknown }) {
  const t = useT();
  return (
    <CaseActionForm<ItemVerifyInput & { evidence: string }> intent={itemIntent("verify", position)} csrf={csrf} actionData={actionData} submit={t("rectification.verify.submit")} primary multipart>
      {(f) => (
        <>
          <h4>{t("rectification.verify.title", { n: position })}</h4>
          <TextareaField meta={f.note} label={t("case.verify.note")} rows={3} />
          <FileField meta={f.evidence} label={t("case.evidence.files")} hint={t("case.evidence.hint")} />
        </>
      )}
    </CaseActionForm>
  );
}

function ExtendItemForm({ position, csrf, actionData }: { position: number; csrf: string; actionData: unknown }) {
  const t = useT();
  return (
    <CaseActionForm<ItemExtendInput> intent={itemIntent("extend", position)} csrf={csrf} actionData={actionData} submit={t("rectification.extend.submit")}>
      {(f) => (
        <>
          <h4>{t("rectification.extend.title", { n: position })}</h4>
          <p className="hint">{t("rectification.extend.hint")}</p>
          <TextField meta={f.dueOn} type="date" label={t("rectification.extend.dueOn")} />
          <TextareaField meta={f.reason} label={t("rectification.extend.reason")} rows={2} />
        </>
      )}
    </CaseActionForm>
  );
}
