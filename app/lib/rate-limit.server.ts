import { sql } from "drizzle-orm";
import { keyedHash } from "./crypto.server";
import { db } from "./db.server";
import { env } from "./env.server";

/**
 * Sliding-window rate limits kept in Postgres (so every server process shares them).
 *
 * Each rule's window is cut into `SUB_WINDOWS` slices; a row counts the accepted hits of one
 * slice (rate_limit_counters.window_start is the slice's start). A hit is allowed while the
 * slices that overlap the last `windowSeconds` hold fewer than `limit` hits, so no stretch of
 * `windowSeconds` ever sees more than `limit` accepted hits — a burst across a boundary included.
 * The oldest slice is counted whole: a client may wait up to one slice longer than the window.
 * Refused hits are not counted (a refused client is free again one window after its last
 * accepted hit, however often it retried).
 *
 * The key is a keyed hash of the client address under a key that changes every day (the UTC
 * date of the slice): the counters cannot be joined to an address, nor across days, and nothing
 * of it is stored with a tip. A window reaching back over midnight reads the slices of the day
 * before under that day's key. `RATE_LIMITS=off` disables them (load tests, benchmarks).
 */
export type RateLimitRule = { bucket: string; limit: number; windowSeconds: number };

export const RATE_LIMITS = {
  /** Tips from the form, whatever the captcha says (checked before the captcha is asked). */
  tip: { bucket: "tip", limit: 20, windowSeconds: 3600 },
  /** Tips without a passed captcha (JavaScript off, failures) and machine submissions. */
  unverifiedTip: { bucket: "tip-unverified", limit: 5, windowSeconds: 3600 },
  /** Receipt sign-in attempts, against guessing. */
  receiptSignIn: { bucket: "receipt-sign-in", limit: 10, windowSeconds: 900 },
  /** Replies and evidence from a signed-in tipster. */
  tipsterMessage: { bucket: "tipster-message", limit: 30, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimitRule>;

/** Slices per window: more is more exact (the overshoot is one slice) and costs more rows. */
export const SUB_WINDOWS = 10;

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

const DAY_MS = 86_400_000;

/** The counter key of an address for the slice starting at `sliceStart` (its UTC date's key). */
export function clientKey(address: string, sliceStart = new Date()): Buffer {
  return keyedHash("rate-limit:" + sliceStart.toISOString().slice(0, 10), address);
}

export async function hitRateLimit(rule: RateLimitRule, address: string, now = new Date()): Promise<RateLimitResult> {
  if (!env().rateLimits) return { allowed: true, retryAfterSeconds: 0 };
  const windowMs = rule.windowSeconds * 1000;
  const sliceMs = Math.max(1000, Math.floor(windowMs / SUB_WINDOWS));
  if (windowMs > DAY_MS) throw new Error(`rate limit ${rule.bucket}: windows longer than a day would outlive the daily key`);
  const current = new Date(Math.floor(now.getTime() / sliceMs) * sliceMs);
  // The slice holding `now - window` is the oldest one counted (whole).
  const oldest = new Date(Math.floor((now.getTime() - windowMs) / sliceMs) * sliceMs);
  const keyNow = clientKey(address, current);
  const keyBefore = clientKey(address, oldest);
  const midnight = new Date(Math.floor(current.getTime() / DAY_MS) * DAY_MS);
  const [row] = await db().execute<{ accepted: number | null; slices: { start: string; count: number }[] }>(sql`
    with earlier as (
      select window_start, count from rate_limit_counters
      where bucket = ${rule.bucket} and window_start >= ${oldest.toISOString()} and window_start <= ${current.toISOString()}
        and key_hash = case when window_start < ${midnight.toISOString()} then ${keyBefore}::bytea else ${keyNow}::bytea end
    ),
    before_current as (
      select coalesce(sum(count), 0)::int as n from earlier where window_start < ${current.toISOString()}
    ),
    hit as (
      insert into rate_limit_counters (bucket, key_hash, window_start, count)
      select ${rule.bucket}, ${keyNow}, ${current.toISOString()}, 1 from before_current where n < ${rule.limit}
      on conflict (bucket, key_hash, window_start) do update set count = rate_limit_counters.count + 1
        -- evaluated on the locked, latest row: concurrent hits cannot both take the last place
        where rate_limit_counters.count + (select n from before_current) < ${rule.limit}
      returning count
    )
    select (select count from hit) as accepted,
      coalesce((select json_agg(json_build_object('start', window_start, 'count', count)) from earlier), '[]'::json) as slices`);
  if (Math.random() < 0.01) {
    await db().execute(sql`delete from rate_limit_counters where window_start < now() - interval '2 days'`);
  }
  if (row?.accepted != null) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(row?.slices ?? [], rule, sliceMs, now) };
}

/**
 * When the window will hold fewer than `limit` hits again: a slice stops counting once the
 * window's start has passed its end, i.e. at its start + slice + window.
 */
function retryAfterSeconds(slices: { start: string; count: number }[], rule: RateLimitRule, sliceMs: number, now: Date): number {
  const sorted = slices.map((s) => ({ start: new Date(s.start).getTime(), count: Number(s.count) })).sort((a, b) => a.start - b.start);
  let excess = sorted.reduce((sum, s) => sum + s.count, 0) - rule.limit + 1;
  for (const s of sorted) {
    excess -= s.count;
    if (excess <= 0) return Math.max(1, Math.ceil((s.start + sliceMs + rule.windowSeconds * 1000 - now.getTime()) / 1000));
  }
  return rule.windowSeconds;
}
