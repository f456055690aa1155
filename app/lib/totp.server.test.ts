import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseRecoveryCode, normaliseTotpCode, secondFactorSchema } from "../forms/staff-auth";

type T = typeof import("./totp.server");
let t: T;
const savedKey = process.env.CANARY_MASTER_KEY;

beforeAll(async () => {
  process.env.CANARY_MASTER_KEY = randomBytes(32).toString("base64");
  t = await import("./totp.server");
  (await import("./crypto.server")).resetKeyringCache();
});
afterAll(async () => {
  if (savedKey === undefined) delete process.env.CANARY_MASTER_KEY;
  else process.env.CANARY_MASTER_KEY = savedKey;
  (await import("./crypto.server")).resetKeyringCache();
});

/** RFC 6238 appendix B: the SHA-1 secret is ASCII "12345678901234567890". */
const RFC_SECRET = new TextEncoder().encode("12345678901234567890");

describe("TOTP codes", () => {
  it("match the RFC 6238 test vectors (last 6 digits)", () => {
    const vectors: [number, string][] = [
      [59, "287082"],
      [1111111109, "081804"],
      [1111111111, "050471"],
      [1234567890, "005924"],
      [2000000000, "279037"],
    ];
    for (const [seconds, code] of vectors) expect(t.totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it("accept the current step and one step either side, nothing further", () => {
    const secret = t.newTotpSecret();
    const now = new Date("2026-03-01T08:00:10Z");
    const step = t.totpStep(now);
    expect(t.matchTotp(secret, t.totpCodeAt(secret, step), now, null)).toBe(step);
    expect(t.matchTotp(secret, t.totpCodeAt(secret, step - 1), now, null)).toBe(step - 1);
    expect(t.matchTotp(secret, t.totpCodeAt(secret, step + 1), now, null)).toBe(step + 1);
    const far = [step - 2, step + 2].map((s) => t.totpCodeAt(secret, s)).filter((c) => ![step - 1, step, step + 1].some((s) => t.totpCodeAt(secret, s) === c));
    for (const c of far) expect(t.matchTotp(secret, c, now, null)).toBeNull();
  });

  it("refuse a step at or before the last one accepted (replay)", () => {
    const secret = t.newTotpSecret();
    const now = new Date("2026-03-01T08:00:10Z");
    const step = t.totpStep(now);
    const code = t.totpCodeAt(secret, step);
    expect(t.matchTotp(secret, code, now, step - 1)).toBe(step);
    expect(t.matchTotp(secret, code, now, step)).toBeNull();
    expect(t.matchTotp(secret, t.totpCodeAt(secret, step - 1), now, step - 1)).toBeNull();
  });

  it("tolerate spaces and full-width digits, refuse other shapes", () => {
    const secret = t.newTotpSecret();
    const now = new Date();
    const code = t.totpCode(secret, now);
    expect(t.matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).not.toBeNull();
    const fullWidth = code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(normaliseTotpCode(fullWidth)).toBe(code);
    expect(t.matchTotp(secret, code.slice(0, 5), now, null)).toBeNull();
    expect(t.matchTotp(secret, "abcdef", now, null)).toBeNull();
  });
});

describe("secret, URI and QR code", () => {
  it("makes 160-bit secrets that survive base32 round trips", () => {
    const s = t.newTotpSecret();
    expect(s.length).toBe(20);
    const b32 = t.secretToBase32(s);
    expect(b32).toMatch(/^[A-Z2-7]{32}$/);
    expect(Buffer.from(t.secretFromBase32(t.groupSecret(b32).toLowerCase())).equals(Buffer.from(s))).toBe(true);
    expect(t.groupSecret("ABCDEFGHIJKLMNOP")).toBe("ABCD EFGH IJKL MNOP");
  });

  it("builds an otpauth URI with issuer Canary", () => {
    const s = t.newTotpSecret();
    const uri = t.totpKeyUri(s, "officer@example.org");
    expect(uri.startsWith("otpauth://totp/Canary:officer%40example.org?")).toBe(true);
    const q = new URL(uri).searchParams;
    expect(q.get("issuer")).toBe("Canary");
    expect(q.get("secret")).toBe(t.secretToBase32(s));
    expect(q.get("digits")).toBe("6");
    expect(q.get("period")).toBe("30");
  });

  it("renders the QR code as an SVG data URL without scripts or styles", async () => {
    const url = await t.qrDataUrl("otpauth://totp/Canary:x?secret=ABC");
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    const svg = Buffer.from(url.split(",")[1]!, "base64").toString("utf8");
    expect(svg).toContain("<svg");
    expect(svg).not.toMatch(/<script|style=/i);
  });

  it("encrypts the secret bound to its account", () => {
    const s = t.newTotpSecret();
    const enc = t.encryptTotpSecret("00000000-0000-4000-8000-000000000001", s);
    expect(Buffer.from(t.decryptTotpSecret("00000000-0000-4000-8000-000000000001", enc)).equals(Buffer.from(s))).toBe(true);
    expect(() => t.decryptTotpSecret("00000000-0000-4000-8000-000000000002", enc)).toThrow();
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes shaped abcd-efgh-jkmn", () => {
    const codes = t.newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
    for (const c of codes) expect(c).not.toMatch(/[ilo]/);
  });

  it("are stored as a keyed hash of the normalised code, however typed", () => {
    const [code] = t.newRecoveryCodes(1);
    const h = t.recoveryCodeHash(code!);
    expect(h.length).toBe(32);
    expect(t.recoveryCodeHash(code!.toUpperCase().replace(/-/g, " "))).toEqual(h);
    // Not a plain hash: without the key it cannot be recomputed.
    expect(h).not.toEqual(createHmac("sha256", "").update(code!.replace(/-/g, "")).digest());
    expect(normaliseRecoveryCode("abcd-efgh-jkm")).toBeNull();
    expect(() => t.recoveryCodeHash("nope")).toThrow();
  });

  it("the second-factor form tells a TOTP code from a recovery code", () => {
    expect(secondFactorSchema.parse({ code: " 123 456 " }).code).toEqual({ kind: "totp", code: "123456" });
    expect(secondFactorSchema.parse({ code: "ABCD-EFGH-JKMN" }).code).toEqual({ kind: "recovery", code: "abcdefghjkmn" });
    const bad = secondFactorSchema.safeParse({ code: "12345" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("auth.errors.code.format");
    expect(secondFactorSchema.safeParse({ code: "" }).error?.issues[0]?.message).toBe("auth.errors.code.required");
  });
});
