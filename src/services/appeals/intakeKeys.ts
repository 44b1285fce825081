import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { FieldCipher } from "../../security/fieldCipher.js";
import { HOUR_MS, hourKey } from "../../security/hourKeys.js";

// Keyed hashes of the appeal intake. Every key is derived from the field key (the key directory, never the
// database), so several processes and hosts agree without sharing state, and a database copy alone cannot test
// a guessed client address or Message-ID against what is stored.

export { HOUR_MS };

export function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
}

/** A client address as a keyed hash under the key of one hour: never stored with the address, never linkable across hours. */
export function clientTag(cipher: FieldCipher, address: string, at: Date): string {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  return createHmac("sha256", hourKey(cipher, "client address key", hour)).update(address).digest().subarray(0, 18).toString("base64url");
}

/**
 * A keyed hash of a channel's message id (Message-ID…), one per field key (current first). Without the key a
 * stored value cannot be tested against a Message-ID seen elsewhere (a mail server's logs, a seized mailbox);
 * the older keys' values let a mailbox fetched before a key rotation still be recognised. `held` hashes under
 * another key, for the intake queue: a queue row left on disk cannot be linked to the appeal it became.
 */
export function messageKeys(cipher: FieldCipher, messageId: string, where: "appeal" | "held" = "appeal"): string[] {
  const info = where === "appeal" ? "allforall-appeal-message-id:v1" : "allforall-held-appeal-message-id:v1";
  return cipher.keys().map((k) => {
    const mac = Buffer.from(hkdfSync("sha256", k.key, Buffer.alloc(0), info, 32));
    return "mk1." + createHmac("sha256", mac).update(messageId.trim()).digest("base64url");
  });
}

/** How the intake queue finds a held appeal by its code: not the hash `appeal.code_hash` keeps. */
export function heldStatusHash(normalisedCode: string): string {
  return createHash("sha256").update("allforall-held-appeal-code:v1:").update(normalisedCode).digest("hex");
}

export function nonceHash(nonce: string): string {
  return createHash("sha256").update("allforall-form-nonce:").update(nonce).digest("base64url");
}
