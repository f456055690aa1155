import { sql } from "drizzle-orm";
import { localDate, startOfLocalDay } from "../domain/working-days";
import { keyedHash } from "./crypto.server";
import { db } from "./db.server";
import { env } from "./env.server";

/**
 * Sliding-window rate limits kept in Postgres (so every server process shares them).
 *
 * Each rule's window is cut into `SUB_WINDOWS` slices; a row counts the accepted hits of one
 * slice. A hit is allowed while the
 * slices that overlap the last `windowSeconds` hold fewer than `limit` hits, so no stretch of
 * `windowSeconds` ever sees more than `limit` accepted hits — a burst across a boundary included.
 * The oldest slice is counted whole: a client may wait up to one slice longer than the window.
 * Refused hits are not counted (a refused client is free again one window after its last
 * accepted hit, however often it retried).
 *
 * The key is a keyed hash of the slice and the client address under a key that changes every
 * local day: the counters cannot be joined to an address, nor across days, and nothing of it is
 * stored with a tip. Which slice a row counts is inside that hash, and the row's window_start
 * holds only the start of its local day: no row says when within the day an address acted
 * (docs/decisions/015-tipster-time.md). A window reaching back over midnight reads the slices of
 * the day before under that day's key. `RATE_LIMITS=off` disables them (load tests, benchmarks).
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

/** The counter key of an address for one slice of a rule: the slice inside the hash, under its local day's key. */
export function clientKey(rule: RateLimitRule, address: string, sliceStart: Date): Buffer {
  return keyedHash("rate-limit:" + localDate(sliceStart, env().timeZone), `${rule.bucket}|${sliceStart.getTime()}|${address}`);
}

const sliceMsOf = (rule: RateLimitRule) => Math.max(1000, Math.floor((rule.windowSeconds * 1000) / SUB_WINDOWS));

/** The slices counted at `now` (the oldest, holding `now - window`, counted whole; the current one last) with their keys. */
export function windowSlices(rule: RateLimitRule, address: string, now = new Date()): { start: number; key: Buffer }[] {
  const sliceMs = sliceMsOf(rule);
  const current = Math.floor(now.getTime() / sliceMs) * sliceMs;
  const oldest = Math.floor((now.getTime() - rule.windowSeconds * 1000) / sliceMs) * sliceMs;
  const slices: { start: number; key: Buffer }[] = [];
  for (let start = oldest; start <= current; start += sliceMs) slices.push({ start, key: clientKey(rule, address, new Date(start)) });
  return slices;
}

export async function hitRateLimit(rule: RateLimitRule, address: string, now = new Date()): Promise<RateLimitResult> {
  if (!env().rateLimits) return { allowed: true, retryAfterSeconds: 0 };
  if (rule.windowSeconds * 1000 > DAY_MS) throw new Error(`rate limit ${rule.bucket}: windows longer than a day would outlive the daily key`);
  const sliceMs = sliceMsOf(rule);
  const slices = windowSlices(rule, address, now);
  const { start: current, key: keyNow } = slices[slices.length - 1]!;
  const day = startOfLocalDay(localDate(new Date(current), env().timeZone), env().timeZone);
  const [row] = await db().execute<{ accepted: number | null; counts: { key: string; count: number }[] }>(sql`
    with earlier as (
      select key_hash, count from rate_limit_counters
      where bucket = ${rule.bucket} and key_hash in (${sql.join(
        slices.map((x) => sql`${x.key}::bytea`),
        sql`, `,
      )})
    ),
    before_current as (
      select coalesce(sum(count), 0)::int as n from earlier where key_hash <> ${keyNow}::bytea
    ),
    hit as (
      insert into rate_limit_counters (bucket, key_hash, window_start, count)
      select ${rule.bucket}, ${keyNow}, ${day.toISOString()}, 1 from before_current where n < ${rule.limit}
      on conflict (bucket, key_hash, window_start) do update set count = rate_limit_counters.count + 1
        -- evaluated on the locked, latest row: concurrent hits cannot both take the last place
        where rate_limit_counters.count + (select n from before_current) < ${rule.limit}
      returning count
    )
    select (select count from hit) as accepted,
      coalesce((select json_agg(json_build_object('key', encode(key_hash, 'hex'), 'count', count)) from earlier), '[]'::json) as counts`);
  if (Math.random() < 0.01) {
    await db().execute(sql`delete from rate_limit_counters where window_start < now() - interval '3 days'`);
  }
  if (row?.accepted != null) return { allowed: true, retryAfterSeconds: 0 };
  const countByKey = new Map((row?.counts ?? []).map((c) => [c.key, Number(c.count)]));
  const counted = slices.map((x) => ({ start: x.start, count: countByKey.get(x.key.toString("hex")) ?? 0 }));
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(counted, rule, sliceMs, now) };
}

/**
 * When the window will hold fewer than `limit` hits again: a slice stops counting once the
 * window's start has passed its end, i.e. at its start + slice + window.
 */
function retryAfterSeconds(sorted: { start: number; count: number }[], rule: RateLimitRule, sliceMs: number, now: Date): number {
  let excess = sorted.reduce((sum, s) => sum + s.count, 0) - rule.limit + 1;
  for (const s of sorted) {
    excess -= s.count;
    if (excess <= 0) return Math.max(1, Math.ceil((s.start + sliceMs + rule.windowSeconds * 1000 - now.getTime()) / 1000));
  }
  return rule.windowSeconds;
}
