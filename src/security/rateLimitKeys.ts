import { createHmac } from "node:crypto";
import type { FieldCipher } from "./fieldCipher.js";
import { HOUR_MS, hourKey } from "./hourKeys.js";

// What the shared rate limits store instead of a client address or an API token's id: a keyed hash under a key
// derived from the field key, one key per hour (kept in memory for that hour only), with the minute inside the
// hashed text. The row itself then carries no time finer than the hour (docs/security.md: appeal times are kept
// to the hour, and the appeal form's routes are limited too), and without the field key nobody can test a guessed
// address against it.

/** The stored key of one limit's window: `minute` is the window's start (ms). */
export function rateLimitTag(cipher: FieldCipher, limitKey: string, minute: number): string {
  const hour = Math.floor(minute / HOUR_MS);
  return "rl1." + createHmac("sha256", hourKey(cipher, "rate limit key", hour)).update(`${minute}\n${limitKey}`).digest().subarray(0, 18).toString("base64url");
}
