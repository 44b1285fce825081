import { createHmac, hkdfSync } from "node:crypto";
import type { FieldCipher, FieldKey } from "./fieldCipher.js";

// Which lawyer works on whom (`person_assignment`) is kept as a keyed hash of the user's id, so a copy of the
// database — a dump, the data folder, a backup opened with a passphrase — does not show who works on whom. The hash
// key is derived from the field key (never in the database); the permission check computes the current user's hash
// and compares it in SQL, and the assignment screens map hashes back to the organisation's few accounts.
// A value is "as1." + HMAC-SHA256(key derived from one field key, user id): one per field key, current first, so
// assignments made before a key rotation are still found until the rotation re-hashes them.

const INFO = "allforall-person-assignment:v1";
const PREFIX = "as1.";
const derived = new WeakMap<Buffer, Buffer>();

function macKey(k: FieldKey): Buffer {
  let m = derived.get(k.key);
  if (!m) derived.set(k.key, (m = Buffer.from(hkdfSync("sha256", k.key, Buffer.alloc(0), INFO, 32))));
  return m;
}

function keyUnder(k: FieldKey, userId: string): string {
  return PREFIX + createHmac("sha256", macKey(k)).update(userId.toLowerCase()).digest("base64url");
}

/** The value a new assignment of this user stores (under the current field key). */
export function assigneeKey(cipher: FieldCipher, userId: string): string {
  return keyUnder(cipher.current, userId);
}

/** Every value an assignment of this user may hold (one per field key the cipher knows, current first). */
export function assigneeKeys(cipher: FieldCipher, userId: string): string[] {
  return cipher.keys().map((k) => keyUnder(k, userId));
}

/** Stored value → user id, for these accounts (the organisation's: tens, not thousands). */
export function assigneesByKey(cipher: FieldCipher, userIds: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const id of userIds) for (const k of assigneeKeys(cipher, id)) m.set(k, id);
  return m;
}
