import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/request-body.server";
import { describedBy, Field, translateError } from "~/components/field";
import { implicationDecisionSchema } from "~/forms/approvals";
import { localName, useLocale, useT } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { decideImplicationChange } from "~/services/implication-decide.server";
import { listImplicationRequests } from "~/services/implication-requests.server";

export const meta: MetaFunction = () => [{ title: "Canary — 待审批 / Approvals" }];

/** Supervisors decide the desk's requests to clear or narrow a tip's implication (two-person rule). */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "implication.decide");
  return { csrf: staff.csrf, requests: await listImplicationRequests(staff) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "implication.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const decision = String(form.get("decision") ?? "");
  // One form per request: the intent names the request (and the decision), so errors land on its fields.
  const reference = String(form.get("reference") ?? "").replace(/[^A-Z0-9-]/gi, "");
  return runStaffAction(`decide:${String(form.get("requestId") ?? "")}:${decision}:${reference}`, form, implicationDecisionSchema, (v) =>
    decideImplicationChange(staff, v.requestId, { decision: v.decision, note: v.note })
  );
}

export default function Approvals() {
  const { requests, csrf } = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
  const t = useT();
  const locale = useLocale();
  const [, resultId, resultDecision, resultReference] = result?.intent.split(":") ?? [];
  const errorsFor = (id: string) => (result && !result.ok && resultId === id ? result.errors : {});
  const valuesFor = (id: string) => (result && !result.ok && resultId === id ? result.values : {});
  const placeName = (code: string | null, names: { code: string; nameZh: string; nameEn: string }[]) => {
    const p = code ? names.find((n) => n.code === code) : null;
    return code ? `${p ? localName(locale, p) : ""} (${code})` : t("approvals.none");
  };
  const unmatched = result && !result.ok && !requests.some((r) => r.id === resultId) ? Object.values(result.errors).flat() : [];
  return (
    <>
      <h1>{t("approvals.title")}</h1>
      <p>{t("approvals.lead")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {t(resultDecision === "approve" ? "approvals.approved" : "approvals.refused", { reference: resultReference ?? "" })}
        </p>
      ) : null}
      {unmatched.length ? (
        <p className="error" role="alert">
          {unmatched.map((e) => translateError(t, e ?? "")).join(" ")}
        </p>
      ) : null}
      {requests.length === 0 ? (
        <p>{t("approvals.empty")}</p>
      ) : (
        <table className="list" data-testid="approvals-list">
          <thead>
            <tr>
              <th>{t("approvals.col.reference")}</th>
              <th>{t("approvals.col.change")}</th>
              <th>{t("approvals.col.reason")}</th>
              <th>{t("approvals.col.requested")}</th>
              <th>{t("approvals.col.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => {
              const errors = errorsFor(r.id);
              const noteId = `note-${r.id}`;
              return (
                <tr key={r.id} data-reference={r.reference}>
                  <td>
                    <Link to={`/staff/cases/${r.reference}`}>{r.reference}</Link>
                  </td>
                  <td>
                    {t("approvals.change", { from: placeName(r.payload.from.implicatedPlaceCode, r.placeNames), to: placeName(r.payload.to.implicatedPlaceCode, r.placeNames) })}
                  </td>
                  <td>{r.reason}</td>
                  <td>
                    {r.requestedBy} · {r.requestedAt.slice(0, 10)}
                  </td>
                  <td>
                    {errors.form ? (
                      <p className="error" role="alert">
                        {errors.form.map((e) => translateError(t, e)).join(" ")}
                      </p>
                    ) : null}
                    <Form method="post">
                      <fieldset>
                        <legend>{t("approvals.legend", { reference: r.reference })}</legend>
                        <input type="hidden" name="csrf" value={csrf} />
                        <input type="hidden" name="requestId" value={r.id} />
                        <input type="hidden" name="reference" value={r.reference} />
                        <Field id={noteId} label={t("approvals.note")} hint={t("approvals.note.hint")} errors={errors.note}>
                          <textarea
                            id={noteId}
                            name="note"
                            rows={2}
                            maxLength={1000}
                            required
                            defaultValue={valuesFor(r.id).note ?? ""}
                            {...describedBy(noteId, { hint: true, errors: errors.note })}
                          />
                        </Field>
                        <button type="submit" name="decision" value="approve" className="button primary">
                          {t("approvals.approve")}
                        </button>{" "}
                        <button type="submit" name="decision" value="refuse" className="button">
                          {t("approvals.refuse")}
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
