import { chmodSync, linkSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The data folder holds names, cases and appeals in its table files and WAL segments. PGlite (Emscripten's
 * file system over Node) creates its files 0666 whatever the umask, so the folder itself is made 0700 — nobody
 * but its owner can enter it — and every file in it 0600 at each start and stop. A folder whose mode cannot be
 * fixed (another owner) is refused with a clear message instead of being used open.
 */
export function secureDataDir(dataDir: string): void {
  const fix = (path: string, mode: number) => {
    try {
      chmodSync(path, mode);
    } catch (e) {
      throw new Error(`cannot restrict the data folder: chmod ${mode.toString(8)} ${path} failed (${(e as NodeJS.ErrnoException).code}); run allforall as the folder's owner, or fix its modes (folder 0700, files 0600)`);
    }
  };
  const walk = (dir: string) => {
    fix(dir, 0o700);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(path);
      else if ((lstatSync(path).mode & 0o077) !== 0) fix(path, 0o600);
    }
  };
  walk(dataDir);
}

/** Group or other may read, write or enter something in the folder (reported by the start-up check). */
export function openToOthers(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if ((statSync(dir).mode & 0o077) !== 0) found.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && (statSync(path).mode & 0o077) !== 0) found.push(path);
    }
  };
  walk(dataDir);
  return found;
}

/**
 * PGlite does not stop a second process from opening the same folder (its postmaster.pid is not enforced), and
 * two processes writing one folder corrupt it or lose writes. One lock file per folder, holding the owner's pid.
 * It appears with its content in one step (written aside, then hard-linked into place, which fails if a lock
 * exists), so a process starting at the same moment never reads an empty lock and takes it for a dead one.
 * A lock left by a process that no longer runs (kill -9, power cut) is taken over under a second, short-lived
 * guard file, so two processes finding the same dead lock cannot both take it.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "allforall.lock");
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path);
        return () => rmSync(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const owner = readOwner(path);
      if (owner === undefined) continue; // released meanwhile: try again
      if (owner && owner !== process.pid && pidAlive(owner)) throw inUse(dataDir, owner);
      takeOverDeadLock(path, owner);
    }
    throw new Error(`cannot lock the data folder ${dataDir}: another process is starting on it at the same time; try again`);
  } finally {
    rmSync(mine, { force: true });
  }
}

function inUse(dataDir: string, owner: number): Error {
  return new Error(`the data folder ${dataDir} is in use by process ${owner} (allforall serve?): stop it first, or use the running server (e.g. POST /api/v1/backup)`);
}

function readOwner(path: string): number | undefined {
  try {
    return Number(readFileSync(path, "utf8").trim()) || 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** Remove a lock whose owner is dead, only while holding the guard and only if it still names that owner. */
function takeOverDeadLock(path: string, deadOwner: number): void {
  const guard = `${path}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // A guard is held for microseconds; one older than 10 s was left by a process killed while holding it.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true });
    } catch {
      /* gone meanwhile */
    }
    return;
  }
  try {
    if (readOwner(path) === deadOwner) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
