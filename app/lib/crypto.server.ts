import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env.server";

/**
 * Encryption at rest and keyed hashes. Keys are derived (HKDF-SHA256) from master keys that
 * live outside the database: `CANARY_MASTER_KEY` holds one or more base64 32-byte keys separated
 * by commas, the first being current; older ones still decrypt (rotation: prepend a new key).
 * In development a key is generated into DATA_DIR/master.key; production refuses to start
 * without the variable.
 *
 * Ciphertext layout: "C1" | key id (8 bytes) | IV (12) | tag (16) | AES-256-GCM ciphertext.
 * The AAD binds each ciphertext to the record and field it belongs to.
 */

type MasterKey = { id: Buffer; secret: Buffer };
let keyring: MasterKey[] | undefined;

const MAGIC = Buffer.from("C1");

function parseKeys(value: string): MasterKey[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((b64) => {
      const secret = Buffer.from(b64, "base64");
      if (secret.length !== 32) throw new Error("CANARY_MASTER_KEY: each key must be 32 bytes in base64");
      return { id: createHash("sha256").update(secret).digest().subarray(0, 8), secret };
    });
}

/** Loads (and in development creates) the master key file. Returns the base64 key. */
export function ensureDevMasterKey(dataDir: string): string {
  const file = path.join(dataDir, "master.key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64");
  fs.writeFileSync(file, key + "\n", { mode: 0o600 });
  return key;
}

function masterKeys(): MasterKey[] {
  if (keyring) return keyring;
  let value = process.env.CANARY_MASTER_KEY;
  if (!value) {
    if (env().production && !env().demo) throw new Error("CANARY_MASTER_KEY is required in production");
    value = ensureDevMasterKey(env().dataDir);
    process.env.CANARY_MASTER_KEY = value;
  }
  keyring = parseKeys(value);
  if (keyring.length === 0) throw new Error("CANARY_MASTER_KEY is empty");
  return keyring;
}

export function resetKeyringCache() {
  keyring = undefined;
  derived.clear();
}

const derived = new Map<string, Buffer>();
function derive(master: MasterKey, purpose: string): Buffer {
  const k = master.id.toString("hex") + ":" + purpose;
  let key = derived.get(k);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master.secret, Buffer.alloc(0), "canary:" + purpose, 32));
    derived.set(k, key);
  }
  return key;
}

export function encrypt(plaintext: string | Buffer, aad: string): Buffer {
  const master = masterKeys()[0]!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derive(master, "data"), iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, master.id, iv, cipher.getAuthTag(), body]);
}

export class DecryptionError extends Error {}

export function decrypt(data: Buffer, aad: string): Buffer {
  if (data.length < 38 || !data.subarray(0, 2).equals(MAGIC)) throw new DecryptionError("not a Canary ciphertext");
  const id = data.subarray(2, 10);
  const master = masterKeys().find((k) => k.id.equals(id));
  if (!master) throw new DecryptionError("unknown key id " + id.toString("hex"));
  const decipher = createDecipheriv("aes-256-gcm", derive(master, "data"), data.subarray(10, 22));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(data.subarray(22, 38));
  try {
    return Buffer.concat([decipher.update(data.subarray(38)), decipher.final()]);
  } catch {
    throw new DecryptionError("ciphertext or its context was altered");
  }
}

export const encryptJson = (value: unknown, aad: string) => encrypt(JSON.stringify(value), aad);
export const decryptJson = <T>(data: Buffer, aad: string): T => JSON.parse(decrypt(data, aad).toString("utf8")) as T;

/** Keyed hash under the current master key. */
export function keyedHash(purpose: string, value: string | Buffer): Buffer {
  return createHmac("sha256", derive(masterKeys()[0]!, "hmac:" + purpose)).update(value).digest();
}

/** The keyed hash under the i-th known master key (0 = current). */
export function keyedHashUnder(index: number, purpose: string, value: string | Buffer): Buffer {
  const master = masterKeys()[index];
  if (!master) throw new Error("no master key at index " + index);
  return createHmac("sha256", derive(master, "hmac:" + purpose)).update(value).digest();
}

/** The same keyed hash under every master key still known: look-ups survive a rotation. */
export function keyedHashes(purpose: string, value: string | Buffer): Buffer[] {
  return masterKeys().map((k) => createHmac("sha256", derive(k, "hmac:" + purpose)).update(value).digest());
}

export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}
