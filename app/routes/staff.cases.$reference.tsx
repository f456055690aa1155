import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CaseView } from "~/components/case-view";
import { Field, translateError } from "~/components/field";
import { availableActions } from "~/domain/case-state";
import { can } from "~/domain/permissions";
import { ACCIDENT_LEVELS, concludeSchema, extensionDecisionSchema, extensionRequestSchema, FINDINGS, noteSchema, reopenSchema, verifySchema } from "~/forms/case";
import { askSchema, returnSchema } from "~/forms/triage";
import { useT } from "~/i18n";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { runStaffAction, type StaffActionResult } from "~/lib/staff-action.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { acceptCase } from "~/services/agency-accept.server";
import { returnCase } from "~/services/agency-return.server";
import { addCaseEvidence } from "~/services/case-add-evidence.server";
import { addCaseNote } from "~/services/case-add-note.server";
import { closeCase } from "~/services/case-close.server";
import { concludeCase } from "~/services/case-conclude.server";
import { decideExtension } from "~/services/case-decide-extension.server";
import { caseDetailsForStaff } from "~/services/case-details-for-staff.server";
import { EVIDENCE_FIELD } from "~/forms/case";
import { caseHandlingView } from "~/services/case-handling-view.server";
import { findVisibleCase } from "~/services/case-record.server";
import { reopenCase } from "~/services/case-reopen.server";
import { requestExtension } from "~/services/case-request-extension.server";
import { startInvestigation } from "~/services/case-start-investigation.server";
import { verifyRectification } from "~/services/case-verify-rectification.server";
import { postTipMessage } from "~/services/post-tip-message.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const { row, ...details } = await caseDetailsForStaff(staff, params.reference ?? "");
  const handling = await caseHandlingView(staff, row);
  return { ...details, handling, csrf: staff.csrf, actions: availableActions(details.case.state, staff.role), canAsk: can(staff.role, "case.ask_tipster") };
}

const empty = z.object({});

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const { fields: form, files, problem } = await parseFormWithFiles(request, EVIDENCE_FIELD);
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const intent = String(form.get("intent") ?? "");
  const evidence = { files, problem };
  switch (intent) {
    case "accept":
      return runStaffAction(intent, form, empty, () => acceptCase(staff, reference));
    case "return":
      return runStaffAction(intent, form, returnSchema, (v) => returnCase(staff, reference, v));
    case "start_investigation":
      return runStaffAction(intent, form, empty, () => startInvestigation(staff, reference));
    case "conclude":
      return runStaffAction(intent, form, concludeSchema, (v) => concludeCase(staff, reference, v));
    case "verify":
      return runStaffAction(intent, form, verifySchema, (v) => verifyRectification(staff, reference, { note: v.note, evidence }));
    case "close":
      return runStaffAction(intent, form, empty, () => closeCase(staff, reference));
    case "note":
      return runStaffAction(intent, form, noteSchema, (v) => addCaseNote(staff, reference, v));
    case "evidence":
      return runStaffAction(intent, form, empty, () => addCaseEvidence(staff, reference, evidence));
    case "extension_request":
      return runStaffAction(intent, form, extensionRequestSchema, (v) => requestExtension(staff, reference, v));
    case "extension_decide":
      return runStaffAction(intent, form, extensionDecisionSchema, (v) => decideExtension(staff, reference, v));
    case "reopen": {
      const res = await runStaffAction(intent, form, reopenSchema, (v) => reopenCase(staff, reference, { reason: v.reason, evidence }));
      // The case is back with triage: the supervisor no longer sees it here.
      if (res.status === 200) return new Response(null, { status: 303, headers: { Location: `/staff/cases?reopened=${encodeURIComponent(reference)}` } });
      return res;
    }
    case "ask":
      if (!can(staff.role, "case.ask_tipster")) break;
      return runStaffAction(intent, form, askSchema, async (v) => {
        const c = await findVisibleCase(staff, reference);
        await postTipMessage({ tipId: c.id, author: { type: "staff", staffId: staff.staffId }, body: v.question });
      });
  }
  return Response.json({ ok: false, intent, errors: { form: ["errors.forbidden"] }, values: {} }, { status: 403 });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function StaffCase() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionResult>();
  const t = useT();
  const failed = (intent: string) => (result && !result.ok && result.intent === intent ? result : null);
  const errorsFor = (intent: string) => failed(intent)?.errors ?? {};
  const valueOf = (intent: string, name: string) => failed(intent)?.values[name] ?? "";
  const csrf = <input type="hidden" name="csrf" value={data.csrf} />;
  const h = data.handling;
  const may = (a: string) => h.may.actions.includes(a as (typeof h.may.actions)[number]);
  return (
    <>
      <p>
        <Link to="/staff/cases">← {t("staff.inbox.title")}</Link>
      </p>
      <h1>{t("staff.case.title", { reference: data.case.reference })}</h1>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("staff.case.done")}
        </p>
      ) : null}
      {result && !result.ok && result.errors.form ? (
        <p className="error" role="alert">
          {result.errors.form.map((e) => translateError(t, e)).join(" ")}
        </p>
      ) : null}
      {data.actions.includes("accept") ? (
        <section className="card">
          <Form method="post">
            {csrf}
            <button type="submit" name="intent" value="accept" className="button primary">
              {t("staff.case.accept")}
            </button>
          </Form>
          <h2>{t("staff.case.return")}</h2>
          <Form method="post">
            {csrf}
            <Field id="return-reason" label={t("staff.case.return.reason")} errors={errorsFor("return").reason}>
              <textarea id="return-reason" name="reason" rows={3} defaultValue={valueOf("return", "reason")} />
            </Field>
            <button type="submit" name="intent" value="return" className="button">
              {t("staff.case.return.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {may("start_investigation") ? (
        <section className="card">
          <h2>{t("case.investigate.title")}</h2>
          <Form method="post">
            {csrf}
            <button type="submit" name="intent" value="start_investigation" className="button primary">
              {t("case.investigate.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {may("conclude_with_rectification") || may("conclude_nothing_to_rectify") ? (
        <ConcludeForm csrf={data.csrf} concealedAccident={h.concealedAccident} errors={errorsFor("conclude")} value={(n) => valueOf("conclude", n)} />
      ) : null}

      {may("verify_rectification") ? (
        <section className="card">
          <h2>{t("case.verify.title")}</h2>
          <p className="hint">{t("case.verify.hint")}</p>
          <Form method="post" encType="multipart/form-data">
            {csrf}
            <Field id="verify-note" label={t("case.verify.note")} errors={errorsFor("verify").note}>
              <textarea id="verify-note" name="note" rows={4} defaultValue={valueOf("verify", "note")} />
            </Field>
            <Field id="verify-evidence" label={t("case.evidence.files")} hint={t("case.evidence.hint")} errors={errorsFor("verify")[EVIDENCE_FIELD]}>
              <input id="verify-evidence" type="file" name={EVIDENCE_FIELD} multiple accept="image/jpeg,image/png,image/webp,application/pdf" />
            </Field>
            <button type="submit" name="intent" value="verify" className="button primary">
              {t("case.verify.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {may("close") ? (
        <section className="card">
          <h2>{t("case.close.title")}</h2>
          <p className="hint">{t("case.close.hint")}</p>
          <Form method="post">
            {csrf}
            <button type="submit" name="intent" value="close" className="button primary">
              {t("case.close.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {may("reopen") ? (
        <section className="card">
          <h2>{t("case.reopen.title")}</h2>
          <Form method="post" encType="multipart/form-data">
            {csrf}
            <Field id="reopen-reason" label={t("case.reopen.reason")} errors={errorsFor("reopen").reason}>
              <textarea id="reopen-reason" name="reason" rows={3} defaultValue={valueOf("reopen", "reason")} />
            </Field>
            <Field id="reopen-evidence" label={t("case.evidence.files")} hint={t("case.evidence.hint")} errors={errorsFor("reopen")[EVIDENCE_FIELD]}>
              <input id="reopen-evidence" type="file" name={EVIDENCE_FIELD} multiple accept="image/jpeg,image/png,image/webp,application/pdf" />
            </Field>
            <button type="submit" name="intent" value="reopen" className="button">
              {t("case.reopen.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      <ExtensionSection data={data} csrf={data.csrf} errors={(i) => errorsFor(i)} value={valueOf} />

      <OutcomeView outcome={h.outcome} />

      <CaseView data={data} csrf={data.csrf} canSeeContact={false} />

      <section className="card" data-testid="case-notes">
        <h2>{t("case.notes.title")}</h2>
        <p className="hint">{t("case.notes.hint")}</p>
        {h.notes.length === 0 ? <p className="hint">{t("case.notes.empty")}</p> : null}
        <ol className="thread">
          {h.notes.map((n) => (
            <li key={n.id} className="message staff">
              <p className="meta">
                {n.author} · {n.createdAt.replace("T", " ").slice(0, 16)}Z
              </p>
              <p className="body">{n.body}</p>
            </li>
          ))}
        </ol>
        {h.may.note ? (
          <Form method="post">
            {csrf}
            <Field id="note-body" label={t("case.notes.add")} errors={errorsFor("note").body}>
              <textarea id="note-body" name="body" rows={3} defaultValue={valueOf("note", "body")} />
            </Field>
            <button type="submit" name="intent" value="note" className="button">
              {t("case.notes.submit")}
            </button>
          </Form>
        ) : null}
      </section>

      {h.may.evidence ? (
        <section className="card">
          <h2>{t("case.evidence.title")}</h2>
          <Form method="post" encType="multipart/form-data">
            {csrf}
            <Field id="evidence-files" label={t("case.evidence.files")} hint={t("case.evidence.hint")} errors={errorsFor("evidence")[EVIDENCE_FIELD]}>
              <input id="evidence-files" type="file" name={EVIDENCE_FIELD} multiple accept="image/jpeg,image/png,image/webp,application/pdf" />
            </Field>
            <button type="submit" name="intent" value="evidence" className="button">
              {t("case.evidence.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {data.canAsk ? (
        <section className="card">
          <h2>{t("staff.case.ask")}</h2>
          <Form method="post">
            {csrf}
            <Field id="question" label={t("staff.case.ask")} errors={errorsFor("ask").question}>
              <textarea id="question" name="question" rows={3} defaultValue={valueOf("ask", "question")} />
            </Field>
            <button type="submit" name="intent" value="ask" className="button">
              {t("staff.case.ask.send")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function Check({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div className="field checkbox">
      <label>
        <input type="checkbox" name={name} defaultChecked={value === "on"} /> {label}
      </label>
    </div>
  );
}

function ConcludeForm({ csrf, concealedAccident, errors, value }: { csrf: string; concealedAccident: boolean; errors: Record<string, string[] | undefined>; value: (name: string) => string }) {
  const t = useT();
  return (
    <section className="card">
      <h2>{t("case.conclude.title")}</h2>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <fieldset className={errors.finding?.length ? "field has-error" : "field"}>
          <legend>{t("case.conclude.finding")}</legend>
          {FINDINGS.map((f) => (
            <label key={f}>
              <input type="radio" name="finding" value={f} defaultChecked={value("finding") === f} /> {t(`case.finding.${f}`)}
            </label>
          ))}
          {errors.finding?.length ? (
            <p className="error" role="alert">
              {errors.finding.map((e) => translateError(t, e)).join(" ")}
            </p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t("case.conclude.actions")}</legend>
          <p className="hint">{t("case.conclude.actionsHint")}</p>
          <Check name="rectificationOrdered" label={t("case.action.rectification")} value={value("rectificationOrdered")} />
          <Field id="rectificationDueOn" label={t("case.action.rectificationDueOn")} errors={errors.rectificationDueOn}>
            <input id="rectificationDueOn" type="date" name="rectificationDueOn" defaultValue={value("rectificationDueOn")} />
          </Field>
          <Field id="fineCny" label={t("case.action.fineCny")} errors={errors.fineCny}>
            <input id="fineCny" type="number" min={0} step={1} inputMode="numeric" name="fineCny" defaultValue={value("fineCny")} />
          </Field>
          <Check name="suspension" label={t("case.action.suspension")} value={value("suspension")} />
          <Check name="closure" label={t("case.action.closure")} value={value("closure")} />
          <Check name="criminalReferral" label={t("case.action.criminalReferral")} value={value("criminalReferral")} />
          <Field id="officialsHeldAccountable" label={t("case.action.officialsHeldAccountable")} errors={errors.officialsHeldAccountable}>
            <input id="officialsHeldAccountable" type="number" min={0} step={1} inputMode="numeric" name="officialsHeldAccountable" defaultValue={value("officialsHeldAccountable")} />
          </Field>
          <Check name="admonitoryTalk" label={t("case.action.admonitoryTalk")} value={value("admonitoryTalk")} />
        </fieldset>
        {concealedAccident ? (
          <fieldset>
            <legend>{t("case.conclude.accident")}</legend>
            <Field id="accidentLevel" label={t("case.accident.level")} errors={errors.accidentLevel}>
              <select id="accidentLevel" name="accidentLevel" defaultValue={value("accidentLevel")}>
                <option value="">—</option>
                {ACCIDENT_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`case.accident.${l}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="concealedDeathsVerified" label={t("case.accident.deaths")} errors={errors.concealedDeathsVerified}>
              <input id="concealedDeathsVerified" type="number" min={0} step={1} name="concealedDeathsVerified" defaultValue={value("concealedDeathsVerified")} />
            </Field>
          </fieldset>
        ) : null}
        <Field id="publicSummaryZh" label={t("case.summary.zh")} hint={t("case.summary.hint")} errors={errors.publicSummaryZh}>
          <textarea id="publicSummaryZh" name="publicSummaryZh" rows={5} lang="zh-CN" defaultValue={value("publicSummaryZh")} />
        </Field>
        <Field id="publicSummaryEn" label={t("case.summary.en")} errors={errors.publicSummaryEn}>
          <textarea id="publicSummaryEn" name="publicSummaryEn" rows={4} lang="en" defaultValue={value("publicSummaryEn")} />
        </Field>
        <button type="submit" name="intent" value="conclude" className="button primary">
          {t("case.conclude.submit")}
        </button>
      </Form>
    </section>
  );
}

function ExtensionSection({
  data,
  csrf,
  errors,
  value,
}: {
  data: Data;
  csrf: string;
  errors: (intent: string) => Record<string, string[] | undefined>;
  value: (intent: string, name: string) => string;
}) {
  const t = useT();
  const ext = data.handling.extension;
  const may = data.handling.may;
  if (!ext.state && !may.requestExtension) return null;
  return (
    <section className="card" data-testid="extension">
      <h2>{t("case.extension.title")}</h2>
      {ext.state ? (
        <p>
          {t(`case.extension.state.${ext.state}`, { days: ext.days ?? 0 })} {ext.reason ? <>— {ext.reason}</> : null}
        </p>
      ) : null}
      {may.requestExtension ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrf} />
          <p className="hint">{t("case.extension.hint")}</p>
          <Field id="extension-days" label={t("case.extension.days")} errors={errors("extension_request").days}>
            <input id="extension-days" type="number" name="days" min={1} max={30} step={1} defaultValue={value("extension_request", "days")} />
          </Field>
          <Field id="extension-reason" label={t("case.extension.reason")} hint={t("case.extension.reasonHint")} errors={errors("extension_request").reason}>
            <textarea id="extension-reason" name="reason" rows={3} defaultValue={value("extension_request", "reason")} />
          </Field>
          <button type="submit" name="intent" value="extension_request" className="button">
            {t("case.extension.submit")}
          </button>
        </Form>
      ) : null}
      {may.decideExtension ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrf} />
          <Field id="extension-decision-reason" label={t("case.extension.decisionReason")} errors={errors("extension_decide").reason}>
            <textarea id="extension-decision-reason" name="reason" rows={3} defaultValue={value("extension_decide", "reason")} />
          </Field>
          {errors("extension_decide").decision?.length ? (
            <p className="error" role="alert">
              {errors("extension_decide").decision!.map((e) => translateError(t, e)).join(" ")}
            </p>
          ) : null}
          <button type="submit" name="decision" value="approve" className="button primary">
            {t("case.extension.approve")}
          </button>{" "}
          <button type="submit" name="decision" value="refuse" className="button">
            {t("case.extension.refuse")}
          </button>
          <input type="hidden" name="intent" value="extension_decide" />
        </Form>
      ) : null}
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: Data["handling"]["outcome"] }) {
  const t = useT();
  if (!outcome) return null;
  const actions = [
    outcome.rectificationOrdered ? t("case.outcome.rectification", { date: outcome.rectificationDueOn ?? "—" }) : null,
    outcome.fineCny !== null ? t("case.outcome.fine", { amount: outcome.fineCny.toLocaleString("zh-CN") }) : null,
    outcome.suspension ? t("case.action.suspension") : null,
    outcome.closure ? t("case.action.closure") : null,
    outcome.criminalReferral ? t("case.action.criminalReferral") : null,
    outcome.officialsHeldAccountable > 0 ? t("case.outcome.officials", { n: outcome.officialsHeldAccountable }) : null,
    outcome.admonitoryTalk ? t("case.action.admonitoryTalk") : null,
  ].filter((x): x is string => x !== null);
  return (
    <section className="card" data-testid="case-outcome">
      <h2>{t("case.outcome.title")}</h2>
      <dl className="facts">
        <dt>{t("case.conclude.finding")}</dt>
        <dd>{t(`case.finding.${outcome.finding}`)}</dd>
        <dt>{t("case.conclude.actions")}</dt>
        <dd>{actions.length ? actions.join("；") : t("case.outcome.noActions")}</dd>
        {outcome.accidentLevel ? (
          <>
            <dt>{t("case.conclude.accident")}</dt>
            <dd>
              {t(`case.accident.${outcome.accidentLevel}`)} · {t("case.outcome.deaths", { n: outcome.concealedDeathsVerified ?? 0 })}
            </dd>
          </>
        ) : null}
        <dt>{t("case.summary.zh")}</dt>
        <dd lang="zh-CN">{outcome.publicSummaryZh}</dd>
        {outcome.publicSummaryEn ? (
          <>
            <dt>{t("case.summary.en")}</dt>
            <dd lang="en">{outcome.publicSummaryEn}</dd>
          </>
        ) : null}
        {outcome.verifiedOn ? (
          <>
            <dt>{t("case.outcome.verifiedOn")}</dt>
            <dd>
              {outcome.verifiedOn} — {outcome.verificationNote}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
