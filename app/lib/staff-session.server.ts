import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { agencies, staffAccounts, staffSessions, type StaffRole } from "../../db/schema/index";
import { can, type Capability } from "../domain/permissions";
import { keyedHash, randomToken } from "./crypto.server";
import { db, type Executor } from "./db.server";
import { env } from "./env.server";
import { AppError } from "./app-error";
import { refusal } from "./route-edge.server";

/**
 * Staff sessions, kept in the database so that "sign out everywhere", the 30-minute idle limit
 * and the 12-hour absolute limit are enforced on the server. The cookie holds a random token;
 * the database only its keyed hash. A session is usable once the second factor is done.
 */
export const STAFF_COOKIE = "__staff";
export const STAFF_IDLE_MS = 30 * 60 * 1000;
export const STAFF_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export type StaffContext = {
  staffId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  agency: { id: string; departmentType: string; placeCode: string; nameZh: string; nameEn: string } | null;
  sessionId: string;
  /** Put in every form of the staff pages as `csrf`; checked by `verifyStaffCsrf`. */
  csrf: string;
};

function tokenFrom(request: Request): string | null {
  const m = /(?:^|;\s*)__staff=([A-Za-z0-9_-]{20,100})/.exec(request.headers.get("cookie") ?? "");
  return m?.[1] ?? null;
}

export function staffCookie(token: string): string {
  return `${STAFF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${STAFF_ABSOLUTE_MS / 1000}${env().secureCookies ? "; Secure" : ""}`;
}
export const clearedStaffCookie = () => `${STAFF_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${env().secureCookies ? "; Secure" : ""}`;

/** Opens a session after the password check. Returns the Set-Cookie value. */
export async function createStaffSession(tx: Executor, staffId: string, opts: { secondFactorDone: boolean }): Promise<string> {
  const token = randomToken(32);
  await tx.insert(staffSessions).values({ staffId, tokenHash: keyedHash("staff-session", token), secondFactorDone: opts.secondFactorDone });
  return staffCookie(token);
}

type SessionRow = { sessionId: string; staffId: string; secondFactorDone: boolean; createdAt: Date; lastSeenAt: Date };

/** The live session of this request (not revoked, not idle, not too old), or null. */
export async function readStaffSession(request: Request, now = new Date()): Promise<SessionRow | null> {
  const token = tokenFrom(request);
  if (!token) return null;
  const [row] = await db()
    .select({
      sessionId: staffSessions.id,
      staffId: staffSessions.staffId,
      secondFactorDone: staffSessions.secondFactorDone,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
    })
    .from(staffSessions)
    .where(and(eq(staffSessions.tokenHash, keyedHash("staff-session", token)), isNull(staffSessions.revokedAt)));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > STAFF_IDLE_MS || now.getTime() - row.createdAt.getTime() > STAFF_ABSOLUTE_MS) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, row.sessionId));
  }
  return row;
}

/** Marks the second factor done on the session (after TOTP or a recovery code). */
export async function completeSecondFactor(tx: Executor, sessionId: string) {
  await tx.update(staffSessions).set({ secondFactorDone: true }).where(eq(staffSessions.id, sessionId));
}

export async function revokeSession(sessionId: string) {
  await db().update(staffSessions).set({ revokedAt: sql`now()` }).where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.revokedAt)));
}

/** "Sign out everywhere": every session of the person ends. */
export async function revokeAllSessions(tx: Executor, staffId: string) {
  await tx.update(staffSessions).set({ revokedAt: sql`now()` }).where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)));
}

function csrfFor(sessionId: string) {
  return keyedHash("staff-csrf", sessionId).toString("base64url");
}

function redirectToLogin(request: Request): never {
  const url = new URL(request.url);
  const next = url.pathname.startsWith("/staff") ? url.pathname + url.search : "/staff";
  throw new Response(null, { status: 303, headers: { Location: `/staff/login?next=${encodeURIComponent(next)}` } });
}

/**
 * The signed-in staff member (password and second factor done, account active), or a redirect to
 * the sign-in page. Every staff loader and action starts here.
 */
export async function requireStaff(request: Request): Promise<StaffContext> {
  const session = await readStaffSession(request);
  if (!session || !session.secondFactorDone) redirectToLogin(request);
  const [row] = await db()
    .select({
      staffId: staffAccounts.id,
      email: staffAccounts.email,
      displayName: staffAccounts.displayName,
      role: staffAccounts.role,
      active: staffAccounts.active,
      agency: { id: agencies.id, departmentType: agencies.departmentType, placeCode: agencies.placeCode, nameZh: agencies.nameZh, nameEn: agencies.nameEn },
    })
    .from(staffAccounts)
    .leftJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .where(eq(staffAccounts.id, session.staffId));
  if (!row?.active) redirectToLogin(request);
  return {
    staffId: row.staffId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    agency: row.agency?.id ? row.agency : null,
    sessionId: session.sessionId,
    csrf: csrfFor(session.sessionId),
  };
}

/** The signed-in staff member, or null (for pages that show sign-in state but open to all). */
export async function optionalStaff(request: Request): Promise<StaffContext | null> {
  try {
    return await requireStaff(request);
  } catch (e) {
    if (e instanceof Response) return null;
    throw e;
  }
}

/** `requireStaff` plus a capability; without it the answer is 403. */
export async function requireCapability(request: Request, capability: Capability): Promise<StaffContext> {
  const staff = await requireStaff(request);
  if (!can(staff.role, capability)) throw refusal(new AppError("forbidden"));
  return staff;
}

/** Every staff form posts `csrf`; a missing or wrong one is refused. */
export function verifyStaffCsrf(staff: StaffContext, form: FormData) {
  const sent = form.get("csrf");
  const a = Buffer.from(staff.csrf);
  const b = Buffer.from(typeof sent === "string" ? sent : "");
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw refusal(new AppError("stale_form"));
}
