import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

type Crypto = typeof import("./crypto.server");
let c: Crypto;

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const savedKey = process.env.CANARY_MASTER_KEY;

/** Switches the master keys the way an operator does (environment), then drops the cached keyring. */
function useKeys(value: string) {
  process.env.CANARY_MASTER_KEY = value;
  c.resetKeyringCache();
}

beforeAll(async () => {
  process.env.CANARY_MASTER_KEY = keyA;
  c = await import("./crypto.server");
});

beforeEach(() => useKeys(keyA));

afterAll(() => {
  if (savedKey === undefined) delete process.env.CANARY_MASTER_KEY;
  else process.env.CANARY_MASTER_KEY = savedKey;
  c.resetKeyringCache();
});

const AAD = "tip:00000000-0000-4000-8000-000000000001:content";
const SECRET = "储罐区可燃气体报警器被拆除 — the gas alarm in the tank farm was removed";

/** A copy of `data` with one bit of byte `index` flipped. */
function flipped(data: Buffer, index: number): Buffer {
  const copy = Buffer.from(data);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

describe("encrypt / decrypt", () => {
  it("round-trips text and bytes, and the ciphertext does not contain the plaintext", () => {
    const sealed = c.encrypt(SECRET, AAD);
    expect(sealed.subarray(0, 2).toString("latin1")).toBe("C1");
    expect(sealed.includes(Buffer.from(SECRET))).toBe(false);
    expect(c.decrypt(sealed, AAD).toString("utf8")).toBe(SECRET);

    const bytes = randomBytes(1000);
    expect(c.decrypt(c.encrypt(bytes, "attachment:x"), "attachment:x").equals(bytes)).toBe(true);

    const value = { description: SECRET, address: "东门北侧", observedOn: "2026-03-01" };
    expect(c.decryptJson(c.encryptJson(value, AAD), AAD)).toEqual(value);
  });

  it("encrypting the same plaintext twice gives different ciphertexts (random IV)", () => {
    const one = c.encrypt(SECRET, AAD);
    const two = c.encrypt(SECRET, AAD);
    expect(one.equals(two)).toBe(false);
    expect(one.subarray(10, 22).equals(two.subarray(10, 22))).toBe(false); // the IVs differ
    expect(c.decrypt(one, AAD).toString()).toBe(SECRET);
    expect(c.decrypt(two, AAD).toString()).toBe(SECRET);
  });

  // Layout: "C1" (0..2) | key id (2..10) | IV (10..22) | tag (22..38) | ciphertext (38..)
  it.each([
    ["the ciphertext body", 40],
    ["the last byte of the ciphertext", -1],
    ["the authentication tag", 30],
    ["the IV", 15],
  ])("detects a flipped bit in %s", (_what, at) => {
    const sealed = c.encrypt(SECRET, AAD);
    const index = at < 0 ? sealed.length + at : at;
    expect(() => c.decrypt(flipped(sealed, index), AAD)).toThrow(c.DecryptionError);
    // The untouched original still opens, so the failure is the tampering, not the key.
    expect(c.decrypt(sealed, AAD).toString()).toBe(SECRET);
  });

  it("refuses a truncated ciphertext and data that is not a Canary ciphertext", () => {
    const sealed = c.encrypt(SECRET, AAD);
    expect(() => c.decrypt(sealed.subarray(0, sealed.length - 1), AAD)).toThrow(c.DecryptionError);
    expect(() => c.decrypt(sealed.subarray(0, 30), AAD)).toThrow(c.DecryptionError);
    expect(() => c.decrypt(Buffer.from(SECRET), AAD)).toThrow(c.DecryptionError);
  });

  it("refuses the right ciphertext under the wrong context (AAD): a field cannot be moved to another record", () => {
    const sealed = c.encrypt(SECRET, AAD);
    expect(() => c.decrypt(sealed, AAD.replace("0001", "0002"))).toThrow(c.DecryptionError);
    expect(() => c.decrypt(sealed, AAD.replace(":content", ":contact"))).toThrow(c.DecryptionError);
    expect(() => c.decrypt(sealed, "")).toThrow(c.DecryptionError);
  });

  it("refuses a ciphertext made under a key it does not hold", () => {
    const sealed = c.encrypt(SECRET, AAD);
    useKeys(keyB);
    expect(() => c.decrypt(sealed, AAD)).toThrow(c.DecryptionError);
  });

  it("refuses a master key that is not 32 bytes", () => {
    useKeys(randomBytes(16).toString("base64"));
    expect(() => c.encrypt(SECRET, AAD)).toThrow(/32 bytes/);
  });
});

describe("key rotation (prepend a new key)", () => {
  it("old ciphertexts still decrypt, new ones carry the new key's id", () => {
    const underA = c.encrypt(SECRET, AAD);
    const idA = underA.subarray(2, 10);

    useKeys(`${keyB},${keyA}`);
    expect(c.decrypt(underA, AAD).toString()).toBe(SECRET);

    const underB = c.encrypt(SECRET, AAD);
    const idB = underB.subarray(2, 10);
    expect(idB.equals(idA)).toBe(false);
    expect(c.decrypt(underB, AAD).toString()).toBe(SECRET);

    // The new ciphertext really needs key B: with A alone it cannot be opened.
    useKeys(keyA);
    expect(() => c.decrypt(underB, AAD)).toThrow(c.DecryptionError);
    expect(c.encrypt(SECRET, AAD).subarray(2, 10).equals(idA)).toBe(true);
  });

  it("keyedHashes gives one hash per key, the current key's first, so look-ups survive a rotation", () => {
    const receipt = "1234567890123456789012345678";
    const hashUnderA = c.keyedHash("receipt", receipt);
    expect(c.keyedHashes("receipt", receipt)).toEqual([hashUnderA]);

    useKeys(`${keyB},${keyA}`);
    const hashes = c.keyedHashes("receipt", receipt);
    expect(hashes).toHaveLength(2);
    expect(hashes[0]!.equals(c.keyedHash("receipt", receipt))).toBe(true);
    expect(hashes[0]!.equals(hashUnderA)).toBe(false);
    expect(hashes[1]!.equals(hashUnderA)).toBe(true);
  });

  it("keyed hashes depend on the purpose and the value", () => {
    const h = c.keyedHash("receipt", "x");
    expect(h).toHaveLength(32);
    expect(c.keyedHash("receipt", "x").equals(h)).toBe(true);
    expect(c.keyedHash("submission", "x").equals(h)).toBe(false);
    expect(c.keyedHash("receipt", "y").equals(h)).toBe(false);
  });
});

describe("the master key in production", () => {
  it("is required: without CANARY_MASTER_KEY nothing is encrypted with a made-up key", async () => {
    const { resetEnvCache } = await import("./env.server");
    const savedEnv = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = "production";
      delete process.env.CANARY_MASTER_KEY;
      resetEnvCache();
      c.resetKeyringCache();
      expect(() => c.encrypt(SECRET, AAD)).toThrow(/CANARY_MASTER_KEY is required in production/);
    } finally {
      process.env.NODE_ENV = savedEnv;
      resetEnvCache();
    }
  });
});
