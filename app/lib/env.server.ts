import path from "node:path";
import { DEFAULT_RELEASE_AT, parseReleaseAt } from "../domain/statistics-release";

/**
 * Process configuration, read once from the environment. Everything a deployment may set
 * is listed here; README's "Configuration" section mirrors it.
 */
export type Env = {
  production: boolean;
  /** `npm run demo` only (CANARY_DEMO=1): production mode with the demo's allowances, see demoMode(). */
  demo: boolean;
  /** Cookies marked Secure: in production, except the demo, which is served on http://127.0.0.1. */
  secureCookies: boolean;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  timeZone: string;
  /** How many reverse proxies of ours stand in front of the server (TRUST_PROXY); 0: none. */
  trustedProxyHops: number;
  rateLimits: boolean;
  /** Where Debian's poppler-utils (pdfinfo, pdftoppm) are: every uploaded PDF is rasterised with them. */
  popplerDir: string;
  hcaptcha: { siteKey: string; secret: string; verifyUrl: string; scriptUrl: string | undefined; timeoutMs: number } | null;
  publicUrl: string | undefined;
  /** How long a /stats publication may still be served after the data changed, while the next one is computed. */
  statisticsMaxAgeSeconds: number;
  /** The local time (HH:MM in TIME_ZONE) of the daily statistics release (STATISTICS_RELEASE_AT, default 02:00). */
  statisticsReleaseAt: string;
  /** Threads that compute a large release's subtrees below the provinces (STATISTICS_RELEASE_THREADS, default 2; 0: the release's own thread alone). */
  statisticsReleaseThreads: number;
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const e = process.env;
  const siteKey = e.HCAPTCHA_SITEKEY?.trim();
  const secret = e.HCAPTCHA_SECRET?.trim();
  const production = e.NODE_ENV === "production";
  cached = {
    production,
    demo: demoMode(),
    secureCookies: production && !demoMode(),
    port: Number(e.PORT ?? 3000),
    dataDir: path.resolve(e.DATA_DIR ?? ".data"),
    databaseUrl: e.DATABASE_URL || undefined,
    timeZone: e.TIME_ZONE ?? "Asia/Shanghai",
    trustedProxyHops: trustedProxyHops(e.TRUST_PROXY),
    rateLimits: e.RATE_LIMITS !== "off",
    popplerDir: e.POPPLER_DIR || "/usr/bin",
    hcaptcha:
      siteKey && secret
        ? {
            siteKey,
            secret,
            verifyUrl: e.HCAPTCHA_VERIFY_URL ?? "https://api.hcaptcha.com/siteverify",
            scriptUrl: e.HCAPTCHA_SCRIPT_URL || undefined,
            timeoutMs: Number(e.HCAPTCHA_TIMEOUT_MS ?? 5000),
          }
        : null,
    publicUrl: e.PUBLIC_URL || undefined,
    statisticsMaxAgeSeconds: Math.max(0, Number(e.STATISTICS_MAX_AGE_SECONDS ?? 60) || 0),
    statisticsReleaseAt: statisticsReleaseAt(e.STATISTICS_RELEASE_AT),
    statisticsReleaseThreads: statisticsReleaseThreads(e.STATISTICS_RELEASE_THREADS),
  };
  return cached;
}

/**
 * `CANARY_DEMO=1`, set by `npm run demo` and never by default (`npm start` does not): the
 * production build may then run without CANARY_MASTER_KEY (a generated key in
 * DATA_DIR/master.key) and without SMTP_URL (mail captured to DATA_DIR/outbox), with cookies
 * that a browser keeps on http://127.0.0.1. Read from the environment each time, for the
 * launcher, which starts before the configuration is complete.
 */
export function demoMode(): boolean {
  return process.env.CANARY_DEMO === "1";
}

/**
 * TRUST_PROXY: unset, "", "0", "off", "false": no proxy (the socket's address counts);
 * "on", "true": one proxy; a whole number N: N proxies in a chain. Anything else is refused at
 * start-up rather than guessed at: a wrong guess either lets clients pick their address or puts
 * every client in one rate-limit bucket.
 */
export function trustedProxyHops(value: string | undefined): number {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "off" || v === "false") return 0;
  if (v === "on" || v === "true") return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  throw new Error(`TRUST_PROXY must be off, on or the number of trusted reverse proxies in front of the server (got ${JSON.stringify(value)})`);
}

/**
 * STATISTICS_RELEASE_AT: unset or "" for 02:00, else a local time "HH:MM" (00:00–23:59). Anything
 * else is refused rather than guessed at (is "2" two o'clock or two minutes past midnight?).
 */
export function statisticsReleaseAt(value: string | undefined): string {
  const v = (value ?? "").trim();
  if (v === "") return DEFAULT_RELEASE_AT;
  if (!parseReleaseAt(v)) throw new Error(`STATISTICS_RELEASE_AT must be a local time HH:MM, e.g. 02:00 (got ${JSON.stringify(value)})`);
  return v;
}

/** Tests change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** STATISTICS_RELEASE_THREADS: unset or "" for 2, else a whole number 0–16. Anything else stops the process at start. */
export function statisticsReleaseThreads(value: string | undefined): number {
  const v = value?.trim() ?? "";
  if (v === "") return 2;
  if (!/^\d{1,2}$/.test(v) || Number(v) > 16) throw new Error(`STATISTICS_RELEASE_THREADS must be a whole number from 0 to 16 (got ${JSON.stringify(value)})`);
  return Number(v);
}
