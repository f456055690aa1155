import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { ActionNotice } from "~/components/action-notice";
import { AskTipsterForm } from "~/components/case-decisions";
import { CaseView } from "~/components/case-view";
import { CorrectForm, PendingImplicationChange } from "~/components/triage-correct-form";
import { TriageClaimCard, TriageDuplicates, TriageMergeStart, TriageNotice, TriageRejectCard, TriageRouteCard } from "~/components/triage-decisions";
import { SectorSuggestion } from "~/components/sector-suggestion";
import { TRIAGE_STATES } from "~/domain/case-state";
import { can } from "~/domain/permissions";
import { askSchema, claimSchema, correctSchema, noticeSchema, rejectSchema, routeSchema, type TriageNotice as Notice } from "~/forms/triage";
import { useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { intent, orRefuse, seeOther, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf, type StaffContext } from "~/lib/staff-session.server";
import { askTipster } from "~/services/ask-tipster.server";
import { claimTip, releaseClaim } from "~/services/triage-claim.server";
import { correctCase } from "~/services/triage-correct.server";
import { nextTipFor } from "~/services/triage-queue.server";
import { rejectCase } from "~/services/triage-reject.server";
import { routeCase } from "~/services/triage-route.server";
import { triageView } from "~/services/triage-view.server";
import { viewContactDetails } from "~/services/view-contact-details.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "triage.view_queue");
  const view = await orRefuse(triageView(staff, params.reference ?? ""));
  const notice = noticeSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    ...view,
    csrf: staff.csrf,
    canSeeContact: can(staff.role, "case.view_contact"),
    notice: notice.success ? notice.data : null,
  };
}

/**
 * After a decision: 303 (PRG) to this tip's page, or with "… and open the next" to the next tip
 * of the queue nobody else is handling (the queue when there is none), the confirmation at
 * #notice on arrival.
 */
async function afterDecision(staff: StaffContext, reference: string, done: Notice, then?: "next") {
  const notice = `done=${done}&ref=${encodeURIComponent(reference)}`;
  if (then !== "next") return seeOther(`/staff/triage/${reference}?${notice}#notice`);
  const next = await nextTipFor(staff, reference);
  return seeOther(next ? `/staff/triage/${next}?${notice}#notice` : `/staff/triage?${notice}&none=1#notice`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  // Showing the contact details is a read (ledgered), answered with them: not a form to reply to.
  if (form.get("intent") === "show-contact") return { intent: "show-contact", contact: await orRefuse(viewContactDetails(staff, reference)) };
  return submitIntent(form, {
    route: intent(routeSchema, async ({ then, ...v }) => {
      await routeCase(staff, reference, v);
      return afterDecision(staff, reference, "routed", then);
    }),
    reject: intent(rejectSchema, async ({ then, ...v }) => {
      await rejectCase(staff, reference, v);
      return afterDecision(staff, reference, "rejected", then);
    }),
    claim: intent(claimSchema, async () => {
      await claimTip(staff, reference);
      return afterDecision(staff, reference, "claimed");
    }),
    release: intent(claimSchema, async () => {
      await releaseClaim(staff, reference);
      return afterDecision(staff, reference, "released");
    }),
    // Not decisions: answered on the page (the form reset), the notice focused with JavaScript, at the page's top without.
    correct: intent(correctSchema, ({ implicationReason, ...v }) =>
      correctCase(staff, reference, { ...v, deaths: v.deaths ?? null, implicatedPlaceCode: v.officialsImplicated ? (v.implicatedPlaceCode ?? null) : null }, { reason: implicationReason }),
    ),
    ask: intent(askSchema, (v) => askTipster(staff, reference, v.question)),
  });
}

export default function TriageTip() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const open = (TRIAGE_STATES as readonly string[]).includes(data.case.state);
  const common = { csrf: data.csrf, actionData };
  const contact = actionData && "contact" in actionData ? actionData.contact : undefined;
  const done = actionData && "done" in actionData && actionData.done;
  // Someone else is handling it: the decisions ask to confirm.
  const heldBy = data.claim && !data.claim.mine ? data.claim.displayName : null;
  // Keyed by the tip: "… and open the next" arrives on this same route, whose forms must start
  // afresh (an uncontrolled select would keep the last tip's agency, conform its last answer).
  return (
    <Fragment key={`${data.case.reference}:${data.case.sectorCode}:${data.case.placeCode}`}>
      <p>
        <Link to="/staff/triage">← {t("staff.triage.title")}</Link>
      </p>
      <h1>{t("staff.case.title", { reference: data.case.reference })}</h1>
      {done ? (
        <ActionNotice arrival={actionData}>{actionData.intent === "correct" && data.pendingImplicationChange ? t("triage.correct.requested") : t("staff.case.done")}</ActionNotice>
      ) : data.notice ? (
        <TriageNotice notice={data.notice} here={data.case.reference} />
      ) : null}
      {data.pendingImplicationChange ? <PendingImplicationChange request={data.pendingImplicationChange} /> : null}
      {open ? <TriageClaimCard csrf={data.csrf} actionData={actionData} claim={data.claim} minutes={data.claimMinutes} /> : null}
      <CaseView data={data} csrf={data.csrf} canSeeContact={data.canSeeContact} contact={contact} />
      {open ? (
        <>
          <SectorSuggestion suggestion={data.sectorSuggestion} sectors={data.sectors} csrf={data.csrf} reference={data.case.reference} />
          <TriageRouteCard {...common} suggestion={data.suggestion} candidates={data.candidates} departmentTypes={data.departmentTypes} heldBy={heldBy} />
          <TriageDuplicates duplicates={data.duplicates} />
          <TriageRejectCard {...common} heldBy={heldBy} />
          <TriageMergeStart reference={data.case.reference} />
          <CorrectForm data={data} {...common} />
        </>
      ) : null}
      <AskTipsterForm {...common} />
    </Fragment>
  );
}
