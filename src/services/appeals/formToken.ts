import { createHmac, randomBytes } from "node:crypto";
import type { FieldCipher } from "../../security/fieldCipher.js";
import { safeEqual } from "../../security/tokens.js";

// A one-time form token instead of a third-party CAPTCHA: the GET of the form hands out
// "v1.<issued ms, base36>.<nonce>.<hmac>", the POST must bring it back. It proves the client fetched the form
// (no blind POST floods), sets a floor on fill-in time (bots submit instantly; nobody writes an appeal in
// 3 seconds) and a ceiling (a day: families write slowly, sometimes offline). The nonce is stored with the
// appeal under a unique index, so a token is accepted once. Nothing in it identifies the client.

export const MIN_FILL_MS = 3_000;
export const MAX_TOKEN_AGE_MS = 24 * 3600_000;

export type TokenProblem = "missing" | "malformed" | "forged" | "too_fast" | "expired";

/** The HMAC key is derived from the field key, so it needs no configuration and never reaches the database. */
function tokenKey(cipher: FieldCipher): Buffer {
  return createHmac("sha256", cipher.current.key).update("allforall appeal form token v1").digest();
}

function mac(cipher: FieldCipher, issued: string, nonce: string): string {
  return createHmac("sha256", tokenKey(cipher)).update(`${issued}|${nonce}`).digest().subarray(0, 18).toString("base64url");
}

export function issueFormToken(cipher: FieldCipher, now: Date): string {
  const issued = now.getTime().toString(36);
  const nonce = randomBytes(16).toString("base64url");
  return `v1.${issued}.${nonce}.${mac(cipher, issued, nonce)}`;
}

export type TokenCheck = { ok: true; nonce: string } | { ok: false; problem: TokenProblem };

export function checkFormToken(cipher: FieldCipher, token: string | undefined | null, now: Date): TokenCheck {
  if (!token) return { ok: false, problem: "missing" };
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return { ok: false, problem: "malformed" };
  const [, issued, nonce, sig] = parts as [string, string, string, string];
  if (!/^[0-9a-z]{1,12}$/.test(issued) || !/^[\w-]{22}$/.test(nonce)) return { ok: false, problem: "malformed" };
  if (!safeEqual(sig, mac(cipher, issued, nonce))) return { ok: false, problem: "forged" };
  const age = now.getTime() - parseInt(issued, 36);
  if (age < MIN_FILL_MS) return { ok: false, problem: "too_fast" };
  if (age > MAX_TOKEN_AGE_MS) return { ok: false, problem: "expired" };
  return { ok: true, nonce };
}
