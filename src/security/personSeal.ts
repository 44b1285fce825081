import { createCipheriv, createDecipheriv } from "node:crypto";
import type { FieldCipher } from "./fieldCipher.js";
import { activeStore, forgetKey, heldKey, registry, wrappedKeys } from "./keyRegistry.js";
import type { PersonKeyStore } from "./personKeys.js";
import { pooledRandomBytes } from "./randomPool.js";

// Per-person data keys (cryptographic erasure). Every sealed value of a person (names, case texts, notes) is
// AES-256-GCM under that person's own random key; the keys live in a key store kept apart from the data and
// from data backups, each wrapped by the field key. Erasing a person deletes their key from the store, so the
// copies of their values that outlive the rows — WAL segments, dead tuples, older data backups — can no
// longer be opened by anyone.
//
// Value format: "p1.<personId>.<iv>.<ciphertext>.<tag>" (base64url). The person id names the key and is the
// associated data, so a value cannot be moved to another person's key. Reading happens inside Drizzle's
// column mapping (src/db/schema/sealed.ts), which is synchronous: the keys of the process's store are held in

const PREFIX = "p1.";
/** What a value shows once its person's key is gone (erased): the same placeholder erasure writes. */
export const ERASED_VALUE = "[erased]";

export function isPersonSealed(v: string): boolean {
  return v.startsWith(PREFIX);
}

/** The person whose key seals this value. */
export function personIdOfSealed(v: string): string | undefined {
  return isPersonSealed(v) ? v.slice(PREFIX.length, v.indexOf(".", PREFIX.length)) : undefined;
}

function keyFor(personId: string): Buffer {
  const k = heldKey(personId) ?? activeStore()?.refresh(personId);
  if (k) return k;
  const active = activeStore();
  if (!active) throw new Error("no person key store is open");
  return active.create(personId);
}

export function sealFor(personId: string, plaintext: string): string {
  const key = keyFor(personId);
  const iv = pooledRandomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(personId));
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return `${PREFIX}${personId}.${iv.toString("base64url")}.${ct.toString("base64url")}.${c.getAuthTag().toString("base64url")}`;
}

/** Open a person-sealed value; a value whose key was erased reads as the erasure placeholder. */
export function openSealed(sealed: string): string {
  if (!isPersonSealed(sealed)) throw new Error("not a person-sealed value (a plaintext left in a sealed column?)");
  const parts = sealed.split(".");
  const [, personId, iv, ct, tag] = parts;
  if (parts.length !== 5 || !personId || iv === undefined || ct === undefined || !tag) throw new Error("malformed person-sealed value");
  const key = heldKey(personId) ?? activeStore()?.refresh(personId);
  if (!key) return ERASED_VALUE;
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  d.setAAD(Buffer.from(personId));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
}

/**
 * The keys of these people, for opening a batch of their values in another thread (src/security/openingThread.ts),
 * all as text (one copy each in the message): "k:<hex>" for a key unwrapped already, the wrapped key as the store holds
 * it ("v1.<key id>.…") for one the thread unwraps itself with `fieldKeys` (id → hex: the field keys of the ciphers that wrap them). `keys` holds a person's id
 * and its key's text by turns, each on a line of one text: cloned as one copy, where an array of 20,000 strings a
 * slice (most of them concatenations to flatten first) was ~0.1 s of the full build's main thread at 100,000 people.
 * No line breaks inside: ids and keys are the key store's (ids come from its lines or match one; keys are hex or
 * base64url). A person without a key (erased, never made) is left out: the thread leaves their values to the caller,
 * which opens them as openSealed does.
 */
export function personKeysForThread(personIds: Iterable<string>): { keys: string; fieldKeys: [string, string][] } {
  const keys: string[] = [];
  const ciphers = new Set<FieldCipher>();
  for (const id of personIds) {
    const k = registry.get(id);
    const w = k ? undefined : wrappedKeys.get(id);
    if (k) keys.push(id, `k:${k.toString("hex")}`);
    else if (w) {
      // As the store holds it ("v1.…", never "k:"): no prefix, 100,000 concatenations fewer at 100,000 people.
      keys.push(id, w.wrapped);
      ciphers.add(w.cipher);
    } else {
      const fresh = activeStore()?.refresh(id);
      if (fresh) keys.push(id, `k:${fresh.toString("hex")}`);
    }
  }
  const fieldKeys = new Map<string, string>();
  for (const c of ciphers) for (const fk of c.keys()) fieldKeys.set(fk.id, fk.key.toString("hex"));
  return { keys: keys.join("\n"), fieldKeys: [...fieldKeys] };
}

/** Make sure these people have keys (in one write): before a batch of their values is sealed. */
export function ensurePersonKeys(personIds: string[]): void {
  const active = activeStore();
  if (!active) throw new Error("no person key store is open");
  active.createMany(personIds);
}

/** Delete these people's keys from the store (erasure; the merged record of a merge). */
export function erasePersonKeys(personIds: string[]): void {
  const active = activeStore();
  if (active) active.erase(personIds);
  else for (const id of personIds) forgetKey(id);
}

/** The store new keys go into (the runtime that opened last). */
export function activePersonKeyStore(): PersonKeyStore | undefined {
  return activeStore();
}

/**
 * Values that belong to no person of the registry (a counterpart list's row that matches nobody) are sealed
 * with the field key instead ("v1." values): nothing to erase them by, but nothing readable without the key.
 */
export function sealWithoutPerson(plaintext: string): string {
  const active = activeStore();
  if (!active) throw new Error("no person key store is open");
  return active.fieldCipher().seal(plaintext);
}

export function isFieldSealed(v: string): boolean {
  return v.startsWith("v1.");
}

export function openWithoutPerson(sealed: string): string {
  const active = activeStore();
  if (!active) throw new Error("no person key store is open");
  return active.fieldCipher().open(sealed);
}

/** Re-seal a value under another person's key (a merge moves the merged record's values to the survivor). */
export function resealFor(personId: string, sealed: string): string {
  return sealFor(personId, openSealed(sealed));
}
