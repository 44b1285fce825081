import { createHmac, randomBytes } from "node:crypto";
import type { FieldCipher } from "../../security/fieldCipher.js";
import { safeEqual } from "../../security/tokens.js";
import { clientTag } from "./intakeKeys.js";

// A one-time form token instead of a third-party CAPTCHA: the GET of the form hands out
// "v2.<issued ms, base36>.<nonce>.<hmac>", the POST must bring it back. It proves the client fetched the form
// (no blind POST floods), sets a floor on fill-in time (bots submit instantly; nobody writes an appeal in
// 3 seconds) and a ceiling (a day: families write slowly, sometimes offline). The HMAC covers a keyed hash of
// the client's address under the key of the hour the token was issued (src/services/appeals/intakeKeys.ts),
// so a token fetched from one address is refused from another — a pile of tokens fetched once cannot be
// spread over many addresses. The token itself carries nothing about the client. Used nonces are kept (as
// hashes, until the token would expire) in `form_token_use`, shared by every server process.

export const MIN_FILL_MS = 3_000;
export const MAX_TOKEN_AGE_MS = 24 * 3600_000;

export type TokenProblem = "missing" | "malformed" | "forged" | "too_fast" | "expired" | "other_client";

/** The HMAC key is derived from the field key, so it needs no configuration and never reaches the database. */
function tokenKey(cipher: FieldCipher): Buffer {
  return createHmac("sha256", cipher.current.key).update("allforall appeal form token v2").digest();
}

function mac(cipher: FieldCipher, issued: string, nonce: string, client: string): string {
  const tag = clientTag(cipher, client, new Date(parseInt(issued, 36)));
  return createHmac("sha256", tokenKey(cipher)).update(`${issued}|${nonce}|${tag}`).digest().subarray(0, 18).toString("base64url");
}

// Without the client in it, the same token and nonce would verify: that tells a forged token from one
// carried to another address (the family then hears "your connection changed", not "not from our page").
function unboundMac(cipher: FieldCipher, issued: string, nonce: string): string {
  return createHmac("sha256", tokenKey(cipher)).update(`${issued}|${nonce}|unbound`).digest().subarray(0, 6).toString("base64url");
}

export function issueFormToken(cipher: FieldCipher, now: Date, client: string): string {
  const issued = now.getTime().toString(36);
  const nonce = randomBytes(16).toString("base64url");
  return `v2.${issued}.${nonce}.${mac(cipher, issued, nonce, client)}${unboundMac(cipher, issued, nonce)}`;
}

export type TokenCheck = { ok: true; nonce: string; issuedAt: Date } | { ok: false; problem: TokenProblem };

export function checkFormToken(cipher: FieldCipher, token: string | undefined | null, now: Date, client: string): TokenCheck {
  if (!token) return { ok: false, problem: "missing" };
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "v2") return { ok: false, problem: "malformed" };
  const [, issued, nonce, sig] = parts as [string, string, string, string];
  if (!/^[0-9a-z]{1,12}$/.test(issued) || !/^[\w-]{22}$/.test(nonce) || sig.length !== 32) return { ok: false, problem: "malformed" };
  if (!safeEqual(sig.slice(24), unboundMac(cipher, issued, nonce))) return { ok: false, problem: "forged" };
  if (!safeEqual(sig.slice(0, 24), mac(cipher, issued, nonce, client))) return { ok: false, problem: "other_client" };
  const age = now.getTime() - parseInt(issued, 36);
  if (age < MIN_FILL_MS) return { ok: false, problem: "too_fast" };
  if (age > MAX_TOKEN_AGE_MS) return { ok: false, problem: "expired" };
  return { ok: true, nonce, issuedAt: new Date(parseInt(issued, 36)) };
}
