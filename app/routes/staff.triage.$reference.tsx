import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { REJECTION_REASONS } from "~/domain/case-state";
import { CaseView } from "~/components/case-view";
import { CorrectForm, PendingImplicationChange } from "~/components/triage-correct-form";
import { Field, translateError } from "~/components/field";
import { TRIAGE_STATES } from "~/domain/case-state";
import { can } from "~/domain/permissions";
import { askSchema, correctSchema, rejectSchema, routeSchema } from "~/forms/triage";
import { localName, tKnown, useLocale, useT, type Translate } from "~/i18n";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { findVisibleCase } from "~/services/case-record.server";
import { listSectors } from "~/services/list-sectors.server";
import { postTipMessage } from "~/services/post-tip-message.server";
import { correctCase } from "~/services/triage-correct.server";
import { rejectCase } from "~/services/triage-reject.server";
import { routeCase } from "~/services/triage-route.server";
import { triageView } from "~/services/triage-view.server";
import { viewContactDetails } from "~/services/view-contact-details.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "triage.view_queue");
  const view = await triageView(staff, params.reference ?? "");
  return { ...view, csrf: staff.csrf, canSeeContact: can(staff.role, "case.view_contact"), sectors: await listSectors() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "route":
      return runStaffAction(intent, form, routeSchema, (v) => routeCase(staff, reference, v));
    case "reject":
      return runStaffAction(intent, form, rejectSchema, (v) => rejectCase(staff, reference, v));
    case "correct":
      return runStaffAction(intent, form, correctSchema, ({ implicationReason, ...v }) =>
        correctCase(staff, reference, { ...v, deaths: v.deaths ?? null, implicatedPlaceCode: v.officialsImplicated ? (v.implicatedPlaceCode ?? null) : null }, { reason: implicationReason }),
      );
    case "ask":
      return runStaffAction(intent, form, askSchema, async (v) => {
        const c = await findVisibleCase(staff, reference);
        await postTipMessage({ tipId: c.id, author: { type: "staff", staffId: staff.staffId }, body: v.question });
      });
    case "show-contact":
      return Response.json({ ok: true, intent, contact: await viewContactDetails(staff, reference) });
    default:
      return Response.json({ ok: false, intent, errors: { form: ["errors.generic"] }, values: {} }, { status: 400 });
  }
}

type ActionData = StaffActionResult & { contact?: { name?: string; phone?: string; email?: string } | null };

function ruleText(t: Translate, r: Record<string, unknown>, typeName: (code: string) => string) {
  const params = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "departmentType" ? typeName(String(v)) : Array.isArray(v) ? v.map((x) => tKnown(t, `staff.flag.${String(x)}`)).join(", ") : String(v)]));
  return tKnown(t, `staff.rule.${String(r.rule)}`, params);
}

export default function TriageTip() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const t = useT();
  const locale = useLocale();
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.errors : {});
  const valuesFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.values : {});
  const open = (TRIAGE_STATES as readonly string[]).includes(data.case.state);
  const csrf = <input type="hidden" name="csrf" value={data.csrf} />;
  const formError = (intent: string) =>
    errorsFor(intent).form ? (
      <p className="error" role="alert">
        {errorsFor(intent).form!.map((e) => translateError(t, e)).join(" ")}
      </p>
    ) : null;
  return (
    <>
      <p>
        <Link to="/staff/triage">← {t("staff.triage.title")}</Link>
      </p>
      <h1>{t("staff.case.title", { reference: data.case.reference })}</h1>
      {result?.ok && result.intent !== "show-contact" ? (
        <p className="notice" role="status">
          {result.intent === "correct" && data.pendingImplicationChange ? t("triage.correct.requested") : t("staff.case.done")}
        </p>
      ) : null}
      {data.pendingImplicationChange ? <PendingImplicationChange request={data.pendingImplicationChange} /> : null}
      <CaseView data={data} csrf={data.csrf} canSeeContact={data.canSeeContact} contact={result?.intent === "show-contact" ? result.contact : undefined} />

      {open ? (
        <>
          <section className="card" aria-labelledby="routing-title">
            <h2 id="routing-title">{t("staff.case.routing")}</h2>
            <p data-testid="routing-suggestion">
              {data.suggestion.agency ? t("staff.case.routing.suggested", { agency: localName(locale, data.suggestion.agency) }) : t("staff.case.routing.none")}
            </p>
            <p className="hint">{t("staff.case.routing.rules")}:</p>
            <ol className="hint">
              {data.suggestion.rules.map((r, i) => (
                <li key={i}>
                  {ruleText(t, r as unknown as Record<string, unknown>, (code) => {
                    const d = data.departmentTypes.find((x) => x.code === code);
                    return d ? localName(locale, d) : code;
                  })}
                </li>
              ))}
            </ol>
            {formError("route")}
            <Form method="post">
              {csrf}
              <Field id="agencyId" label={t("staff.case.routing.agencyId")} errors={errorsFor("route").agencyId}>
                <select id="agencyId" name="agencyId" defaultValue={valuesFor("route").agencyId ?? data.suggestion.agency?.id ?? ""}>
                  <option value="">—</option>
                  {data.candidates.map((a) => (
                    <option key={a.id} value={a.id}>
                      {localName(locale, a)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="route-reason" label={t("staff.case.routing.overrideReason")} errors={errorsFor("route").reason}>
                <input id="route-reason" name="reason" defaultValue={valuesFor("route").reason ?? ""} />
              </Field>
              <button type="submit" name="intent" value="route" className="button primary">
                {t("staff.case.routing.submit")}
              </button>
            </Form>
          </section>

          <section className="card">
            <h2>{t("staff.case.duplicates")}</h2>
            {data.duplicates.length === 0 ? <p className="hint">{t("staff.case.duplicates.none")}</p> : null}
            <ul>
              {data.duplicates.map((d) => (
                <li key={d.reference}>
                  <Link to={`/staff/triage/${d.reference}`}>{d.reference}</Link> · {d.submittedOn} · {d.companyName} · {tKnown(t, `staff.state.${d.state}`)}
                </li>
              ))}
            </ul>
          </section>

          <section className="card">
            <h2>{t("staff.case.reject")}</h2>
            {formError("reject")}
            <Form method="post">
              {csrf}
              <Field id="reject-reason" label={t("staff.case.reject.reason")} errors={errorsFor("reject").reason}>
                <select id="reject-reason" name="reason" defaultValue={valuesFor("reject").reason ?? ""}>
                  <option value="">—</option>
                  {REJECTION_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`staff.reason.${r}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="noteToTipster" label={t("staff.case.reject.note")} errors={errorsFor("reject").noteToTipster}>
                <textarea id="noteToTipster" name="noteToTipster" rows={3} defaultValue={valuesFor("reject").noteToTipster ?? ""} />
              </Field>
              <button type="submit" name="intent" value="reject" className="button">
                {t("staff.case.reject.submit")}
              </button>
            </Form>
          </section>

          <section className="card">
            <h2>{t("staff.case.merge")}</h2>
            {/* The first step only names the case to join: the merge itself is confirmed, with a reason, on the next page. */}
            <Form method="get" action={`/staff/triage/${data.case.reference}/merge`}>
              <Field id="into" label={t("staff.case.merge.into")}>
                <input id="into" name="into" placeholder="JB2026-48213907" />
              </Field>
              <button type="submit" className="button">
                {t("merge.preview")}
              </button>
            </Form>
          </section>

          <CorrectForm data={data} csrf={data.csrf} errors={errorsFor("correct")} values={valuesFor("correct")} formError={formError("correct")} />
        </>
      ) : null}

      <section className="card">
        <h2>{t("staff.case.ask")}</h2>
        {formError("ask")}
        <Form method="post">
          {csrf}
          <Field id="question" label={t("staff.case.ask")} errors={errorsFor("ask").question}>
            <textarea id="question" name="question" rows={3} defaultValue={valuesFor("ask").question ?? ""} />
          </Field>
          <button type="submit" name="intent" value="ask" className="button">
            {t("staff.case.ask.send")}
          </button>
        </Form>
      </section>
    </>
  );
}
