import { daysBetween } from "./working-days";

/**
 * Where a case stands against its current deadline (挂牌督办): how many days it is past it, and
 * the day it was escalated for that deadline. An `overdueSince` on or before the current deadline
 * belongs to an earlier one (the deadline was extended or the case reopened since) and does not
 * count. The SQL of the supervision list orders by the same rule.
 */
export function overdueStanding(c: { dueOn: string | null; overdueSince: string | null }, today: string): { daysOverdue: number; escalatedOn: string | null } {
  return {
    daysOverdue: c.dueOn ? Math.max(0, daysBetween(c.dueOn, today)) : 0,
    escalatedOn: c.overdueSince && c.dueOn && c.overdueSince > c.dueOn ? c.overdueSince : null,
  };
}
