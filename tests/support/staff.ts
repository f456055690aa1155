import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Executor } from "../../app/lib/db.server";
import type { StaffContext } from "../../app/lib/staff-session.server";
import { agencies, staffAccounts, type StaffRole } from "../../db/schema/index";

/**
 * Staff for integration tests. App modules that read the environment (db.server,
 * staff-session.server) are imported lazily: tests/support/env.ts must run first.
 */
export type StaffSpec = { role: StaffRole; departmentType: string; placeCode: string; displayName?: string };

/**
 * Inserts an active staff account tied to the agency `departmentType`@`placeCode` (which must
 * exist: the demo agencies of global-setup) and returns the StaffContext that `requireStaff`
 * would build for it. `sessionId` and `csrf` are dummies: enough for calling services directly.
 */
export async function staffContextFor(db: Executor, spec: StaffSpec): Promise<StaffContext> {
  const [agency] = await db
    .select({ id: agencies.id, departmentType: agencies.departmentType, placeCode: agencies.placeCode, nameZh: agencies.nameZh, nameEn: agencies.nameEn })
    .from(agencies)
    .where(and(eq(agencies.departmentType, spec.departmentType), eq(agencies.placeCode, spec.placeCode)));
  if (!agency) throw new Error(`test setup: no agency ${spec.departmentType}@${spec.placeCode}`);
  const tag = randomBytes(5).toString("hex");
  const email = `${spec.role}.${spec.departmentType}.${spec.placeCode}.${tag}@staff.test.invalid`.replace(/_/g, "-");
  const displayName = spec.displayName ?? `测试 ${spec.role} ${spec.departmentType}@${spec.placeCode} ${tag}`;
  const [row] = await db.insert(staffAccounts).values({ email, displayName, role: spec.role, agencyId: agency.id }).returning({ id: staffAccounts.id });
  return {
    staffId: row!.id,
    email,
    displayName,
    role: spec.role,
    agency,
    sessionId: randomUUID(),
    csrf: `test-csrf-${tag}`,
  };
}

/**
 * A signed-in session (password and second factor done) for route-level tests: returns the
 * `Cookie` header value ("__staff=<token>") a browser would send back.
 */
export async function signedInCookie(staffId: string): Promise<string> {
  const { db } = await import("../../app/lib/db.server");
  const { createStaffSession } = await import("../../app/lib/staff-session.server");
  const setCookie = await createStaffSession(db(), staffId, { secondFactorDone: true });
  return setCookie.split(";")[0]!;
}

/** The real StaffContext (with the session's csrf token) behind a cookie from `signedInCookie`. */
export async function staffBehindCookie(cookie: string, url = "http://canary.test/staff"): Promise<StaffContext> {
  const { requireStaff } = await import("../../app/lib/staff-session.server");
  return requireStaff(new Request(url, { headers: { cookie } }));
}
