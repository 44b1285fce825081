// A sealed copy of the built person indexes (snapshot), so that a server's start-up loads what a full build would
// compute — entries with their sort keys and haystacks, trigram lists, the matcher's blocking-key lists — instead of
// reading 100,000 people, opening 250,000 sealed names and indexing them again (docs/architecture.md, "Start-up").
//
// The file holds every person's names, so it is sealed (AES-256-GCM) under a fresh random key per snapshot, kept in
// the person key store (wrapped by the field key, outside the database) under an id of its own ("index-…"). Erasing
// anyone deletes every such key (PersonKeyStore.erase), so no snapshot taken before an erasure can be opened again;
// the next one is taken from an index that no longer holds the person (docs/security.md, "Index snapshot").
//
// A snapshot is used only if it was written by the same code (a fingerprint of the sources that compute the index),
// its key is still in the store, the change feed still holds every change since the feed position it reflects (rows
// pruned past it leave a marker: repositories/personDirectory.ts `pruneChanges`; the position is this database's own,
// `localHorizon`, not the cluster's), and after catching up its people
// are the database's people (ids and update times, digested on both sides). Anything else: a full build.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, unlinkSync } from "node:fs";
import { open, readFile, rename } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { INDEX_KEY_PREFIX, type PersonKeyStore } from "../../security/personKeys.js";
import { PersonIndex, type PersonIndexState } from "./personIndex.js";
import { turn } from "../../db/yielding.js";

const MAGIC = Buffer.from("allforall person index snapshot\n");
const FORMAT = 2;

/** Bytes sealed between two turns of the event loop while a snapshot is written (a few ms of AES-GCM). */
const SEAL_SLICE = 4 << 20;

/** Where a process keeps its snapshot (a file per host, beside the key file) and the store of its keys. */
export interface SnapshotPlace {
  path: string;
  keys: PersonKeyStore;
}

export interface SnapshotHeader {
  format: number;
  /** Fingerprint of the code that built the index (`codeFingerprint`). */
  code: string;
  /** Where the change feed is read from after loading: changes of transactions from this id on may be missing. */
  xmin: string;
  /**
   * Every change of this database's transactions below this id is in the indexes (repositories/personDirectory.ts
   * `localHorizon`): a prune of the feed up to below it lost nothing the indexes lack. Not `xmin`, which is the
   * whole cluster's and on a shared server is held back by other databases' transactions.
   */
  through: string;
  /** The database's clock when taken (for messages). */
  takenAt: string;
  /** The key's id in the person key store. */
  keyId: string;
  organisations: { id: string; people: number }[];
}

let fingerprint: string | null | undefined;
/**
 * SHA-256 of the sources that decide what the index holds (this folder, the name matcher, the directory's reads),
 * of V8's version (its serialisation format) and of the romaniser's (any-ascii): any change there and a snapshot is not used. Null when the
 * sources cannot be read (then no snapshot is written or read).
 */
export function codeFingerprint(): string | null {
  if (fingerprint !== undefined) return fingerprint;
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    // The sources (run through tsx) or the compiled tree beside them (dist/server, scripts/build-server.mjs).
    const repos = join(here, "../../db/repositories");
    const files = [
      ...readdirSync(here).map((f) => join(here, f)),
      ...readdirSync(join(here, "../../domain/names")).map((f) => join(here, "../../domain/names", f)),
      ...readdirSync(repos).filter((f) => /^personDirectory\.(ts|js)$/.test(f)).map((f) => join(repos, f)),
    ].filter((f) => /\.(ts|js|mjs)$/.test(f) && !/\.test\./.test(f));
    if (!files.some((f) => /personDirectory\.(ts|js)$/.test(f))) throw new Error("sources not found");
    files.sort();
    const h = createHash("sha256").update(`${FORMAT} ${process.versions.v8} any-ascii ${romanisationVersion()}\n`);
    for (const f of files) h.update(f.slice(f.lastIndexOf("/src/"))).update(readFileSync(f));
    fingerprint = h.digest("hex");
  } catch {
    fingerprint = null;
  }
  return fingerprint;
}

/** The romaniser's version (domain/names/parse.ts: scripts other than Latin and Cyrillic): another one, other match keys. */
function romanisationVersion(): string {
  const main = createRequire(import.meta.url).resolve("any-ascii");
  return (JSON.parse(readFileSync(join(dirname(main), "package.json"), "utf8")) as { version: string }).version;
}

/** Tests: pretend the code changed (a string), or forget the pretence (undefined). */
export function pretendCodeFingerprint(fp: string | undefined): void {
  fingerprint = fp;
}

/** The header of a snapshot file without opening it (null: no file, or not one) — its first bytes only: the
 * running server asks every few minutes, and the whole file is ~100 MiB at 100,000 people. */
export function readHeader(path: string): { header: SnapshotHeader; headerBytes: Buffer } | null {
  if (!existsSync(path)) return null;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const lead = Buffer.alloc(MAGIC.length + 4);
    if (readSync(fd, lead, 0, lead.length, 0) < lead.length) return null;
    const len = headerLength(lead);
    if (len === null) return null;
    const headerBytes = Buffer.alloc(len);
    if (readSync(fd, headerBytes, 0, len, lead.length) < len) return null;
    return parseHeader(headerBytes);
  } finally {
    closeSync(fd);
  }
}

/** The header's length from the file's first bytes, or null when they are not a snapshot's. */
function headerLength(lead: Buffer): number | null {
  if (lead.length < MAGIC.length + 4 || !lead.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  return lead.readUInt32BE(MAGIC.length);
}

function parseHeader(headerBytes: Buffer): { header: SnapshotHeader; headerBytes: Buffer } | null {
  try {
    return { header: JSON.parse(headerBytes.toString("utf8")) as SnapshotHeader, headerBytes };
  } catch {
    return null;
  }
}

/** The whole file: its header and the sealed body after it. */
function readWhole(path: string): { header: SnapshotHeader; headerBytes: Buffer; body: Buffer } | null {
  return splitWhole(readFileSync(path));
}

function splitWhole(buf: Buffer): { header: SnapshotHeader; headerBytes: Buffer; body: Buffer } | null {
  const len = headerLength(buf);
  if (len === null) return null;
  const start = MAGIC.length + 4;
  if (buf.length < start + len) return null;
  const parsed = parseHeader(buf.subarray(start, start + len));
  return parsed && { ...parsed, body: buf.subarray(start + len) };
}

/**
 * Seal the indexes under a fresh key (created in the key store first: an erasure from then on deletes it) and write
 * them atomically (mode 0600); the previous snapshot's key is deleted. `capture` is called after the key exists and
 * must return the indexes' state synchronously (see PeopleDirectory.saveSnapshot for why the order matters).
 */
export async function writeSnapshot(place: SnapshotPlace, capture: () => Promise<Captured | null>): Promise<{ bytes: number } | null> {
  const code = codeFingerprint();
  if (!code) return null;
  const previous = readHeader(place.path)?.header.keyId;
  const { id: keyId, key } = place.keys.createIndexKey(ownerOf(place.path));
  let done = false;
  try {
    const taken = await capture();
    if (!taken) return null;
    const { plain } = taken;
    const header: SnapshotHeader = { format: FORMAT, code, xmin: taken.xmin, through: taken.through, takenAt: taken.takenAt, keyId, organisations: taken.organisations };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    // The header is authenticated too: a feed position or key id edited in the file makes it unusable.
    cipher.setAAD(headerBytes);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(headerBytes.length);
    // One name: a write a stop interrupted leaves it for the next writer (one at a time per host: takeLock).
    const tmp = `${place.path}.tmp`;
    // Sealed a slice at a time and written by the thread pool, the event loop free between slices: sealing and
    // writing ~100 MiB at once held every request for ~0.1 s and the disk's fsync longer (p99 at 400 requests/s
    // 158 ms with the write after a build, 28 ms without; docs/benchmarks.md, session 8).
    const file = await open(tmp, "w", 0o600);
    let bytes = 0;
    try {
      const put = async (b: Buffer) => {
        bytes += (await file.write(b)).bytesWritten;
      };
      for (const b of [MAGIC, len, headerBytes, iv]) await put(b);
      for (let at = 0; at < plain.length; at += SEAL_SLICE) {
        await put(cipher.update(plain.subarray(at, at + SEAL_SLICE)));
        await turn();
      }
      await put(cipher.final());
      await put(cipher.getAuthTag());
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, place.path);
    done = true;
    if (previous && previous !== keyId) place.keys.dropIndexKey(previous);
    return { bytes };
  } finally {
    if (!done) place.keys.dropIndexKey(keyId);
  }
}

export interface Captured {
  xmin: string;
  through: string;
  takenAt: string;
  organisations: SnapshotHeader["organisations"];
  plain: Buffer;
}

/** The indexes serialised, synchronously (an index changes between awaits: its state is read and copied at once). */
export function capture(xmin: string, through: string, takenAt: string, orgs: Map<string, PersonIndex>): Captured {
  const saved: [string, PersonIndexState][] = [...orgs].map(([id, idx]) => [id, idx.state()]);
  return { xmin, through, takenAt, organisations: [...orgs].map(([id, idx]) => ({ id, people: idx.size })), plain: v8.serialize(saved) };
}

export type LoadRefusal = "none" | "not a snapshot" | "format" | "code changed" | "key gone" | "tampered or wrong key" | "unreadable";

/** Bytes opened between two turns (~10 ms of AES-GCM). */
const OPEN_CHUNK = 8 << 20;

/**
 * The indexes of the snapshot file, or why not. The file is read off this thread and opened in chunks, with a turn of
 * the event loop between steps, so that the server answers (503 + Retry-After) while it loads; what holds this thread
 * longest is V8's deserialize (~0.35 s at 100,000 people) and an organisation's restore (~0.37 s).
 */
export async function readSnapshot(place: SnapshotPlace): Promise<{ header: SnapshotHeader; orgs: Map<string, PersonIndex>; ms: { read: number; open: number; deserialize: number; restore: number } } | { refused: LoadRefusal }> {
  if (!existsSync(place.path)) return { refused: "none" };
  const t0 = performance.now();
  const file = splitWhole(await readFile(place.path));
  if (!file) return { refused: "not a snapshot" };
  const { header, headerBytes, body } = file;
  if (header.format !== FORMAT) return { refused: "format" };
  const code = codeFingerprint();
  if (!code || header.code !== code) return { refused: "code changed" };
  let key: Buffer | undefined;
  try {
    key = place.keys.indexKey(header.keyId, place.path);
  } catch {
    // Wrapped by another field key, or bound to another id.
    return { refused: "tampered or wrong key" };
  }
  if (!key) return { refused: "key gone" };
  const t1 = performance.now();
  let plain: Buffer;
  try {
    if (body.length < 28) throw new Error("short");
    const decipher = createDecipheriv("aes-256-gcm", key, body.subarray(0, 12));
    decipher.setAAD(headerBytes);
    decipher.setAuthTag(body.subarray(body.length - 16));
    const sealed = body.subarray(12, body.length - 16);
    const parts: Buffer[] = [];
    for (let at = 0; at < sealed.length; at += OPEN_CHUNK) {
      parts.push(decipher.update(sealed.subarray(at, at + OPEN_CHUNK)));
      await turn();
    }
    parts.push(decipher.final());
    plain = Buffer.concat(parts);
  } catch {
    return { refused: "tampered or wrong key" };
  }
  try {
    const t2 = performance.now();
    const saved = v8.deserialize(plain) as [string, PersonIndexState][];
    const t3 = performance.now();
    const orgs = new Map<string, PersonIndex>();
    for (const [id, st] of saved) {
      await turn();
      orgs.set(id, PersonIndex.restore(st));
    }
    const ms = (a: number, b: number) => Math.round(b - a);
    return { header, orgs, ms: { read: ms(t0, t1), open: ms(t1, t2), deserialize: ms(t2, t3), restore: ms(t3, performance.now()) } };
  } catch {
    return { refused: "unreadable" };
  }
}

/** The owner named in this host's snapshot keys' ids: hosts sharing one key store (KEYSTORE_URL) each sweep their own. */
function ownerOf(path: string): string {
  return createHash("sha256").update(`${hostname()}\0${resolve(path)}`).digest("hex").slice(0, 12);
}

/**
 * Delete this host's snapshot keys that its snapshot file does not use — left by a stop between writing a snapshot and
 * deleting the previous one's key, or during a write. Not while a snapshot is being written here (its lock is held):
 * the ids are listed before the lock and the file are looked at, so a key made after the listing is never among them.
 */
export function sweepUnusedKeys(place: SnapshotPlace): number {
  const mine = `${INDEX_KEY_PREFIX}${ownerOf(place.path)}-`;
  const ids = place.keys.ids(mine);
  if (!ids.length || existsSync(`${place.path}.lock`)) return 0;
  const inUse = readHeader(place.path)?.header.keyId;
  const unused = ids.filter((id) => id !== inUse);
  place.keys.dropIndexKeys(unused);
  return unused.length;
}

/** Delete a snapshot file (its key is deleted by the caller or by an erasure). */
export function removeSnapshot(path: string): void {
  try {
    if (existsSync(path)) unlinkSync(path);
  } catch {
    // gone already
  }
}

/** Order-independent digest of (id, update time) of every entry, as the database digests its people (`peopleDigest`). */
export function entriesDigest(orgs: Map<string, PersonIndex>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [org, idx] of orgs) {
    if (!idx.size) continue;
    const rows = [...idx.entries.values()].map((e) => `${e.id}:${e.updatedAt}`).sort();
    out.set(org, createHash("md5").update(rows.join(",")).digest("hex"));
  }
  return out;
}

/** Seconds since the file was written (for logs). */
export function snapshotAgeSeconds(path: string): number | null {
  return existsSync(path) ? Math.round((Date.now() - statSync(path).mtimeMs) / 1000) : null;
}

/** A lock file taken with O_EXCL (one snapshot writer per host); its release, or null if held (a stale one, over ten minutes old, is taken over). */
export function takeLock(path: string): (() => void) | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(path, "wx", 0o600));
      return () => rmSync(path, { force: true });
    } catch {
      try {
        if (Date.now() - statSync(path).mtimeMs < 10 * 60_000) return null;
        rmSync(path, { force: true });
      } catch {
        // released meanwhile: try again
      }
    }
  }
  return null;
}

