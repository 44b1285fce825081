// Opens batches of person-sealed values ("p1.<personId>.<iv>.<ciphertext>.<tag>", src/security/personKeys.ts) in
// a thread of its own, with the keys the main thread sends along: at start-up the person index opens every
// spelling of the registry (270,000 values at 100,000 people, 2 s of AES-GCM), and this lets it happen while the
// main thread indexes the previous slice. Plain JavaScript, so that it loads without the TypeScript loader.
// A value this thread cannot open (no key sent, malformed, failing authentication) comes back as null: the main
// thread then opens it itself, with everything openSealed does (erased people, keys added since, errors).
import { createDecipheriv } from "node:crypto";
import { parentPort } from "node:worker_threads";

function open(sealed, keys) {
  if (typeof sealed !== "string" || !sealed.startsWith("p1.")) return null;
  const parts = sealed.split(".");
  if (parts.length !== 5) return null;
  const [, personId, iv, ct, tag] = parts;
  const key = keys.get(personId);
  if (!key || !tag) return null;
  try {
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    d.setAAD(Buffer.from(personId));
    d.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
  } catch {
    return null;
  }
}

parentPort.on("message", ({ id, keys, values }) => {
  const byPerson = new Map(keys);
  const opened = values.map((v) => open(v, byPerson));
  // The keys leave this thread's memory with the message (nothing else holds them).
  byPerson.clear();
  parentPort.postMessage({ id, opened });
});
