import { timingSafeEqual } from "node:crypto";
import { createCookieSessionStorage } from "@remix-run/node";
import { keyedHash, randomToken } from "./crypto.server";
import { env } from "./env.server";

/**
 * The tipster's short-lived session after signing in with a receipt: HttpOnly, SameSite=Strict,
 * 20 minutes idle (renewed on each page) and 2 hours at most. It holds the tip id and a CSRF
 * token for the forms of the status page.
 */
export const TIPSTER_IDLE_SECONDS = 20 * 60;
const TIPSTER_MAX_SECONDS = 2 * 60 * 60;

type Data = { tipId: string; csrf: string; issuedAt: number; receiptTag: string };
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

/** `receiptTag` ties the session to the receipt it was opened with: replacing the receipt ends it. */
export type TipsterSession = { tipId: string; csrf: string; receiptTag: string } | null;

export async function readTipsterSession(request: Request): Promise<{ session: TipsterSession; expired: boolean }> {
  const s = await sessions().getSession(request.headers.get("cookie"));
  const tipId = s.get("tipId");
  const issuedAt = s.get("issuedAt");
  if (!tipId) return { session: null, expired: false };
  if (!issuedAt || Date.now() - issuedAt > TIPSTER_MAX_SECONDS * 1000) return { session: null, expired: true };
  return { session: { tipId, csrf: s.get("csrf") ?? "", receiptTag: s.get("receiptTag") ?? "" }, expired: false };
}

/** Set-Cookie for a fresh session (sign-in) or a renewed one (activity). */
export async function commitTipsterSession(request: Request, opened?: { tipId: string; receiptTag: string }): Promise<string> {
  const s = await sessions().getSession(request.headers.get("cookie"));
  if (opened) {
    if (s.get("tipId") !== opened.tipId) {
      s.set("csrf", randomToken(18));
      s.set("issuedAt", Date.now());
    }
    s.set("tipId", opened.tipId);
    s.set("receiptTag", opened.receiptTag);
  }
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
