// Opens batches of person-sealed values ("p1.<personId>.<iv>.<ciphertext>.<tag>", src/security/personKeys.ts) in
// a thread of its own, with the keys the main thread sends along: at start-up the person index opens every
// spelling of the registry (270,000 values at 100,000 people, 2 s of AES-GCM), and this lets it happen while the
// main thread indexes the previous slice. Plain JavaScript, so that it loads without the TypeScript loader.
// Keys come as text: "k:<hex>" unwrapped, or the wrapped key as the key store holds it ("v1.…"), unwrapped here with the field
// keys sent along (the main thread no longer unwraps every key at start-up: a second of its time at 100,000 people).
// A value this thread cannot open (no key sent, a key bound to another person, malformed, failing authentication)
// comes back as null: the main thread then opens it itself, with everything openSealed does (erased people, keys
// added since, errors).
import { createDecipheriv } from "node:crypto";
import { parentPort } from "node:worker_threads";

// The parts of a value are decoded into one scratch buffer, and the plaintext read from update()'s output (final()
// adds nothing in GCM, it only checks the tag): four small Buffers per value and their concatenation were a third
// of this thread's time, with the collections of them.
let scratch = Buffer.allocUnsafe(16 * 1024);

function decrypt(key, iv, aad, ct, tag) {
  // base64url: at most 3 bytes per 4 characters; the associated data is ASCII (an id).
  const need = iv.length + aad.length + tag.length + ct.length;
  if (need > scratch.length) scratch = Buffer.allocUnsafe(need);
  let at = 0;
  const part = (text, encoding) => {
    const from = at;
    at += scratch.write(text, at, encoding);
    return scratch.subarray(from, at);
  };
  const d = createDecipheriv("aes-256-gcm", key, part(iv, "base64url"));
  d.setAAD(part(aad, "latin1"));
  d.setAuthTag(part(tag, "base64url"));
  const out = d.update(part(ct, "base64url"));
  d.final();
  return out.toString("utf8");
}

/** A person's key from its text form (see above), or null; as src/security/fieldCipher.ts and personKeys.ts open it. */
function keyOf(personId, text, fieldKeys) {
  if (text.startsWith("k:")) return Buffer.from(text.slice(2), "hex");
  const [version, keyId, iv, ct, tag] = (text.startsWith("w:") ? text.slice(2) : text).split(".");
  const fieldKey = fieldKeys.get(keyId);
  if (version !== "v1" || !fieldKey || iv === undefined || ct === undefined || !tag) return null;
  try {
    const bound = decrypt(fieldKey, iv, keyId, ct, tag);
    const colon = bound.indexOf(":");
    return colon > 0 && colon < bound.length - 1 && bound.slice(0, colon) === personId ? Buffer.from(bound.slice(colon + 1), "hex") : null;
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

// `keys`: person id and key text by turns, a line each (personKeysForThread: one text clones as one copy).
/**
 * The strings of a JSON array of strings as the database aggregates them (json_agg: '["a", "b"]'): split where no
 * string holds an escape (sealed values never do: base64url, dots and an id; nor can one hold a bare quote), a third
 * of JSON.parse's time here; any other text (escapes, another spacing) parsed.
 */
function valuesOf(text) {
  const split = text.startsWith('["') && text.endsWith('"]') && !text.includes("\\") && !text.includes('","');
  return split ? text.slice(2, -2).split('", "') : JSON.parse(text);
}

// `texts` (instead of `values`): JSON texts of arrays of sealed values, one after the other, as the database gave them
// (the full build's slices): parsed here, so that the main thread never makes the sealed strings (170,000 of ~120
// characters at 100,000 people, parsed, kept across the round trip and cloned here); a value not opened then comes
// back in `unopened` (its index and itself, by turns) for the main thread to open as openSealed does.
parentPort.on("message", ({ id, keys, fieldKeys, values, texts }) => {
  const field = new Map(fieldKeys.map(([k, hex]) => [k, Buffer.from(hex, "hex")]));
  const byPerson = new Map();
  const lines = keys.split("\n");
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const key = keyOf(lines[i], lines[i + 1], field);
    if (key) byPerson.set(lines[i], key);
  }
  const sealed = texts ? texts.flatMap(valuesOf) : values;
  const opened = sealed.map((v) => open(v, byPerson));
  // The keys leave this thread's memory with the message (nothing else holds them).
  byPerson.clear();
  field.clear();
  if (!texts) return parentPort.postMessage({ id, opened });
  const unopened = [];
  opened.forEach((o, i) => o === null && unopened.push(i, sealed[i]));
  parentPort.postMessage({ id, opened, unopened });
});
