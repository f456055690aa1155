import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AskTipsterForm } from "~/components/case-decisions";
import { CaseView } from "~/components/case-view";
import { CorrectForm, PendingImplicationChange } from "~/components/triage-correct-form";
import { TriageDuplicates, TriageMergeStart, TriageRejectCard, TriageRouteCard } from "~/components/triage-decisions";
import { SectorSuggestion } from "~/components/sector-suggestion";
import { TRIAGE_STATES } from "~/domain/case-state";
import { can } from "~/domain/permissions";
import { askSchema, correctSchema, rejectSchema, routeSchema } from "~/forms/triage";
import { useT } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { intent, orRefuse, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { findVisibleCase } from "~/services/case-record.server";
import { listSectors } from "~/services/list-sectors.server";
import { postTipMessage } from "~/services/post-tip-message.server";
import { correctCase } from "~/services/triage-correct.server";
import { rejectCase } from "~/services/triage-reject.server";
import { routeCase } from "~/services/triage-route.server";
import { triageView } from "~/services/triage-view.server";
import { viewContactDetails } from "~/services/view-contact-details.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "triage.view_queue");
  const view = await orRefuse(triageView(staff, params.reference ?? ""));
  return { ...view, csrf: staff.csrf, canSeeContact: can(staff.role, "case.view_contact"), sectors: await listSectors() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "triage.decide");
  const form = await readForm(request, "form");
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  // Showing the contact details is a read (ledgered), answered with them: not a form to reply to.
  if (form.get("intent") === "show-contact") return { intent: "show-contact", contact: await orRefuse(viewContactDetails(staff, reference)) };
  return submitIntent(form, {
    route: intent(routeSchema, (v) => routeCase(staff, reference, v)),
    reject: intent(rejectSchema, (v) => rejectCase(staff, reference, v)),
    correct: intent(correctSchema, ({ implicationReason, ...v }) =>
      correctCase(staff, reference, { ...v, deaths: v.deaths ?? null, implicatedPlaceCode: v.officialsImplicated ? (v.implicatedPlaceCode ?? null) : null }, { reason: implicationReason }),
    ),
    ask: intent(askSchema, async (v) => {
      const c = await findVisibleCase(staff, reference);
      await postTipMessage({ tipId: c.id, author: { type: "staff", staffId: staff.staffId }, body: v.question });
    }),
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
  return (
    <>
      <p>
        <Link to="/staff/triage">← {t("staff.triage.title")}</Link>
      </p>
      <h1>{t("staff.case.title", { reference: data.case.reference })}</h1>
      {done ? (
        <p className="notice" role="status">
          {actionData.intent === "correct" && data.pendingImplicationChange ? t("triage.correct.requested") : t("staff.case.done")}
        </p>
      ) : null}
      {data.pendingImplicationChange ? <PendingImplicationChange request={data.pendingImplicationChange} /> : null}
      <CaseView data={data} csrf={data.csrf} canSeeContact={data.canSeeContact} contact={contact} />
      {open ? (
        <>
          <SectorSuggestion suggestion={data.sectorSuggestion} sectors={data.sectors} csrf={data.csrf} reference={data.case.reference} />
          <TriageRouteCard {...common} suggestion={data.suggestion} candidates={data.candidates} departmentTypes={data.departmentTypes} />
          <TriageDuplicates duplicates={data.duplicates} />
          <TriageRejectCard {...common} />
          <TriageMergeStart reference={data.case.reference} />
          <CorrectForm data={data} {...common} />
        </>
      ) : null}
      <AskTipsterForm {...common} />
    </>
  );
}
