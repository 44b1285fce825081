import { createHmac, randomBytes } from "node:crypto";

// Wrong passwords slow down the one (account, client address) pair that sent them, not the account: an
// account-wide lock let anyone lock any colleague out for 15 minutes with five guesses. Unknown accounts are
// counted exactly like known ones, so the answers (401, then 429) do not tell who has an account.
// Held in memory only (per process); the keys are keyed hashes, so even a heap dump does not list addresses.

const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 60 * 60_000;
const FORGET_AFTER_MS = 24 * 60 * 60_000;
const MAX_ENTRIES = 100_000;

interface Entry {
  failures: number;
  until: number;
  last: number;
}

export class SignInBackoff {
  private readonly entries = new Map<string, Entry>();
  private readonly salt = randomBytes(32);

  private key(email: string, source: string): string {
    return createHmac("sha256", this.salt).update(`${email.trim().toLowerCase()}\n${source}`).digest("base64url");
  }

  /** Milliseconds this pair must still wait (0: may try). */
  waitMs(email: string, source: string, now: number): number {
    const e = this.entries.get(this.key(email, source));
    return e ? Math.max(0, e.until - now) : 0;
  }

  /** After the fifth failure: 1 minute, then doubling per further failure, at most an hour. */
  failed(email: string, source: string, now: number): void {
    const key = this.key(email, source);
    const e = this.entries.get(key) ?? { failures: 0, until: 0, last: now };
    e.failures++;
    e.last = now;
    if (e.failures >= FREE_FAILURES) e.until = now + Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (e.failures - FREE_FAILURES));
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > MAX_ENTRIES) this.prune(now);
  }

  succeeded(email: string, source: string): void {
    this.entries.delete(this.key(email, source));
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.last > FORGET_AFTER_MS || this.entries.size > MAX_ENTRIES) this.entries.delete(k);
  }
}

/** One per process, like the route rate limits. */
export const signInBackoff = new SignInBackoff();
