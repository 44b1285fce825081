import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import type { FieldCipher } from "./fieldCipher.js";
import { SyncPg } from "./keyStoreDatabase.js";
import { forgetKey, heldKey, registry, setActiveStore, unwrapKey, wrappedKeys } from "./keyRegistry.js";
import { firstLine, recoverInterruptedRewrite, removeFile, wholeLinesEnd, withLock, writeAtomic } from "./keyStoreFile.js";

// Per-person data keys (cryptographic erasure). Every sealed value of a person (names, case texts, notes) is
// AES-256-GCM under that person's own random key; the keys live in a key store kept apart from the data and
// from data backups, each wrapped by the field key. Erasing a person deletes their key from the store, so the
// copies of their values that outlive the rows — WAL segments, dead tuples, older data backups — can no
// longer be opened by anyone.
//
// Value format: "p1.<personId>.<iv>.<ciphertext>.<tag>" (base64url). The person id names the key and is the
// associated data, so a value cannot be moved to another person's key. Reading happens inside Drizzle's
// column mapping (src/db/schema/sealed.ts), which is synchronous: the keys of the process's store are held in
//
// This file: the store itself. The sealing and opening of values: personSeal.ts; the file's rewrite and lock:
// keyStoreFile.ts; the process's registry of keys: keyRegistry.ts.

export * from "./personSeal.js";
export { backupPersonKeyFile, KEY_STORE_HEADER, restorePersonKeyFile } from "./keyStoreFile.js";

/** Ids of person index snapshot keys in the store (src/services/directory/snapshot.ts); never a person id (a uuid), and no ":" (a wrapped key binds "id:key"). */
export const INDEX_KEY_PREFIX = "index-";
export const KEY_TABLE_DDL = "create table if not exists person_key (person_id text primary key, wrapped text not null)";

/**
 * Where the per-person keys live. `file`: one file beside the field key (mode 0600), one line per person,
 * appended when a person is created and rewritten without the line when a person is erased. `database`: a
 * PostgreSQL database of its own (KEYSTORE_URL), for several hosts sharing one data database — one row per person,
 * the same wrapped key; deleted on erasure. `memory`: tests.
 */
export class PersonKeyStore {
  private size = 0;
  private ino = 0;
  /** The first line of the file read (each rewrite marks it): the same inode and size may be another file. */
  private head = "";
  /** The ids of the file's lines as of `size` and `ino` (read, appended by us or seen appended): `ids` without a re-read. */
  private fileIds: string[] = [];
  private db: SyncPg | null = null;
  // Ids just looked up in the key database and not found (erased people): not asked again for a few seconds.
  private readonly absent = new Map<string, number>();
  private constructor(
    readonly path: string | null,
    private cipher: FieldCipher,
  ) {}

  /** The key store database (KEYSTORE_URL): its table is created on first use; every key is unwrapped into memory. */
  static openDatabase(url: string, cipher: FieldCipher): PersonKeyStore {
    const s = new PersonKeyStore(null, cipher);
    s.db = new SyncPg(url);
    s.db.query(KEY_TABLE_DDL);
    s.loadAll();
    setActiveStore(s);
    return s;
  }

  /** Where the keys are, for messages: the file, or the key store database. */
  get where(): string {
    return this.db ? "the key store database (KEYSTORE_URL)" : (this.path ?? "memory");
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = null;
  }

  static memory(cipher: FieldCipher): PersonKeyStore {
    const s = new PersonKeyStore(null, cipher);
    setActiveStore(s);
    return s;
  }

  /** Open (or create, empty) the key store file; every key in it is unwrapped into memory. */
  static openFile(path: string, cipher: FieldCipher): PersonKeyStore {
    recoverInterruptedRewrite(path);
    if (!existsSync(path)) writeAtomic(path, []);
    const s = new PersonKeyStore(path, cipher);
    s.loadAll();
    setActiveStore(s);
    return s;
  }

  /** The field key the store's keys are wrapped by (it also seals values that belong to no person). */
  fieldCipher(): FieldCipher {
    return this.cipher;
  }

  /** Make this store the one new keys go into (tests that reopen an older runtime). */
  activate(): void {
    setActiveStore(this);
  }

  private unwrapLine(line: string): [string, Buffer] | undefined {
    const [id, wrapped] = line.split(" ");
    if (!id || !wrapped || line.startsWith("#")) return undefined;
    return [id, unwrapKey(this.cipher, id, wrapped)];
  }

  /**
   * Bytes of the file's text `buf` that are lines. A last line without its newline is another process's append not
   * finished yet (`refresh` reads it once whole) — unless it opens, as the last line of a file edited by hand may.
   */
  private linesEnd(buf: Buffer): number {
    const end = wholeLinesEnd(buf);
    const [id, wrapped] = buf.subarray(end).toString("utf8").trim().split(" ");
    if (!id || !wrapped || id.startsWith("#")) return end;
    try {
      unwrapKey(this.cipher, id, wrapped);
      return buf.length;
    } catch {
      return end;
    }
  }

  /** Keep a key as the store has it, to be unwrapped on first use (`heldKey`); a key unwrapped already stays. */
  private remember(id: string | undefined, wrapped: string | undefined): boolean {
    if (!id || !wrapped || id.startsWith("#") || registry.has(id)) return false;
    wrappedKeys.set(id, { wrapped, cipher: this.cipher });
    return true;
  }

  /**
   * Every key of the store into the registry, wrapped. One per field key named is unwrapped at once: a wrong or
   * missing field key is refused here, at start-up, not at the first read of a person's names.
   */
  private loadAll(): void {
    // A line per field key ("v1.<key id>." begins each wrapped key).
    const firsts = new Map<string, [string, string]>();
    const first = (id: string, wrapped: string) => {
      const kid = wrapped.slice(0, wrapped.indexOf(".", wrapped.indexOf(".") + 1));
      if (!firsts.has(kid)) firsts.set(kid, [id, wrapped]);
    };
    if (this.db) {
      for (const r of this.db.query<{ person_id: string; wrapped: string }>("select person_id, wrapped from person_key")) {
        this.remember(r.person_id, r.wrapped);
        first(r.person_id, r.wrapped);
      }
    } else {
      // The size and inode of what was read (an erasure or restore may replace the file meanwhile).
      const fd = openSync(this.path!, "r");
      let buf: Buffer;
      try {
        this.ino = fstatSync(fd).ino;
        this.head = firstLine(fd);
        buf = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
      const end = this.linesEnd(buf);
      this.fileIds = [];
      for (const line of buf.subarray(0, end).toString("utf8").split("\n")) {
        const [id, wrapped] = line.trim().split(" ");
        if (id && !id.startsWith("#")) this.fileIds.push(id);
        if (!id || !wrapped || id.startsWith("#")) continue;
        this.remember(id, wrapped);
        first(id, wrapped);
      }
      this.size = end;
    }
    for (const [id, wrapped] of firsts.values()) unwrapKey(this.cipher, id, wrapped);
  }

  /** The file is the one read (appended to since, perhaps): its inode, and the first line its last rewrite marked. */
  private sameFile(ino: number): boolean {
    if (ino !== this.ino) return false;
    let fd: number | undefined;
    try {
      fd = openSync(this.path!, "r");
      return firstLine(fd) === this.head;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Another process (a worker on the same PostgreSQL) may have added keys: read what was appended since. */
  refresh(personId: string): Buffer | undefined {
    if (this.db) return this.refreshFromDatabase(personId);
    return this.catchUp() ? heldKey(personId) : undefined;
  }

  /** The file's keys appended (or rewritten) since it was read, taken in; false when it has not changed. */
  private catchUp(): boolean {
    if (!this.path || !existsSync(this.path)) return false;
    const st = statSync(this.path);
    const same = this.sameFile(st.ino);
    if (same && st.size === this.size) return false;
    if (!same || st.size < this.size) this.loadAll();
    else {
      // Whole lines only: another process's append may be half written (a batch spans pages); the rest is read next time.
      const tail = readFileSync(this.path).subarray(this.size);
      const end = wholeLinesEnd(tail);
      for (const line of tail.subarray(0, end).toString("utf8").split("\n")) {
        const [id, wrapped] = line.trim().split(" ");
        if (id && !id.startsWith("#")) this.fileIds.push(id);
        this.remember(id, wrapped);
      }
      this.size += end;
    }
    return true;
  }

  private refreshFromDatabase(personId: string): Buffer | undefined {
    const now = Date.now();
    const missed = this.absent.get(personId);
    if (missed !== undefined && now - missed < 5_000) return undefined;
    const [r] = this.db!.query<{ wrapped: string }>("select wrapped from person_key where person_id = $1", [personId]);
    if (!r) {
      if (this.absent.size > 10_000) this.absent.clear();
      this.absent.set(personId, now);
      return undefined;
    }
    const kv = this.unwrapLine(`${personId} ${r.wrapped}`);
    if (kv) registry.set(kv[0], kv[1]);
    return registry.get(personId);
  }

  /** A new random key for a person, written (and fsynced) before any value sealed under it can be stored. */
  create(personId: string): Buffer {
    this.createMany([personId]);
    return heldKey(personId)!;
  }

  /** Keys for every person of `personIds` that has none, in one write and one fsync (an import's batch). */
  createMany(personIds: string[]): void {
    const ids = [...new Set(personIds)].filter((id) => !registry.has(id) && !wrappedKeys.has(id));
    if (!ids.length) return;
    // The batch's keys from one call into the CSPRNG (one call per key was ≈ 1 % of an import's importer thread),
    // each copied into a buffer of its own and the shared bytes wiped.
    const bytes = randomBytes(32 * ids.length);
    let fresh = ids.map((id, i) => [id, Buffer.from(bytes.subarray(32 * i, 32 * i + 32))] as const);
    bytes.fill(0);
    if (this.db) {
      // Committed in the key database before any value sealed under these keys can reach the data database.
      const params: string[] = [];
      const values = fresh.map(([id, key], i) => (params.push(id, this.cipher.seal(`${id}:${key.toString("hex")}`)), `($${2 * i + 1}, $${2 * i + 2})`));
      const inserted = this.db.query<{ person_id: string }>(
        `insert into person_key (person_id, wrapped) values ${values.join(", ")} on conflict (person_id) do nothing returning person_id`,
        params,
      );
      for (const [id] of fresh) this.absent.delete(id);
      // Another host stored a key for one of them meanwhile (each host's first worker sealing what an older version
      // left in clear): the stored key is the person's, read back; ours, never stored, must seal nothing.
      if (inserted.length < fresh.length) {
        const stored = new Set(inserted.map((r) => r.person_id));
        fresh = fresh.filter(([id, key]) => stored.has(id) || (key.fill(0), this.refreshFromDatabase(id), false));
      }
    } else if (this.path) {
      withLock(this.path, () => {
        // Another process may have appended a key for one of them since this one read the file: that key is the
        // person's (a second line would give them two keys, and the values sealed under the one not read back would
        // never open again).
        this.catchUp();
        fresh = fresh.filter(([id, key]) => !(registry.has(id) || wrappedKeys.has(id)) || (key.fill(0), false));
        if (!fresh.length) return;
        const line = fresh.map(([id, key]) => `${id} ${this.cipher.seal(`${id}:${key.toString("hex")}`)}\n`).join("");
        const fd = openSync(this.path!, "a+", 0o600);
        try {
          writeSync(fd, line);
          fsyncSync(fd);
          const st = fstatSync(fd);
          // Our own append is known; someone else's in between is picked up by the next refresh.
          if (st.ino === this.ino && firstLine(fd) === this.head && st.size === this.size + Buffer.byteLength(line)) {
            this.size = st.size;
            for (const [id] of fresh) this.fileIds.push(id);
          }
        } finally {
          closeSync(fd);
        }
      });
    }
    for (const [id, key] of fresh) registry.set(id, key);
  }

  has(personId: string): boolean {
    return registry.has(personId) || wrappedKeys.has(personId) || !!this.refresh(personId);
  }

  /** Ids with a key in this store (those beginning with `prefix`, if given). */
  ids(prefix = ""): string[] {
    if (prefix) {
      // The key database is asked for those ids only (100,000 people's ids are not read to sweep a few snapshot keys).
      if (this.db) return this.db.query<{ person_id: string }>("select person_id from person_key where starts_with(person_id, $1)", [prefix]).map((r) => r.person_id);
      return this.ids().filter((id) => id.startsWith(prefix));
    }
    if (this.db) return this.db.query<{ person_id: string }>("select person_id from person_key").map((r) => r.person_id);
    if (!this.path) return [...registry.keys()];
    // Unchanged since it was read (the start-up's check, right after opening): no second read of 100,000 lines.
    const st = existsSync(this.path) ? statSync(this.path) : null;
    if (st && st.size === this.size && this.sameFile(st.ino)) return [...this.fileIds];
    const buf = readFileSync(this.path);
    return buf
      .subarray(0, this.linesEnd(buf))
      .toString("utf8")
      .split("\n")
      .map((l) => l.split(" ")[0]!)
      .filter((id) => id && !id.startsWith("#"));
  }

  /**
   * Delete these people's keys: their values, wherever a copy survives, can no longer be opened. Every person index
   * snapshot's key goes too (on every host sharing this store), and this process's snapshot files: they hold the
   * names of everyone indexed when they were taken (src/services/directory/snapshot.ts).
   */
  erase(personIds: string[]): void {
    if (!personIds.length) return;
    this.deleteKeys(new Set(personIds), true);
    for (const f of this.snapshotFiles) removeFile(f);
  }

  private deleteKeys(gone: Set<string>, indexKeys: boolean): void {
    for (const id of gone) forgetKey(id);
    if (indexKeys) for (const id of [...registry.keys(), ...wrappedKeys.keys()]) if (id.startsWith(INDEX_KEY_PREFIX)) forgetKey(id);
    if (this.db) {
      this.db.query(`delete from person_key where person_id = any($1::text[])${indexKeys ? ` or person_id like '${INDEX_KEY_PREFIX}%'` : ""}`, [[...gone]]);
      return;
    }
    if (!this.path) return;
    withLock(this.path, () => {
      const lines = readFileSync(this.path!, "utf8")
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("#") && !gone.has(l.split(" ")[0]!) && !(indexKeys && l.startsWith(INDEX_KEY_PREFIX)));
      writeAtomic(this.path!, lines);
    });
    this.loadAll();
  }

  /** Snapshot files of this process, deleted on erasure with their keys. */
  private readonly snapshotFiles = new Set<string>();

  /** A snapshot file of this process: an erasure deletes it with the keys. */
  watchSnapshotFile(path: string): void {
    this.snapshotFiles.add(path);
  }

  /**
   * A fresh key for a person index snapshot, written to the store (fsynced) before anything is sealed under it. Its
   * id names the snapshot's `owner` (one host's file: src/services/directory/snapshot.ts `sweepUnusedKeys`).
   */
  createIndexKey(owner = ""): { id: string; key: Buffer } {
    const id = `${INDEX_KEY_PREFIX}${owner ? `${owner}-` : ""}${randomBytes(12).toString("hex")}`;
    return { id, key: this.create(id) };
  }

  /** A snapshot's key if the store still has it (asked of the store itself: another process may have erased it). */
  indexKey(id: string, snapshotFile?: string): Buffer | undefined {
    if (snapshotFile) this.snapshotFiles.add(snapshotFile);
    if (!id.startsWith(INDEX_KEY_PREFIX)) return undefined;
    if (!this.db && !this.path) return registry.get(id);
    // Read and unwrapped from the store each time (once per start-up), never from what this process holds.
    const wrapped = this.db
      ? this.db.query<{ wrapped: string }>("select wrapped from person_key where person_id = $1", [id])[0]?.wrapped
      : readFileSync(this.path!, "utf8")
          .split("\n")
          .find((l) => l.startsWith(`${id} `))
          ?.split(" ")[1];
    if (!wrapped) {
      forgetKey(id);
      return undefined;
    }
    return unwrapKey(this.cipher, id, wrapped);
  }

  /** Delete these snapshot keys (in one rewrite of the store). */
  dropIndexKeys(ids: string[]): void {
    const gone = ids.filter((id) => id.startsWith(INDEX_KEY_PREFIX));
    if (gone.length) this.deleteKeys(new Set(gone), false);
  }

  /** Delete one snapshot key (the snapshot it sealed was replaced, or never written). */
  dropIndexKey(id: string, snapshotFile?: string): void {
    if (snapshotFile) this.snapshotFiles.add(snapshotFile);
    if (id.startsWith(INDEX_KEY_PREFIX)) this.deleteKeys(new Set([id]), false);
  }

  /** Wrap every key under the cipher's current field key (key rotation); the keys themselves do not change. */
  rewrap(cipher: FieldCipher): number {
    this.cipher = cipher;
    if (this.db) {
      const rows = this.db.query<{ person_id: string; wrapped: string }>("select person_id, wrapped from person_key");
      this.db.query("begin");
      try {
        for (const r of rows) {
          const kv = this.unwrapLine(`${r.person_id} ${r.wrapped}`);
          if (kv) this.db.query("update person_key set wrapped = $2 where person_id = $1", [kv[0], cipher.seal(`${kv[0]}:${kv[1].toString("hex")}`)]);
        }
        this.db.query("commit");
      } catch (e) {
        this.db.query("rollback");
        throw e;
      }
      return rows.length;
    }
    if (!this.path) return registry.size;
    let n = 0;
    withLock(this.path, () => {
      const lines: string[] = [];
      for (const line of readFileSync(this.path!, "utf8").split("\n")) {
        const kv = this.unwrapLine(line.trim());
        if (!kv) continue;
        lines.push(`${kv[0]} ${cipher.seal(`${kv[0]}:${kv[1].toString("hex")}`)}`);
        n++;
      }
      writeAtomic(this.path!, lines);
    });
    this.loadAll();
    return n;
  }

}
