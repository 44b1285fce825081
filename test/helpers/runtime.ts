import { readFileSync } from "node:fs";
import pino from "pino";
import { inject } from "vitest";
import { buildRuntime, ensureDefaultOrganisation, type Runtime } from "../../src/app/runtime.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createServerDatabase } from "./serverDatabase.js";
import { flushAuditBuffer } from "../../src/services/auditBuffer.js";
import { FieldCipher, newFieldKey } from "../../src/security/fieldCipher.js";

export interface TestRuntime extends Runtime {
  /** Set the clock the services see. */
  setNow(d: Date): void;
  /** PostgreSQL only: the test database's URL (another process of a cluster connects to it: `openPeerRuntime`). */
  databaseUrl?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (CI runs the suite both ways).
 */
export async function createTestRuntime(opts: { pgliteThread?: boolean } = {}): Promise<TestRuntime> {
  // TEST_PGLITE_THREAD=1 runs every file's PGlite in a worker thread, as `allforall serve` does.
  const thread = opts.pgliteThread ?? process.env.TEST_PGLITE_THREAD === "1";
  let database: Database;
  let databaseUrl: string | undefined;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const made = await createServerDatabase(serverUrl, "aff_test");
    databaseUrl = made.url;
    const inner = await openDatabase({ url: made.url });
    database = {
      ...inner,
      close: async () => {
        await inner.close();
        await made.drop();
      },
    };
  } else {
    const dumpPath = inject("pgliteDump");
    database = dumpPath
      ? await openDatabase({ loadDataDir: new Blob([readFileSync(dumpPath)]), migrate: true, thread })
      : await openDatabase({ thread });
  }
  const organisationId = await ensureDefaultOrganisation(database);
  let now: Date | null = null;
  const rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), organisationId, () => now ?? new Date());
  return { ...rt, setNow: (d: Date) => void (now = d), ...(databaseUrl ? { databaseUrl } : {}) };
}

/**
 * Another server process on the same PostgreSQL test database, as a cluster worker or another host would be: a
 * pool, a person index and read state of its own; the same field key, key store, organisation and clock. Closing
 * it leaves the first runtime's database and keys alone.
 */
export async function openPeerRuntime(rt: TestRuntime): Promise<Runtime> {
  if (!rt.databaseUrl) throw new Error("a peer runtime needs PostgreSQL (TEST_DATABASE_URL)");
  const database = await openDatabase({ url: rt.databaseUrl, migrate: false });
  const peer = buildRuntime(database, rt.cipher, pino({ level: "silent" }), rt.organisationId, () => rt.now(), rt.personKeys);
  return {
    ...peer,
    close: async () => {
      await flushAuditBuffer(database.db);
      await peer.people.close();
      await database.close();
    },
  };
}
