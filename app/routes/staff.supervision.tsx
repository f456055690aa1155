import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { describedBy, Field } from "~/components/field";
import { localName, tKnown, useLocale, useT } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { addDays, daysBetween } from "~/domain/working-days";
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
    rows: rows.map((r) => ({
      ...r,
      // Escalated for the current deadline (an overdue_since of an earlier one does not count).
      escalatedOn: r.overdueSince && r.dueOn && r.overdueSince > r.dueOn ? r.overdueSince : null,
      daysOverdue: r.dueOn ? Math.max(0, daysBetween(r.dueOn, today)) : 0,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "supervision.view_subtree");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = String(form.get("reference") ?? "");
  // One form per case: the intent names the case, so errors land on that case's fields.
  return runStaffAction(`supervise:${reference}`, form, supervisionSchema, (v) => setSupervision(staff, v.reference, { note: v.note, dueOn: v.dueOn }));
}

export default function Supervision() {
  const { rows, csrf, today, minDue } = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
  const t = useT();
  const locale = useLocale();
  const errorsFor = (ref: string) => (result && !result.ok && result.intent === `supervise:${ref}` ? result.errors : {});
  const valuesFor = (ref: string) => (result && !result.ok && result.intent === `supervise:${ref}` ? result.values : {});
  const saved = result?.ok && result.intent.startsWith("supervise:") ? result.intent.slice("supervise:".length) : null;
  const formErrors = result && !result.ok ? (result.errors.form ?? result.errors.reference ?? []) : [];
  return (
    <>
      <h1>{t("supervision.title")}</h1>
      <p>{t("supervision.lead")}</p>
      {saved ? (
        <p className="notice" role="status">
          {t("supervision.saved", { reference: saved })}
        </p>
      ) : null}
      {formErrors.length ? (
        <p className="error" role="alert">
          {formErrors.map((e) => tKnown(t, e)).join(" ")}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("supervision.empty")}</p>
      ) : (
        <table className="list" data-testid="supervision-list">
          <thead>
            <tr>
              <th>{t("supervision.col.reference")}</th>
              <th>{t("supervision.col.state")}</th>
              <th>{t("supervision.col.agency")}</th>
              <th>{t("supervision.col.sector")}</th>
              <th>{t("supervision.col.place")}</th>
              <th>{t("supervision.col.dueOn")}</th>
              <th>{t("supervision.col.overdueSince")}</th>
              <th>{t("supervision.col.note")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const errors = errorsFor(r.reference);
              const values = valuesFor(r.reference);
              const noteId = `note-${r.reference}`;
              const dueId = `due-${r.reference}`;
              return (
                <tr key={r.reference} data-reference={r.reference}>
                  <td>
                    <Link to={`/staff/cases/${r.reference}`}>{r.reference}</Link>
                  </td>
                  <td>{tKnown(t, `staff.state.${r.state}`)}</td>
                  <td>{r.agency ? localName(locale, r.agency) : "—"}</td>
                  <td>{localName(locale, r.sector)}</td>
                  <td>{localName(locale, r.place)}</td>
                  <td className="overdue">
                    {r.dueOn ?? "—"} · {t("supervision.daysOverdue", { n: r.daysOverdue })}
                  </td>
                  <td>
                    {r.escalatedOn ? t("supervision.escalatedOn", { date: r.escalatedOn }) : t("supervision.notEscalatedYet")}
                  </td>
                  <td>
                    {r.supervisionNote ? <p className="supervision-note">{r.supervisionNote}</p> : null}
                    <Form method="post" className="supervision-form">
                      <fieldset>
                        <legend>{t("supervision.form.legend", { reference: r.reference })}</legend>
                        <input type="hidden" name="csrf" value={csrf} />
                        <input type="hidden" name="reference" value={r.reference} />
                        <Field id={noteId} label={t("supervision.form.note")} hint={t("supervision.form.noteHint")} errors={errors.note}>
                          <textarea
                            id={noteId}
                            name="note"
                            rows={3}
                            maxLength={1000}
                            required
                            defaultValue={values.note ?? r.supervisionNote ?? ""}
                            {...describedBy(noteId, { hint: true, errors: errors.note })}
                          />
                        </Field>
                        <Field id={dueId} label={t("supervision.form.dueOn")} hint={t("supervision.form.dueOnHint", { today })} errors={errors.dueOn}>
                          <input
                            id={dueId}
                            name="dueOn"
                            type="date"
                            min={minDue}
                            defaultValue={values.dueOn ?? ""}
                            {...describedBy(dueId, { hint: true, errors: errors.dueOn })}
                          />
                        </Field>
                        <button type="submit" className="button primary">
                          {t("supervision.form.submit")}
                        </button>
                      </fieldset>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
