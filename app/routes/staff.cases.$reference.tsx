import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionNotice } from "~/components/action-notice";
import { AskTipsterForm, CaseDecisions, CaseEvidenceForm } from "~/components/case-decisions";
import { ExtensionSection } from "~/components/case-extension";
import { JointSection } from "~/components/case-joint";
import { CaseNotes } from "~/components/case-notes";
import { OutcomeView } from "~/components/case-outcome";
import { CaseView } from "~/components/case-view";
import { PublicNoticeSection } from "~/components/public-notice-form";
import { can } from "~/domain/permissions";
import { concludeSchema, EVIDENCE_FIELD, extensionDecisionSchema, extensionRequestSchema, noteSchema, reopenSchema, verifySchema } from "~/forms/case";
import { askContributionSchema, completeContributionSchema, withdrawContributionSchema } from "~/forms/joint";
import { askSchema, returnSchema } from "~/forms/triage";
import { liftNoticeSchema, listForSupervisionSchema, publishNoticeSchema } from "~/forms/public-notice";
import { useT } from "~/i18n";
import { parseFormWithFiles } from "~/lib/multipart.server";
import { intent, orRefuse, seeOther, submitIntent } from "~/lib/route-edge.server";
import { requireCapability, verifyStaffCsrf } from "~/lib/staff-session.server";
import { acceptCase } from "~/services/agency-accept.server";
import { returnCase } from "~/services/agency-return.server";
import { addCaseEvidence } from "~/services/case-add-evidence.server";
import { addCaseNote } from "~/services/case-add-note.server";
import { askContribution } from "~/services/case-ask-contribution.server";
import { closeCase } from "~/services/case-close.server";
import { completeContribution } from "~/services/case-complete-contribution.server";
import { concludeCase } from "~/services/case-conclude.server";
import { decideExtension } from "~/services/case-decide-extension.server";
import { caseDetailsForStaff } from "~/services/case-details-for-staff.server";
import { caseHandlingView } from "~/services/case-handling-view.server";
import { reopenCase } from "~/services/case-reopen.server";
import { requestExtension } from "~/services/case-request-extension.server";
import { startInvestigation } from "~/services/case-start-investigation.server";
import { verifyRectification } from "~/services/case-verify-rectification.server";
import { withdrawContribution } from "~/services/case-withdraw-contribution.server";
import { askTipster } from "~/services/ask-tipster.server";
// The officer in charge (承办人, issue 15).
import { CaseAssignment } from "~/components/case-assignment";
import { reassignSchema } from "~/forms/assignment";
import { caseAssignmentView } from "~/services/case-assignment.server";
import { reassignCase } from "~/services/case-reassign.server";
// Rectification items (docs/decisions/037).
import { RectificationItems } from "~/components/rectification-items";
import { db } from "~/lib/db.server";
import { rectificationItemIntents } from "~/lib/rectification-intents.server";
import { rectificationItemsForStaff } from "~/services/rectification-items-read.server";
import { checkingOfficersOf } from "~/services/rectification-items.server";
import { caseNoticeView, liftNotice, publishNotice } from "~/services/public-notice.server";
import { setSupervision } from "~/services/set-supervision.server";

export const meta: MetaFunction = ({ params }) => [{ title: `Canary — ${params.reference}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const { row, ...details } = await orRefuse(caseDetailsForStaff(staff, params.reference ?? ""));
  const handling = await caseHandlingView(staff, row);
  const assignment = await caseAssignmentView(staff, row);
  // The public notice of a supervised major hazard (docs/decisions/038).
  const notice = await caseNoticeView(staff, row);
  // What this person may do comes from the handling view: a contributing agency (联办) takes no transition and does not ask the tipster.
  const [items, officers] = await Promise.all([rectificationItemsForStaff(db(), row.id), checkingOfficersOf(row.agencyId)]);
  return { ...details, handling, assignment, notice, rectification: { items, officers }, csrf: staff.csrf };
}

const nothing = z.object({});

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireCapability(request, "case.view_assigned");
  const { fields: form, files, problem } = await parseFormWithFiles(request, EVIDENCE_FIELD);
  verifyStaffCsrf(staff, form);
  const reference = params.reference ?? "";
  const evidence = { files, problem };
  return submitIntent(form, {
    accept: intent(nothing, () => acceptCase(staff, reference)),
    return: intent(returnSchema, (v) => returnCase(staff, reference, v)),
    start_investigation: intent(nothing, () => startInvestigation(staff, reference)),
    conclude: intent(concludeSchema, (v) => concludeCase(staff, reference, v)),
    verify: intent(verifySchema, (v) => verifyRectification(staff, reference, { note: v.note, evidence })),
    close: intent(nothing, () => closeCase(staff, reference)),
    note: intent(noteSchema, (v) => addCaseNote(staff, reference, v)),
    evidence: intent(nothing, () => addCaseEvidence(staff, reference, evidence)),
    extension_request: intent(extensionRequestSchema, (v) => requestExtension(staff, reference, v)),
    extension_decide: intent(extensionDecisionSchema, (v) => decideExtension(staff, reference, v)),
    contribution_ask: intent(askContributionSchema, (v) => askContribution(staff, reference, v)),
    contribution_withdraw: intent(withdrawContributionSchema, (v) => withdrawContribution(staff, reference, v)),
    contribution_complete: intent(completeContributionSchema, (v) => completeContribution(staff, reference, v)),
    reopen: intent(reopenSchema, async (v) => {
      await reopenCase(staff, reference, { reason: v.reason, evidence });
      // The case is back with triage: the supervisor no longer sees it here.
      return seeOther(`/staff/cases?reopened=${encodeURIComponent(reference)}`);
    }),
    reassign: intent(reassignSchema, (v) => reassignCase(staff, reference, v)),
    ...rectificationItemIntents(staff, reference, evidence, String(form.get("intent") ?? "")),
    notice_publish: can(staff.role, "notice.publish") && intent(publishNoticeSchema, (v) => publishNotice(staff, reference, v)),
    notice_lift: can(staff.role, "notice.publish") && intent(liftNoticeSchema, (v) => liftNotice(staff, reference, v)),
    notice_list: can(staff.role, "supervision.view_subtree") && intent(listForSupervisionSchema, (v) => setSupervision(staff, reference, { note: v.note })),
    ask:
      can(staff.role, "case.ask_tipster") &&
      intent(askSchema, (v) => askTipster(staff, reference, v.question)),
  });
}

export default function StaffCase() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const h = data.handling;
  const common = { csrf: data.csrf, actionData };
  return (
    <>
      <p>
        <Link to="/staff/cases">← {t("staff.inbox.title")}</Link>
      </p>
      <h1>{t("staff.case.title", { reference: data.case.reference })}</h1>
      {actionData?.done ? <ActionNotice arrival={actionData}>{t("staff.case.done")}</ActionNotice> : null}
      <CaseDecisions {...common} canAccept={h.may.actions.includes("accept")} actions={h.may.actions} concealedAccident={h.concealedAccident} officers={data.rectification.officers} />
      <CaseAssignment {...common} assignment={data.assignment} />
      <JointSection {...common} handling={h} />
      <ExtensionSection {...common} handling={h} />
      <OutcomeView outcome={h.outcome} />
      <RectificationItems {...common} items={data.rectification.items} mayAct={h.may.actions.includes("verify_rectification")} />
      <PublicNoticeSection view={data.notice} csrf={data.csrf} actionData={actionData} />
      <CaseView data={data} csrf={data.csrf} canSeeContact={false} />
      <CaseNotes {...common} notes={h.notes} mayAdd={h.may.note} />
      {h.may.evidence ? <CaseEvidenceForm {...common} /> : null}
      {h.may.askTipster ? <AskTipsterForm {...common} /> : null}
    </>
  );
}
