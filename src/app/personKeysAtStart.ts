import { existsSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { resealLinkedAppeals } from "../services/appeals/appealSeal.js";
import { sealClearFieldValues, sealedTables, sealPlaintextValues } from "../db/repositories/sealedValues.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import { INDEX_KEY_PREFIX, PersonKeyStore } from "../security/personKeys.js";
import { ident } from "../security/schemaTables.js";
import { hashUnhashedListRows } from "../services/lists/rowHashes.js";

/** Same server and database name (user, password and options aside). */
function sameDatabase(a: string, b: string): boolean {
  const key = (u: string) => {
    const x = new URL(u);
    return `${x.hostname}:${x.port || "5432"}/${x.pathname.replace(/^\//, "")}`;
  };
  try {
    return key(a) === key(b);
  } catch {
    return false;
  }
}

// Opening the per-person key store at start-up, after the SQL migrations: it refuses a database whose keys are
// missing, seals what an older version stored in clear (the data migration of sealed names), and deletes keys
// whose person is gone (an erasure interrupted between its commit and the key's deletion). `openRuntime` opens
// every process's store through `openPersonKeys`.

/** The steps of `openPersonKeys`, named to the caller as each ends (the start-up's log: src/app/runtime.ts). */
export type PersonKeysStep = "keyStore" | "keyPasses" | "keyChecks";

/**
 * `where`: the key store file, or the key store database (KEYSTORE_URL; `dataUrl` is the data database's, which it
 * must not be).
 * `checks: false` (a cluster worker after the host's first, which ran all of this moments before on the same database and store):
 * the store is opened and nothing else — the data passes and the key checks are each a read of the whole registry.
 * `passes`: whether the data passes are due — false when this code already ran them on this database
 * (src/app/dataPasses.ts); a promise when the caller asked the database before this (answered while the key file is
 * read). Every person's id is asked of the database before the store is read, for the same reason.
 */
export async function openPersonKeys(
  database: Database,
  cipher: FieldCipher,
  where: KeyStoreWhere,
  log: Logger,
  { checks = true, passes = checks, step }: { checks?: boolean; passes?: boolean | Promise<boolean>; step?: (name: PersonKeysStep) => void } = {},
): Promise<PersonKeyStore> {
  const everyone = checks ? personIds(database) : undefined;
  const due = Promise.resolve(passes);
  for (const p of [everyone, due]) p?.catch(() => undefined); // awaited below; a refusal first must not leave them unhandled
  const store = await openKeyStore(database, cipher, where);
  step?.("keyStore");
  if (!checks) return store;
  try {
    if (await due) await sealWhatOlderVersionsLeftInClear(database, cipher, log);
    step?.("keyPasses");
    await checkKeysOfEveryone(database, store, log, await everyone!);
  } catch (e) {
    // Refused: the store (a thread of its own with KEYSTORE_URL) is not left open behind the refusal.
    await store.close().catch(() => undefined);
    throw e;
  }
  step?.("keyChecks");
  return store;
}

export type KeyStoreWhere = string | { url: string; dataUrl: string | undefined };

/** The key store opened (every key read, still wrapped), or refused: missing while values are sealed, or the data database itself. */
export async function openKeyStore(database: Database, cipher: FieldCipher, where: KeyStoreWhere): Promise<PersonKeyStore> {
  if (typeof where === "string" && !existsSync(where)) {
    const sealedAlready = rowsOf(await database.db.execute(sql`select 1 from person where left(primary_name, 3) = 'p1.' limit 1`)).length > 0;
    if (sealedAlready)
      throw new Error(`the person key file ${where} is missing, but the database holds values sealed under its keys: put it back (see "allforall keys backup" in docs/security.md, or set ALLFORALL_PERSON_KEYS); without it every name reads as erased`);
  }
  if (typeof where !== "string" && where.dataUrl && sameDatabase(where.url, where.dataUrl))
    throw new Error("KEYSTORE_URL names the data database: the per-person keys must live in a database of their own (erasure must reach a store that data backups do not copy)");
  return typeof where === "string" ? PersonKeyStore.openFile(where, cipher) : PersonKeyStore.openDatabase(where.url, cipher);
}

/**
 * Every person's id, as one text (not a row per person: 100,000 rows cost the database thread a second to hand over).
 * Asked before the key store is read, so that the database (PGlite's thread, or the server) reads them meanwhile.
 */
export async function personIds(database: Database): Promise<Set<string>> {
  const [all] = rowsOf<{ ids: string | null }>(await database.db.execute(sql`select string_agg(id::text, ',') as ids from person`));
  return new Set(all?.ids ? all.ids.split(",") : []);
}

/** The data passes of the person keys: values an older version stored in clear (or under the field key) sealed. */
export async function sealWhatOlderVersionsLeftInClear(database: Database, cipher: FieldCipher, log: Logger): Promise<void> {
  const db = database.db;
  // List rows of versions stored before row hashes: hashed while still in clear, then sealed with the rest.
  const hashed = await hashUnhashedListRows(db);
  if (hashed) log.info({ rows: hashed }, "exchange lists: row hashes taken for versions stored before them");
  const sealed: Record<string, number> = { ...(await sealPlaintextValues(db)), ...(await sealClearFieldValues(db, cipher)) };
  // Appeals an older version linked while their content stayed under the field key: under the person's key now.
  const appeals = await resealLinkedAppeals(db, cipher);
  if (appeals) sealed.appeal = (sealed.appeal ?? 0) + appeals;
  if (Object.keys(sealed).length) {
    log.info({ sealed }, "person keys: values stored in clear by an older version are now sealed under each person's key");
    // The clear values stay in dead row versions until the table is rewritten; the WAL keeps them until it is
    // recycled (docs/security.md).
    for (const t of new Set([...(await sealedTables()).map((t) => t.name), ...Object.keys(sealed)])) await db.execute(sql.raw(`vacuum full ${ident(t)}`));
    await db.execute(sql`checkpoint`).catch(() => undefined);
  }
}

/**
 * Every person has a key (else refused); keys of people gone (an interrupted erasure) are deleted. `people`: every
 * person's id (personIds), read after the data passes or before — they change no id.
 */
export async function checkKeysOfEveryone(database: Database, store: PersonKeyStore, log: Logger, people: Set<string>): Promise<void> {
  const path = store.where;
  const known = new Set(store.ids());
  let missing = [...people].filter((id) => !known.has(id));
  // Every id was read before the store: a person another process erased in between (their key deleted after the
  // rows' commit) is no longer in the database, and no missing key.
  if (missing.length) missing = await stillPresent(database, missing);
  if (missing.length)
    throw new Error(
      `${missing.length} people have no data key in ${path} (a key store older than the database, or another one?): restore the newest key store backup; without their keys their names read as erased`,
    );
  // With one process owning the database (PGlite) no other transaction can be creating a person right now.
  if (database.kind === "pglite") {
    // Person index snapshot keys are no person's (src/services/directory/snapshot.ts).
    const orphans = [...known].filter((id) => !people.has(id) && !id.startsWith(INDEX_KEY_PREFIX));
    if (orphans.length) {
      store.erase(orphans);
      log.info({ keys: orphans.length }, "person keys: deleted the keys of people no longer in the database");
    }
  } else {
    // PostgreSQL: another worker or host may be creating a person now (the key is made before the row commits), so a
    // key without a person goes only when the audit log says that person was erased or merged away — an erasure or
    // merge whose commit a crash separated from the key's deletion. Deleting it takes every snapshot key too
    // (PersonKeyStore.erase): a snapshot taken before the erasure holds the person's names.
    const candidates = [...known].filter((id) => !people.has(id) && !id.startsWith(INDEX_KEY_PREFIX));
    const gone = candidates.length ? await erasedOrMergedAway(database, candidates) : [];
    if (gone.length) {
      store.erase(gone);
      log.info({ keys: gone.length }, "person keys: deleted the keys of people erased or merged away (an interrupted erasure)");
    }
  }
}

/** Of these people's ids, those still in the database. */
async function stillPresent(database: Database, ids: string[]): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await database.db.execute(sql`select id::text as id from person where id = any(${`{${ids.join(",")}}`}::uuid[])`));
  return rows.map((r) => r.id);
}

/** Of these ids, those the audit log records as erased or merged into another record (never created again). */
async function erasedOrMergedAway(database: Database, ids: string[]): Promise<string[]> {
  const list = sql`(select unnest(${`{${ids.join(",")}}`}::text[]))`;
  const rows = rowsOf<{ id: string }>(
    await database.db.execute(sql`select target_id as id from audit_event where type = 'person.erased' and target_type = 'person' and target_id in ${list}
      union select detail->>'mergedId' from audit_event where type = 'person.merged' and detail->>'mergedId' in ${list}`),
  );
  return rows.map((r) => r.id);
}
