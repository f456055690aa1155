import { timingSafeEqual } from "node:crypto";
import { createCookieSessionStorage } from "@remix-run/node";
import { keyedHash, randomToken } from "./crypto.server";
import { env } from "./env.server";

/**
 * The tipster's short-lived session after signing in with a receipt: HttpOnly, SameSite=Strict,
 * 20 minutes idle and 2 hours at most. It holds the tip id, a CSRF token for the forms of the
 * status page, the receipt tag and the tip's session epoch it was opened with (checked against
 * the database: app/services/tipster-status-action.server.ts), and when it was last used.
 *
 * Both limits are enforced here from times inside the signed cookie, not by the cookie's Max-Age
 * alone: a browser (or a copy of the cookie) may keep sending it. The times live only in the
 * cookie; the database keeps no time of day for a tipster.
 */
export const TIPSTER_IDLE_SECONDS = 20 * 60;
const TIPSTER_MAX_SECONDS = 2 * 60 * 60;

type Data = { tipId: string; csrf: string; issuedAt: number; lastSeenAt: number; receiptTag: string; epoch: number };
let storage: ReturnType<typeof createCookieSessionStorage<Data>> | undefined;
function sessions() {
  storage ??= createCookieSessionStorage<Data>({
    cookie: {
      name: "__tipster",
      httpOnly: true,
      sameSite: "strict",
      secure: env().secureCookies,
      path: "/",
      maxAge: TIPSTER_IDLE_SECONDS,
      secrets: [keyedHash("cookie-secret", "tipster-session").toString("base64")],
    },
  });
  return storage;
}

/**
 * `receiptTag` ties the session to the receipt it was opened with (replacing the receipt ends
 * it); `epoch` to the tip's tipster_session_epoch (signing out or replacing the receipt moves it,
 * which ends every session opened before, copied cookies included).
 */
export type TipsterSession = { tipId: string; csrf: string; receiptTag: string; epoch: number } | null;
export type OpenedTipsterSession = { tipId: string; receiptTag: string; epoch: number };

export async function readTipsterSession(request: Request, now = Date.now()): Promise<{ session: TipsterSession; expired: boolean }> {
  const s = await sessions().getSession(request.headers.get("cookie"));
  const tipId = s.get("tipId");
  const issuedAt = s.get("issuedAt");
  const lastSeenAt = s.get("lastSeenAt");
  const epoch = s.get("epoch");
  if (!tipId) return { session: null, expired: false };
  if (!issuedAt || now - issuedAt > TIPSTER_MAX_SECONDS * 1000) return { session: null, expired: true };
  if (!lastSeenAt || now - lastSeenAt > TIPSTER_IDLE_SECONDS * 1000) return { session: null, expired: true };
  if (typeof epoch !== "number") return { session: null, expired: true };
  return { session: { tipId, csrf: s.get("csrf") ?? "", receiptTag: s.get("receiptTag") ?? "", epoch }, expired: false };
}

/** Set-Cookie for a fresh session (sign-in, a replaced receipt) or a renewed one (activity: the idle time starts again). */
export async function commitTipsterSession(request: Request, opened?: OpenedTipsterSession, now = Date.now()): Promise<string> {
  const s = await sessions().getSession(request.headers.get("cookie"));
  if (opened) {
    if (s.get("tipId") !== opened.tipId) {
      s.set("csrf", randomToken(18));
      s.set("issuedAt", now);
    }
    s.set("tipId", opened.tipId);
    s.set("receiptTag", opened.receiptTag);
    s.set("epoch", opened.epoch);
  }
  s.set("lastSeenAt", now);
  return sessions().commitSession(s);
}

export async function destroyTipsterSession(request: Request): Promise<string> {
  const s = await sessions().getSession(request.headers.get("cookie"));
  return sessions().destroySession(s);
}

export function csrfMatches(session: { csrf: string }, submitted: FormDataEntryValue | null): boolean {
  if (typeof submitted !== "string") return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
