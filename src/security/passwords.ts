import { randomBytes } from "node:crypto";
import { argon2id, argon2Verify } from "hash-wasm";

// argon2id, OWASP's second recommended profile (m=19 MiB, t=2, p=1): WASM, so no native build step.
const PARAMS = { parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ ...PARAMS, password, salt: randomBytes(16), outputType: "encoded" });
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash: encoded });
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;

// What guessers try first, in the languages of our users. A password made of one of these plus digits or
// symbols ("password1234", "Qwerty!2024!", "пароль123456") or of one short run repeated is refused.
const COMMON_WORDS = new Set([
  "password", "passw", "pass", "passwd", "pwd", "qwerty", "qwertyuiop", "qwertz", "azerty", "asdf", "asdfgh", "zxcvbn", "letmein", "welcome",
  "admin", "administrator", "root", "user", "login", "iloveyou", "love", "monkey", "dragon", "football", "baseball", "sunshine", "princess",
  "master", "secret", "shadow", "superman", "trustno", "hello", "test", "guest", "changeme", "default", "allforall", "abc", "abcdef", "abcdefgh",
  "пароль", "йцукен", "йцукенгшщзхъ", "фыва", "привет", "любовь", "админ", "парол", "qazwsx", "zaq", "xsw",
]);

function weakShape(secret: string): boolean {
  const lower = secret.normalize("NFC").toLowerCase();
  if (/^(.{1,4})\1+$/u.test(lower)) return true; // "aaaaaaaaaaaaaaaa", "abcabcabcabc"
  const letters = lower.replace(/[^\p{L}]/gu, "");
  if (letters.length < 3) return true; // digits and symbols only: a date, a phone number, "123456789012"
  return COMMON_WORDS.has(letters) || /^(.{1,4})\1+$/u.test(letters);
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 512) return "use at most 512 characters";
  if (new Set(password).size < 5) return "use more different characters";
  if (weakShape(password)) return "this password is among the first a guesser tries: use several unrelated words";
  return null;
}

export const MIN_PASSPHRASE_LENGTH = 16;

/** Backup passphrases: a stolen backup can be attacked offline for years, so the same refusals and more length. */
export function passphraseProblem(passphrase: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return `use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`;
  if (passphrase.length > 512) return "use at most 512 characters";
  if (new Set(passphrase).size < 8 || weakShape(passphrase)) return "this passphrase is too easy to guess: use several unrelated words";
  return null;
}
