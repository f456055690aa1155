import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/request-body.server";
import { DecisionTable, rowFormId } from "~/components/decision-table";
import { CsrfInput, FormErrors, formProps, StrayErrors, TextareaField, useFormFor } from "~/components/form-kit";
import { implicationDecisionSchema, type ImplicationDecisionInput } from "~/forms/approvals";
import { localName, useLocale, useT } from "~/i18n";
import { useLocalTime } from "~/i18n/time";
import { answerWith } from "~/lib/form-answer.server";
import { submitForm } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { decideImplicationChange } from "~/services/implication-decide.server";
import { listImplicationRequests } from "~/services/implication-requests.server";

export const meta: MetaFunction = () => [{ title: "Canary — 待审批 / Approvals" }];

/** Supervisors decide the desk's requests to clear or narrow a tip's implication (two-person rule). */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "implication.decide");
  return { csrf: staff.csrf, requests: await listImplicationRequests(staff) };
}

/** One form per request; its two buttons (name "decision") pick approve or refuse. */
const FORM = "decide";

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "implication.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const said: { decided?: { decision: "approve" | "refuse"; reference: string } } = {};
  // Only id-like characters of the request go into the form id (it is echoed to the page).
  const row = String(form.get("requestId") ?? "").replace(/[^0-9a-f-]/gi, "");
  const answer = await submitForm(
    form,
    implicationDecisionSchema,
    async (v) => {
      await decideImplicationChange(staff, v.requestId, { decision: v.decision, note: v.note });
      // The row is gone once decided: the notice names the case (as the form sent it, id characters only).
      said.decided = { decision: v.decision, reference: String(form.get("reference") ?? "").replace(/[^A-Z0-9-]/gi, "") };
    },
    { intent: rowFormId(FORM, row) },
  );
  return answerWith(answer, said.decided);
}

type Pending = Awaited<ReturnType<typeof loader>>["requests"][number];

export default function Approvals() {
  const when = useLocalTime();
  const { requests, csrf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const decided = actionData && "decision" in actionData ? actionData : null;
  const placeName = (code: string | null, names: { code: string; nameZh: string; nameEn: string }[]) => {
    const p = code ? names.find((n) => n.code === code) : null;
    return code ? `${p ? localName(locale, p) : ""} (${code})` : t("approvals.none");
  };
  const shown = requests.map((r) => rowFormId(FORM, r.id));
  return (
    <>
      <h1>{t("approvals.title")}</h1>
      <p>{t("approvals.lead")}</p>
      {decided ? (
        <p className="notice" role="status">
          {t(decided.decision === "approve" ? "approvals.approved" : "approvals.refused", { reference: decided.reference })}
        </p>
      ) : null}
      <StrayErrors actionData={actionData} shown={shown} />
      <DecisionTable<Pending>
        rows={requests}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ "data-reference": r.reference })}
        testId="approvals-list"
        empty={t("approvals.empty")}
        columns={[
          { header: t("approvals.col.reference"), cell: (r) => <Link to={`/staff/cases/${r.reference}`}>{r.reference}</Link> },
          {
            header: t("approvals.col.change"),
            cell: (r) => t("approvals.change", { from: placeName(r.payload.from.implicatedPlaceCode, r.placeNames), to: placeName(r.payload.to.implicatedPlaceCode, r.placeNames) }),
          },
          { header: t("approvals.col.reason"), cell: (r) => r.reason },
          {
            header: t("approvals.col.requested"),
            cell: (r) => (
              <>
                {r.requestedBy} · {when(r.requestedAt)}
              </>
            ),
          },
        ]}
        decisionHeader={t("approvals.col.decision")}
        decision={(r) => <DecisionForm csrf={csrf} request={r} actionData={actionData} />}
      />
    </>
  );
}

/** The note and the two decisions of one request. */
function DecisionForm({ csrf, request, actionData }: { csrf: string; request: Pending; actionData: unknown }) {
  const t = useT();
  const [form, fields] = useFormFor<ImplicationDecisionInput>(rowFormId(FORM, request.id), actionData);
  return (
    <Form method="post" {...formProps(form)}>
      <fieldset>
        <legend>{t("approvals.legend", { reference: request.reference })}</legend>
        <FormErrors form={form} />
        <CsrfInput value={csrf} />
        <input type="hidden" name="requestId" value={request.id} />
        <input type="hidden" name="reference" value={request.reference} />
        <TextareaField meta={fields.note} label={t("approvals.note")} hint={t("approvals.note.hint")} rows={2} maxLength={1000} />
        <button type="submit" name="decision" value="approve" className="button primary">
          {t("approvals.approve")}
        </button>{" "}
        <button type="submit" name="decision" value="refuse" className="button">
          {t("approvals.refuse")}
        </button>
      </fieldset>
    </Form>
  );
}
