import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  /** PostgreSQL only: LISTEN on a channel over a connection of its own (NOTIFY from any process or host). */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

export interface OpenOptions {
  /** postgres://… — when set, the PostgreSQL server is used instead of PGlite. */
  url?: string | undefined;
  /** PGlite data folder; undefined means in-memory. */
  dataDir?: string | undefined;
  /** Pre-built PGlite data (a dump) to start from. */
  loadDataDir?: Blob | File | undefined;
  migrate?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const shouldMigrate = opts.migrate ?? true;
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    // An idle connection dropped by the server (restart, failover, admin) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on("error", () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    if (shouldMigrate) await migratePg(drizzlePg(pool), { migrationsFolder });
    const listen = async (channel: string, onNotify: () => void) => {
      const client = new pg.Client({ connectionString: opts.url });
      // A dropped listening connection only delays catching up: readers still ask for changes themselves.
      client.on("error", () => {});
      await client.connect();
      client.on("notification", (m) => m.channel === channel && onNotify());
      await client.query(`listen "${channel.replace(/"/g, '""')}"`);
      return async () => void (await client.end().catch(() => undefined));
    };
    return { db, kind: "postgres", close: () => pool.end(), listen };
  }
  let unlock = () => {};
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    unlock = lockDataDir(opts.dataDir);
  }
  try {
    const client = await PGlite.create({
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    const writes = new WriteWatch();
    watchWrites(client, writes);
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    if (shouldMigrate) await migratePglite(drizzlePglite(client), { migrationsFolder });
    return { db, kind: "pglite", close: () => client.close().finally(unlock), pglite: client, writes };
  } catch (e) {
    unlock();
    throw e;
  }
}

/**
 * PGlite does not stop a second process from opening the same folder (its postmaster.pid is not enforced), and
 * two processes writing one folder corrupt it or lose writes. One lock file per folder, holding the owner's pid;
 * a lock left by a process that no longer runs (kill -9, power cut) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "allforall.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (owner && owner !== process.pid && pidAlive(owner))
        throw new Error(`the data folder ${dataDir} is in use by process ${owner} (allforall serve?): stop it first, or use the running server (e.g. POST /api/v1/backup)`);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock the data folder ${dataDir}`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
