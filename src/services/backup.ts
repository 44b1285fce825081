import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import { ident, schemaTables } from "../security/schemaTables.js";
import { activePersonKeyStore } from "../security/personKeys.js";
import { sealedTables } from "../db/repositories/sealedValues.js";
import { recordAudit } from "./audit.js";
import type { ServiceContext } from "./context.js";
import { invalid, ServiceError } from "./errors.js";
import { authorize } from "./policy.js";
import { rowsOf } from "../db/rows.js";
import { tx } from "./people.js";
import { moscowDate } from "./releaseDate.js";

// Encrypted, consistent backups. One REPEATABLE READ, read-only transaction reads every table of the Drizzle
// schema (parents first) as JSON lines, so the file is one snapshot even while the server keeps writing.
// The lines are gzipped and sealed with AES-256-GCM under a key derived (HKDF) from the current field key, or
// (scrypt) from a passphrase for backups that must outlive a key rotation. The header is authenticated too.
// Sealed columns stay sealed inside the backup: a stolen backup plus passphrase still lacks the field key.

const MAGIC = "ALLFORALL-BACKUP 1\n";
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** In clear (authenticated): only what opening needs. Row counts are inside, sealed — they told how many appeals. */
export interface BackupHeader {
  createdAt: string;
  kdf: "field-key" | "scrypt";
  keyId?: string;
  salt: string;
  iv: string;
  /** Backups made before the counts moved inside carry them here. */
  tables?: Record<string, number>;
}

/** The first line of the sealed body. */
interface BackupContents {
  tables: Record<string, number>;
  /** The audit log's newest entry in this snapshot: kept away from the server, it shows a later cut. */
  auditHead?: { seq: number; hash: string } | undefined;
}

export interface BackupSecret {
  cipher: FieldCipher;
  passphrase?: string | undefined;
}

function deriveKey(h: Pick<BackupHeader, "kdf" | "keyId" | "salt">, secret: BackupSecret): Buffer {
  const salt = Buffer.from(h.salt, "base64");
  if (h.kdf === "scrypt") {
    if (!secret.passphrase) throw invalid("this backup is sealed with a passphrase: pass --passphrase-file or ALLFORALL_BACKUP_PASSPHRASE");
    return scryptSync(secret.passphrase.normalize("NFC"), salt, 32, SCRYPT);
  }
  const k = h.keyId ? secret.cipher.keyById(h.keyId) : undefined;
  if (!k) throw invalid(`this backup is sealed under field key ${h.keyId}, which is not in the key file`);
  return Buffer.from(hkdfSync("sha256", k.key, salt, "allforall backup v1", 32));
}

/** Every table's rows, in one snapshot. */
export async function snapshotRows(db: Db): Promise<{ table: string; rows: string[] }[]> {
  return db.transaction(
    async (t) => {
      const out: { table: string; rows: string[] }[] = [];
      for (const info of await schemaTables()) {
        // Rows in the order they were appended where a table keeps one (the audit chain must restore in order;
        // PostgreSQL returns heap order otherwise, which updates reshuffle).
        const order = info.columns.some((c) => c.name === "seq") ? " order by x.seq" : "";
        const r = await t.execute(sql.raw(`select row_to_json(x)::text as j from ${ident(info.name)} x${order}`));
        out.push({ table: info.name, rows: rowsOf<{ j: string }>(r).map((x) => x.j) });
      }
      return out;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export async function createBackup(ctx: ServiceContext, opts: { passphrase?: string | undefined } = {}): Promise<Buffer> {
  authorize(ctx.actor, "manage", "backup");
  const snapshot = await snapshotRows(ctx.db);
  const tables = Object.fromEntries(snapshot.map((s) => [s.table, s.rows.length]));
  const file = sealBackup(snapshot, ctx.now(), { cipher: ctx.cipher, passphrase: opts.passphrase });
  await tx(ctx, (db) => recordAudit(db, ctx.actor, { type: "backup.created", targetType: "backup", detail: { kdf: opts.passphrase ? "scrypt" : "field-key", tables } }, ctx.now()));
  return file;
}

export function sealBackup(snapshot: { table: string; rows: string[] }[], createdAt: Date, secret: BackupSecret): Buffer {
  const audit = snapshot.find((s) => s.table === "audit_event")?.rows.at(-1);
  const last = audit ? (JSON.parse(audit) as { seq: number; hash: string }) : undefined;
  const contents: BackupContents = { tables: Object.fromEntries(snapshot.map((s) => [s.table, s.rows.length])), ...(last ? { auditHead: { seq: last.seq, hash: last.hash } } : {}) };
  const lines = [JSON.stringify(contents) + "\n", ...snapshot.flatMap((s) => s.rows.map((j) => `{"t":${JSON.stringify(s.table)},"r":${j}}\n`))];
  const body = gzipSync(Buffer.from(lines.join(""), "utf8"));
  const header: BackupHeader = {
    createdAt: createdAt.toISOString(),
    kdf: secret.passphrase ? "scrypt" : "field-key",
    ...(secret.passphrase ? {} : { keyId: secret.cipher.current.id }),
    salt: randomBytes(16).toString("base64"),
    iv: randomBytes(12).toString("base64"),
  };
  const headerLine = JSON.stringify(header) + "\n";
  const c = createCipheriv("aes-256-gcm", deriveKey(header, secret), Buffer.from(header.iv, "base64"));
  c.setAAD(Buffer.from(MAGIC + headerLine));
  const ct = Buffer.concat([c.update(body), c.final()]);
  return Buffer.concat([Buffer.from(MAGIC + headerLine), ct, c.getAuthTag()]);
}

export function readBackup(file: Buffer, secret: BackupSecret): { header: BackupHeader; tables: Record<string, number>; auditHead?: { seq: number; hash: string } | undefined; lines: { t: string; r: Record<string, unknown> }[] } {
  if (file.subarray(0, MAGIC.length).toString("utf8") !== MAGIC) throw invalid("not an allforall backup file");
  const nl = file.indexOf(0x0a, MAGIC.length);
  if (nl < 0 || file.length < nl + 17) throw invalid("the backup file is truncated");
  const headerLine = file.subarray(MAGIC.length, nl + 1).toString("utf8");
  const header = JSON.parse(headerLine) as BackupHeader;
  const d = createDecipheriv("aes-256-gcm", deriveKey(header, secret), Buffer.from(header.iv, "base64"));
  d.setAAD(Buffer.from(MAGIC + headerLine));
  d.setAuthTag(file.subarray(file.length - 16));
  let plain: Buffer;
  try {
    plain = Buffer.concat([d.update(file.subarray(nl + 1, file.length - 16)), d.final()]);
  } catch {
    throw invalid("the backup cannot be opened: wrong key or passphrase, or the file was altered");
  }
  const text = gunzipSync(plain).toString("utf8");
  const all = text ? text.trimEnd().split("\n").map((l) => JSON.parse(l) as { t: string; r: Record<string, unknown> } | BackupContents) : [];
  const contents = all[0] && "tables" in all[0] ? (all.shift() as BackupContents) : undefined;
  const lines = all as { t: string; r: Record<string, unknown> }[];
  return { header, tables: contents?.tables ?? header.tables ?? {}, auditHead: contents?.auditHead, lines };
}

/** Row counts per table; the database counts as empty when it holds only the default organisation. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await schemaTables()) out[t.name] = Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${ident(t.name)}`)))[0]?.n ?? 0);
  return out;
}

function isEmpty(counts: Record<string, number>): boolean {
  // data_pass is what a start records about the database (src/app/dataPasses.ts), not data.
  return Object.entries(counts).every(([t, n]) => n === 0 || (t === "organisation" && n === 1) || t === "data_pass");
}

export async function restoreBackup(ctx: ServiceContext, file: Buffer, opts: { passphrase?: string | undefined; force?: boolean } = {}): Promise<Record<string, number>> {
  authorize(ctx.actor, "manage", "backup");
  const { header, tables, lines } = readBackup(file, { cipher: ctx.cipher, passphrase: opts.passphrase });
  const known = new Set((await schemaTables()).map((t) => t.name));
  const unknown = Object.keys(tables).filter((t) => !known.has(t));
  if (unknown.length) throw invalid(`the backup has tables this version does not know (${unknown.join(", ")}): restore with the newer version`);
  // A passphrase backup opens without the field key, but its sealed columns do not: restored without that key,
  // every sealed read would fail (admins locked out of their second factor). Refuse before changing anything.
  const missing = await missingFieldKeys(lines, ctx.cipher);
  if (missing.length)
    throw invalid(`the backup's sealed fields need field key ${missing.join(", ")}, which this server's key file does not hold: put the key file of the backed-up server in place (ALLFORALL_KEY_FILE), then restore`);
  // Names and case texts are sealed under per-person keys, kept apart in the person key store. People of the
  // backup without a key there were erased since (their values can no longer be opened): they are not brought
  // back. A backup none of whose people has a key needs that store put back first.
  const backedUp = lines.filter((l) => l.t === "person").map((l) => String(l.r.id));
  const keyless = backedUp.filter((id) => !activePersonKeyStore()?.has(id));
  if (backedUp.length && keyless.length === backedUp.length)
    throw invalid(`none of the backup's ${backedUp.length} people has a data key in this server's person key store: put the key store of the backed-up server in place (allforall keys restore), then restore`);
  const counts = await tableCounts(ctx.db);
  if (!isEmpty(counts) && !opts.force) throw new ServiceError("conflict", "the database is not empty: restore into an empty database, or pass --force to replace everything");
  const byTable = new Map<string, Record<string, unknown>[]>();
  for (const l of lines) (byTable.get(l.t) ?? byTable.set(l.t, []).get(l.t)!).push(l.r);
  await ctx.db.transaction(async (db) => {
    // Replica mode skips FK checks and triggers for this transaction (self-references, immutable tables);
    // the rows come from one consistent snapshot. It needs superuser rights, which PGlite and owners have.
    await db.execute(sql`set local session_replication_role = replica`);
    const names = (await schemaTables()).map((t) => ident(t.name));
    await db.execute(sql.raw(`truncate ${names.join(", ")}`));
    for (const t of await schemaTables()) {
      const rows = byTable.get(t.name) ?? [];
      fillOlderRows(t.name, rows, byTable);
      // A backup of an older version lacks the columns added since: named, the others take their defaults, as the
      // migration that added them gave the rows it found (json_populate_recordset would give them null).
      const held = new Set(rows.flatMap((r) => Object.keys(r)));
      const columns = t.columns.filter((c) => held.has(c.name)).map((c) => ident(c.name)).join(", ");
      for (let i = 0; i < rows.length; i += 500)
        await db.execute(
          sql`insert into ${sql.raw(ident(t.name))} (${sql.raw(columns)}) select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(ident(t.name))}, ${JSON.stringify(rows.slice(i, i + 500))}::json)`,
        );
      for (const c of t.columns.filter((c) => c.sqlType.includes("serial")))
        await db.execute(sql.raw(`select setval(pg_get_serial_sequence('${t.name}', '${c.name}'), coalesce((select max(${ident(c.name)}) from ${ident(t.name)}), 0) + 1, false)`));
    }
    // Whatever the backup's record of the data passes says, the next start runs them over the restored rows (an older
    // backup may hold values in clear): one start's scans, and no record to trust from another database.
    await db.execute(sql`delete from data_pass`);
    if (keyless.length) {
      // Triggers back on, so that deleting them cascades to every child row.
      await db.execute(sql`set local session_replication_role = origin`);
      const erased = `{${keyless.join(",")}}`;
      // Their linked appeals went with them (erasure deletes those; their content is under the deleted keys).
      await db.execute(sql`update appeal set merged_into_id = null where merged_into_id in (select id from appeal where linked_person_id = any(${erased}::uuid[]))`);
      await db.execute(sql`delete from appeal where linked_person_id = any(${erased}::uuid[])`);
      await db.execute(sql`delete from person where id = any(${erased}::uuid[])`);
    }
    await recordAudit(db, ctx.actor, { type: "backup.restored", targetType: "backup", detail: { createdAt: header.createdAt, tables, erasedSince: keyless.length } }, ctx.now());
  });
  return tables;
}

/**
 * Columns a migration added without a default, filled there from other data, given here to the rows of a backup made
 * before it the same way. exchange_list_version.as_of (migration 0037): the day a build in the background said in
 * the audit entry that stored the version, or else the day (Moscow) it was stored.
 */
function fillOlderRows(table: string, rows: Record<string, unknown>[], byTable: Map<string, Record<string, unknown>[]>): void {
  if (table !== "exchange_list_version" || rows.every((r) => "as_of" in r)) return;
  const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v));
  const said = new Map<string, { seq: number; asOf: string }>();
  for (const a of byTable.get("audit_event") ?? []) {
    const d = (a.detail ?? {}) as Record<string, unknown>;
    const asOf = text(d.asOf);
    if (a.type !== "exchangeList.versioned" || a.target_type !== "exchangeList" || text(d.builtInBackground) !== "true" || text(d.newVersion) !== "true" || !asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) continue;
    const key = `${String(a.target_id)} ${text(d.version)}`;
    const seq = Number(a.seq);
    const had = said.get(key);
    if (!had || had.seq < seq) said.set(key, { seq, asOf });
  }
  for (const r of rows) if (!("as_of" in r)) r.as_of = said.get(`${String(r.list_id)} ${String(r.version)}`)?.asOf ?? moscowDate(new Date(String(r.created_at)));
}

/** Ids of field keys that sealed values in the backup were sealed under and this cipher lacks. */
async function missingFieldKeys(lines: { t: string; r: Record<string, unknown> }[], cipher: FieldCipher): Promise<string[]> {
  // `*_enc` columns, and the person-sealed columns whose rows may be under the field key (list rows, appeals).
  const encColumns = new Map((await schemaTables()).map((t) => [t.name, t.encColumns]));
  for (const t of await sealedTables()) encColumns.set(t.name, [...(encColumns.get(t.name) ?? []), ...t.fieldSealedColumns]);
  const missing = new Set<string>();
  for (const l of lines)
    for (const c of encColumns.get(l.t) ?? []) {
      const v = l.r[c];
      const id = typeof v === "string" && v.startsWith("v1.") ? cipher.keyIdOf(v) : undefined;
      if (id && !cipher.keyById(id)) missing.add(id);
    }
  return [...missing];
}
