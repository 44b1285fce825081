// Opens batches of person-sealed values ("p1.<personId>.<iv>.<ciphertext>.<tag>", src/security/personKeys.ts) in
// a thread of its own, with the keys the main thread sends along: at start-up the person index opens every
// spelling of the registry (270,000 values at 100,000 people, 2 s of AES-GCM), and this lets it happen while the
// main thread indexes the previous slice. Plain JavaScript, so that it loads without the TypeScript loader.
// Keys come as text: "k:<hex>" unwrapped, or "w:<wrapped>" as the key store holds them, unwrapped here with the field
// keys sent along (the main thread no longer unwraps every key at start-up: a second of its time at 100,000 people).
// A value this thread cannot open (no key sent, a key bound to another person, malformed, failing authentication)
// comes back as null: the main thread then opens it itself, with everything openSealed does (erased people, keys
// added since, errors).
import { createDecipheriv } from "node:crypto";
import { parentPort } from "node:worker_threads";

function decrypt(key, iv, aad, ct, tag) {
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
}

/** A person's key from its text form (see above), or null; as src/security/fieldCipher.ts and personKeys.ts open it. */
function keyOf(personId, text, fieldKeys) {
  if (text.startsWith("k:")) return Buffer.from(text.slice(2), "hex");
  const [version, keyId, iv, ct, tag] = text.slice(2).split(".");
  const fieldKey = fieldKeys.get(keyId);
  if (version !== "v1" || !fieldKey || iv === undefined || ct === undefined || !tag) return null;
  try {
    const [boundId, hex] = decrypt(fieldKey, iv, keyId, ct, tag).split(":");
    return boundId === personId && hex ? Buffer.from(hex, "hex") : null;
  } catch {
    return null;
  }
}

function open(sealed, keys) {
  if (typeof sealed !== "string" || !sealed.startsWith("p1.")) return null;
  const parts = sealed.split(".");
  if (parts.length !== 5) return null;
  const [, personId, iv, ct, tag] = parts;
  const key = keys.get(personId);
  if (!key || !tag) return null;
  try {
    return decrypt(key, iv, personId, ct, tag);
  } catch {
    return null;
  }
}

parentPort.on("message", ({ id, keys, fieldKeys, values }) => {
  const field = new Map(fieldKeys.map(([k, hex]) => [k, Buffer.from(hex, "hex")]));
  const byPerson = new Map();
  for (const [personId, text] of keys) {
    const key = keyOf(personId, text, field);
    if (key) byPerson.set(personId, key);
  }
  const opened = values.map((v) => open(v, byPerson));
  // The keys leave this thread's memory with the message (nothing else holds them).
  byPerson.clear();
  field.clear();
  parentPort.postMessage({ id, opened });
});
