import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminErrorBoundary, ErrorSummary, ReasonField } from "~/components/admin-form";
import { describedBy, Field } from "~/components/field";
import { formValues, parseForm, ROLE_CHOICES, staffEditSchema, staffReasonSchema, type FieldErrors } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { localDate } from "~/domain/working-days";
import { env } from "~/lib/env.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { getStaff } from "~/services/admin-get-staff.server";
import { listAgencyOptions } from "~/services/admin-reference.server";
import { reissueInvitation } from "~/services/admin-reissue-invitation.server";
import { setOneTimePassword } from "~/services/admin-set-one-time-password.server";
import { updateStaff } from "~/services/admin-update-staff.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 人员账号 / Staff account" }];

const noStore = { "Cache-Control": "no-store" };
const DONE = ["updated", "deactivated", "reactivated", "awaitingApproval"] as const;

function dateTime(iso: string | null): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat("sv-SE", { timeZone: env().timeZone, dateStyle: "short", timeStyle: "short" }).format(new Date(iso));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const person = await getStaff(params.id ?? "");
  if (!person) throw new Response("Not found", { status: 404 });
  const done = new URL(request.url).searchParams.get("done");
  return {
    csrf: staff.csrf,
    person: { ...person, lastSignInAt: dateTime(person.lastSignInAt) },
    self: person.id === staff.staffId,
    agencies: await listAgencyOptions(),
    done: DONE.find((d) => d === done) ?? null,
  };
}

type Intent = "update" | "one-time-password" | "deactivate" | "reactivate" | "reissue-invitation";
const INTENTS: readonly Intent[] = ["update", "one-time-password", "deactivate", "reactivate", "reissue-invitation"];

type ActionData =
  /** Emailed to the account's own address; never shown to the administrator. */
  | { kind: "password"; email: string }
  | { kind: "invitation"; email: string; expiresOn: string }
  | { kind: "invalid"; intent: Intent | null; values: Record<string, string>; errors: FieldErrors };

const reply = (data: ActionData, status = 200) => Response.json(data, { status, headers: noStore }) as unknown as ActionData;
const redirectTo = (id: string, done: (typeof DONE)[number]) => new Response(null, { status: 303, headers: { Location: `/staff/admin/staff/${id}?done=${done}` } });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const id = params.id ?? "";
  const values = formValues(form);
  const intent = INTENTS.find((i) => i === values.intent) ?? null;
  const invalid = (errors: FieldErrors, status = 400) => reply({ kind: "invalid", intent, values, errors }, status);
  const actor = { staffId: staff.staffId };
  if (!intent) return invalid({ form: ["admin.errors.unknownIntent"] });
  const person = await getStaff(id);
  if (!person) throw new Response("Not found", { status: 404 });

  if (intent === "update") {
    const parsed = parseForm(staffEditSchema, values);
    if (!parsed.ok) return invalid(parsed.errors);
    const { displayName, role, agencyId, reason } = parsed.data;
    const r = await updateStaff(actor, id, { displayName, role, agencyId: agencyId ?? null }, reason);
    return r.ok ? redirectTo(id, r.awaitingApproval ? "awaitingApproval" : "updated") : invalid(r.errors, r.status);
  }
  const parsed = parseForm(staffReasonSchema, values);
  if (!parsed.ok) return invalid(parsed.errors);
  const { reason } = parsed.data;
  switch (intent) {
    case "deactivate":
    case "reactivate": {
      const r = await updateStaff(actor, id, { active: intent === "reactivate" }, reason);
      return r.ok ? redirectTo(id, r.awaitingApproval ? "awaitingApproval" : intent === "reactivate" ? "reactivated" : "deactivated") : invalid(r.errors, r.status);
    }
    case "one-time-password": {
      const r = await setOneTimePassword(actor, id, reason);
      return r.ok ? reply({ kind: "password", email: r.email }) : invalid(r.errors, r.status);
    }
    case "reissue-invitation": {
      const r = await reissueInvitation(actor, id, reason);
      return r.ok ? reply({ kind: "invitation", email: r.email, expiresOn: localDate(r.expiresAt, env().timeZone) }) : invalid(r.errors, r.status);
    }
  }
}

export default function StaffAccount() {
  const { csrf, person, self, agencies, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const locale = useLocale();
  const invalid = actionData?.kind === "invalid" ? actionData : null;
  const errorsFor = (intent: Intent): FieldErrors => (invalid?.intent === intent ? invalid.errors : {});
  const valuesFor = (intent: Intent) => (invalid?.intent === intent ? invalid.values : null);
  const busy = navigation.state === "submitting";
  const formKey = `${location.key}-${actionData && actionData.kind !== "invalid" ? actionData.kind : ""}`;

  // The forms on the page; a refusal for any other (a stale page) is shown at the top.
  const shown: Intent[] = person.active
    ? ["update", ...(person.passwordState === "invited" ? (["reissue-invitation"] as const) : []), ...(self ? [] : (["one-time-password", "deactivate"] as const))]
    : ["update", "reactivate"];
  const edit = valuesFor("update");
  const editErrors = errorsFor("update");
  const ev = (name: string, fallback: string) => edit?.[name] ?? fallback;

  return (
    <>
      <p>
        <Link to="/staff/admin/staff">{t("admin.staff.title")}</Link>
      </p>
      <h1>{person.displayName}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`admin.done.${done}`)}
        </p>
      ) : null}
      {actionData?.kind === "password" ? (
        <p className="notice" role="status">
          {t("admin.staff.password.emailed", { email: actionData.email })}
        </p>
      ) : null}
      {actionData?.kind === "invitation" ? (
        <p className="notice" role="status">
          {t("admin.staff.invited.emailed", { email: actionData.email, expiresOn: actionData.expiresOn })}
        </p>
      ) : null}
      {person.awaitingApproval ? (
        <p className="notice" role="status">
          {t("admin.staff.awaitingApproval")} <Link to="/staff/admin/approvals">{t("admin.approvals.title")}</Link>
        </p>
      ) : null}
      {invalid && !(invalid.intent && shown.includes(invalid.intent)) ? <ErrorSummary errors={invalid.errors} /> : null}

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
        <dd>{person.lastSignInAt ?? "—"}</dd>
      </dl>

      <h2>{t("admin.staff.edit.title")}</h2>
      <ErrorSummary errors={editErrors} />
      <Form method="post" noValidate key={`update-${formKey}`}>
        <input type="hidden" name="csrf" value={csrf} />
        <Field id="displayName" label={t("admin.staff.displayName")} errors={editErrors.displayName}>
          <input id="displayName" name="displayName" required maxLength={100} defaultValue={ev("displayName", person.displayName)} {...describedBy("displayName", { errors: editErrors.displayName })} />
        </Field>
        <Field id="role" label={t("admin.staff.role")} hint={self ? t("admin.staff.role.selfHint") : undefined} errors={editErrors.role}>
          <select id="role" name="role" required defaultValue={ev("role", person.role)} {...describedBy("role", { hint: self, errors: editErrors.role })}>
            {ROLE_CHOICES.map((r) => (
              <option key={r} value={r}>
                {t(`staff.role.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="agencyId" label={t("admin.staff.agency")} hint={t("admin.staff.agency.hint")} errors={editErrors.agencyId}>
          <select id="agencyId" name="agencyId" defaultValue={ev("agencyId", person.agency?.id ?? "")} {...describedBy("agencyId", { hint: true, errors: editErrors.agencyId })}>
            <option value="">{t("admin.staff.agency.none")}</option>
            {person.agency && !agencies.some((a) => a.id === person.agency?.id) ? <option value={person.agency.id}>{localName(locale, person.agency)}</option> : null}
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {localName(locale, a)}
              </option>
            ))}
          </select>
        </Field>
        <ReasonField id="update-reason" errors={editErrors.reason} defaultValue={edit?.reason ?? ""} />
        <p>
          <button type="submit" name="intent" value="update" className="button primary" disabled={busy}>
            {t("admin.save")}
          </button>
        </p>
      </Form>

      {person.active ? (
        <>
          {person.passwordState === "invited" ? (
            <ReasonForm
              intent="reissue-invitation"
              csrf={csrf}
              title={t("admin.staff.reissue.title")}
              lead={t("admin.staff.reissue.lead")}
              submit={t("admin.staff.reissue.submit")}
              errors={errorsFor("reissue-invitation")}
              values={valuesFor("reissue-invitation")}
              formKey={formKey}
              busy={busy}
            />
          ) : null}
          {self ? null : (
            <ReasonForm
              intent="one-time-password"
              csrf={csrf}
              title={t("admin.staff.password.title")}
              lead={t("admin.staff.password.hint")}
              submit={t("admin.staff.password.submit")}
              errors={errorsFor("one-time-password")}
              values={valuesFor("one-time-password")}
              formKey={formKey}
              busy={busy}
            />
          )}
          {self ? (
            <p className="hint">{t("admin.staff.deactivate.self")}</p>
          ) : (
            <ReasonForm
              intent="deactivate"
              csrf={csrf}
              title={t("admin.staff.deactivate.title")}
              lead={t("admin.staff.deactivate.lead")}
              submit={t("admin.staff.deactivate.submit")}
              errors={errorsFor("deactivate")}
              values={valuesFor("deactivate")}
              formKey={formKey}
              busy={busy}
              danger
            />
          )}
        </>
      ) : (
        <ReasonForm
          intent="reactivate"
          csrf={csrf}
          title={t("admin.staff.reactivate.title")}
          lead={t("admin.staff.reactivate.lead")}
          submit={t("admin.staff.reactivate.submit")}
          errors={errorsFor("reactivate")}
          values={valuesFor("reactivate")}
          formKey={formKey}
          busy={busy}
        />
      )}
    </>
  );
}

function ReasonForm(props: {
  intent: Intent;
  csrf: string;
  title: string;
  lead: string;
  submit: string;
  errors: FieldErrors;
  values: Record<string, string> | null;
  formKey: string;
  busy: boolean;
  danger?: boolean;
}) {
  return (
    <section>
      <h2>{props.title}</h2>
      <p className="hint">{props.lead}</p>
      <ErrorSummary errors={props.errors} />
      <Form method="post" noValidate key={`${props.intent}-${props.formKey}`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <ReasonField id={`${props.intent}-reason`} errors={props.errors.reason} defaultValue={props.values?.reason ?? ""} />
        <p>
          <button type="submit" name="intent" value={props.intent} className={props.danger ? "button danger" : "button secondary"} disabled={props.busy}>
            {props.submit}
          </button>
        </p>
      </Form>
    </section>
  );
}

export { AdminErrorBoundary as ErrorBoundary };
