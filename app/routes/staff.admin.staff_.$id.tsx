import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ReasonForm, StaffEditForm, StaffFacts } from "~/components/admin-staff-account";
import { StrayErrors } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { staffEditSchema, staffReasonSchema } from "~/forms/admin";
import { useT } from "~/i18n";
import { localDate } from "~/domain/working-days";
import { AppError } from "~/lib/app-error";
import { env } from "~/lib/env.server";
import { answerWith } from "~/lib/form-answer.server";
import { intent, refusal, seeOther, submitIntent } from "~/lib/route-edge.server";
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const person = await getStaff(params.id ?? "");
  if (!person) throw refusal(new AppError("not_found"));
  const done = new URL(request.url).searchParams.get("done");
  return {
    csrf: staff.csrf,
    person,
    self: person.id === staff.staffId,
    agencies: await listAgencyOptions(),
    done: DONE.find((d) => d === done) ?? null,
  };
}

/** What an action that stays on the page says it did. */
type Said =
  /** Emailed to the account's own address; never shown to the administrator. */
  | { kind: "password"; email: string; expiresOn?: undefined }
  | { kind: "invitation"; email: string; expiresOn: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const id = params.id ?? "";
  if (!(await getStaff(id))) throw refusal(new AppError("not_found"));
  const actor = { staffId: staff.staffId };
  const redirectTo = (done: (typeof DONE)[number]) => seeOther(`/staff/admin/staff/${id}?done=${done}`);
  const said: { what?: Said } = {};
  const answer = await submitIntent(
    form,
    {
      update: intent(staffEditSchema, async ({ displayName, role, agencyId, reason }) => {
        const r = await updateStaff(actor, id, { displayName, role, agencyId: agencyId ?? null }, reason);
        return redirectTo(r.awaitingApproval ? "awaitingApproval" : "updated");
      }),
      deactivate: intent(staffReasonSchema, async ({ reason }) => {
        const r = await updateStaff(actor, id, { active: false }, reason);
        return redirectTo(r.awaitingApproval ? "awaitingApproval" : "deactivated");
      }),
      reactivate: intent(staffReasonSchema, async ({ reason }) => {
        const r = await updateStaff(actor, id, { active: true }, reason);
        return redirectTo(r.awaitingApproval ? "awaitingApproval" : "reactivated");
      }),
      "one-time-password": intent(staffReasonSchema, async ({ reason }) => {
        const r = await setOneTimePassword(actor, id, reason);
        said.what = { kind: "password", email: r.email };
      }),
      "reissue-invitation": intent(staffReasonSchema, async ({ reason }) => {
        const r = await reissueInvitation(actor, id, reason);
        said.what = { kind: "invitation", email: r.email, expiresOn: localDate(r.expiresAt, env().timeZone) };
      }),
    },
    { headers: noStore },
  );
  return answerWith(answer, said.what);
}

export default function StaffAccount() {
  const { csrf, person, self, agencies, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const said = actionData && "kind" in actionData ? actionData : null;

  // The forms on the page; a refusal for any other (a stale page) is shown at the top.
  const shown = person.active
    ? ["update", ...(person.passwordState === "invited" ? ["reissue-invitation"] : []), ...(self ? [] : ["one-time-password", "deactivate"])]
    : ["update", "reactivate"];
  const form = { csrf, actionData, busy };

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
      {said?.kind === "password" ? (
        <p className="notice" role="status">
          {t("admin.staff.password.emailed", { email: said.email })}
        </p>
      ) : null}
      {said?.kind === "invitation" ? (
        <p className="notice" role="status">
          {t("admin.staff.invited.emailed", { email: said.email, expiresOn: said.expiresOn })}
        </p>
      ) : null}
      {person.awaitingApproval ? (
        <p className="notice" role="status">
          {t("admin.staff.awaitingApproval")} <Link to="/staff/admin/approvals">{t("admin.approvals.title")}</Link>
        </p>
      ) : null}
      <StrayErrors actionData={actionData} shown={shown} />

      <StaffFacts person={person} />
      <StaffEditForm {...form} person={person} self={self} agencies={agencies} />

      {person.active ? (
        <>
          {person.passwordState === "invited" ? (
            <ReasonForm {...form} intent="reissue-invitation" title={t("admin.staff.reissue.title")} lead={t("admin.staff.reissue.lead")} submit={t("admin.staff.reissue.submit")} />
          ) : null}
          {self ? null : (
            <ReasonForm {...form} intent="one-time-password" title={t("admin.staff.password.title")} lead={t("admin.staff.password.hint")} submit={t("admin.staff.password.submit")} />
          )}
          {self ? (
            <p className="hint">{t("admin.staff.deactivate.self")}</p>
          ) : (
            <ReasonForm {...form} intent="deactivate" title={t("admin.staff.deactivate.title")} lead={t("admin.staff.deactivate.lead")} submit={t("admin.staff.deactivate.submit")} danger />
          )}
        </>
      ) : (
        <ReasonForm {...form} intent="reactivate" title={t("admin.staff.reactivate.title")} lead={t("admin.staff.reactivate.lead")} submit={t("admin.staff.reactivate.submit")} />
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
