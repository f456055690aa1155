import type { CaseState, ExtensionState, PublicStatus, RejectionReason, ReviewDecision } from "../domain/case-state";
import type { TipChannel } from "../domain/channels";
import type { AccidentLevel, Finding } from "../domain/outcomes";
import type { Level } from "../domain/places";
import type { RewardClaimState } from "../domain/rewards";
import type { StaffRole } from "../domain/staff-roles";
import type { ReleaseTrigger } from "../domain/statistics-release";
import type { caseZhCN } from "./case.zh-CN";
import type { hotlineZhCN } from "./hotline.zh-CN";
import type { outcomesZhCN } from "./outcomes.zh-CN";
import type { rewardsZhCN } from "./rewards.zh-CN";
import type { staffZhCN } from "./staff.zh-CN";
import type { statsZhCN } from "./stats.zh-CN";
import type { zhCN } from "./zh-CN";
import type { classifierZhCN } from "./classifier.zh-CN";
import type { jointZhCN } from "./joint.zh-CN";
import type { assignZhCN } from "./assign.zh-CN";
import type { mergeZhCN } from "./merge.zh-CN";
import type { queueZhCN } from "./queue.zh-CN";
import type { adminZhCN } from "./admin.zh-CN";
import type { LedgerAction } from "../domain/ledger-actions";
import type { InboxView, ReassignRefusal } from "../domain/case-assignment";
import type { coiZhCN } from "./coi.zh-CN";
import type { timesZhCN } from "./times.zh-CN";
import type { rectificationZhCN } from "./rectification.zh-CN";
import type { RectificationItemState, ResponsibleRole } from "../domain/rectification-item-state";
import type { noticesZhCN } from "./notices.zh-CN";
import type { LiftRefusal, NoticeStanding, PublishRefusal } from "../domain/public-notice";

/**
 * The catalogues' keys for the closed sets of app/domain, checked when compiling: a value added
 * to a set without its label (in Chinese; the English catalogues are typed by the Chinese ones)
 * does not compile. `Labels<C, K>` is an error unless every key in K is in catalogue C.
 */
type Labels<C, K extends keyof C> = K;

export type ClosedSetLabels = [
  Labels<typeof staffZhCN, `staff.role.${StaffRole}` | `staff.state.${CaseState}` | `staff.reason.${RejectionReason}`>,
  Labels<
    typeof zhCN,
    `status.rejection.${RejectionReason}` | `status.finding.${Finding}` | `status.public.${PublicStatus}` | `status.reward.${RewardClaimState}` | `status.dispute.${ReviewDecision}`
  >,
  Labels<typeof zhCN, `status.extension.${Exclude<ExtensionState, "refused">}`>,
  Labels<typeof caseZhCN, `case.finding.${Finding}` | `case.accident.${AccidentLevel}` | `case.extension.state.${ExtensionState}`>,
  Labels<typeof outcomesZhCN, `outcomes.finding.${Finding}`>,
  Labels<typeof rewardsZhCN, `rewards.finding.${Finding}` | `rewards.level.${AccidentLevel}`>,
  Labels<typeof statsZhCN, `stats.rejected.${RejectionReason}`>,
  Labels<typeof hotlineZhCN, `channel.${TipChannel}`>,
  Labels<typeof adminZhCN, `admin.desks.level.${Level}` | `admin.statistics.trigger.${ReleaseTrigger}`>,
  Labels<typeof assignZhCN, `assign.view.${InboxView}` | `errors.assign.${ReassignRefusal}`>,
  // Every ledger action has its words (kept in the catalogue of the part that writes it).
  Labels<typeof staffZhCN & typeof coiZhCN & typeof timesZhCN & typeof mergeZhCN & typeof queueZhCN & typeof jointZhCN & typeof assignZhCN & typeof classifierZhCN & typeof rectificationZhCN & typeof noticesZhCN & typeof adminZhCN, `staff.ledger.action.${LedgerAction}`>,
  Labels<typeof rectificationZhCN, `rectification.role.${ResponsibleRole}` | `rectification.state.${RectificationItemState}` | `status.items.${RectificationItemState}`>,
  // Public notices (docs/decisions/038): their refusals, standings and the progress words of each public status.
  Labels<typeof noticesZhCN, `errors.notice.${PublishRefusal | LiftRefusal}` | `notices.standing.${NoticeStanding}` | `notices.progress.${PublicStatus}` | `notices.item.${RectificationItemState}`>,
];
