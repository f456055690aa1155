import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Reason } from "~/components/admin-form";
import { Field } from "~/components/field";
import { CsrfInput, ErrorSummary, formProps, SelectField, TextField, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { ROLE_CHOICES, staffInviteSchema, type StaffInviteInput } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { localDate } from "~/domain/working-days";
import { env } from "~/lib/env.server";
import { answerWith } from "~/lib/form-answer.server";
import { intent, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { inviteStaff } from "~/services/admin-invite-staff.server";
import { listStaff } from "~/services/admin-list-staff.server";
import { listAgencyOptions } from "~/services/admin-reference.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 人员账号 / Staff accounts" }];

const noStore = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const q = new URL(request.url).searchParams.get("q")?.trim().slice(0, 100) ?? "";
  const [list, agencies] = await Promise.all([listStaff({ q }), listAgencyOptions()]);
  return { csrf: staff.csrf, q, ...list, agencies };
}

type Invited =
  /** The invitation was emailed to the person (the link is never shown here). */
  | { kind: "invited"; staffId: string; email: string; expiresOn: string }
  /** A role that reads case content: nothing is sent until another administrator approves. */
  | { kind: "awaiting-approval"; staffId: string; email: string; expiresOn?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const said: { invited?: Invited } = {};
  const answer = await submitIntent(
    form,
    {
      invite: intent(staffInviteSchema, async (input) => {
        const r = await inviteStaff({ staffId: staff.staffId }, input);
        said.invited = r.awaitingApproval
          ? { kind: "awaiting-approval", staffId: r.staffId, email: input.email }
          : { kind: "invited", staffId: r.staffId, email: input.email, expiresOn: localDate(r.expiresAt, env().timeZone) };
      }),
    },
    { headers: noStore },
  );
  return answerWith(answer, said.invited);
}

export default function StaffAccounts() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useFormFor<StaffInviteInput>("invite", actionData);
  const invited = actionData && "kind" in actionData ? actionData : null;

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("admin.staff.title")}</h1>
      <ErrorSummary form={form} atTop />
      <p>
        <a href="#invite-section">{t("admin.staff.invite.title")}</a>
      </p>

      {invited ? (
        <section className="notice" aria-live="polite">
          <h2>{t("admin.staff.invited.title", { email: invited.email })}</h2>
          {invited.kind === "invited" ? (
            <p>{t("admin.staff.invited.emailed", { email: invited.email, expiresOn: invited.expiresOn })}</p>
          ) : (
            <p>
              {t("admin.staff.invited.awaitingApproval")} <Link to="/staff/admin/approvals">{t("admin.approvals.title")}</Link>
            </p>
          )}
          <p>
            <Link to={`/staff/admin/staff/${invited.staffId}`}>{t("admin.staff.open")}</Link>
          </p>
        </section>
      ) : null}

      <form method="get" className="filters">
        <Field id="q" label={t("admin.staff.search")}>
          <input id="q" name="q" type="search" defaultValue={data.q} maxLength={100} />
        </Field>
        <button type="submit" className="button secondary">
          {t("admin.filter.apply")}
        </button>
      </form>

      {data.rows.length === 0 ? (
        <p>{t("admin.staff.none")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t("admin.staff.col.name")}</th>
              <th scope="col">{t("admin.staff.col.email")}</th>
              <th scope="col">{t("admin.staff.col.role")}</th>
              <th scope="col">{t("admin.staff.agency")}</th>
              <th scope="col">{t("admin.staff.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/staff/admin/staff/${r.id}`}>{r.displayName}</Link>
                </td>
                <td>{r.email}</td>
                <td>{t(`staff.role.${r.role}`)}</td>
                <td>{r.agency ? localName(locale, r.agency) : "—"}</td>
                <td>
                  {r.awaitingApproval ? <span className="badge alert">{t("admin.staff.badge.awaitingApproval")}</span> : null}
                  {!r.active ? <span className="badge alert">{t("admin.staff.badge.inactive")}</span> : null}
                  {r.passwordState === "invited" ? (
                    <span className={r.invitationExpired ? "badge alert" : "badge"}>{t(r.invitationExpired ? "admin.staff.badge.invitationExpired" : "admin.staff.badge.invited")}</span>
                  ) : null}
                  {r.passwordState === "one_time" ? <span className="badge">{t("admin.staff.badge.oneTime")}</span> : null}
                  {r.passwordState !== "invited" && !r.totpEnrolled ? <span className="badge">{t("admin.staff.badge.noTotp")}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.truncated ? <p className="hint">{t("admin.list.truncated")}</p> : null}

      <h2 id="invite-section">{t("admin.staff.invite.title")}</h2>
      <p className="hint">{t("admin.staff.invite.lead")}</p>
      <Form method="post" {...formProps(form)} key={invited?.staffId ?? "invite"}>
        <CsrfInput value={data.csrf} />
        <TextField meta={fields.email} label={t("admin.staff.email")} type="email" autoComplete="off" maxLength={254} />
        <TextField meta={fields.displayName} label={t("admin.staff.displayName")} maxLength={100} />
        <SelectField meta={fields.role} label={t("admin.staff.role")} choices={ROLE_CHOICES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }))} choose={t("admin.choose")} />
        <SelectField
          meta={fields.agencyId}
          label={t("admin.staff.agency")}
          hint={t("admin.staff.agency.hint")}
          choices={data.agencies.map((a) => ({ value: a.id, label: localName(locale, a) }))}
          choose={t("admin.staff.agency.none")}
        />
        <Reason meta={fields.reason} />
        <p>
          <button type="submit" name="intent" value="invite" className="button primary" disabled={navigation.state === "submitting"}>
            {t("admin.staff.invite.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
