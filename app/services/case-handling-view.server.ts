import { and, asc, eq, inArray } from "drizzle-orm";
import { agencies, caseOutcomes } from "../../db/schema/index";
import { availableActions, type CaseAction } from "../domain/case-state";
import { askRefusal, contributionOpen, contributionSees, contributorPlaces, isLeadStaff, mayAskContribution, mayChangeContribution } from "../domain/joint-handling";
import { can, contributesTo, handlesCase } from "../domain/permissions";
import { db } from "../lib/db.server";
import type { StaffContext } from "../lib/staff-session.server";
import { listCaseNotes } from "./case-add-note.server";
import { EVIDENCE_STATES } from "./case-add-evidence.server";
import { contributionsOf } from "./case-contributions.server";
import { implicatedRegionsOf, type CaseRow } from "./case-record.server";
import { isExtendable } from "../domain/case-state";

/**
 * What the case page needs beyond CaseView: the outcome, the internal notes, the extension, joint
 * handling (lead, contributors, the agencies that may be asked) and what this person may do now.
 * A contributing agency (协办) adds notes and evidence and marks its part done; the lead's
 * transitions, extensions and asks are not offered to it (the services refuse them too).
 */
export async function caseHandlingView(staff: StaffContext, c: CaseRow) {
  const [[outcome], notes, contributions, [lead]] = await Promise.all([
    db().select().from(caseOutcomes).where(eq(caseOutcomes.tipId, c.id)),
    listCaseNotes(c.id),
    contributionsOf(c.id),
    c.agencyId ? db().select().from(agencies).where(eq(agencies.id, c.agencyId)) : Promise.resolve([]),
  ]);
  const facts = {
    placeCode: c.placeCode,
    agencyId: c.agencyId,
    agencyPlaceCode: lead?.placeCode ?? null,
    agencyDepartmentType: lead?.departmentType ?? null,
    implicatedPlaceCode: c.implicatedPlaceCode,
    contributors: contributions.filter((k) => contributionSees(k.state)).map((k) => ({ agencyId: k.agency.id, placeCode: k.agency.placeCode, departmentType: k.agency.departmentType })),
  };
  // The page is shown only to those who see the case; the desk rule's staffing does not matter for
  // agency staff, so the holder side is decided without it (a national desk never reaches this page).
  const handles = handlesCase(staff, facts);
  const contributing = !handles && contributesTo(staff, facts);
  const actions: CaseAction[] = handles ? availableActions(c.state, staff.role) : [];
  const officer = staff.role === "agency_officer";
  const supervisor = staff.role === "supervisor";
  const lead_ = isLeadStaff(staff, c);
  const asks = lead_ && mayAskContribution(c.state);
  const mine = contributions.find((k) => contributionOpen(k.state) && k.agency.id === staff.agency?.id);
  return {
    outcome: outcome ? { ...outcome, tipId: undefined } : null,
    notes,
    extension: { state: c.extensionState, days: c.extensionDays, reason: c.extensionReason },
    concealedAccident: c.concealedAccident,
    joint: {
      lead: lead ? { nameZh: lead.nameZh, nameEn: lead.nameEn } : null,
      contributing,
      contributions: contributions.map((k) => ({
        id: k.id,
        state: k.state,
        request: k.request,
        askedAt: k.askedAt.toISOString(),
        askedBy: k.askedBy,
        doneAt: k.doneAt?.toISOString() ?? null,
        doneBy: k.doneBy,
        doneNote: k.doneNote,
        withdrawnAt: k.withdrawnAt?.toISOString() ?? null,
        withdrawnReason: k.withdrawnReason,
        agency: { id: k.agency.id, nameZh: k.agency.nameZh, nameEn: k.agency.nameEn },
      })),
      candidates: asks ? await askableAgencies(c, contributions.filter((k) => contributionSees(k.state)).map((k) => k.agency.id)) : [],
    },
    may: {
      actions,
      note: officer || supervisor,
      evidence: officer && EVIDENCE_STATES.includes(c.state),
      requestExtension: officer && handles && c.extensionState === null && isExtendable(c.state),
      decideExtension: supervisor && handles && c.extensionState === "requested" && isExtendable(c.state),
      askContribution: asks,
      withdrawContribution: lead_ && mayChangeContribution(c.state),
      completeContribution: officer && !!mine && mayChangeContribution(c.state),
      // A contributing agency does not write to the tipster (askTipster goes by the lead's side).
      askTipster: can(staff.role, "case.ask_tipster") && !contributing,
    },
  };
}

/** The agencies the lead may ask: active, of the case's county/city/province or the national level, and not refused by `askRefusal`. */
async function askableAgencies(c: CaseRow, openContributorIds: string[]) {
  const [rows, regions] = await Promise.all([
    db()
      .select({ id: agencies.id, placeCode: agencies.placeCode, active: agencies.active, nameZh: agencies.nameZh, nameEn: agencies.nameEn })
      .from(agencies)
      .where(and(inArray(agencies.placeCode, contributorPlaces(c.placeCode)), eq(agencies.active, true)))
      .orderBy(asc(agencies.placeCode), asc(agencies.departmentType)),
    implicatedRegionsOf(c),
  ]);
  const facts = { state: c.state, placeCode: c.placeCode, agencyId: c.agencyId, implicatedRegions: regions, openContributorIds };
  return rows.filter((a) => askRefusal(facts, a) === null).map((a) => ({ id: a.id, nameZh: a.nameZh, nameEn: a.nameEn }));
}
