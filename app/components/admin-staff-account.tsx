import { Form } from "@remix-run/react";
import { Reason } from "~/components/admin-form";
import { CsrfInput, ErrorSummary, formProps, SelectField, TextField, useFormFor } from "~/components/form-kit";
import { ROLE_CHOICES, type StaffEditInput } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { useLocalTime } from "~/i18n/time";
import type { StaffListRow } from "~/services/admin-list-staff.server";

/** The sections of one staff account's administration page (/staff/admin/staff/:id). */

type Person = StaffListRow;
type AgencyOption = { id: string; nameZh: string; nameEn: string };

/** What the account is now: address, role, agency, state, last sign-in. */
export function StaffFacts({ person }: { person: Person }) {
  const t = useT();
  const when = useLocalTime();
  const locale = useLocale();
  return (
    <dl className="facts">
      <dt>{t("admin.staff.col.email")}</dt>
      <dd>{person.email}</dd>
      <dt>{t("admin.staff.col.role")}</dt>
      <dd>{t(`staff.role.${person.role}`)}</dd>
      <dt>{t("admin.staff.agency")}</dt>
      <dd>{person.agency ? localName(locale, person.agency) : "—"}</dd>
      <dt>{t("admin.staff.state")}</dt>
      <dd>
        {t(person.active ? "admin.staff.active" : "admin.staff.badge.inactive")}
        {" · "}
        {t(
          person.passwordState === "invited"
            ? person.invitationExpired
              ? "admin.staff.badge.invitationExpired"
              : "admin.staff.badge.invited"
            : person.passwordState === "one_time"
              ? "admin.staff.badge.oneTime"
              : "admin.staff.passwordChosen",
        )}
        {person.passwordState !== "invited" && !person.totpEnrolled ? ` · ${t("admin.staff.badge.noTotp")}` : null}
      </dd>
      <dt>{t("admin.staff.lastSignIn")}</dt>
      <dd>{when(person.lastSignInAt)}</dd>
    </dl>
  );
}

/** Name, role and agency; a role that reads case content waits for a second administrator. */
export function StaffEditForm(props: { csrf: string; person: Person; self: boolean; agencies: AgencyOption[]; actionData: unknown; busy: boolean }) {
  const { person, self, agencies } = props;
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useFormFor<StaffEditInput>("update", props.actionData, {
    defaultValue: { displayName: person.displayName, role: person.role, agencyId: person.agency?.id ?? "" },
  });
  // An inactive agency is not offered for new work, but the account's own stays selectable.
  const own = person.agency && !agencies.some((a) => a.id === person.agency?.id) ? [person.agency] : [];
  return (
    <>
      <h2>{t("admin.staff.edit.title")}</h2>
      <ErrorSummary form={form} />
      <Form method="post" {...formProps(form)}>
        <CsrfInput value={props.csrf} />
        <TextField meta={fields.displayName} label={t("admin.staff.displayName")} maxLength={100} />
        <SelectField
          meta={fields.role}
          label={t("admin.staff.role")}
          hint={self ? t("admin.staff.role.selfHint") : undefined}
          choices={ROLE_CHOICES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }))}
        />
        <SelectField
          meta={fields.agencyId}
          label={t("admin.staff.agency")}
          hint={t("admin.staff.agency.hint")}
          choices={[...own, ...agencies].map((a) => ({ value: a.id, label: localName(locale, a) }))}
          choose={t("admin.staff.agency.none")}
        />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" name="intent" value="update" className="button primary" disabled={props.busy}>
            {t("admin.save")}
          </button>
        </p>
      </Form>
    </>
  );
}

/** An action on the account that needs only a reason (its own form, answered on its own). */
export function ReasonForm(props: { intent: string; csrf: string; title: string; lead: string; submit: string; actionData: unknown; busy: boolean; danger?: boolean }) {
  const [form, fields] = useFormFor<{ reason: string }>(props.intent, props.actionData);
  return (
    <section>
      <h2>{props.title}</h2>
      <p className="hint">{props.lead}</p>
      <ErrorSummary form={form} />
      <Form method="post" {...formProps(form)}>
        <CsrfInput value={props.csrf} />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" name="intent" value={props.intent} className={props.danger ? "button danger" : "button secondary"} disabled={props.busy}>
            {props.submit}
          </button>
        </p>
      </Form>
    </section>
  );
}
