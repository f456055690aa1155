import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminErrorBoundary, ErrorSummary, ReasonField } from "~/components/admin-form";
import { localDate } from "~/domain/working-days";
import { formValues, parseForm, staffReasonSchema, type FieldErrors } from "~/forms/admin";
import { localName, useLocale, useT } from "~/i18n";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/request-body.server";
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
 * without JavaScript.
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

type Intent = "approve" | "refuse";
type ActionData = { kind: "invalid"; intent: Intent | null; requestId: string; values: Record<string, string>; errors: FieldErrors };
const reply = (data: ActionData, status: number) => Response.json(data, { status, headers: noStore });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "admin.manage_staff");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const values = formValues(form);
  const intent = values.intent === "approve" || values.intent === "refuse" ? values.intent : null;
  const requestId = /^[0-9a-f-]{36}$/i.test(values.requestId ?? "") ? values.requestId! : "";
  const invalid = (errors: FieldErrors, status = 400) => reply({ kind: "invalid", intent, requestId, values, errors }, status);
  if (!intent || !requestId) return invalid({ form: ["admin.errors.unknownIntent"] });
  const parsed = parseForm(staffReasonSchema, values);
  if (!parsed.ok) return invalid(parsed.errors);
  const actor = { staffId: staff.staffId };
  const r = intent === "approve" ? await approveRoleGrant(actor, requestId, parsed.data.reason) : await refuseRoleGrant(actor, requestId, parsed.data.reason);
  if (!r.ok) return invalid(r.errors, r.status);
  const done = intent === "approve" ? "approved" : "state" in r ? r.state : "refused";
  return new Response(null, { status: 303, headers: { Location: `/staff/admin/approvals?done=${done}` } });
}

export default function Approvals() {
  const { csrf, requests, done } = useLoaderData<typeof loader>();
  // The action answers a refusal as JSON with its status (a success redirects): typed here.
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const errorsFor = (id: string, intent: Intent): FieldErrors => (actionData?.requestId === id && actionData.intent === intent ? actionData.errors : {});
  const reasonFor = (id: string, intent: Intent) => (actionData?.requestId === id && actionData.intent === intent ? (actionData.values.reason ?? "") : "");
  const shownIds = new Set(requests.map((r) => r.id));

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
      {actionData && !shownIds.has(actionData.requestId) ? <ErrorSummary errors={actionData.errors} /> : null}
      {requests.length === 0 ? <p>{t("admin.approvals.none")}</p> : null}
      {requests.map((r) => (
        <section key={r.id} className="card approval" aria-labelledby={`approval-${r.id}`}>
          <h2 id={`approval-${r.id}`}>
            <Link to={`/staff/admin/staff/${r.staff.id}`}>{r.staff.displayName}</Link> · {r.staff.email}
          </h2>
          <dl className="facts">
            <dt>{t("admin.approvals.asked")}</dt>
            <dd>
              {t(`staff.role.${r.role}`)}
              {r.agency ? ` · ${localName(locale, r.agency)}` : ""}
              {r.invitation ? ` · ${t("admin.approvals.newAccount")}` : r.activate ? ` · ${t("admin.approvals.reactivation")}` : ""}
            </dd>
            <dt>{t("admin.approvals.now")}</dt>
            <dd>
              {t(`staff.role.${r.staff.role}`)}
              {r.staff.agency ? ` · ${localName(locale, r.staff.agency)}` : ""}
              {r.staff.active ? "" : ` · ${t("admin.staff.badge.inactive")}`}
            </dd>
            <dt>{t("admin.approvals.requestedBy")}</dt>
            <dd>
              {r.requestedBy.displayName} · {r.requestedOn}
            </dd>
            <dt>{t("admin.approvals.reason")}</dt>
            <dd>{r.reason}</dd>
          </dl>
          {r.mine ? (
            <p className="hint">{t("admin.approvals.mine")}</p>
          ) : (
            <DecisionForm requestId={r.id} intent="approve" csrf={csrf} busy={busy} errors={errorsFor(r.id, "approve")} reason={reasonFor(r.id, "approve")} label={t("admin.approvals.approve")} />
          )}
          <DecisionForm
            requestId={r.id}
            intent="refuse"
            csrf={csrf}
            busy={busy}
            errors={errorsFor(r.id, "refuse")}
            reason={reasonFor(r.id, "refuse")}
            label={t(r.mine ? "admin.approvals.withdraw" : "admin.approvals.refuse")}
            danger
          />
        </section>
      ))}
    </>
  );
}

function DecisionForm(props: { requestId: string; intent: Intent; csrf: string; busy: boolean; errors: FieldErrors; reason: string; label: string; danger?: boolean }) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={props.errors} />
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="requestId" value={props.requestId} />
      <ReasonField id={`${props.intent}-${props.requestId}-reason`} errors={props.errors.reason} defaultValue={props.reason} />
      <p>
        <button type="submit" name="intent" value={props.intent} className={props.danger ? "button danger" : "button primary"} disabled={props.busy}>
          {props.label}
        </button>
      </p>
    </Form>
  );
}

export { AdminErrorBoundary as ErrorBoundary };
