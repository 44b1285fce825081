import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema/index.js";
import { watchWrites, WriteWatch } from "./writeWatch.js";
import { ThreadedPGlite } from "./pgliteProxy.js";
import { lockDataDir, secureDataDir } from "./dataDirLock.js";

export { lockDataDir } from "./dataDirLock.js";

export type Schema = typeof schema;
// Both drivers produce this type; transactions are PgDatabase too, so repositories take `Db` either way.
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
  /** PGlite only: the raw client, for dumps. */
  pglite?: PGlite;
  /** PGlite only (the one process that can write it): tells read caches when the data may have changed. */
  writes?: WriteWatch;
  /** Time spent waiting for the database (queries and transactions), for /metrics. */
  timing: DbTiming;
  /**
   * PostgreSQL only: when the last statement of this process that was not a select ended (performance.now()), so
   * that a read after this process's own write asks the change feed again (src/services/directory/directory.ts).
   */
  localWrites?: { endedAt: number };
  /** PostgreSQL only: LISTEN on a channel over a connection of its own (NOTIFY from any process or host). */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * PostgreSQL only: try to take a session-level advisory lock on a connection of its own. Null when another
   * session holds it. The lock lasts as long as that connection: `release()` ends it, and a process that dies
   * (or loses its connection) releases it too — `lost` then resolves.
   */
  tryAdvisoryLock?(key: bigint): Promise<AdvisoryLock | null>;
}

export interface AdvisoryLock {
  release(): Promise<void>;
  /** Resolves when the connection holding the lock broke (the lock is then free for others). */
  lost: Promise<void>;
}

export interface DbTiming {
  queries: number;
  seconds: number;
}

/**
 * Wraps a client's query method (and more) so that the time until each result arrives is added to `timing`, and
 * (PostgreSQL) the end of every statement that is not a select is noted in `writes`.
 */
function timeMethods(target: object, names: string[], timing: DbTiming, writes?: { endedAt: number }): void {
  const t = target as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = t[name]!.bind(target);
    t[name] = (...args: unknown[]) => {
      const start = performance.now();
      const r = original(...args);
      if (r && typeof (r as Promise<unknown>).finally === "function") {
        timing.queries++;
        const write = writes && !isSelect(args[0]);
        return (r as Promise<unknown>).finally(() => {
          const end = performance.now();
          timing.seconds += (end - start) / 1000;
          if (write) writes.endedAt = end;
        });
      }
      return r;
    };
  }
}

/** A statement that certainly writes nothing: a plain select (anything else counts as a write, `with` included). */
function isSelect(query: unknown): boolean {
  const text = typeof query === "string" ? query : (query as { text?: unknown } | null)?.text;
  return typeof text === "string" && /^\s*select\b/i.test(text);
}

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * The session lock a PostgreSQL migration holds (and the owner's grants after it, runtimeRole.ts): several processes
 * may migrate one database at once — each host's first worker of `serve --workers`, started together after an
 * upgrade — and drizzle's migrator reads which migrations ran, then runs the rest, with no lock of its own: the later
 * one failed on the earlier's types and tables, or ran a migration again. Each now waits, then finds nothing left.
 */
export const MIGRATION_LOCK = 727_037;

async function migratePgOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder });
    } finally {
      // A connection still holding the lock must not go back to the pool.
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch((e: Error) => (broken = e));
    }
  } catch (e) {
    broken ??= e as Error;
    throw e;
  } finally {
    client.release(broken);
  }
}

export interface OpenOptions {
  /** postgres://… — when set, the PostgreSQL server is used instead of PGlite. */
  url?: string | undefined;
  /** PGlite data folder; undefined means in-memory. */
  dataDir?: string | undefined;
  /** Pre-built PGlite data (a dump) to start from. */
  loadDataDir?: Blob | File | undefined;
  migrate?: boolean;
  /**
   * PGlite only: run the database in a worker thread (src/db/pgliteProxy.ts), so that no statement blocks the
   * thread that answers HTTP requests. `allforall serve` does; CLI commands and tests run it in-process.
   */
  thread?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const shouldMigrate = opts.migrate ?? true;
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    // An idle connection dropped by the server (restart, failover, admin) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on("error", () => {});
    const timing: DbTiming = { queries: 0, seconds: 0 };
    const localWrites = { endedAt: 0 };
    // pool.query (drizzle's path outside transactions) calls its client's query with a callback, which the client's
    // wrapper does not count; transactions call a checked-out client's query, which the pool's does not see.
    timeMethods(pool, ["query"], timing, localWrites);
    pool.on("connect", (client) => timeMethods(client, ["query"], timing, localWrites));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    if (shouldMigrate) await migratePgOnce(pool);
    const listen = async (channel: string, onNotify: () => void) => {
      const client = new pg.Client({ connectionString: opts.url });
      // A dropped listening connection only delays catching up: readers still ask for changes themselves.
      client.on("error", () => {});
      await client.connect();
      client.on("notification", (m) => m.channel === channel && onNotify());
      await client.query(`listen "${channel.replace(/"/g, '""')}"`);
      return async () => void (await client.end().catch(() => undefined));
    };
    const tryAdvisoryLock = async (key: bigint): Promise<AdvisoryLock | null> => {
      const client = new pg.Client({ connectionString: opts.url });
      let ended = false;
      let lostResolve = () => {};
      const lost = new Promise<void>((r) => (lostResolve = r));
      const onLost = () => ((ended = true), lostResolve());
      client.on("error", onLost);
      client.on("end", onLost);
      // end() of a connection the server already closed may never settle: skip it then, and never wait long.
      const end = async () => {
        if (ended) return;
        await Promise.race([client.end().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
      };
      await client.connect();
      try {
        const r = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [key.toString()]);
        if (!r.rows[0]?.ok) {
          await end();
          return null;
        }
      } catch (e) {
        await end();
        throw e;
      }
      return { release: end, lost };
    };
    return { db, kind: "postgres", close: () => pool.end(), listen, tryAdvisoryLock, timing, localWrites };
  }
  let unlock = () => {};
  if (opts.dataDir) {
    const dataDir = opts.dataDir;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const release = lockDataDir(dataDir);
    // Files PGlite makes while running are 0666 but sit in a 0700 folder; they are tightened again on close.
    unlock = () => {
      try {
        secureDataDir(dataDir);
      } finally {
        release();
      }
    };
    try {
      secureDataDir(dataDir);
    } catch (e) {
      release();
      throw e;
    }
  }
  try {
    const where = { ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) };
    const client = opts.thread ? (await ThreadedPGlite.create(where)).asPGlite() : await PGlite.create(where);
    const writes = new WriteWatch();
    watchWrites(client, writes);
    // Timed outside the write watch's wrapper: a transaction counts once, as the time it held the database.
    const timing: DbTiming = { queries: 0, seconds: 0 };
    timeMethods(client, ["query", "exec", "transaction"], timing);
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    if (shouldMigrate) await migratePglite(drizzlePglite(client), { migrationsFolder });
    return { db, kind: "pglite", close: () => client.close().finally(unlock), pglite: client, writes, timing };
  } catch (e) {
    unlock();
    throw e;
  }
}
