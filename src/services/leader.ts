import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Database } from "../db/client.js";

// Background work that must run once however many server processes share a database (polling a mailbox, the
// Telegram bot): the process holding a PostgreSQL session-level advisory lock named after the job is its
// leader. The lock belongs to one connection, so a worker that stops or dies frees it and another takes over
// within one retry. An embedded PGlite data folder is owned by one process, which is therefore always leader.

/** The advisory lock key of a job: 63 bits of sha256 of its name (stable across versions and hosts). */
export function leaderLockKey(name: string): bigint {
  return createHash("sha256").update(`allforall-leader:${name}`).digest().readBigInt64BE(0);
}

export interface LeaderOptions {
  /** How often a follower tries to become leader (ms). */
  retryMs?: number;
  log?: Logger;
}

/**
 * Run `lead` while this process is the leader of `name`. `lead` gets a signal that aborts when leadership is
 * lost or the returned stop function is called, and should return once it has stopped its work.
 */
export function runAsLeader(database: Database, name: string, lead: (signal: AbortSignal) => Promise<void>, opts: LeaderOptions = {}): () => Promise<void> {
  const retryMs = opts.retryMs ?? 15_000;
  let stopped = false;
  let current: AbortController | null = null;
  let wake = () => {};
  const loop = (async () => {
    while (!stopped) {
      const lock = database.tryAdvisoryLock ? await database.tryAdvisoryLock(leaderLockKey(name)).catch((e: unknown) => (opts.log?.warn({ err: (e as Error).message, job: name }, "leader lock: could not ask the database"), null)) : { release: async () => {}, lost: new Promise<void>(() => {}) };
      if (lock && !stopped) {
        const ac = new AbortController();
        current = ac;
        void lock.lost.then(() => ac.abort());
        opts.log?.info({ job: name }, "leader: this process runs the job");
        try {
          await lead(ac.signal);
        } catch (e) {
          opts.log?.error({ err: (e as Error).message, job: name }, "leader: the job failed");
        }
        ac.abort();
        current = null;
        await lock.release();
      } else if (lock) await lock.release();
      if (stopped) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, retryMs);
        wake = () => (clearTimeout(t), r());
      });
    }
  })();
  return async () => {
    stopped = true;
    current?.abort();
    wake();
    await loop;
  };
}
