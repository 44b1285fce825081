import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { FieldCipher, fieldKeyFromSecret, newFieldKey, type FieldKey } from "./fieldCipher.js";

// The key file holds one key per line, newest first. It lives outside the database; the embedded default
// keeps it beside the data folder, and docs/security.md says to move it (ALLFORALL_KEY_FILE) in production.

export interface KeySource {
  /** ALLFORALL_KEY: a single key (hex, base64 or passphrase). */
  envKey?: string | undefined;
  /** ALLFORALL_KEY_FILE or <data>/allforall.key */
  keyFile?: string | undefined;
  /** Create the key file when missing (embedded first start). */
  createIfMissing?: boolean;
}

export function readKeyFile(path: string): FieldKey[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => fieldKeyFromSecret(l));
}

export function writeKeyFile(path: string, keys: FieldKey[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const body = ["# allforall field keys, newest first. Keep this file apart from database backups.", ...keys.map((k) => k.key.toString("hex"))].join("\n");
  writeFileSync(path, body + "\n", { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function loadFieldCipher(src: KeySource): FieldCipher {
  if (src.envKey) return new FieldCipher([fieldKeyFromSecret(src.envKey)]);
  if (!src.keyFile) throw new Error("no encryption key: set ALLFORALL_KEY or ALLFORALL_KEY_FILE");
  if (!existsSync(src.keyFile)) {
    if (!src.createIfMissing) throw new Error(`key file ${src.keyFile} does not exist`);
    writeKeyFile(src.keyFile, [newFieldKey()]);
  }
  return new FieldCipher(readKeyFile(src.keyFile));
}
