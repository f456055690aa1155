/**
 * A claim on a tip in the triage queue ("我来处理"): a staff action, so it carries a time. It is
 * live for `lapseMinutes` (the setting triage.claim_minutes) after it was made; a decision clears it.
 */
export type Claim = { staffId: string; displayName: string; claimedAt: Date };

export function claimIsLive(claim: { claimedAt: Date | null } | null, now: Date, lapseMinutes: number): boolean {
  if (!claim?.claimedAt) return false;
  return now.getTime() - claim.claimedAt.getTime() < lapseMinutes * 60_000;
}
