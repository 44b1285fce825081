// The process's person keys, shared by the key store (personKeys.ts) and the sealing of values (personSeal.ts): one
// registry, since values are opened inside Drizzle's synchronous column mapping (src/db/schema/sealed.ts).
import type { FieldCipher } from "./fieldCipher.js";
import type { PersonKeyStore } from "./personKeys.js";

/** Keys unwrapped so far, by person. */
export const registry = new Map<string, Buffer>();
/**
 * Keys read from the store and not unwrapped yet, with the field cipher that wraps them: unwrapping all 100,000 at
 * start-up cost each server process a second, and the person index's opening thread unwraps the ones it needs
 * itself (src/security/openingThread.ts). Unwrapped (and the binding to the person checked) on first use.
 */
export const wrappedKeys = new Map<string, { wrapped: string; cipher: FieldCipher }>();
let active: PersonKeyStore | undefined;

/** The store new keys go into (the runtime that opened last). */
export function activeStore(): PersonKeyStore | undefined {
  return active;
}

export function setActiveStore(s: PersonKeyStore): void {
  active = s;
}

/** A person's key if the process holds it (unwrapped now if need be); undefined if not (erased, or not read yet). */
export function heldKey(personId: string): Buffer | undefined {
  const k = registry.get(personId);
  if (k) return k;
  const w = wrappedKeys.get(personId);
  if (!w) return undefined;
  const key = unwrapKey(w.cipher, personId, w.wrapped);
  registry.set(personId, key);
  wrappedKeys.delete(personId);
  return key;
}

export function unwrapKey(cipher: FieldCipher, personId: string, wrapped: string): Buffer {
  const [boundId, hex] = cipher.open(wrapped).split(":");
  if (boundId !== personId || !hex) throw new Error(`key store: the key on the line of ${personId} belongs to another person`);
  return Buffer.from(hex, "hex");
}

export function forgetKey(personId: string): void {
  registry.delete(personId);
  wrappedKeys.delete(personId);
}
