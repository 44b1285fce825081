import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import type { FieldCipher } from "./fieldCipher.js";
import { SyncPg } from "./keyStoreDatabase.js";

// Per-person data keys (cryptographic erasure). Every sealed value of a person (names, case texts, notes) is
// AES-256-GCM under that person's own random key; the keys live in a key store kept apart from the data and
// from data backups, each wrapped by the field key. Erasing a person deletes their key from the store, so the
// copies of their values that outlive the rows — WAL segments, dead tuples, older data backups — can no
// longer be opened by anyone.
//
// Value format: "p1.<personId>.<iv>.<ciphertext>.<tag>" (base64url). The person id names the key and is the
// associated data, so a value cannot be moved to another person's key. Reading happens inside Drizzle's
// column mapping (src/db/schema/sealed.ts), which is synchronous: the keys of the process's store are held in
// memory in one registry — as the store has them (wrapped by the field key), each unwrapped on first use.

const PREFIX = "p1.";
/** Ids of person index snapshot keys in the store (src/services/directory/snapshot.ts); never a person id (a uuid), and no ":" (a wrapped key binds "id:key"). */
export const INDEX_KEY_PREFIX = "index-";
/** What a value shows once its person's key is gone (erased): the same placeholder erasure writes. */
export const ERASED_VALUE = "[erased]";

/** Keys unwrapped so far, by person. */
const registry = new Map<string, Buffer>();
/**
 * Keys read from the store and not unwrapped yet, with the field cipher that wraps them: unwrapping all 100,000 at
 * start-up cost each server process a second, and the person index's opening thread unwraps the ones it needs
 * itself (src/security/openingThread.ts). Unwrapped (and the binding to the person checked) on first use.
 */
const wrappedKeys = new Map<string, { wrapped: string; cipher: FieldCipher }>();
let active: PersonKeyStore | undefined;

/** A person's key if the process holds it (unwrapped now if need be); undefined if not (erased, or not read yet). */
function heldKey(personId: string): Buffer | undefined {
  const k = registry.get(personId);
  if (k) return k;
  const w = wrappedKeys.get(personId);
  if (!w) return undefined;
  const key = unwrapKey(w.cipher, personId, w.wrapped);
  registry.set(personId, key);
  wrappedKeys.delete(personId);
  return key;
}

function unwrapKey(cipher: FieldCipher, personId: string, wrapped: string): Buffer {
  const [boundId, hex] = cipher.open(wrapped).split(":");
  if (boundId !== personId || !hex) throw new Error(`key store: the key on the line of ${personId} belongs to another person`);
  return Buffer.from(hex, "hex");
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}

function forgetKey(personId: string): void {
  registry.delete(personId);
  wrappedKeys.delete(personId);
}

export function isPersonSealed(v: string): boolean {
  return v.startsWith(PREFIX);
}

/** The person whose key seals this value. */
export function personIdOfSealed(v: string): string | undefined {
  return isPersonSealed(v) ? v.slice(PREFIX.length, v.indexOf(".", PREFIX.length)) : undefined;
}

function keyFor(personId: string): Buffer {
  const k = heldKey(personId) ?? active?.refresh(personId);
  if (k) return k;
  if (!active) throw new Error("no person key store is open");
  return active.create(personId);
}

export function sealFor(personId: string, plaintext: string): string {
  const key = keyFor(personId);
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(personId));
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return `${PREFIX}${personId}.${iv.toString("base64url")}.${ct.toString("base64url")}.${c.getAuthTag().toString("base64url")}`;
}

/** Open a person-sealed value; a value whose key was erased reads as the erasure placeholder. */
export function openSealed(sealed: string): string {
  if (!isPersonSealed(sealed)) throw new Error("not a person-sealed value (a plaintext left in a sealed column?)");
  const parts = sealed.split(".");
  const [, personId, iv, ct, tag] = parts;
  if (parts.length !== 5 || !personId || iv === undefined || ct === undefined || !tag) throw new Error("malformed person-sealed value");
  const key = heldKey(personId) ?? active?.refresh(personId);
  if (!key) return ERASED_VALUE;
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  d.setAAD(Buffer.from(personId));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
}

/**
 * The keys of these people, for opening a batch of their values in another thread (src/security/openingThread.ts),
 * all as text (one copy each in the message): "k:<hex>" for a key unwrapped already, "w:<wrapped>" for one the thread
 * unwraps itself with `fieldKeys` (id → hex: the field keys of the ciphers that wrap them). A person without a key
 * (erased, never made) is left out: the thread leaves their values to the caller, which opens them as openSealed does.
 */
export function personKeysForThread(personIds: Iterable<string>): { keys: [string, string][]; fieldKeys: [string, string][] } {
  const keys: [string, string][] = [];
  const ciphers = new Set<FieldCipher>();
  for (const id of personIds) {
    const k = registry.get(id);
    const w = k ? undefined : wrappedKeys.get(id);
    if (k) keys.push([id, `k:${k.toString("hex")}`]);
    else if (w) {
      keys.push([id, `w:${w.wrapped}`]);
      ciphers.add(w.cipher);
    } else {
      const fresh = active?.refresh(id);
      if (fresh) keys.push([id, `k:${fresh.toString("hex")}`]);
    }
  }
  const fieldKeys = new Map<string, string>();
  for (const c of ciphers) for (const fk of c.keys()) fieldKeys.set(fk.id, fk.key.toString("hex"));
  return { keys, fieldKeys: [...fieldKeys] };
}

/** Make sure these people have keys (in one write): before a batch of their values is sealed. */
export function ensurePersonKeys(personIds: string[]): void {
  if (!active) throw new Error("no person key store is open");
  active.createMany(personIds);
}

/** Delete these people's keys from the store (erasure; the merged record of a merge). */
export function erasePersonKeys(personIds: string[]): void {
  if (active) active.erase(personIds);
  else for (const id of personIds) forgetKey(id);
}

/** The store new keys go into (the runtime that opened last). */
export function activePersonKeyStore(): PersonKeyStore | undefined {
  return active;
}

/**
 * Values that belong to no person of the registry (a counterpart list's row that matches nobody) are sealed
 * with the field key instead ("v1." values): nothing to erase them by, but nothing readable without the key.
 */
export function sealWithoutPerson(plaintext: string): string {
  if (!active) throw new Error("no person key store is open");
  return active.fieldCipher().seal(plaintext);
}

export function isFieldSealed(v: string): boolean {
  return v.startsWith("v1.");
}

export function openWithoutPerson(sealed: string): string {
  if (!active) throw new Error("no person key store is open");
  return active.fieldCipher().open(sealed);
}

/** Re-seal a value under another person's key (a merge moves the merged record's values to the survivor). */
export function resealFor(personId: string, sealed: string): string {
  return sealFor(personId, openSealed(sealed));
}

/**
 * Where the per-person keys live. `file`: one file beside the field key (mode 0600), one line per person,
 * appended when a person is created and rewritten without the line when a person is erased. `database`: a
 * PostgreSQL database of its own (KEYSTORE_URL), for several hosts sharing one data database — one row per person,
 * the same wrapped key; deleted on erasure. `memory`: tests.
 */
export class PersonKeyStore {
  private size = 0;
  private ino = 0;
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
    active = s;
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
    active = s;
    return s;
  }

  /** Open (or create, empty) the key store file; every key in it is unwrapped into memory. */
  static openFile(path: string, cipher: FieldCipher): PersonKeyStore {
    recoverInterruptedRewrite(path);
    if (!existsSync(path)) writeAtomic(path, []);
    const s = new PersonKeyStore(path, cipher);
    s.loadAll();
    active = s;
    return s;
  }

  /** The field key the store's keys are wrapped by (it also seals values that belong to no person). */
  fieldCipher(): FieldCipher {
    return this.cipher;
  }

  /** Make this store the one new keys go into (tests that reopen an older runtime). */
  activate(): void {
    active = this;
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

  /** Another process (a worker on the same PostgreSQL) may have added keys: read what was appended since. */
  refresh(personId: string): Buffer | undefined {
    if (this.db) return this.refreshFromDatabase(personId);
    if (!this.path || !existsSync(this.path)) return undefined;
    const st = statSync(this.path);
    if (st.ino === this.ino && st.size === this.size) return undefined;
    if (st.ino !== this.ino || st.size < this.size) this.loadAll();
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
    return heldKey(personId);
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
    const fresh = [...new Set(personIds)].filter((id) => !registry.has(id) && !wrappedKeys.has(id)).map((id) => [id, randomBytes(32)] as const);
    if (!fresh.length) return;
    if (this.db) {
      // Committed in the key database before any value sealed under these keys can reach the data database.
      const params: string[] = [];
      const values = fresh.map(([id, key], i) => (params.push(id, this.cipher.seal(`${id}:${key.toString("hex")}`)), `($${2 * i + 1}, $${2 * i + 2})`));
      this.db.query(`insert into person_key (person_id, wrapped) values ${values.join(", ")} on conflict (person_id) do nothing`, params);
      for (const [id] of fresh) this.absent.delete(id);
    } else if (this.path) {
      const line = fresh.map(([id, key]) => `${id} ${this.cipher.seal(`${id}:${key.toString("hex")}`)}\n`).join("");
      withLock(this.path, () => {
        const fd = openSync(this.path!, "a", 0o600);
        try {
          writeSync(fd, line);
          fsyncSync(fd);
          const st = fstatSync(fd);
          // Our own append is known; someone else's in between is picked up by the next refresh.
          if (st.ino === this.ino && st.size === this.size + Buffer.byteLength(line)) {
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

  /** Person ids with a key in this store. */
  ids(): string[] {
    if (this.db) return this.db.query<{ person_id: string }>("select person_id from person_key").map((r) => r.person_id);
    if (!this.path) return [...registry.keys()];
    // Unchanged since it was read (the start-up's check, right after opening): no second read of 100,000 lines.
    const st = existsSync(this.path) ? statSync(this.path) : null;
    if (st && st.ino === this.ino && st.size === this.size) return [...this.fileIds];
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

/**
 * A consistent copy of a key store file (the keys stay wrapped by the field key), mode 0600, taken under the
 * store's lock so a running server's appends and erasures are not torn. Needs neither the database nor the key.
 */
export function backupPersonKeyFile(path: string, file: string): number {
  if (!existsSync(path)) throw new Error(`no person key store at ${path}`);
  let text = "";
  withLock(path, () => {
    text = readFileSync(path, "utf8");
  });
  const fd = openSync(`${file}.partial`, "w", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.partial`, file);
  return text.split("\n").filter((l) => l.trim() && !l.startsWith("#")).length;
}

/** Put a key store backup in place (the server stopped); refuses to replace a store unless `force`. */
export function restorePersonKeyFile(file: string, path: string, force: boolean): number {
  const text = readFileSync(file, "utf8");
  if (!text.startsWith("# allforall per-person data keys")) throw new Error(`${file} is not a person key store backup`);
  if (existsSync(path) && !force) throw new Error(`${path} exists: a restore would replace it (and bring back keys erased since the backup); pass --force`);
  withLock(path, () => writeAtomic(path, text.split("\n").filter((l) => l.trim() && !l.startsWith("#"))));
  return text.split("\n").filter((l) => l.trim() && !l.startsWith("#")).length;
}

export const KEY_STORE_HEADER = "# allforall per-person data keys, each wrapped by the field key. Keep apart from data backups; see docs/security.md.";
export const KEY_TABLE_DDL = "create table if not exists person_key (person_id text primary key, wrapped text not null)";

/**
 * Replace the file: the new content is written aside and fsynced, the old file's bytes are overwritten with
 * zeros in place (a deleted key must not stay in the old inode's blocks), then the new file takes its name.
 */
/** Bytes of `buf` up to and with its last newline: the lines written whole. */
function wholeLinesEnd(buf: Buffer): number {
  return buf.lastIndexOf(0x0a) + 1;
}

function writeAtomic(path: string, lines: string[]): void {
  const tmp = `${path}.new`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, [KEY_STORE_HEADER, ...lines, ""].join("\n"));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (existsSync(path)) {
    const old = openSync(path, "r+");
    try {
      const n = fstatSync(old).size;
      if (n) writeSync(old, Buffer.alloc(n), 0, n, 0);
      fsyncSync(old);
    } finally {
      closeSync(old);
    }
  }
  renameSync(tmp, path);
}

/** A crash inside writeAtomic: after the zeroing the new file is complete, before it the old one still is. */
function recoverInterruptedRewrite(path: string): void {
  const tmp = `${path}.new`;
  if (!existsSync(tmp)) return;
  const zeroed = existsSync(path) && readFileSync(path)[0] === 0;
  if (!existsSync(path) || zeroed) renameSync(tmp, path);
  else unlinkSync(tmp);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** A lock file beside the store, so processes sharing the file do not lose each other's lines. */
function withLock<T>(path: string, fn: () => T): T {
  const lock = `${path}.lock`;
  for (let waited = 0; ; waited += 5) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // A lock older than 10 s belongs to a process that died holding it.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10_000) unlinkSync(lock);
      } catch {
        /* gone meanwhile */
      }
      if (waited > 30_000) throw new Error(`key store ${path} stays locked by ${lock}`);
      Atomics.wait(sleeper, 0, 0, 5);
    }
  }
  try {
    return fn();
  } finally {
    unlinkSync(lock);
  }
}
