import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { SyncPg } from "./keyStoreDatabase.js";
import { KEY_STORE_HEADER, KEY_TABLE_DDL } from "./personKeys.js";

// Backup and restore of the person key store when it is a database of its own (KEYSTORE_URL): the copy is the same
// file `keys backup` writes for a key store file, so either can be restored into either.

/** `keys backup` with KEYSTORE_URL: the key database's rows as a key store file (the same format, keys still wrapped). */
export function backupPersonKeyDatabase(url: string, file: string): number {
  const db = new SyncPg(url);
  try {
    db.query(KEY_TABLE_DDL);
    const rows = db.query<{ person_id: string; wrapped: string }>("select person_id, wrapped from person_key order by person_id");
    const fd = openSync(`${file}.partial`, "w", 0o600);
    try {
      writeSync(fd, [KEY_STORE_HEADER, ...rows.map((r) => `${r.person_id} ${r.wrapped}`), ""].join("\n"));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.partial`, file);
    return rows.length;
  } finally {
    void db.close();
  }
}

/** `keys restore` with KEYSTORE_URL: a key store backup into the key database; refuses a non-empty one unless `force`. */
export function restorePersonKeyDatabase(file: string, url: string, force: boolean): number {
  const text = readFileSync(file, "utf8");
  if (!text.startsWith("# allforall per-person data keys")) throw new Error(`${file} is not a person key store backup`);
  const lines = text.split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((l) => l.split(" ") as [string, string]);
  const db = new SyncPg(url);
  try {
    db.query(KEY_TABLE_DDL);
    const [n] = db.query<{ n: number }>("select count(*)::int as n from person_key");
    if (n!.n > 0 && !force) throw new Error(`the key store database holds ${n!.n} keys: a restore would replace them (and bring back keys erased since the backup); pass --force`);
    db.query("begin");
    try {
      db.query("delete from person_key");
      for (let i = 0; i < lines.length; i += 500) {
        const part = lines.slice(i, i + 500);
        db.query(`insert into person_key (person_id, wrapped) values ${part.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(", ")}`, part.flat());
      }
      db.query("commit");
    } catch (e) {
      db.query("rollback");
      throw e;
    }
    return lines.length;
  } finally {
    void db.close();
  }
}

