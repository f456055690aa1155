/**
 * A claim on a tip in the triage queue ("我来处理"): a staff action, so it carries a time. It is
 * live for `lapseMinutes` (the setting triage.claim_minutes) after it was made; a decision clears it.
 */
export type Claim = { staffId: string; displayName: string; claimedAt: Date };

export function claimIsLive(claim: { claimedAt: Date | null } | null, now: Date, lapseMinutes: number): boolean {
  if (!claim?.claimedAt) return false;
  return now.getTime() - claim.claimedAt.getTime() < lapseMinutes * 60_000;
}

/** A live claim by someone other than `staffId`: what a decision must confirm to override. */
export function claimedByOther(claim: Claim | null, staffId: string, now: Date, lapseMinutes: number): boolean {
  return claim !== null && claim.staffId !== staffId && claimIsLive(claim, now, lapseMinutes);
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * A staff action's time as a person reads it, in the deployment's time zone: "14:05" on the
 * same local day as `now`, else "2026-12-01 14:05" (never "…Z").
 */
export function localClock(at: Date, now: Date, timeZone: string): string {
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clocks.set(timeZone, f);
  }
  const parts = (d: Date) => Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  const a = parts(at);
  const n = parts(now);
  const day = `${a.year}-${a.month}-${a.day}`;
  const time = `${a.hour}:${a.minute}`;
  return day === `${n.year}-${n.month}-${n.day}` ? time : `${day} ${time}`;
}
