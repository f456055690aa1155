import { Form, Link, useLocation } from "@remix-run/react";
import type { RoutingRule } from "~/domain/routing";
import type { RejectInput, RouteInput, TriageNotice as Notice } from "~/forms/triage";
import { localName, tKnown, useLocale, useT, type Translate } from "~/i18n";
import { ActionNotice } from "./action-notice";
import { CaseActionForm, type CaseFields } from "./case-action-form";
import { CheckboxField, SelectField, TextareaField, TextField } from "./form-kit";

type Named = { nameZh: string; nameEn: string };
type Props = { csrf: string; actionData: unknown };
/** The name of whoever else is handling the tip (a live claim), or null. */
type Held = { heldBy: string | null };

/**
 * A decision's own buttons: the decision, and the decision that then opens the next tip of the
 * queue (then=next). The intent travels as a hidden field, so that either button sends it.
 */
function DecisionButtons({ intent, submit, submitNext, primary }: { intent: string; submit: string; submitNext: string; primary?: boolean }) {
  return (
    <div className="actions">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? "button primary" : "button"}>
        {submit}
      </button>
      <button type="submit" name="then" value="next" className="button">
        {submitNext}
      </button>
    </div>
  );
}

/** "Decide anyway", offered when someone else is handling the tip (the service checks it). */
function DecideAnyway<S extends { decideAnyway: boolean }>({ f, heldBy }: { f: CaseFields<S>; heldBy: string | null }) {
  const t = useT();
  if (!heldBy) return null;
  return <CheckboxField meta={f.decideAnyway} label={t("queue.decideAnyway", { name: heldBy })} />;
}

/**
 * The confirmation after a decision's 303 (?done=…&ref=…#notice): what was done to which tip,
 * and, when this page is the next tip, that it is; focused on arrival.
 */
export function TriageNotice({ notice, here }: { notice: { done: Notice; ref: string; none?: "1" }; here?: string }) {
  const t = useT();
  const location = useLocation();
  const parts = [t("staff.case.done"), t(`queue.notice.${notice.done}`, { ref: notice.ref })];
  if (here && notice.ref !== here) parts.push(t("queue.notice.next", { ref: here }));
  if (notice.none) parts.push(t("queue.notice.noneNext"));
  return <ActionNotice arrival={location.key}>{parts.join(" ")}</ActionNotice>;
}

/** Who is handling the tip, and "I am handling this" (or its release). */
export function TriageClaimCard({ csrf, actionData, claim, minutes }: Props & { claim: { displayName: string; since: string; mine: boolean } | null; minutes: number }) {
  const t = useT();
  return (
    <section className={claim && !claim.mine ? "card warning claim" : "card claim"} data-testid="claim">
      {claim ? <p className="claim-by">{claim.mine ? t("queue.claim.mine", { since: claim.since }) : t("queue.claim.by", { name: claim.displayName, since: claim.since })}</p> : null}
      {!claim ? (
        <CaseActionForm intent="claim" csrf={csrf} actionData={actionData} hint={t("queue.claim.hint", { minutes })} submit={t("queue.claim.button")} />
      ) : claim.mine ? (
        <CaseActionForm intent="release" csrf={csrf} actionData={actionData} submit={t("queue.claim.release")} />
      ) : null}
    </section>
  );
}

/** A routing rule in words; a department type by its name, flags by theirs. */
function ruleText(t: Translate, r: RoutingRule, typeName: (code: string) => string) {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === "rule") continue;
    params[k] = k === "departmentType" ? typeName(String(v)) : Array.isArray(v) ? v.map((x) => tKnown(t, `staff.flag.${String(x)}`)).join(", ") : String(v);
  }
  return t(`staff.rule.${r.rule}`, params);
}

/** The routing suggestion with the rules that made it, and the form that routes the tip. */
export function TriageRouteCard({
  csrf,
  actionData,
  suggestion,
  candidates,
  departmentTypes,
  heldBy,
}: Props & Held & { suggestion: { agency: (Named & { id: string }) | null; rules: RoutingRule[] }; candidates: (Named & { id: string })[]; departmentTypes: (Named & { code: string })[] }) {
  const t = useT();
  const locale = useLocale();
  const typeName = (code: string) => {
    const d = departmentTypes.find((x) => x.code === code);
    return d ? localName(locale, d) : code;
  };
  return (
    <section className="card" aria-labelledby="routing-title">
      <h2 id="routing-title">{t("staff.case.routing")}</h2>
      <p data-testid="routing-suggestion">{suggestion.agency ? t("staff.case.routing.suggested", { agency: localName(locale, suggestion.agency) }) : t("staff.case.routing.none")}</p>
      <p className="hint">{t("staff.case.routing.rules")}:</p>
      <ol className="hint">
        {suggestion.rules.map((r, i) => (
          <li key={i}>{ruleText(t, r, typeName)}</li>
        ))}
      </ol>
      <CaseActionForm<RouteInput> intent="route" csrf={csrf} actionData={actionData} defaultValue={{ agencyId: suggestion.agency?.id }}>
        {(f) => (
          <>
            <SelectField meta={f.agencyId} label={t("staff.case.routing.agencyId")} choose="—" choices={candidates.map((a) => ({ value: a.id, label: localName(locale, a) }))} />
            <TextField meta={f.reason} label={t("staff.case.routing.overrideReason")} />
            <DecideAnyway f={f} heldBy={heldBy} />
            <DecisionButtons intent="route" submit={t("staff.case.routing.submit")} submitNext={t("queue.routeNext")} primary />
          </>
        )}
      </CaseActionForm>
    </section>
  );
}

/** Likely duplicates of the tip, to merge or to compare. */
export function TriageDuplicates({ duplicates }: { duplicates: { reference: string; submittedOn: string; companyName: string | null; state: string }[] }) {
  const t = useT();
  return (
    <section className="card">
      <h2>{t("staff.case.duplicates")}</h2>
      {duplicates.length === 0 ? <p className="hint">{t("staff.case.duplicates.none")}</p> : null}
      <ul>
        {duplicates.map((d) => (
          <li key={d.reference}>
            <Link to={`/staff/triage/${d.reference}`}>{d.reference}</Link> · {d.submittedOn} · {d.companyName} · {tKnown(t, `staff.state.${d.state}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const REASONS = ["out_of_scope", "no_facts", "duplicate", "abusive"] as const;

/** Rejecting the tip, with the reason (and a note) the tipster sees. */
export function TriageRejectCard({ csrf, actionData, heldBy }: Props & Held) {
  const t = useT();
  return (
    <CaseActionForm<RejectInput> intent="reject" csrf={csrf} actionData={actionData} title={t("staff.case.reject")}>
      {(f) => (
        <>
          <SelectField meta={f.reason} label={t("staff.case.reject.reason")} choose="—" choices={REASONS.map((r) => ({ value: r, label: t(`staff.reason.${r}`) }))} />
          <TextareaField meta={f.noteToTipster} label={t("staff.case.reject.note")} />
          <DecideAnyway f={f} heldBy={heldBy} />
          <DecisionButtons intent="reject" submit={t("staff.case.reject.submit")} submitNext={t("queue.rejectNext")} />
        </>
      )}
    </CaseActionForm>
  );
}

/** The first step of a merge only names the case to join: the merge itself is confirmed, with a reason, on the next page. */
export function TriageMergeStart({ reference }: { reference: string }) {
  const t = useT();
  return (
    <section className="card">
      <h2>{t("staff.case.merge")}</h2>
      <Form method="get" action={`/staff/triage/${reference}/merge`}>
        <MergeTargetInput label={t("staff.case.merge.into")} />
        <button type="submit" className="button">
          {t("merge.preview")}
        </button>
      </Form>
    </section>
  );
}

/** The reference of the case to merge into (a GET field: no form state to keep). */
export function MergeTargetInput({ label, defaultValue }: { label: string; defaultValue?: string }) {
  return (
    <div className="field">
      <label htmlFor="into">{label}</label>
      <input id="into" name="into" defaultValue={defaultValue} placeholder="JB2026-48213907" />
    </div>
  );
}
