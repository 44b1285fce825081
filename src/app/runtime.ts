import { flushAuditBuffer } from "../services/auditBuffer.js";
import { connectedRoleOwnsAuditLog, grantRuntimeRole, roleOfUrl } from "../db/runtimeRole.js";
import { existsSync } from "node:fs";
import { safeLogger } from "./safeErrors.js";
import { codeRegionTexts } from "../db/repositories/regions.js";
import { regionFromText } from "../domain/vocabulary/regions.js";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { openDatabase, type Database } from "../db/client.js";
import { initDataDir } from "../db/initDataDir.js";
import { organisation } from "../db/schema/organisation.js";
import { loadFieldCipher } from "../security/keyStore.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import type { AppConfig } from "../config.js";
import type { Actor, ServiceContext } from "../services/context.js";
import { PeopleDirectory } from "../services/directory/directory.js";
import { PersonKeyStore } from "../security/personKeys.js";
import { openPersonKeys } from "./personKeysAtStart.js";
import { hashLegacyAssignments } from "../db/repositories/assignees.js";
import { abortListBuilds } from "../services/lists/background.js";
import { dataPassesDone, recordDataPasses } from "./dataPasses.js";

// Everything a process (server, CLI command, test) needs to call services.
export interface Runtime {
  database: Database;
  cipher: FieldCipher;
  /** Per-person data keys (file beside the field key; in memory for tests). */
  personKeys: PersonKeyStore;
  log: Logger;
  organisationId: string;
  /** The person index (built in the background by the server, on first use elsewhere). */
  people: PeopleDirectory;
  /** The clock every context of this runtime reads (tests may set it). */
  now(): Date;
  ctx(actor: Actor, since?: number): ServiceContext;
  systemCtx(label?: string): ServiceContext;
  close(): Promise<void>;
}

export const DEFAULT_ORGANISATION_SLUG = "default";

export async function ensureDefaultOrganisation(database: Database): Promise<string> {
  const db = database.db;
  const found = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.slug, DEFAULT_ORGANISATION_SLUG)).limit(1);
  if (found[0]) return found[0].id;
  await db.insert(organisation).values({ slug: DEFAULT_ORGANISATION_SLUG, name: "Default organisation" }).onConflictDoNothing();
  const again = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.slug, DEFAULT_ORGANISATION_SLUG)).limit(1);
  return again[0]!.id;
}

export function buildRuntime(database: Database, cipher: FieldCipher, log: Logger, organisationId: string, now: () => Date = () => new Date(), personKeys: PersonKeyStore = PersonKeyStore.memory(cipher)): Runtime {
  const people = new PeopleDirectory(database, log);
  const ctx = (actor: Actor, since?: number): ServiceContext => ({ db: database.db, dbKind: database.kind, cipher, actor, log, now, people, ...(since === undefined ? {} : { since }) });
  return {
    database,
    cipher,
    personKeys,
    log,
    organisationId,
    people,
    now,
    ctx,
    systemCtx: (label = "system") => ctx({ kind: "system", organisationId, label }),
    close: async () => {
      // Lists being built in the background stop at their next chunk; they stay "building" and the next start resumes them.
      await abortListBuilds(database.db);
      // Reads audited in batches (src/services/auditBuffer.ts) are written before the database closes.
      await flushAuditBuffer(database.db).catch((e: unknown) => log.error({ err: e }, "audit entries of reads not written"));
      await people.close();
      await database.close();
      await personKeys.close();
    },
  };
}

/**
 * `migrate: false` is a cluster worker's open (`serve --workers`) after the host's first worker has just run the SQL
 * migrations, the data passes over what older versions stored and the key store's checks on the same database
 * (src/cli/databaseOpening.ts); it skips all three (each pass reads the whole registry, and every worker repeating
 * them delayed its index build).
 */
export async function openRuntime(config: AppConfig, opts: { log?: Logger; migrate?: boolean; thread?: boolean } = {}): Promise<Runtime> {
  const log = opts.log ?? safeLogger(config.logLevel);
  // When each step of opening ended (ms from here), logged: what a start spends before it can build and listen.
  const t0 = performance.now();
  const steps: Record<string, number> = {};
  const step = (name: string) => (steps[name] = Math.round(performance.now() - t0));
  if (!config.databaseUrl) await initDataDir(config.dataDir);
  const migrate = opts.migrate ?? true;
  // PostgreSQL with a separate owner: migrate as the owner and grant the server's role its DML, then run as that role.
  const asOwner = !!config.databaseUrl && !!config.databaseOwnerUrl && config.databaseOwnerUrl !== config.databaseUrl;
  if (asOwner && migrate) {
    const owner = await openDatabase({ url: config.databaseOwnerUrl, migrate: true });
    try {
      await grantRuntimeRole(owner.db, roleOfUrl(config.databaseUrl!));
    } finally {
      await owner.close();
    }
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, migrate: migrate && !asOwner, thread: opts.thread ?? false });
  if (database.kind === "postgres" && config.databaseOwnerUrl !== config.databaseUrl && (await connectedRoleOwnsAuditLog(database.db)))
    log.warn("the server's database role owns the tables (or is a superuser): with its credentials the audit triggers can be disabled. Give the server a role of its own and the owner in DATABASE_OWNER_URL (docs/security.md, \"Audit log\")");
  // A new key is made only for a new database: for one that already has data, a missing key file means the
  // sealed fields can no longer be opened, and silently starting a fresh key would hide that.
  const [used] = await database.db.select({ id: organisation.id }).from(organisation).limit(1);
  step("database");
  let cipher: FieldCipher;
  try {
    cipher = loadFieldCipher({ envKey: config.envKey, keyFile: config.keyFile, createIfMissing: !used });
  } catch (e) {
    await database.close();
    throw used && !config.envKey && !existsSync(config.keyFile)
      ? new Error(`the key file ${config.keyFile} is missing, but the database already holds data sealed with it: put the key file back (or set ALLFORALL_KEY / ALLFORALL_KEY_FILE); a new key could not open those fields`)
      : e;
  }
  // Whether the data passes ran for this code on this database already (its record, src/app/dataPasses.ts: then not
  // again), asked of the database (PGlite's thread, or the server) before this thread reads the key store, answered
  // meanwhile; openPersonKeys asks every person's id the same way.
  const due = migrate ? dataPassesDone(database.db).then((done) => !done) : Promise.resolve(false);
  due.catch(() => undefined); // awaited below; a refusal first must not leave it unhandled
  let personKeys: PersonKeyStore;
  try {
    const where = config.keystoreUrl ? { url: config.keystoreUrl, dataUrl: config.databaseUrl } : config.personKeyFile;
    personKeys = await openPersonKeys(database, cipher, where, log, { checks: migrate, passes: due, step });
  } catch (e) {
    await database.close();
    throw e;
  }
  const passes = await due;
  const organisationId = await ensureDefaultOrganisation(database);
  // Data passes over what older versions stored: run by whoever migrates (of a host's cluster workers, the first),
  // once per code.
  if (passes) {
    // Assignments kept with the user's id in clear by an older version become keyed hashes (src/security/assignmentKeys.ts).
    const hashed = await hashLegacyAssignments(database.db, cipher);
    if (hashed) log.info({ assignments: hashed }, "assignments: user ids replaced by keyed hashes");
    // Regions stored as free text by older versions become ISO 3166-2 codes; unknown texts are kept as they are.
    const regions = await codeRegionTexts(database.db, regionFromText);
    if (regions.coded || regions.unknown) log.info(regions, "regions: free text read as codes");
    await recordDataPasses(database.db, new Date());
  }
  step("dataPasses");
  log.info({ steps, dataPasses: passes ? "ran" : migrate ? "ran before for this code" : "left to the first worker" }, "runtime opened");
  return buildRuntime(database, cipher, log, organisationId, () => new Date(), personKeys);
}
