import { createHmac, randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/signInBackoff.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import type { ServiceContext } from "./context.js";

// Wrong passwords slow down the one (account, client address) pair that sent them, not the account: an
// account-wide lock let anyone lock any colleague out for 15 minutes with five guesses. Unknown accounts are
// counted exactly like known ones, so the answers (401, then 429) do not tell who has an account.
// On PostgreSQL the counts are shared by every worker and host (`sign_in_backoff`), so N processes do not give an
// address N × 5 free guesses; on PGlite they stay in the one process's memory. Either way the key is a keyed hash:
// neither the e-mail nor the address is kept.

const RULE = { free: 5, firstWaitMs: 60_000, maxWaitMs: 60 * 60_000 };
const FORGET_AFTER_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const MAX_ENTRIES = 100_000;

export interface SignInBackoff {
  /** Milliseconds this pair must still wait (0: may try). */
  waitMs(email: string, source: string, now: number): Promise<number>;
  /** From the fifth failure on: 1 minute, then doubling per further failure, at most an hour. */
  failed(email: string, source: string, now: number): Promise<void>;
  succeeded(email: string, source: string): Promise<void>;
}

const pairText = (email: string, source: string) => `${email.trim().toLowerCase()}\n${source}`;

interface Entry {
  failures: number;
  until: number;
  last: number;
}

/** One process owns the data (PGlite): the pairs live in its memory, under a salt that never leaves it. */
export class MemoryBackoff implements SignInBackoff {
  private readonly entries = new Map<string, Entry>();
  private readonly salt = randomBytes(32);

  private key(email: string, source: string): string {
    return createHmac("sha256", this.salt).update(pairText(email, source)).digest("base64url");
  }

  waitMs(email: string, source: string, now: number): Promise<number> {
    const e = this.entries.get(this.key(email, source));
    return Promise.resolve(e ? Math.max(0, e.until - now) : 0);
  }

  failed(email: string, source: string, now: number): Promise<void> {
    const key = this.key(email, source);
    const e = this.entries.get(key) ?? { failures: 0, until: 0, last: now };
    e.failures++;
    e.last = now;
    if (e.failures >= RULE.free) e.until = now + Math.min(RULE.maxWaitMs, RULE.firstWaitMs * 2 ** (e.failures - RULE.free));
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > MAX_ENTRIES) this.prune(now);
    return Promise.resolve();
  }

  succeeded(email: string, source: string): Promise<void> {
    this.entries.delete(this.key(email, source));
    return Promise.resolve();
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.last > FORGET_AFTER_MS || this.entries.size > MAX_ENTRIES) this.entries.delete(k);
  }
}

/** Every worker and host on one PostgreSQL (all with the same field key) count the same pairs. */
export class SharedBackoff implements SignInBackoff {
  private lastPrune = 0;
  private hashKey: { keyId: string; key: Buffer } | null = null;

  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  private key(email: string, source: string): string {
    if (this.hashKey?.keyId !== this.cipher.current.id)
      this.hashKey = { keyId: this.cipher.current.id, key: createHmac("sha256", this.cipher.current.key).update("allforall sign-in back-off key").digest() };
    return "sb1." + createHmac("sha256", this.hashKey.key).update(pairText(email, source)).digest().subarray(0, 18).toString("base64url");
  }

  async waitMs(email: string, source: string, now: number): Promise<number> {
    await this.prune(now);
    const until = await repo.backoffWaitUntil(this.db, this.key(email, source));
    return until ? Math.max(0, until.getTime() - now) : 0;
  }

  async failed(email: string, source: string, now: number): Promise<void> {
    await this.prune(now);
    await repo.recordBackoffFailure(this.db, this.key(email, source), new Date(now), RULE);
  }

  /**
   * A pair is forgotten a day after its last failure (within PRUNE_EVERY_MS), checked at any sign-in — not only at
   * a failure, or a quiet server would keep the exact time of every old failure.
   */
  private async prune(now: number): Promise<void> {
    if (now - this.lastPrune <= PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await repo.pruneBackoff(this.db, new Date(now - FORGET_AFTER_MS));
  }

  async succeeded(email: string, source: string): Promise<void> {
    await repo.clearBackoff(this.db, this.key(email, source));
  }
}

const memory = new MemoryBackoff();
const shared = new WeakMap<object, SharedBackoff>();

/** The back-off of this context's database: shared on PostgreSQL, the process's own on PGlite. */
export function signInBackoffOf(ctx: Pick<ServiceContext, "db" | "dbKind" | "cipher">): SignInBackoff {
  if (ctx.dbKind !== "postgres") return memory;
  let b = shared.get(ctx.db);
  if (!b) shared.set(ctx.db, (b = new SharedBackoff(ctx.db, ctx.cipher)));
  return b;
}
