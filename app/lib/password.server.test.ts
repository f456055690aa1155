import { describe, expect, it } from "vitest";
import { safeStaffNext } from "../forms/staff-auth";
import { hashPassword, oneTimePassword, passwordPolicyProblem, verifyDummyPassword, verifyPassword } from "./password.server";

describe("password hashing (argon2id)", () => {
  it("hashes with argon2id and a fresh salt, and verifies", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery")).toBe(true);
    expect(await verifyPassword(a, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(a, "")).toBe(false);
  });

  it("treats composed and decomposed Unicode alike", async () => {
    const h = await hashPassword("café-au-lait-2026");
    expect(await verifyPassword(h, "cafe\u0301-au-lait-2026")).toBe(true);
  });

  it("never matches a malformed stored hash", async () => {
    expect(await verifyPassword("not-a-hash", "whatever-password")).toBe(false);
  });

  it("the dummy check always fails and costs about as much as a real one", async () => {
    const h = await hashPassword("some long password");
    await verifyDummyPassword("warm-up");
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await verifyPassword(h, "wrong password!!");
    const real = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < 3; i++) expect(await verifyDummyPassword("some long password")).toBe(false);
    const dummy = performance.now() - t1;
    expect(dummy).toBeGreaterThan(real * 0.2);
    expect(dummy).toBeLessThan(real * 5);
  });

  it("refuses to hash a password the policy refuses", async () => {
    await expect(hashPassword("short")).rejects.toThrow(/policy/);
  });
});

describe("password policy", () => {
  it("asks for at least 12 characters, counted as characters not bytes", () => {
    expect(passwordPolicyProblem("")).toBe("auth.errors.password.required");
    expect(passwordPolicyProblem("12345678901")).toBe("auth.errors.password.tooShort");
    expect(passwordPolicyProblem("123456789012")).toBeNull();
    expect(passwordPolicyProblem("安全生产人人有责")).toBe("auth.errors.password.tooShort"); // 8 characters, 24 bytes
    expect(passwordPolicyProblem("安全生产人人有责隐患险于明火")).toBeNull();
    expect(passwordPolicyProblem(" ".repeat(12))).toBe("auth.errors.password.tooShort");
    expect(passwordPolicyProblem("x".repeat(257))).toBe("auth.errors.password.tooLong");
  });

  it("one-time passwords pass the policy and differ", () => {
    const a = oneTimePassword();
    expect(a).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(a).not.toMatch(/[ilo01ILO]/);
    expect(passwordPolicyProblem(a)).toBeNull();
    expect(oneTimePassword()).not.toBe(a);
  });
});

describe("where to go after sign-in", () => {
  it("keeps relative paths inside the staff area", () => {
    expect(safeStaffNext("/staff/triage?page=2")).toBe("/staff/triage?page=2");
    expect(safeStaffNext("/staff")).toBe("/staff");
  });
  it("refuses everything else", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "https://evil.example/staff",
      "//evil.example/staff",
      "/\\evil.example",
      "/staffing",
      "/status",
      "/staff/../report",
      "/staff/%2e%2e/report",
      "/staff/\t/x",
      "javascript:alert(1)",
      "/staff/login?next=/staff",
      "/staff/sign-out",
    ]) {
      expect(safeStaffNext(bad), String(bad)).toBe("/staff");
    }
  });
});
