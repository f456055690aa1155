import type { CaptchaStatus } from "../domain/vocabulary";
import { env } from "./env.server";

/**
 * hCaptcha verification against siteverify, with a timeout and a configurable URL
 * (HCAPTCHA_VERIFY_URL) so the tests exercise this real path against a loopback fake.
 * A failed or missing captcha never throws a tip away: the caller stores it as unverified.
 */
export type { CaptchaStatus };

export async function verifyCaptcha(token: string | null | undefined): Promise<CaptchaStatus> {
  const config = env().hcaptcha;
  if (!config) return "not_required";
  if (!token) return "unverified";
  try {
    const res = await fetch(config.verifyUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ secret: config.secret, response: token, sitekey: config.siteKey }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!res.ok) return "unverified";
    const body = (await res.json()) as { success?: unknown };
    return body.success === true ? "verified" : "unverified";
  } catch {
    return "unverified";
  }
}
