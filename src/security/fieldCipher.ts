import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { pooledRandomBytes } from "./randomPool.js";

// Sensitive fields are sealed with AES-256-GCM under a key that never enters the database.
// Format: "v1.<keyId>.<iv b64url>.<ciphertext b64url>.<tag b64url>"; keyId lets rotation find the old key.

export interface FieldKey {
  id: string;
  key: Buffer; // 32 bytes
}

export class FieldCipher {
  readonly current: FieldKey;
  private readonly byId: Map<string, FieldKey>;

  /** keys[0] encrypts; all of them decrypt (older keys kept until `keys rotate` re-seals every field). */
  constructor(keys: FieldKey[]) {
    const first = keys[0];
    if (!first) throw new Error("FieldCipher needs at least one key");
    for (const k of keys) if (k.key.length !== 32) throw new Error(`key ${k.id}: must be 32 bytes`);
    this.current = first;
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  seal(plaintext: string): string {
    const iv = pooledRandomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    // The key id is authenticated too, so a ciphertext cannot be relabelled to another key.
    cipher.setAAD(Buffer.from(this.current.id));
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", this.current.id, iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
  }

  open(sealed: string): string {
    const [version, keyId, iv, ct, tag] = sealed.split(".");
    if (version !== "v1" || !keyId || iv === undefined || ct === undefined || !tag) throw new Error("not a sealed field value");
    const k = this.byId.get(keyId);
    if (!k) throw new Error(`no key ${keyId} to open this field (was the key file replaced?)`);
    const decipher = createDecipheriv("aes-256-gcm", k.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /** A key by id (backups name the key they were sealed under). */
  keyById(id: string): FieldKey | undefined {
    return this.byId.get(id);
  }

  /** Every key this cipher can open with, current first. */
  keys(): FieldKey[] {
    return [this.current, ...[...this.byId.values()].filter((k) => k !== this.current)];
  }

  keyIdOf(sealed: string): string | undefined {
    return sealed.split(".")[1];
  }
}

export function keyIdFor(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function fieldKeyFromSecret(secret: string): FieldKey {
  // Accept 64 hex chars or base64 of 32 bytes; anything else is a passphrase stretched by SHA-256.
  let key: Buffer;
  if (/^[0-9a-f]{64}$/i.test(secret)) key = Buffer.from(secret, "hex");
  else {
    const b = Buffer.from(secret, "base64");
    key = b.length === 32 && secret.length >= 43 ? b : createHash("sha256").update(secret, "utf8").digest();
  }
  return { id: keyIdFor(key), key };
}

export function newFieldKey(): FieldKey {
  const key = randomBytes(32);
  return { id: keyIdFor(key), key };
}
