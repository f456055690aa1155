import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyErrors, replyValues, settle } from "../support/replies";

// App modules are imported in beforeAll: tests/support/env.ts must set DATABASE_URL and
// CANARY_MASTER_KEY first, and the modules must be the same instances the routes use.
type M = {
  login: typeof import("../../app/routes/staff.login");
  secondFactor: typeof import("../../app/routes/staff.second-factor");
  enrol: typeof import("../../app/routes/staff.enrol");
  signOut: typeof import("../../app/routes/staff.sign-out");
  password: typeof import("../../app/routes/staff.password");
  invitation: typeof import("../../app/routes/staff.invitation.$token");
  home: typeof import("../../app/routes/staff._index");
  db: typeof import("../../app/lib/db.server").db;
  sqlClient: typeof import("../../app/lib/db.server").sqlClient;
  closeDb: typeof import("../../app/lib/db.server").closeDb;
  schema: typeof import("../../db/schema/index");
  hashPassword: typeof import("../../app/lib/password.server").hashPassword;
  totp: typeof import("../../app/lib/totp.server");
  session: typeof import("../../app/lib/staff-session.server");
  signIn: typeof import("../../app/services/sign-in-staff.server");
  verify: typeof import("../../app/services/verify-staff-second-factor.server");
  invite: typeof import("../../app/services/accept-staff-invitation.server");
  changePassword: typeof import("../../app/services/change-staff-password.server");
  demo: typeof import("../../db/seed/demo-staff");
  eq: typeof import("drizzle-orm").eq;
};
let m: M;

beforeAll(async () => {
  m = {
    login: await import("../../app/routes/staff.login"),
    secondFactor: await import("../../app/routes/staff.second-factor"),
    enrol: await import("../../app/routes/staff.enrol"),
    signOut: await import("../../app/routes/staff.sign-out"),
    password: await import("../../app/routes/staff.password"),
    invitation: await import("../../app/routes/staff.invitation.$token"),
    home: await import("../../app/routes/staff._index"),
    ...(await import("../../app/lib/db.server")),
    schema: await import("../../db/schema/index"),
    ...(await import("../../app/lib/password.server")),
    totp: await import("../../app/lib/totp.server"),
    session: await import("../../app/lib/staff-session.server"),
    signIn: await import("../../app/services/sign-in-staff.server"),
    verify: await import("../../app/services/verify-staff-second-factor.server"),
    invite: await import("../../app/services/accept-staff-invitation.server"),
    changePassword: await import("../../app/services/change-staff-password.server"),
    demo: await import("../../db/seed/demo-staff"),
    eq: (await import("drizzle-orm")).eq,
  };
});
afterAll(async () => {
  await m?.closeDb();
});

// ------------------------------------------------------------------ helpers

const ORIGIN = "http://canary.test";
/** Loaders and actions that do not rate-limit still receive the context. */
const NO_ADDRESS = { clientAddress: "192.0.2.1" };
const PASSWORD = "a long enough pass phrase";

let addressCounter = 0;
/** A client address nobody else in this run uses, so rate-limit counters never collide. */
const freshAddress = () => `2001:db8:5af:${process.pid.toString(16)}:${randomBytes(2).toString("hex")}::${(++addressCounter).toString(16)}`;

type Settled = Awaited<ReturnType<typeof settle>> & { location: string | null };

/** Runs a loader or action (tests/support/replies.ts `settle`), with the redirect's target. */
async function run(fn: () => Promise<unknown> | unknown): Promise<Settled> {
  const r = await settle(async () => fn());
  return { ...r, location: r.headers.get("location") };
}

/** The AppError a service call is refused with (code, field, message key), as `rejects.toMatchObject` reads it. */
const FAILED = { code: "unauthenticated", messageKey: "auth.signIn.failed" };
const LOCKED = { code: "rate_limited", messageKey: "auth.secondFactor.locked" };

/** Each of many parallel service calls: "accepted", or the message key it was refused with. */
function outcomes(results: PromiseSettledResult<unknown>[]): string[] {
  return results.map((r) => (r.status === "fulfilled" ? "accepted" : String((r.reason as { messageKey?: unknown }).messageKey ?? r.reason)));
}

function request(path: string, opts: { cookie?: string; form?: Record<string, string> } = {}): Request {
  const headers = new Headers();
  if (opts.cookie) headers.set("cookie", opts.cookie);
  if (!opts.form) return new Request(ORIGIN + path, { headers });
  return new Request(ORIGIN + path, { method: "POST", headers, body: new URLSearchParams(opts.form) });
}

/** "name=value" of the staff cookie, as a browser sends it back. */
function cookieFrom(res: Settled): string {
  const setCookie = res.headers.get("set-cookie");
  expect(setCookie, "Set-Cookie").toBeTruthy();
  return setCookie!.split(";")[0]!;
}

type Account = { id: string; email: string; password: string; secret: Uint8Array; recoveryCodes: string[] };

/** A staff account straight in the database: password set, TOTP enrolled (unless told), ten recovery codes. */
async function createAccount(opts: { enrolled?: boolean; mustChangePassword?: boolean; active?: boolean; password?: string | null } = {}): Promise<Account> {
  const { staffAccounts } = m.schema;
  const email = `officer-${randomBytes(5).toString("hex")}@example.org`;
  const password = opts.password === undefined ? PASSWORD : opts.password;
  const secret = m.totp.newTotpSecret();
  const [row] = await m
    .db()
    .insert(staffAccounts)
    .values({
      email,
      displayName: "测试 Test " + email.slice(8, 13),
      role: "administrator",
      passwordHash: password ? await m.hashPassword(password) : null,
      mustChangePassword: opts.mustChangePassword ?? false,
      active: opts.active ?? true,
    })
    .returning({ id: staffAccounts.id });
  const id = row!.id;
  let recoveryCodes: string[] = [];
  if (opts.enrolled ?? true) {
    await m.db().update(staffAccounts).set({ totpSecretEnc: m.totp.encryptTotpSecret(id, secret), totpEnrolledAt: new Date() }).where(m.eq(staffAccounts.id, id));
    recoveryCodes = await m.db().transaction((tx) => m.totp.replaceRecoveryCodes(tx, id));
  }
  return { id, email, password: password ?? "", secret, recoveryCodes };
}

async function postLogin(form: Record<string, string>, address = freshAddress()) {
  return run(() => m.login.action({ request: request("/staff/login", { form }), context: { clientAddress: address }, params: {} }));
}
async function postSecondFactor(cookie: string, form: Record<string, string>, address = freshAddress()) {
  return run(() => m.secondFactor.action({ request: request("/staff/second-factor", { cookie, form }), context: { clientAddress: address }, params: {} }));
}

/** Password and TOTP through the pages; returns the complete session's cookie. */
async function signInThroughPages(acct: Account, next?: string): Promise<string> {
  const first = await postLogin({ email: acct.email, password: acct.password, ...(next ? { next } : {}) });
  expect(first.status).toBe(302);
  const cookie = cookieFrom(first);
  const second = await postSecondFactor(cookie, { code: m.totp.totpCode(acct.secret), ...(next ? { next } : {}) });
  expect(second.status, JSON.stringify(second.data)).toBe(302);
  return cookie;
}

/**
 * A complete sign-in through the services at a chosen time: each call for the same account must
 * use a later TOTP step (replays are refused), so callers pass increasing offsets.
 */
async function signInAt(acct: Account, at: Date): Promise<string> {
  const address = freshAddress();
  const r = await m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: address, now: at });
  const cookie = r.setCookie.split(";")[0]!;
  const pending = await m.signIn.pendingSignIn(request("/staff", { cookie }), at);
  expect(pending).not.toBeNull();
  const v = await m.verify.verifyStaffSecondFactor(pending!, { kind: "totp", code: m.totp.totpCode(acct.secret, at) }, { now: at });
  expect(v.method).toBe("totp");
  return cookie;
}

const later = (ms: number, from = new Date()) => new Date(from.getTime() + ms);
const MIN = 60_000;

async function ledgerActions(staffId: string): Promise<string[]> {
  const rows = await m.sqlClient()`select action from ledger_entries where chain = ${"staff:" + staffId} order by seq`;
  return rows.map((r) => r.action as string);
}

async function accountRow(id: string) {
  const [row] = await m.sqlClient()`select failed_sign_ins, locked_until, totp_last_step, must_change_password, last_sign_in_at from staff_accounts where id = ${id}`;
  return row as { failed_sign_ins: number; locked_until: Date | null; totp_last_step: string | null; must_change_password: boolean; last_sign_in_at: Date | null };
}

// ------------------------------------------------------------------ sign-in

describe("sign-in with password and TOTP", () => {
  it("signs in through both steps and lands on `next`; the ledger records it", async () => {
    const acct = await createAccount();
    const first = await postLogin({ email: acct.email.toUpperCase(), password: acct.password, next: "/staff/admin?tab=staff" });
    expect(first.status).toBe(302);
    expect(first.location).toBe("/staff/second-factor?next=" + encodeURIComponent("/staff/admin?tab=staff"));
    const cookie = cookieFrom(first);
    expect(first.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);

    // Half signed in: the staff pages still send to the login page.
    const early = await run(() => m.home.loader({ request: request("/staff", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(early.status).toBe(303);
    expect(early.location).toMatch(/^\/staff\/login\?next=/);

    const page = await run(() => m.secondFactor.loader({ request: request("/staff/second-factor", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(page.status).toBe(200);

    const second = await postSecondFactor(cookie, { code: m.totp.totpCode(acct.secret), next: "/staff/admin?tab=staff" });
    expect(second.status).toBe(302);
    expect(second.location).toBe("/staff/admin?tab=staff");

    const home = await run(() => m.home.loader({ request: request("/staff", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(home.status).toBe(200);
    expect(home.data.links.admin).toBe(true);
    expect(home.data.links.triage).toBe(false);

    expect(await ledgerActions(acct.id)).toEqual(["staff.password_accepted", "staff.signed_in"]);
    expect((await accountRow(acct.id)).last_sign_in_at).not.toBeNull();
  });

  it("never sends `next` off the staff area", async () => {
    const acct = await createAccount();
    const first = await postLogin({ email: acct.email, password: acct.password, next: "https://evil.example/staff" });
    expect(first.location).toBe("/staff/second-factor");
    const second = await postSecondFactor(cookieFrom(first), { code: m.totp.totpCode(acct.secret), next: "//evil.example" });
    expect(second.location).toBe("/staff");
  });

  it("gives the same answer for an unknown address, a wrong password and an account without a password", async () => {
    const acct = await createAccount();
    const invited = await createAccount({ password: null, enrolled: false });
    const unknown = await postLogin({ email: `nobody-${randomBytes(4).toString("hex")}@example.org`, password: PASSWORD });
    const wrong = await postLogin({ email: acct.email, password: PASSWORD + "x" });
    const noPassword = await postLogin({ email: invited.email, password: PASSWORD });
    for (const r of [unknown, wrong, noPassword]) {
      expect(r.status).toBe(401);
      expect(replyErrors(r.data)).toEqual({ form: ["auth.signIn.failed"] });
      expect(r.headers.get("set-cookie")).toBeNull();
      expect(r.headers.get("cache-control")).toBe("no-store");
    }
    // The typed address comes back; the password never does.
    expect(replyValues(wrong.data).email).toBe(acct.email);
    expect(JSON.stringify(wrong.data)).not.toContain(PASSWORD);
  });

  it("reports form errors per field", async () => {
    const r = await postLogin({ email: "not-an-address", password: "" });
    expect(r.status).toBe(400);
    expect(replyErrors(r.data).email).toEqual(["auth.errors.email.invalid"]);
    expect(replyErrors(r.data).password).toEqual(["auth.errors.password.required"]);
    expect(replyValues(r.data).email).toBe("not-an-address");
  });

  it("a deactivated account cannot sign in, and its open session stops working", async () => {
    const acct = await createAccount();
    const cookie = await signInThroughPages(acct);
    await m.db().update(m.schema.staffAccounts).set({ active: false }).where(m.eq(m.schema.staffAccounts.id, acct.id));
    const r = await postLogin({ email: acct.email, password: acct.password });
    expect(r.status).toBe(401);
    expect(replyErrors(r.data)).toEqual({ form: ["auth.signIn.failed"] });
    const home = await run(() => m.home.loader({ request: request("/staff", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(home.status).toBe(303);
    expect((await ledgerActions(acct.id)).at(-1)).toBe("staff.sign_in_refused");
  });

  it("rate-limits sign-in attempts per client address", async () => {
    const address = freshAddress();
    const at = new Date(Math.floor(Date.now() / (900 * 1000)) * 900 * 1000 + 1000); // inside one window
    const limit = m.signIn.STAFF_SIGN_IN_RULE.limit;
    for (let i = 0; i < limit; i++) {
      await expect(m.signIn.signInStaff({ email: `x${i}@example.org`, password: "whatever-password" }, { clientAddress: address, now: at })).rejects.toMatchObject(FAILED);
    }
    await expect(m.signIn.signInStaff({ email: "y@example.org", password: "whatever-password" }, { clientAddress: address, now: at })).rejects.toMatchObject({
      code: "rate_limited",
      messageKey: "auth.errors.rateLimited",
    });
  });
});

describe("failed attempts: growing delay, then a temporary lock", () => {
  it("waits 2^(n-3) s after the 3rd failure, locks for 15 min at the 10th, and opens again afterwards", async () => {
    const acct = await createAccount();
    const address = freshAddress();
    const attempt = (password: string, now: Date) => m.signIn.signInStaff({ email: acct.email, password }, { clientAddress: address, now });
    let now = new Date();
    let lastFailure = now;
    for (let n = 1; n <= 10; n++) {
      await expect(attempt("wrong password " + n, now)).rejects.toMatchObject(FAILED);
      lastFailure = now;
      const row = await accountRow(acct.id);
      expect(row.failed_sign_ins).toBe(n);
      const wait = row.locked_until ? new Date(row.locked_until).getTime() - now.getTime() : 0;
      expect(wait).toBe(n < 3 ? 0 : n < 10 ? 2 ** (n - 3) * 1000 : 15 * MIN);
      if (n >= 3 && n < 10) {
        // During the wait even the right password is refused, with the same words, and not counted.
        await expect(attempt(acct.password, later(wait - 200, now))).rejects.toMatchObject(FAILED);
        expect((await accountRow(acct.id)).failed_sign_ins).toBe(n);
      }
      now = later(wait + 1, now);
    }
    // Locked: right password refused for 15 minutes, generic answer.
    const lockStart = lastFailure;
    await expect(attempt(acct.password, later(14 * MIN, lockStart))).rejects.toMatchObject(FAILED);
    // An unknown address answers the same way at the same moment.
    await expect(m.signIn.signInStaff({ email: "nobody-locked@example.org", password: acct.password }, { clientAddress: address, now: later(14 * MIN, lockStart) })).rejects.toMatchObject(FAILED);
    // After 15 minutes the right password works again…
    const ok = await attempt(acct.password, later(15 * MIN + 1000, lockStart));
    expect(ok.setCookie).toBeTruthy();
    const actions = await ledgerActions(acct.id);
    expect(actions.filter((a) => a === "staff.sign_in_failed")).toHaveLength(10);
    expect(actions).toContain("staff.locked");
  });

  it("counts wrong codes too, and a password re-entered does not reset the count; a complete sign-in does", async () => {
    const acct = await createAccount();
    const address = freshAddress();
    let now = new Date();
    for (let n = 1; n <= 3; n++) {
      const r = await m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: address, now });
      const cookie = r.setCookie.split(";")[0]!;
      const pending = await m.signIn.pendingSignIn(request("/staff", { cookie }), now);
      const v = m.verify.verifyStaffSecondFactor(pending!, { kind: "totp", code: "000000" === m.totp.totpCode(acct.secret, now) ? "111111" : "000000" }, { now });
      await expect(v).rejects.toMatchObject({ code: "unauthenticated", field: "code", messageKey: "auth.errors.code.wrong" });
      expect((await accountRow(acct.id)).failed_sign_ins).toBe(n);
      now = later(2 ** Math.max(0, n - 3) * 1000 + 1, now);
    }
    const cookie = await signInAt(acct, later(31_000, now));
    expect(cookie).toBeTruthy();
    const row = await accountRow(acct.id);
    expect(row.failed_sign_ins).toBe(0);
    expect(row.locked_until).toBeNull();
  });

  it("the 10th wrong code locks the account and ends the half-done sign-in", async () => {
    const acct = await createAccount();
    await m.sqlClient()`update staff_accounts set failed_sign_ins = 9 where id = ${acct.id}`;
    const address = freshAddress();
    const now = new Date();
    const r = await m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: address, now });
    const cookie = r.setCookie.split(";")[0]!;
    const pending = await m.signIn.pendingSignIn(request("/staff", { cookie }), now);
    const wrong = m.totp.totpCode(acct.secret, later(10 * MIN, now));
    await expect(m.verify.verifyStaffSecondFactor(pending!, { kind: "totp", code: wrong }, { now })).rejects.toMatchObject({ ...LOCKED, params: { minutes: 15 }, retryAfterSeconds: 15 * 60 });
    expect(await m.signIn.pendingSignIn(request("/staff", { cookie }), now)).toBeNull();
  });

  it("through the page, the lock answers 429 on the form, clears the cookie, says when, and never echoes the code", async () => {
    const acct = await createAccount();
    await m.sqlClient()`update staff_accounts set failed_sign_ins = 9 where id = ${acct.id}`;
    const cookie = cookieFrom(await postLogin({ email: acct.email, password: acct.password }));
    const wrong = m.totp.totpCode(acct.secret, later(10 * MIN));
    const r = await postSecondFactor(cookie, { code: wrong, next: "/staff/admin" });
    expect(r.status).toBe(429);
    expect(replyErrors(r.data)).toEqual({ form: ["auth.secondFactor.locked|minutes=15"] });
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("retry-after")).toBe(String(15 * 60));
    expect(r.headers.get("set-cookie")).toMatch(/^__staff=; .*Max-Age=0/);
    expect(replyValues(r.data)).toEqual({ next: "/staff/admin" });
    expect(JSON.stringify(r.data)).not.toContain(wrong);
  });

  it("through the page, a wrong code keeps the half-done sign-in (no cookie cleared) and answers no-store", async () => {
    const acct = await createAccount();
    const cookie = cookieFrom(await postLogin({ email: acct.email, password: acct.password }));
    const r = await postSecondFactor(cookie, { code: m.totp.totpCode(acct.secret, later(10 * MIN)) });
    expect(r.status).toBe(401);
    expect(r.headers.get("set-cookie")).toBeNull();
    expect(r.headers.get("cache-control")).toBe("no-store");
  });

  // Each of the 40 requests read the account (`pending`) before any of them was counted, as
  // parallel requests do; the lock must still be decided on the account as it is now.
  async function fortyParallelWrongCodes(failuresBefore: number) {
    const acct = await createAccount();
    await m.sqlClient()`update staff_accounts set failed_sign_ins = ${failuresBefore} where id = ${acct.id}`;
    const now = new Date();
    const r = await m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: freshAddress(), now });
    const cookie = r.setCookie.split(";")[0]!;
    const pending = await m.signIn.pendingSignIn(request("/staff", { cookie }), now);
    const wrong = m.totp.totpCode(acct.secret, later(10 * MIN, now));
    const results = outcomes(await Promise.allSettled(Array.from({ length: 40 }, () => m.verify.verifyStaffSecondFactor(pending!, { kind: "totp", code: wrong }, { now }))));
    return { acct, now, pending, results, row: await accountRow(acct.id), failed: (await ledgerActions(acct.id)).filter((a) => a === "staff.sign_in_failed").length };
  }

  it("40 parallel wrong codes at 9 failures count one: the 10th locks, the other 39 find it locked, and the right code is refused", async () => {
    const { acct, now, pending, results, row, failed } = await fortyParallelWrongCodes(9);
    expect(row.failed_sign_ins).toBe(10);
    expect(row.locked_until).not.toBeNull();
    expect(failed).toBe(1);
    expect(results.every((x) => x === "auth.secondFactor.locked")).toBe(true);
    // The right code on a sign-in read before the lock (as a parallel request would hold it) is refused.
    await expect(m.verify.verifyStaffSecondFactor(pending!, { kind: "totp", code: m.totp.totpCode(acct.secret, now) }, { now })).rejects.toMatchObject(LOCKED);
    expect((await ledgerActions(acct.id)).filter((a) => a === "staff.signed_in")).toHaveLength(0);
    await expect(m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: freshAddress(), now: later(60_000, now) })).rejects.toMatchObject(FAILED);
  });

  it("40 parallel wrong codes from none count no more than 10 (here: up to the first growing delay)", async () => {
    const { results, row, failed } = await fortyParallelWrongCodes(0);
    expect(failed).toBeLessThanOrEqual(10);
    expect(row.failed_sign_ins).toBe(failed);
    expect(failed).toBe(3);
    expect(results.filter((x) => x === "auth.errors.code.wrong")).toHaveLength(3);
    expect(results.filter((x) => x === "auth.errors.wait")).toHaveLength(37);
  });

  it("40 parallel forced password changes with a wrong code at 9 failures count one, and the right code is then refused", async () => {
    const acct = await createAccount({ mustChangePassword: true });
    await m.sqlClient()`update staff_accounts set failed_sign_ins = 9 where id = ${acct.id}`;
    const now = new Date();
    const r = await m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: freshAddress(), now });
    const cookie = r.setCookie.split(";")[0]!;
    const pending = await m.signIn.pendingSignIn(request("/staff", { cookie }), now);
    expect(pending?.step).toBe("change-password");
    const wrong = { kind: "totp" as const, code: m.totp.totpCode(acct.secret, later(10 * MIN, now)) };
    // The second factor is not this sign-in's step: refused as a wrong state, nothing counted.
    await expect(m.verify.verifyStaffSecondFactor(pending!, wrong, { now })).rejects.toMatchObject({ code: "conflict", status: 409 });
    const results = outcomes(await Promise.allSettled(Array.from({ length: 40 }, () => m.changePassword.changeStaffPasswordForced(pending!, { password: "a brand new password 2026", code: wrong }, { now }))));
    expect(results.every((x) => x === "auth.password.locked")).toBe(true);
    expect((await accountRow(acct.id)).failed_sign_ins).toBe(10);
    const right = m.changePassword.changeStaffPasswordForced(pending!, { password: "a brand new password 2026", code: { kind: "totp", code: m.totp.totpCode(acct.secret, now) } }, { now });
    await expect(right).rejects.toMatchObject({ code: "rate_limited", messageKey: "auth.password.locked" });
  });

  it("40 parallel wrong passwords at 9 failures count one (the lock), and the right password is then refused", async () => {
    const acct = await createAccount();
    await m.sqlClient()`update staff_accounts set failed_sign_ins = 9 where id = ${acct.id}`;
    const now = new Date();
    const results = outcomes(await Promise.allSettled(Array.from({ length: 40 }, (_, i) => m.signIn.signInStaff({ email: acct.email, password: `wrong password ${i}` }, { clientAddress: freshAddress(), now }))));
    expect(results.every((x) => x === "auth.signIn.failed")).toBe(true);
    const row = await accountRow(acct.id);
    expect(row.failed_sign_ins).toBe(10);
    expect((await ledgerActions(acct.id)).filter((a) => a === "staff.sign_in_failed")).toHaveLength(1);
    await expect(m.signIn.signInStaff({ email: acct.email, password: acct.password }, { clientAddress: freshAddress(), now: later(60_000, now) })).rejects.toMatchObject(FAILED);
  });
});

describe("second factor", () => {
  it("refuses a TOTP code used once already (replay)", async () => {
    const acct = await createAccount();
    const code = m.totp.totpCode(acct.secret);
    const first = await postLogin({ email: acct.email, password: acct.password });
    expect((await postSecondFactor(cookieFrom(first), { code })).status).toBe(302);

    const again = await postLogin({ email: acct.email, password: acct.password });
    const replay = await postSecondFactor(cookieFrom(again), { code });
    expect(replay.status).toBe(401);
    expect(replyErrors(replay.data)).toEqual({ code: ["auth.errors.code.wrong"] });
    // …and the session stays half-done.
    const home = await run(() => m.home.loader({ request: request("/staff", { cookie: cookieFrom(again) }), context: NO_ADDRESS, params: {} }));
    expect(home.status).toBe(303);
  });

  it("a recovery code works once", async () => {
    const acct = await createAccount();
    const code = acct.recoveryCodes[3]!;
    const first = await postLogin({ email: acct.email, password: acct.password });
    const used = await postSecondFactor(cookieFrom(first), { code: code.toUpperCase().replace(/-/g, " ") });
    expect(used.status).toBe(302);

    const again = await postLogin({ email: acct.email, password: acct.password });
    const reused = await postSecondFactor(cookieFrom(again), { code });
    expect(reused.status).toBe(401);
    expect(replyErrors(reused.data).code).toEqual(["auth.errors.code.wrong"]);
    // Another one still works.
    expect((await postSecondFactor(cookieFrom(again), { code: acct.recoveryCodes[4]! })).status).toBe(302);

    const actions = await ledgerActions(acct.id);
    expect(actions.filter((a) => a === "staff.recovery_code_used")).toHaveLength(2);
    const [left] = await m.sqlClient()`select count(*)::int as n from staff_recovery_codes where staff_id = ${acct.id} and used_at is null`;
    expect(left!.n).toBe(8);
  });

  it("a code that is neither shape is a field error", async () => {
    const acct = await createAccount();
    const first = await postLogin({ email: acct.email, password: acct.password });
    const r = await postSecondFactor(cookieFrom(first), { code: "12 34" });
    expect(r.status).toBe(400);
    expect(replyErrors(r.data).code).toEqual(["auth.errors.code.format"]);
  });

  it("without a half-done sign-in the page sends to the login page", async () => {
    const r = await run(() => m.secondFactor.loader({ request: request("/staff/second-factor"), context: NO_ADDRESS, params: {} }));
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/^\/staff\/login\?expired=1/);
  });
});

describe("first sign-in: one-time password, new password, enrolment", () => {
  it("changes the password, enrols the app, shows ten recovery codes once, and signs in", async () => {
    const acct = await createAccount({ enrolled: false, mustChangePassword: true, password: "one-time-pass-1234" });
    const first = await postLogin({ email: acct.email, password: acct.password, next: "/staff/admin" });
    expect(first.location).toBe("/staff/password?next=" + encodeURIComponent("/staff/admin"));
    let cookie = cookieFrom(first);

    // Enrolment is not reachable before the password is changed.
    const tooEarly = await run(() => m.enrol.loader({ request: request("/staff/enrol", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(tooEarly.location).toBe("/staff/password");

    const form = await run(() => m.password.loader({ request: request("/staff/password?next=%2Fstaff%2Fadmin", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(form.data).toMatchObject({ mode: "forced", needsCode: false });

    const mismatch = await run(() =>
      m.password.action({ request: request("/staff/password", { cookie, form: { password: "brand new password!", confirm: "brand new passw0rd!", next: "/staff/admin" } }), context: { clientAddress: freshAddress() }, params: {} }),
    );
    expect(mismatch.status).toBe(400);
    expect(replyErrors(mismatch.data).confirm).toEqual(["auth.errors.password.mismatch"]);
    const same = await run(() =>
      m.password.action({ request: request("/staff/password", { cookie, form: { password: acct.password, confirm: acct.password, next: "/staff/admin" } }), context: { clientAddress: freshAddress() }, params: {} }),
    );
    expect(replyErrors(same.data).password).toEqual(["auth.errors.password.sameAsOld"]);

    const changed = await run(() =>
      m.password.action({
        request: request("/staff/password", { cookie, form: { password: "brand new password!", confirm: "brand new password!", next: "/staff/admin" } }),
        context: { clientAddress: freshAddress() },
        params: {},
      }),
    );
    expect(changed.status).toBe(302);
    expect(changed.location).toBe("/staff/enrol?next=" + encodeURIComponent("/staff/admin"));
    const oldCookie = cookie;
    cookie = cookieFrom(changed);
    expect(await m.session.readStaffSession(request("/staff", { cookie: oldCookie }))).toBeNull();
    expect((await accountRow(acct.id)).must_change_password).toBe(false);

    const screen = await run(() => m.enrol.loader({ request: request("/staff/enrol?next=%2Fstaff%2Fadmin", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(screen.data.state).toBe("enrol");
    expect(screen.data.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(screen.data.secretGroups).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    // Reloading shows the same secret.
    const again = await run(() => m.enrol.loader({ request: request("/staff/enrol", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(again.data.secretGroups).toBe(screen.data.secretGroups);
    const secret = m.totp.secretFromBase32(screen.data.secretGroups);

    const wrong = await run(() => m.enrol.action({ request: request("/staff/enrol", { cookie, form: { code: "12345x" } }), context: { clientAddress: freshAddress() }, params: {} }));
    expect(wrong.status).toBe(400);
    expect(replyErrors(wrong.data).code).toEqual(["auth.errors.totp.format"]);

    const done = await run(() =>
      m.enrol.action({ request: request("/staff/enrol", { cookie, form: { code: m.totp.totpCode(secret), next: "/staff/admin" } }), context: { clientAddress: freshAddress() }, params: {} }),
    );
    expect(done.status).toBe(200);
    expect(done.data.kind).toBe("enrolled");
    expect(done.data.next).toBe("/staff/admin");
    expect(done.data.recoveryCodes).toHaveLength(10);
    for (const c of done.data.recoveryCodes) expect(c).toMatch(/^[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
    const stored = await m.sqlClient()`select code_hash from staff_recovery_codes where staff_id = ${acct.id}`;
    expect(stored).toHaveLength(10);
    for (const r of stored) expect(Buffer.from(r.code_hash as Uint8Array).toString("utf8")).not.toContain(done.data.recoveryCodes[0].slice(0, 4));

    // Signed in now; the enrol page has nothing more to set up (and shows no secret again).
    const home = await run(() => m.home.loader({ request: request("/staff", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(home.status).toBe(200);
    const after = await run(() => m.enrol.loader({ request: request("/staff/enrol", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(after.data).toEqual({ state: "done", next: "/staff" });

    expect(await ledgerActions(acct.id)).toEqual(["staff.password_accepted", "staff.password_changed", "staff.totp_enrolled", "staff.signed_in"]);

    // And the next sign-in uses the new password and the app.
    const next = await postLogin({ email: acct.email, password: "brand new password!" });
    expect(next.location).toBe("/staff/second-factor");
  });

  it("with an app already enrolled, the forced change asks for the code on the same form", async () => {
    const acct = await createAccount({ mustChangePassword: true });
    const first = await postLogin({ email: acct.email, password: acct.password });
    const cookie = cookieFrom(first);
    const form = await run(() => m.password.loader({ request: request("/staff/password", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(form.data).toMatchObject({ mode: "forced", needsCode: true });
    // The second-factor page is not a way around the change.
    const sf = await run(() => m.secondFactor.loader({ request: request("/staff/second-factor", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(sf.location).toBe("/staff/password");

    const post = (f: Record<string, string>) => run(() => m.password.action({ request: request("/staff/password", { cookie, form: f }), context: { clientAddress: freshAddress() }, params: {} }));
    const noCode = await post({ password: "another new password", confirm: "another new password" });
    expect(replyErrors(noCode.data).code).toEqual(["auth.errors.code.required"]);
    const ok = await post({ password: "another new password", confirm: "another new password", code: m.totp.totpCode(acct.secret) });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/staff");
    const home = await run(() => m.home.loader({ request: request("/staff", { cookie: cookieFrom(ok) }), context: NO_ADDRESS, params: {} }));
    expect(home.status).toBe(200);
  });
});

describe("sessions", () => {
  it("end after 30 idle minutes", async () => {
    const acct = await createAccount();
    const cookie = await signInThroughPages(acct);
    const req = () => request("/staff", { cookie });
    expect(await m.session.readStaffSession(req(), later(29 * MIN))).not.toBeNull();
    // Seen at +29 min: idle is counted from there.
    expect(await m.session.readStaffSession(req(), later(58 * MIN))).not.toBeNull();
    expect(await m.session.readStaffSession(req(), later((58 + 31) * MIN))).toBeNull();
  });

  it("end 12 hours after sign-in however active", async () => {
    const acct = await createAccount();
    const cookie = await signInThroughPages(acct);
    const req = () => request("/staff", { cookie });
    let t = 0;
    // Seen every 25 minutes up to 11 h 40 min: never idle…
    for (; t <= 700 * MIN; t += 25 * MIN) expect(await m.session.readStaffSession(req(), later(t))).not.toBeNull();
    // …yet at 12 h 1 min (21 minutes after it was last seen) the session is over.
    expect(await m.session.readStaffSession(req(), later(12 * 60 * MIN + MIN))).toBeNull();
  });

  it("a half-done sign-in expires after 15 minutes", async () => {
    const acct = await createAccount();
    const first = await postLogin({ email: acct.email, password: acct.password });
    const req = request("/staff/second-factor", { cookie: cookieFrom(first) });
    expect(await m.signIn.pendingSignIn(req, later(14 * MIN))).not.toBeNull();
    expect(await m.signIn.pendingSignIn(req, later(16 * MIN))).toBeNull();
  });
});

describe("sign-out", () => {
  it("requires the session's csrf token", async () => {
    const acct = await createAccount();
    const cookie = await signInThroughPages(acct);
    const missing = await run(() => m.signOut.action({ request: request("/staff/sign-out", { cookie, form: { scope: "this" } }), context: NO_ADDRESS, params: {} }));
    expect(missing.status).toBe(403);
    const wrong = await run(() => m.signOut.action({ request: request("/staff/sign-out", { cookie, form: { scope: "this", csrf: "x".repeat(43) } }), context: NO_ADDRESS, params: {} }));
    expect(wrong.status).toBe(403);
    expect(await m.session.readStaffSession(request("/staff", { cookie }))).not.toBeNull();

    const staff = await m.session.requireStaff(request("/staff", { cookie }));
    const ok = await run(() => m.signOut.action({ request: request("/staff/sign-out", { cookie, form: { scope: "this", csrf: staff.csrf } }), context: NO_ADDRESS, params: {} }));
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/staff/login?signedOut=this");
    expect(ok.headers.get("set-cookie")).toMatch(/^__staff=; .*Max-Age=0/);
    expect(await m.session.readStaffSession(request("/staff", { cookie }))).toBeNull();
  });

  it("signing out everywhere ends every session of the person, and only theirs", async () => {
    const acct = await createAccount();
    const other = await createAccount();
    const base = new Date();
    const a = await signInAt(acct, base);
    const b = await signInAt(acct, later(30_000, base));
    const c = await signInAt(acct, later(60_000, base));
    const theirs = await signInAt(other, base);
    const staff = await m.session.requireStaff(request("/staff", { cookie: a }));
    const r = await run(() => m.signOut.action({ request: request("/staff/sign-out", { cookie: a, form: { scope: "everywhere", csrf: staff.csrf } }), context: NO_ADDRESS, params: {} }));
    expect(r.location).toBe("/staff/login?signedOut=everywhere");
    for (const cookie of [a, b, c]) expect(await m.session.readStaffSession(request("/staff", { cookie }), later(61_000, base))).toBeNull();
    expect(await m.session.readStaffSession(request("/staff", { cookie: theirs }), later(61_000, base))).not.toBeNull();
    expect((await ledgerActions(acct.id)).at(-1)).toBe("staff.signed_out_everywhere");
  });

  it("GET does not sign out", async () => {
    const r = await run(() => m.signOut.loader());
    expect(r.status).toBe(302);
    expect(r.location).toBe("/staff");
  });
});

describe("changing the password", () => {
  it("checks the current password, ends the other sessions and keeps this browser signed in", async () => {
    const acct = await createAccount();
    const base = new Date();
    const here = await signInAt(acct, base);
    const elsewhere = await signInAt(acct, later(30_000, base));
    const staff = await m.session.requireStaff(request("/staff", { cookie: here }));
    const post = (form: Record<string, string>) =>
      run(() => m.password.action({ request: request("/staff/password", { cookie: here, form: { csrf: staff.csrf, ...form } }), context: { clientAddress: freshAddress() }, params: {} }));

    const noCsrf = await run(() =>
      m.password.action({ request: request("/staff/password", { cookie: here, form: { currentPassword: acct.password, password: "x".repeat(20), confirm: "x".repeat(20) } }), context: { clientAddress: freshAddress() }, params: {} }),
    );
    expect(noCsrf.status).toBe(403);

    const short = await post({ currentPassword: acct.password, password: "too short", confirm: "too short" });
    expect(short.status).toBe(400);
    expect(replyErrors(short.data).password).toEqual(["auth.errors.password.tooShort"]);

    const wrong = await post({ currentPassword: "not my password", password: "my new long password", confirm: "my new long password" });
    expect(wrong.status).toBe(400);
    expect(replyErrors(wrong.data).currentPassword).toEqual(["auth.errors.currentPassword.wrong"]);

    const ok = await post({ currentPassword: acct.password, password: "my new long password", confirm: "my new long password" });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/staff?done=password");
    const fresh = cookieFrom(ok);
    expect(await m.session.readStaffSession(request("/staff", { cookie: here }), later(31_000, base))).toBeNull();
    expect(await m.session.readStaffSession(request("/staff", { cookie: elsewhere }), later(31_000, base))).toBeNull();
    const home = await run(() => m.home.loader({ request: request("/staff?done=password", { cookie: fresh }), context: NO_ADDRESS, params: {} }));
    expect(home.status).toBe(200);
    expect(home.data.passwordChanged).toBe(true);

    expect((await postLogin({ email: acct.email, password: acct.password })).status).toBe(401);
    expect((await postLogin({ email: acct.email, password: "my new long password" })).status).toBe(302);
    const actions = await ledgerActions(acct.id);
    expect(actions).toContain("staff.password_changed");
  });
});

describe("invitations", () => {
  async function invitedAccount(expiresAt: Date) {
    const acct = await createAccount({ password: null, enrolled: false });
    const inv = m.invite.newStaffInvitation();
    await m.db().update(m.schema.staffAccounts).set({ inviteTokenHash: inv.tokenHash, inviteExpiresAt: expiresAt }).where(m.eq(m.schema.staffAccounts.id, acct.id));
    return { acct, token: inv.token };
  }

  it("sets the password from the link once, then leads to enrolment", async () => {
    const { acct, token } = await invitedAccount(later(72 * 60 * MIN));
    const page = await run(() => m.invitation.loader({ request: request(`/staff/invitation/${token}`), context: NO_ADDRESS, params: { token } }));
    expect(page.data).toMatchObject({ state: "valid", email: acct.email });

    const short = await run(() => m.invitation.action({ request: request(`/staff/invitation/${token}`, { form: { password: "short", confirm: "short" } }), context: NO_ADDRESS, params: { token } }));
    expect(short.status).toBe(400);
    expect(replyErrors(short.data).password).toEqual(["auth.errors.password.tooShort"]);

    const ok = await run(() =>
      m.invitation.action({ request: request(`/staff/invitation/${token}`, { form: { password: "my chosen password", confirm: "my chosen password" } }), context: NO_ADDRESS, params: { token } }),
    );
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/staff/enrol");
    const cookie = cookieFrom(ok);
    const enrol = await run(() => m.enrol.loader({ request: request("/staff/enrol", { cookie }), context: NO_ADDRESS, params: {} }));
    expect(enrol.data.state).toBe("enrol");

    const [row] = await m.sqlClient()`select invite_token_hash, invite_expires_at from staff_accounts where id = ${acct.id}`;
    expect(row!.invite_token_hash).toBeNull();
    const reuse = await run(() => m.invitation.loader({ request: request(`/staff/invitation/${token}`), context: NO_ADDRESS, params: { token } }));
    expect(reuse.data.state).toBe("invalid");
    expect((await ledgerActions(acct.id))[0]).toBe("staff.invitation_accepted");
    // The password works at the login page too.
    expect((await postLogin({ email: acct.email, password: "my chosen password" })).location).toBe("/staff/enrol");
  });

  it("an expired link is refused and the password stays unset", async () => {
    const { acct, token } = await invitedAccount(later(-MIN));
    const page = await run(() => m.invitation.loader({ request: request(`/staff/invitation/${token}`), context: NO_ADDRESS, params: { token } }));
    expect(page.data.state).toBe("expired");
    const r = await run(() =>
      m.invitation.action({ request: request(`/staff/invitation/${token}`, { form: { password: "my chosen password", confirm: "my chosen password" } }), context: NO_ADDRESS, params: { token } }),
    );
    expect(r.status).toBe(410);
    expect(replyErrors(r.data).form).toEqual(["auth.invitation.expired"]);
    const [row] = await m.sqlClient()`select password_hash from staff_accounts where id = ${acct.id}`;
    expect(row!.password_hash).toBeNull();
  });

  it("an unknown token is invalid", async () => {
    const token = randomBytes(32).toString("base64url");
    const page = await run(() => m.invitation.loader({ request: request(`/staff/invitation/${token}`), context: NO_ADDRESS, params: { token } }));
    expect(page.data.state).toBe("invalid");
  });
});

describe("demo staff", () => {
  it("seeds one signed-up account per role, idempotently, with stable secrets that sign in", async () => {
    const first = await m.demo.seedDemoStaff();
    const second = await m.demo.seedDemoStaff();
    expect(first.map((l) => l.role).sort()).toEqual([
      "administrator",
      "administrator",
      "agency_officer",
      "agency_officer",
      "auditor",
      "hotline_operator",
      "supervisor",
      "supervisor",
      "supervisor",
      "triage_officer",
      "triage_officer",
    ]);
    expect(second.map((l) => [l.email, l.totpSecret])).toEqual(first.map((l) => [l.email, l.totpSecret]));
    const emails = first.map((l) => l.email);
    const agencies = await m.sqlClient()`
      select s.email, s.role, a.department_type, a.place_code from staff_accounts s left join agencies a on a.id = s.agency_id where s.email in ${m.sqlClient()(emails)}`;
    expect(agencies).toHaveLength(11);
    const byEmail = Object.fromEntries(agencies.map((r) => [r.email, `${r.role} ${r.department_type ? `${r.department_type}/${r.place_code}` : "-"}`]));
    // Two desks: Zhejiang's and the national one (国务院安委会办公室); the province's desk has its supervisor and a hotline operator.
    expect(byEmail).toEqual({
      "triage@demo.canary.invalid": "triage_officer safety_committee/330000",
      "national-desk@demo.canary.invalid": "triage_officer safety_committee/000000",
      "agency@demo.canary.invalid": "agency_officer emergency_management/330106",
      "agency2@demo.canary.invalid": "agency_officer emergency_management/330106",
      "agency-supervisor@demo.canary.invalid": "supervisor emergency_management/330106",
      "supervisor@demo.canary.invalid": "supervisor emergency_management/330100",
      "desk-supervisor@demo.canary.invalid": "supervisor safety_committee/330000",
      "hotline@demo.canary.invalid": "hotline_operator safety_committee/330000",
      "admin@demo.canary.invalid": "administrator -",
      "admin2@demo.canary.invalid": "administrator -",
      "auditor@demo.canary.invalid": "auditor -",
    });

    const triage = first.find((l) => l.role === "triage_officer")!;
    expect(m.demo.currentTotpCode(triage.totpSecret)).toMatch(/^\d{6}$/);
    const login = await postLogin({ email: triage.email, password: triage.password });
    expect(login.location).toBe("/staff/second-factor");
    const sf = await postSecondFactor(cookieFrom(login), { code: m.demo.currentTotpCode(triage.totpSecret) });
    expect(sf.location).toBe("/staff");
    const home = await run(() => m.home.loader({ request: request("/staff", { cookie: cookieFrom(login) }), context: NO_ADDRESS, params: {} }));
    expect(home.data.links.triage).toBe(true);
  });
});
