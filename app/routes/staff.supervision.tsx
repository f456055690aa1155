import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DecisionTable, rowFormId } from "~/components/decision-table";
import { CsrfInput, FormErrors, formProps, StrayErrors, TextareaField, TextField, useFormFor } from "~/components/form-kit";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { submitForm } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { addDays } from "~/domain/working-days";
import { listSupervision } from "~/services/list-supervision.server";
import { setSupervision, supervisionSchema } from "~/services/set-supervision.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: "Canary — 挂牌督办 / Cases under supervision" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  const { rows, today } = await listSupervision(staff);
  return {
    csrf: staff.csrf,
    today,
    minDue: addDays(today, 1),
    rows,
  };
}

/** One form per case; the answer names the case's form, so errors land on that case's fields. */
const FORM = "supervise";

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  // Only reference characters go into the form id (it is echoed to the page).
  const reference = String(form.get("reference") ?? "").replace(/[^A-Z0-9-]/gi, "");
  return submitForm(form, supervisionSchema, (v) => setSupervision(staff, v.reference, { note: v.note, dueOn: v.dueOn }), { intent: rowFormId(FORM, reference) });
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function Supervision() {
  const { rows, csrf, today, minDue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const saved = actionData && actionData.done && actionData.intent.startsWith(`${FORM}:`) ? actionData.intent.slice(FORM.length + 1) : null;
  return (
    <>
      <h1>{t("supervision.title")}</h1>
      <p>{t("supervision.lead")}</p>
      {saved ? (
        <p className="notice" role="status">
          {t("supervision.saved", { reference: saved })}
        </p>
      ) : null}
      <StrayErrors actionData={actionData} shown={rows.map((r) => rowFormId(FORM, r.reference))} />
      <DecisionTable<Row>
        rows={rows}
        rowKey={(r) => r.reference}
        rowProps={(r) => ({ "data-reference": r.reference })}
        testId="supervision-list"
        empty={t("supervision.empty")}
        columns={[
          { header: t("supervision.col.reference"), cell: (r) => <Link to={`/staff/cases/${r.reference}`}>{r.reference}</Link> },
          { header: t("supervision.col.state"), cell: (r) => tKnown(t, `staff.state.${r.state}`) },
          { header: t("supervision.col.agency"), cell: (r) => (r.agency ? localName(locale, r.agency) : "—") },
          { header: t("supervision.col.sector"), cell: (r) => localName(locale, r.sector) },
          { header: t("supervision.col.place"), cell: (r) => localName(locale, r.place) },
          {
            header: t("supervision.col.dueOn"),
            cell: (r) => (
              <span className="overdue">
                {r.dueOn ?? "—"} · {t("supervision.daysOverdue", { n: r.daysOverdue })}
              </span>
            ),
          },
          { header: t("supervision.col.overdueSince"), cell: (r) => (r.escalatedOn ? t("supervision.escalatedOn", { date: r.escalatedOn }) : t("supervision.notEscalatedYet")) },
        ]}
        decisionHeader={t("supervision.col.note")}
        decision={(r) => <SupervisionForm csrf={csrf} row={r} today={today} minDue={minDue} actionData={actionData} />}
      />
    </>
  );
}

/** The supervision note of one case and, optionally, its new deadline. */
function SupervisionForm({ csrf, row, today, minDue, actionData }: { csrf: string; row: Row; today: string; minDue: string; actionData: unknown }) {
  const t = useT();
  const [form, fields] = useFormFor<{ reference: string; note: string; dueOn: string }>(rowFormId(FORM, row.reference), actionData, { defaultValue: { note: row.supervisionNote ?? "" } });
  return (
    <>
      {row.supervisionNote ? <p className="supervision-note">{row.supervisionNote}</p> : null}
      <Form method="post" className="supervision-form" {...formProps(form)}>
        <fieldset>
          <legend>{t("supervision.form.legend", { reference: row.reference })}</legend>
          <FormErrors form={form} />
          <CsrfInput value={csrf} />
          <input type="hidden" name="reference" value={row.reference} />
          <TextareaField meta={fields.note} label={t("supervision.form.note")} hint={t("supervision.form.noteHint")} rows={3} maxLength={1000} />
          <TextField meta={fields.dueOn} label={t("supervision.form.dueOn")} hint={t("supervision.form.dueOnHint", { today })} type="date" min={minDue} />
          <button type="submit" className="button primary">
            {t("supervision.form.submit")}
          </button>
        </fieldset>
      </Form>
    </>
  );
}
