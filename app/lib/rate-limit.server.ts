import { sql } from "drizzle-orm";
import { localDate, startOfLocalDay } from "../domain/working-days";
import { keyedHash } from "./crypto.server";
import { db } from "./db.server";
import { env } from "./env.server";

/**
 * Fixed-window rate limits kept in Postgres (so every server process shares them).
 * The key is a keyed hash of the client address under a key that changes every day: the
 * counters cannot be joined to an address, nor across days, and nothing of it is stored with
 * a tip. The window (which hour, which quarter) is inside that hash too, and a counter row holds
 * only the start of its local day: no row says when within the day an address acted
 * (docs/decisions/015-tipster-time.md). `RATE_LIMITS=off` disables them (load tests, benchmarks).
 */
export type RateLimitRule = { bucket: string; limit: number; windowSeconds: number };

export const RATE_LIMITS = {
  /** Tips whose captcha passed (or where no captcha is configured). */
  tip: { bucket: "tip", limit: 20, windowSeconds: 3600 },
  /** Tips without a passed captcha (JavaScript off, failures) and machine submissions. */
  unverifiedTip: { bucket: "tip-unverified", limit: 5, windowSeconds: 3600 },
  /** Receipt sign-in attempts, against guessing. */
  receiptSignIn: { bucket: "receipt-sign-in", limit: 10, windowSeconds: 900 },
  /** Replies and evidence from a signed-in tipster. */
  tipsterMessage: { bucket: "tipster-message", limit: 30, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

/** A counter's key: the window of `rule` that `now` falls in and the address, under a key of the local day. */
export function clientKey(rule: RateLimitRule, address: string, now = new Date()): Buffer {
  const window = Math.floor(now.getTime() / (rule.windowSeconds * 1000));
  return keyedHash("rate-limit:" + localDate(now, env().timeZone), `${window}|${address}`);
}

export async function hitRateLimit(rule: RateLimitRule, address: string, now = new Date()): Promise<RateLimitResult> {
  if (!env().rateLimits) return { allowed: true, retryAfterSeconds: 0 };
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const day = startOfLocalDay(localDate(now, env().timeZone), env().timeZone);
  const rows = await db().execute<{ count: number }>(sql`
    insert into rate_limit_counters (bucket, key_hash, window_start, count)
    values (${rule.bucket}, ${clientKey(rule, address, now)}, ${day.toISOString()}, 1)
    on conflict (bucket, key_hash, window_start) do update set count = rate_limit_counters.count + 1
    returning count`);
  if (Math.random() < 0.01) {
    await db().execute(sql`delete from rate_limit_counters where window_start < now() - interval '2 days'`);
  }
  const count = Number(rows[0]?.count ?? 0);
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return { allowed: count <= rule.limit, retryAfterSeconds };
}
