import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Reason } from "~/components/admin-form";
import { DecisionTable, rowFormId } from "~/components/decision-table";
import { CsrfInput, ErrorSummary, formProps, StrayErrors, useFormFor } from "~/components/form-kit";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { localDate } from "~/domain/working-days";
import { roleGrantDecisionSchema } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/request-body.server";
import { intent, seeOther } from "~/lib/route-edge.server";
import { submitRowIntent } from "~/lib/row-forms.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { approveRoleGrant } from "~/services/approve-role-grant.server";
import { listPendingRoleGrants } from "~/services/list-role-grants.server";
import { refuseRoleGrant } from "~/services/refuse-role-grant.server";

export const meta: MetaFunction = () => [{ title: "Canary — 待批准的授权 / Approvals" }];

const noStore = { "Cache-Control": "no-store" };
const DONE = ["approved", "refused", "withdrawn"] as const;

/**
 * Role grants waiting for a second administrator (docs/decisions/014): approve or refuse each
 * with a reason; the administrator who asked may only withdraw theirs. Plain forms: works
 * without JavaScript. One row per request, its forms answered on their own (decision-table).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const done = new URL(request.url).searchParams.get("done");
  const requests = await listPendingRoleGrants(staff.staffId);
  return {
    csrf: staff.csrf,
    requests: requests.map((r) => ({ ...r, requestedOn: localDate(new Date(r.requestedAt), env().timeZone) })),
    done: DONE.find((d) => d === done) ?? null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const actor = { staffId: staff.staffId };
  return submitRowIntent(
    form,
    "requestId",
    {
      approve: intent(roleGrantDecisionSchema, async ({ requestId, reason }) => {
        await approveRoleGrant(actor, requestId, reason);
        return seeOther("/staff/admin/approvals?done=approved");
      }),
      refuse: intent(roleGrantDecisionSchema, async ({ requestId, reason }) => {
        const { state } = await refuseRoleGrant(actor, requestId, reason);
        return seeOther(`/staff/admin/approvals?done=${state}`);
      }),
    },
    { headers: noStore },
  );
}

type Pending = Awaited<ReturnType<typeof loader>>["requests"][number];

export default function Approvals() {
  const { csrf, requests, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const shown = requests.flatMap((r) => [rowFormId("approve", r.id), rowFormId("refuse", r.id)]);
  const decision = { csrf, busy, actionData };

  return (
    <>
      <p>
        <Link to="/staff/admin">{t("admin.title")}</Link> · <Link to="/staff/admin/staff">{t("admin.staff.title")}</Link>
      </p>
      <h1>{t("admin.approvals.title")}</h1>
      <p>{t("admin.approvals.lead")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`admin.approvals.done.${done}`)}
        </p>
      ) : null}
      <StrayErrors actionData={actionData} shown={shown} />
      <DecisionTable<Pending>
        rows={requests}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ className: "approval", "data-request": r.id })}
        empty={t("admin.approvals.none")}
        columns={[
          {
            header: t("admin.staff.col.name"),
            cell: (r) => (
              <>
                <Link to={`/staff/admin/staff/${r.staff.id}`}>{r.staff.displayName}</Link> · {r.staff.email}
              </>
            ),
          },
          {
            header: t("admin.approvals.asked"),
            cell: (r) => (
              <>
                {t(`staff.role.${r.role}`)}
                {r.agency ? ` · ${localName(locale, r.agency)}` : ""}
                {r.invitation ? ` · ${t("admin.approvals.newAccount")}` : r.activate ? ` · ${t("admin.approvals.reactivation")}` : ""}
              </>
            ),
          },
          {
            header: t("admin.approvals.now"),
            cell: (r) => (
              <>
                {t(`staff.role.${r.staff.role}`)}
                {r.staff.agency ? ` · ${localName(locale, r.staff.agency)}` : ""}
                {r.staff.active ? "" : ` · ${t("admin.staff.badge.inactive")}`}
              </>
            ),
          },
          {
            header: t("admin.approvals.requestedBy"),
            cell: (r) => (
              <>
                {r.requestedBy.displayName} · {r.requestedOn}
              </>
            ),
          },
          { header: t("admin.approvals.reason"), cell: (r) => r.reason },
        ]}
        decisionHeader={t("approvals.col.decision")}
        decision={(r) => (
          <>
            {r.mine ? <p className="hint">{t("admin.approvals.mine")}</p> : <DecisionForm {...decision} requestId={r.id} intent="approve" label={t("admin.approvals.approve")} />}
            <DecisionForm {...decision} requestId={r.id} intent="refuse" label={t(r.mine ? "admin.approvals.withdraw" : "admin.approvals.refuse")} danger />
          </>
        )}
      />
    </>
  );
}

function DecisionForm(props: { requestId: string; intent: "approve" | "refuse"; csrf: string; busy: boolean; actionData: unknown; label: string; danger?: boolean }) {
  const [form, fields] = useFormFor<{ reason: string }>(rowFormId(props.intent, props.requestId), props.actionData);
  return (
    <Form method="post" {...formProps(form)}>
      <ErrorSummary form={form} />
      <CsrfInput value={props.csrf} />
      <input type="hidden" name="requestId" value={props.requestId} />
      <Reason meta={fields.reason} />
      <p>
        <button type="submit" name="intent" value={props.intent} className={props.danger ? "button danger" : "button primary"} disabled={props.busy}>
          {props.label}
        </button>
      </p>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
