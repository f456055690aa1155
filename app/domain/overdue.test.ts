import { describe, expect, it } from "vitest";
import { overdueStanding } from "./overdue";

describe("a case against its current deadline", () => {
  it.each([
    { name: "no deadline", dueOn: null, overdueSince: null, today: "2026-12-02", daysOverdue: 0, escalatedOn: null },
    { name: "not yet due", dueOn: "2026-12-05", overdueSince: null, today: "2026-12-02", daysOverdue: 0, escalatedOn: null },
    { name: "due today", dueOn: "2026-12-02", overdueSince: null, today: "2026-12-02", daysOverdue: 0, escalatedOn: null },
    { name: "past, not yet escalated", dueOn: "2026-11-28", overdueSince: null, today: "2026-12-02", daysOverdue: 4, escalatedOn: null },
    { name: "past and escalated for this deadline", dueOn: "2026-11-28", overdueSince: "2026-11-29", today: "2026-12-02", daysOverdue: 4, escalatedOn: "2026-11-29" },
    { name: "escalated for an earlier deadline (extended since)", dueOn: "2026-11-28", overdueSince: "2026-11-20", today: "2026-12-02", daysOverdue: 4, escalatedOn: null },
    { name: "escalated on the deadline day itself belongs to an earlier one", dueOn: "2026-11-28", overdueSince: "2026-11-28", today: "2026-12-02", daysOverdue: 4, escalatedOn: null },
  ])("$name", ({ dueOn, overdueSince, today, daysOverdue, escalatedOn }) => {
    expect(overdueStanding({ dueOn, overdueSince }, today)).toEqual({ daysOverdue, escalatedOn });
  });
});
