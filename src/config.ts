import { resolve } from "node:path";

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL: the tables' owner, for migrations and restore; the server then runs as DATABASE_URL's role (src/db/runtimeRole.ts). */
  databaseOwnerUrl: string | undefined;
  keyFile: string;
  envKey: string | undefined;
  /** The per-person data keys (cryptographic erasure), wrapped by the field key; kept apart from data backups. */
  personKeyFile: string;
  /**
   * The per-person data keys in a PostgreSQL database of their own (KEYSTORE_URL) instead of personKeyFile: for
   * several hosts sharing one data database. Not the data database: erasure must reach a store its backups lack.
   */
  keystoreUrl: string | undefined;
  /**
   * The sealed snapshot of the person index on this host (src/services/directory/snapshot.ts), beside the key file;
   * null (ALLFORALL_INDEX_SNAPSHOT=off): every start builds from the database.
   */
  indexSnapshotFile: string | null;
  /**
   * The full build of the person index builds the matcher in a thread of its own (matcherThread.ts); false
   * (ALLFORALL_INDEX_MATCHER_THREAD=off): on the main thread, as before session 9 — to compare the two on a machine.
   */
  indexMatcherThread: boolean;
  publicBaseUrl: string;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const dataDir = resolve(overrides.dataDir ?? env.ALLFORALL_DATA ?? "./data");
  const port = overrides.port ?? Number(env.PORT ?? 8080);
  const host = overrides.host ?? env.HOST ?? "127.0.0.1";
  return {
    port,
    host,
    dataDir,
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    databaseOwnerUrl: overrides.databaseOwnerUrl ?? (env.DATABASE_OWNER_URL || undefined),
    // The key sits beside the data folder, never inside the database; production sets ALLFORALL_KEY(_FILE).
    keyFile: resolve(overrides.keyFile ?? env.ALLFORALL_KEY_FILE ?? `${dataDir}.key`),
    envKey: overrides.envKey ?? (env.ALLFORALL_KEY || undefined),
    // Beside the field key (moved with it when ALLFORALL_KEY_FILE points elsewhere), never inside the data folder.
    personKeyFile: resolve(overrides.personKeyFile ?? env.ALLFORALL_PERSON_KEYS ?? `${overrides.keyFile ?? env.ALLFORALL_KEY_FILE ?? `${dataDir}.key`}.people`),
    keystoreUrl: overrides.keystoreUrl ?? (env.KEYSTORE_URL || undefined),
    indexSnapshotFile:
      overrides.indexSnapshotFile !== undefined ? overrides.indexSnapshotFile : env.ALLFORALL_INDEX_SNAPSHOT === "off" ? null : resolve(env.ALLFORALL_INDEX_SNAPSHOT ?? `${overrides.keyFile ?? env.ALLFORALL_KEY_FILE ?? `${dataDir}.key`}.index`),
    indexMatcherThread: overrides.indexMatcherThread ?? env.ALLFORALL_INDEX_MATCHER_THREAD !== "off",
    publicBaseUrl: overrides.publicBaseUrl ?? env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? "info",
  };
}
