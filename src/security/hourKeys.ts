import { createHmac } from "node:crypto";
import type { FieldCipher } from "./fieldCipher.js";

// Keys that live for one hour, derived from the current field key (the key directory, never the database), so
// several processes and hosts agree without sharing state: a keyed hash made under one cannot be linked to the same
// input in another hour. The current hour's key of each purpose is kept in memory for that hour only; an older
// hour's key (to check a token fetched earlier) is derived again when needed and not kept.

export const HOUR_MS = 3_600_000;

const current = new Map<string, { keyId: string; hour: number; key: Buffer }>();

/** The key of `purpose` ("rate limit key", "client address key") for the hour numbered `hour` (ms / HOUR_MS). */
export function hourKey(cipher: FieldCipher, purpose: string, hour: number): Buffer {
  const c = current.get(purpose);
  if (c && c.keyId === cipher.current.id && c.hour === hour) return c.key;
  const key = createHmac("sha256", cipher.current.key).update(`allforall ${purpose}, hour ${hour}`).digest();
  if (hour >= Math.floor(Date.now() / HOUR_MS)) current.set(purpose, { keyId: cipher.current.id, hour, key });
  return key;
}
