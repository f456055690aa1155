import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The limiter itself, against the real table, with the clock passed in.
type M = typeof import("../../app/lib/rate-limit.server") &
  typeof import("../../app/lib/env.server") & { sqlClient: typeof import("../../app/lib/db.server").sqlClient; closeDb: () => Promise<void> };
let m: M;

beforeAll(async () => {
  delete process.env.RATE_LIMITS;
  m = { ...(await import("../../app/lib/rate-limit.server")), ...(await import("../../app/lib/env.server")), ...(await import("../../app/lib/db.server")) };
  m.resetEnvCache();
});
afterAll(async () => {
  await m?.closeDb();
});

const address = () => `198.51.100.${randomBytes(1)[0]! % 250}-${randomBytes(6).toString("hex")}`;
const rule = () => ({ bucket: "test-" + randomBytes(4).toString("hex"), limit: 10, windowSeconds: 900 });
/**
 * A time on a day two days ahead (the purge of rows older than two days must not touch them):
 * `at("D1T10:14:57Z")` is 10:14:57 UTC that day, "D2" the day after.
 */
const DAY0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000;
const at = (time: string, plusMs = 0) => {
  const [, day, clock] = /^D(\d)T(.*)$/.exec(time)!;
  return new Date(DAY0 + Number(day) * 86_400_000 + new Date(`1970-01-01T${clock}`).getTime() + plusMs);
};

async function hits(r: { bucket: string; limit: number; windowSeconds: number }, who: string, times: Date[]) {
  const out: boolean[] = [];
  for (const t of times) out.push((await m.hitRateLimit(r, who, t)).allowed);
  return out;
}

describe("sliding-window rate limits", () => {
  it("20 receipt guesses within 5 s across a window boundary: the 11th and later are refused", async () => {
    const r = { ...m.RATE_LIMITS.receiptSignIn, bucket: rule().bucket };
    const who = address();
    // 10:14:57.5 to 10:15:02.25: a fixed 15-minute window would reset at 10:15:00.
    const times = Array.from({ length: 20 }, (_, i) => at("D1T10:14:57.500Z", i * 250));
    const allowed = await hits(r, who, times);
    expect(allowed.slice(0, 10)).toEqual(Array(10).fill(true));
    expect(allowed.slice(10)).toEqual(Array(10).fill(false));
  });

  it("is free again once the window has passed the accepted hits (at most one slice later), and says when", async () => {
    const r = rule();
    const who = address();
    const start = at("D1T08:00:10Z");
    expect(await hits(r, who, Array(10).fill(start))).toEqual(Array(10).fill(true));
    const refused = await m.hitRateLimit(r, who, at("D1T08:10:00Z"));
    expect(refused.allowed).toBe(false);
    // The hits' slice (08:00:00–08:01:30) stops counting at 08:16:30.
    expect(refused.retryAfterSeconds).toBe(6 * 60 + 30);
    expect((await m.hitRateLimit(r, who, at("D1T08:16:29Z"))).allowed).toBe(false);
    expect((await m.hitRateLimit(r, who, at("D1T08:16:30Z"))).allowed).toBe(true);
  });

  it("never lets more than the limit through in any stretch of one window (hits spread over slices)", async () => {
    const r = rule();
    const who = address();
    // One attempt every 40 s for an hour: at most 10 accepted in any 900 s.
    const times = Array.from({ length: 90 }, (_, i) => at("D1T12:00:00Z", i * 40_000));
    const allowed = await hits(r, who, times);
    const accepted = times.filter((_, i) => allowed[i]).map((t) => t.getTime());
    for (const t of accepted) expect(accepted.filter((u) => u > t - 900_000 && u <= t).length).toBeLessThanOrEqual(10);
    // and it is not a lock-out: a steady guesser still gets some through every window
    expect(accepted.length).toBeGreaterThanOrEqual(30);
  });

  it("concurrent hits cannot both take the last place", async () => {
    const r = rule();
    const who = address();
    const now = at("D1T14:03:00Z");
    const results = await Promise.all(Array.from({ length: 30 }, () => m.hitRateLimit(r, who, now)));
    expect(results.filter((x) => x.allowed)).toHaveLength(10);
  });

  it("counts across local midnight (Asia/Shanghai, 16:00 UTC), when the daily key changes", async () => {
    const r = rule();
    const who = address();
    const before = Array.from({ length: 6 }, (_, i) => at("D1T15:59:58Z", i * 100));
    const after = Array.from({ length: 6 }, (_, i) => at("D1T16:00:01Z", i * 100));
    const allowed = await hits(r, who, [...before, ...after]);
    expect(allowed.filter(Boolean)).toHaveLength(10);
    // The rows hold only keyed hashes (a key per slice, under its day's key) and the start of the local day.
    const rows = await m.sqlClient()`select key_hash, window_start from rate_limit_counters where bucket = ${r.bucket}`;
    const keys = new Set(rows.map((x) => Buffer.from(x.key_hash as Uint8Array).toString("hex")));
    expect(keys.size).toBe(2);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(who);
  });

  it("other addresses and other buckets are counted apart", async () => {
    const r = rule();
    const who = address();
    const now = at("D1T16:00:00Z");
    await hits(r, who, Array(10).fill(now));
    expect((await m.hitRateLimit(r, who, now)).allowed).toBe(false);
    expect((await m.hitRateLimit(r, address(), now)).allowed).toBe(true);
    expect((await m.hitRateLimit(rule(), who, now)).allowed).toBe(true);
  });

  it("RATE_LIMITS=off allows everything and writes nothing", async () => {
    process.env.RATE_LIMITS = "off";
    m.resetEnvCache();
    try {
      const r = rule();
      const allowed = await hits(r, address(), Array(15).fill(at("D1T18:00:00Z")));
      expect(allowed.every(Boolean)).toBe(true);
      expect(await m.sqlClient()`select 1 from rate_limit_counters where bucket = ${r.bucket}`).toHaveLength(0);
    } finally {
      delete process.env.RATE_LIMITS;
      m.resetEnvCache();
    }
  });
});
