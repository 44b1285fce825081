// The key store's file (personKeys.ts, `file`): its atomic rewrite, its lock, its backup and restore.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
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

/**
 * Replace the file: the new content is written aside and fsynced, the old file's bytes are overwritten with
 * zeros in place (a deleted key must not stay in the old inode's blocks), then the new file takes its name.
 */
/** Bytes of `buf` up to and with its last newline: the lines written whole. */
export function wholeLinesEnd(buf: Buffer): number {
  return buf.lastIndexOf(0x0a) + 1;
}

export function writeAtomic(path: string, lines: string[]): void {
  const tmp = `${path}.new`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    // A mark of this rewrite on the first line: a reader that sees the inode and size it read may be looking at another
    // file (a freed inode is handed out again, and appends bring the size back); the first line tells (`firstLine`).
    writeSync(fd, [`${KEY_STORE_HEADER} Rewrite ${randomBytes(8).toString("hex")}.`, ...lines, ""].join("\n"));
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

/** The file's first line (its header, with the mark of the rewrite that wrote it), read through `fd`. */
export function firstLine(fd: number): string {
  const buf = Buffer.alloc(512);
  const n = readSync(fd, buf, 0, buf.length, 0);
  const end = buf.subarray(0, n).indexOf(0x0a);
  return buf.subarray(0, end < 0 ? n : end).toString("utf8");
}

/** A crash inside writeAtomic: after the zeroing the new file is complete, before it the old one still is. */
export function recoverInterruptedRewrite(path: string): void {
  const tmp = `${path}.new`;
  if (!existsSync(tmp)) return;
  const zeroed = existsSync(path) && readFileSync(path)[0] === 0;
  if (!existsSync(path) || zeroed) renameSync(tmp, path);
  else unlinkSync(tmp);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** A lock file beside the store, so processes sharing the file do not lose each other's lines. */
export function withLock<T>(path: string, fn: () => T): T {
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
