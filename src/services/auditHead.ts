import { createHmac, hkdfSync } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { auditEvent } from "../db/schema/audit.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import { safeEqual } from "../security/tokens.js";

// The hash chain shows an edited or removed entry, but someone who owns the database can cut the newest
// entries (or all of them) and the chain still links. So the head — the newest entry's sequence number and
// hash — is checkpointed outside the database: a file beside the data folder, signed with a key derived from the
// field key (a database owner without the key file cannot forge it). `audit verify` compares against it by
// default. The checkpoint only moves forward along the chain: when the recorded entry has gone or changed, it is
// not overwritten, so the evidence of a cut stays until someone looks.

export interface AuditHead {
  seq: number;
  hash: string;
  at: string;
}

interface HeadFile extends AuditHead {
  keyId: string;
  mac: string;
}

/** ALLFORALL_AUDIT_HEAD_FILE, else `<data folder>.audit-head` (beside the data and the key file). */
export function auditHeadPath(config: { dataDir: string }, env: NodeJS.ProcessEnv = process.env): string {
  return env.ALLFORALL_AUDIT_HEAD_FILE || `${config.dataDir}.audit-head`;
}

function mac(cipher: FieldCipher, keyId: string, h: AuditHead): string | undefined {
  const k = cipher.keyById(keyId);
  if (!k) return undefined;
  const key = Buffer.from(hkdfSync("sha256", k.key, Buffer.alloc(0), "allforall audit head v1", 32));
  return createHmac("sha256", key).update(`${h.seq}\n${h.hash}\n${h.at}`).digest("hex");
}

export async function currentAuditHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const [row] = await db.select({ seq: auditEvent.seq, hash: auditEvent.hash }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(1);
  return row;
}

/**
 * The recorded head, or a problem (unreadable, forged). One signed under a key retired by `keys rotate` cannot be
 * checked any more: a warning, and the next checkpoint starts afresh under the current key.
 */
export function readAuditHead(path: string, cipher: FieldCipher): { head?: AuditHead; problem?: string; warning?: string } {
  if (!existsSync(path)) return {};
  let f: HeadFile;
  try {
    f = JSON.parse(readFileSync(path, "utf8")) as HeadFile;
  } catch {
    return { problem: `the audit head file ${path} is not readable` };
  }
  const expected = mac(cipher, f.keyId, f);
  if (!expected) return { warning: `the audit head file ${path} is signed with key ${f.keyId}, which the key file no longer holds (rotated)` };
  if (!safeEqual(expected, String(f.mac))) return { problem: `the audit head file ${path} does not carry a valid signature (edited)` };
  return { head: { seq: f.seq, hash: f.hash, at: f.at } };
}

/** Problems when the recorded head is not (any more) an entry of the log with the same hash. */
export async function compareWithAuditHead(db: Db, head: AuditHead): Promise<string[]> {
  const [row] = await db.select({ hash: auditEvent.hash }).from(auditEvent).where(eq(auditEvent.seq, head.seq));
  if (!row) return [`entry ${head.seq}: missing, but it was the head checkpointed at ${head.at} (entries were removed — the log was cut)`];
  if (row.hash !== head.hash) return [`entry ${head.seq}: its hash differs from the head checkpointed at ${head.at} (entries were rewritten)`];
  return [];
}

/**
 * Record the database's current head in the file, if the chain still contains the head recorded before.
 * Returns the problem instead when it does not (the file is then left as it is).
 */
export async function checkpointAuditHead(db: Db, cipher: FieldCipher, path: string, now: Date = new Date()): Promise<string | null> {
  const before = readAuditHead(path, cipher);
  if (before.problem) return before.problem;
  if (before.head) {
    const problems = await compareWithAuditHead(db, before.head);
    if (problems.length) return problems[0]!;
  }
  const head = await currentAuditHead(db);
  if (!head || (before.head && before.head.seq === head.seq)) return null;
  const h: AuditHead = { seq: head.seq, hash: head.hash, at: now.toISOString() };
  const file: HeadFile = { ...h, keyId: cipher.current.id, mac: mac(cipher, cipher.current.id, h)! };
  writeFileSync(`${path}.partial`, JSON.stringify(file) + "\n", { mode: 0o600 });
  renameSync(`${path}.partial`, path);
  return null;
}
