import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime } from "../app/runtime.js";
import { loadConfig } from "../config.js";
import { createPerson } from "../services/people.js";
import { FieldCipher, newFieldKey } from "./fieldCipher.js";
import { backupPersonKeyDatabase, restorePersonKeyDatabase } from "./personKeyDatabase.js";
import { ERASED_VALUE, openSealed, PersonKeyStore, sealFor } from "./personKeys.js";
import { heldKey } from "./keyRegistry.js";

// KEYSTORE_URL: the per-person keys in a PostgreSQL database of their own, for several hosts sharing one data
// database (docs/security.md "Names and case texts are sealed under each person's own key"). Two databases on the
// test server: the data, and the keys.

const server = process.env.TEST_DATABASE_URL;
if (!server) console.warn("key store database tests skipped: they need PostgreSQL (TEST_DATABASE_URL)");

const suffix = randomBytes(4).toString("hex");
const names = { keys: `aff_keys_${suffix}`, keys2: `aff_keys2_${suffix}`, runtimeKeys: `aff_keys3_${suffix}`, snapshotKeys: `aff_keys4_${suffix}`, race: `aff_keys5_${suffix}`, data: `aff_ksdata_${suffix}` };
const urlOf = (db: string) => server!.replace(/\/[^/]*$/, `/${db}`);
const dir = mkdtempSync(join(tmpdir(), "aff-keystore-"));

async function admin<T>(fn: (c: pg.Client) => Promise<T>, db?: string): Promise<T> {
  const c = new pg.Client({ connectionString: db ? urlOf(db) : server });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe.skipIf(!server)("the person key store in a database of its own (KEYSTORE_URL)", () => {
  beforeAll(async () => {
    await admin(async (c) => {
      for (const db of Object.values(names)) await c.query(`create database ${db}`);
    });
  });
  afterAll(async () => {
    await admin(async (c) => {
      for (const db of Object.values(names)) await c.query(`drop database if exists ${db} with (force)`);
    });
    rmSync(dir, { recursive: true, force: true });
  });

  // Two hosts making a key for the same person at once (each host's first worker sealing what an older version left in
  // clear): the row the key database kept is the key both use; the other's key, never stored, would seal values
  // nobody could open again.
  it("takes the key another host stored for the same person meanwhile (its insert won)", async () => {
    const cipher = new FieldCipher([newFieldKey()]);
    const store = PersonKeyStore.openDatabase(urlOf(names.race), cipher);
    const id = crypto.randomUUID();
    const theirs = randomBytes(32);
    await admin((c) => c.query("insert into person_key (person_id, wrapped) values ($1, $2)", [id, cipher.seal(`${id}:${theirs.toString("hex")}`)]), names.race);
    store.createMany([id]);
    expect(heldKey(id)).toEqual(theirs);
    expect(store.ids()).toEqual([id]);
  });

  it("keeps each key wrapped in its own row, finds keys another host added, deletes a key on erasure, rewraps on rotation", async () => {
    const cipher = new FieldCipher([newFieldKey()]);
    const store = PersonKeyStore.openDatabase(urlOf(names.keys), cipher);
    const gorinov = crypto.randomUUID();
    const sealed = sealFor(gorinov, "Горинов Алексей Александрович");
    expect(openSealed(sealed)).toBe("Горинов Алексей Александрович");
    const rows = await admin((c) => c.query<{ person_id: string; wrapped: string }>("select person_id, wrapped from person_key"), names.keys);
    expect(rows.rows.map((r) => r.person_id)).toEqual([gorinov]);
    // Wrapped by the field key: the row alone does not give the key.
    expect(rows.rows[0]!.wrapped).toMatch(/^v1\./);

    // Another host creates a person: its key row appears in the key database, and this process finds it on first use.
    const other = crypto.randomUUID();
    const key = randomBytes(32);
    await admin((c) => c.query("insert into person_key (person_id, wrapped) values ($1, $2)", [other, cipher.seal(`${other}:${key.toString("hex")}`)]), names.keys);
    expect(store.refresh(other)?.equals(key)).toBe(true);
    expect(store.ids().sort()).toEqual([gorinov, other].sort());
    // A host's snapshot keys asked for by their prefix (the sweep at start), not every person's id.
    const snapshotKey = store.createIndexKey("0123456789ab").id;
    expect(store.ids("index-0123456789ab-")).toEqual([snapshotKey]);
    expect(store.ids("index-ffffffffffff-")).toEqual([]);
    store.dropIndexKey(snapshotKey);

    // Erasure deletes the row: values sealed under the key can no longer be opened, here or anywhere.
    store.erase([gorinov]);
    expect(openSealed(sealed)).toBe(ERASED_VALUE);
    expect((await admin((c) => c.query("select 1 from person_key where person_id = $1", [gorinov]), names.keys)).rowCount).toBe(0);

    // Key rotation: every row wrapped under the new field key; a store opened with only the new key reads them.
    const rotated = new FieldCipher([newFieldKey(), ...cipher.keys()]);
    expect(store.rewrap(rotated)).toBe(1);
    await store.close();
    const reopened = PersonKeyStore.openDatabase(urlOf(names.keys), new FieldCipher([rotated.current]));
    expect(reopened.refresh(other)?.equals(key)).toBe(true);

    // Backup to a file (the same format as the key store file) and restore into an empty key database.
    const file = join(dir, "keys.backup");
    expect(backupPersonKeyDatabase(urlOf(names.keys), file)).toBe(1);
    expect(readFileSync(file, "utf8")).toContain(other);
    expect(restorePersonKeyDatabase(file, urlOf(names.keys2), false)).toBe(1);
    expect(() => restorePersonKeyDatabase(file, urlOf(names.keys2), false)).toThrow(/--force/);
    expect(restorePersonKeyDatabase(file, urlOf(names.keys2), true)).toBe(1);
    await reopened.close();
  });

  it("keeps person index snapshot keys beside people's: another host reads them; erasing anyone deletes them all, replacing one deletes only it", async () => {
    const cipher = new FieldCipher([newFieldKey()]);
    const store = PersonKeyStore.openDatabase(urlOf(names.snapshotKeys), cipher);
    const person = crypto.randomUUID();
    sealFor(person, "Шевченко Олена");
    const hostA = store.createIndexKey();
    const hostB = store.createIndexKey();
    expect(hostA.id).toMatch(/^index-[0-9a-f]{24}$/);
    // Read from the key database and unwrapped (bound to its id), as a new process on another host does.
    expect(store.indexKey(hostA.id)?.equals(hostA.key)).toBe(true);
    // A new snapshot on host A replaces its old one: only that key goes.
    const hostA2 = store.createIndexKey();
    store.dropIndexKey(hostA.id);
    expect([store.indexKey(hostA.id), !!store.indexKey(hostA2.id), !!store.indexKey(hostB.id)]).toEqual([undefined, true, true]);
    // An erasure anywhere: every snapshot key goes (every host's snapshot holds the person's names), people's stay.
    const other = crypto.randomUUID();
    sealFor(other, "Іваненко Ганна");
    store.erase([person]);
    const left = await admin((c) => c.query<{ person_id: string }>("select person_id from person_key order by 1"), names.snapshotKeys);
    expect(left.rows.map((r) => r.person_id)).toEqual([other]);
    expect([store.indexKey(hostA2.id), store.indexKey(hostB.id)]).toEqual([undefined, undefined]);
    await store.close();
  });

  it("a runtime with KEYSTORE_URL writes people's keys there and no key file; refuses the data database as key store", async () => {
    const env = { ALLFORALL_KEY: randomBytes(32).toString("hex"), LOG_LEVEL: "silent" };
    const config = loadConfig(env, { dataDir: join(dir, "data"), databaseUrl: urlOf(names.data), keystoreUrl: urlOf(names.runtimeKeys) });
    const rt = await openRuntime(config, { log: (await import("pino")).default({ level: "silent" }) });
    try {
      const p = await createPerson(rt.systemCtx(), { primaryName: "Ключева Мария Павловна", category: "ru_political_prisoner", status: "detained" });
      const keyRows = await admin((c) => c.query("select 1 from person_key where person_id = $1", [p.id]), names.runtimeKeys);
      expect(keyRows.rowCount).toBe(1);
      expect(existsSync(config.personKeyFile)).toBe(false);
      // The data database holds the name sealed, and no key.
      const data = await admin((c) => c.query<{ primary_name: string }>("select primary_name from person where id = $1", [p.id]), names.data);
      expect(data.rows[0]!.primary_name).toMatch(/^p1\./);
    } finally {
      await rt.close();
    }
    await expect(openRuntime({ ...config, keystoreUrl: urlOf(names.data) }, { log: (await import("pino")).default({ level: "silent" }) })).rejects.toThrow(/database of their own/);
  }, 120_000);
});
