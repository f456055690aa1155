import path from "node:path";

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
  trustProxy: boolean;
  rateLimits: boolean;
  /** Where Debian's poppler-utils (pdfinfo, pdftoppm) are: every uploaded PDF is rasterised with them. */
  popplerDir: string;
  hcaptcha: { siteKey: string; secret: string; verifyUrl: string; scriptUrl: string | undefined; timeoutMs: number } | null;
  publicUrl: string | undefined;
  /** How long a /stats publication may still be served after the data changed, while the next one is computed. */
  statisticsMaxAgeSeconds: number;
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
    trustProxy: e.TRUST_PROXY === "1" || e.TRUST_PROXY === "true",
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

/** Tests change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}
