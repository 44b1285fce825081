import { renameSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { FieldCipher, newFieldKey, type FieldKey } from "../security/fieldCipher.js";
import { readKeyFile, writeKeyFile } from "../security/keyStore.js";
import { ident, schemaTables } from "../security/schemaTables.js";
import { sealedTables } from "../db/repositories/sealedValues.js";
import type { PersonKeyStore } from "../security/personKeys.js";
import { recordAudit } from "./audit.js";
import type { ServiceContext } from "./context.js";
import { authorize } from "./policy.js";
import { tx } from "./people.js";
import { rehashAssignments } from "../db/repositories/assignees.js";

// Key rotation: the new key goes first into the key file (so a crash mid-way leaves every value readable),
// every `*_enc` column of every table is re-sealed in batches, each batch one transaction, and the old keys
// leave the file only after a final pass finds no value still sealed under them.

export interface ResealReport {
  column: string;
  resealed: number;
}

/**
 * Columns holding values under the field key, with the SQL condition that picks those values: every `*_enc`
 * column, and the person-sealed columns whose rows may name no person (their "v1." values: a counterpart list's
 * row matching nobody).
 */
async function fieldSealedColumns(): Promise<{ table: string; col: string; where: string }[]> {
  const out: { table: string; col: string; where: string }[] = [];
  // Not a linked appeal's values, which are under the person's key ("p1.": src/services/appeals/appealSeal.ts).
  for (const t of await schemaTables()) for (const col of t.encColumns) out.push({ table: t.name, col, where: `left(${ident(col)}, 3) = 'v1.'` });
  for (const t of await sealedTables()) for (const col of t.fieldSealedColumns) out.push({ table: t.name, col, where: `left(${ident(col)}, 3) = 'v1.'` });
  return out;
}

/** Re-seal every sealed value not yet under `cipher.current`. Columns come from the Drizzle schema. */
export async function resealAll(db: Db, cipher: FieldCipher, batchSize = 500): Promise<ResealReport[]> {
  const prefix = `v1.${cipher.current.id}.`;
  const report: ResealReport[] = [];
  for (const { table, col, where } of await fieldSealedColumns()) {
    const t = { name: table };
    let resealed = 0;
      for (;;) {
        const stale = await db.execute<{ v: string }>(
          sql.raw(`select distinct ${ident(col)} as v from ${ident(t.name)} where ${where} and left(${ident(col)}, ${prefix.length}) <> '${prefix}' limit ${batchSize}`),
        );
        const values = rowsOf<{ v: string }>(stale).map((r) => r.v);
        if (!values.length) break;
        // Opening fails loudly for a value under an unknown key: the rotation stops before dropping any key.
        const pairs = values.map((v) => [v, cipher.seal(cipher.open(v))] as const);
        await db.transaction(async (t2) => {
          for (const [oldV, newV] of pairs) await t2.execute(sql`update ${sql.raw(ident(t.name))} set ${sql.raw(ident(col))} = ${newV} where ${sql.raw(ident(col))} = ${oldV}`);
        });
        resealed += pairs.length;
      }
    report.push({ column: `${t.name}.${col}`, resealed });
  }
  return report;
}

/** How many sealed values are not under the current key (0 after a completed rotation). */
export async function countStale(db: Db, currentKeyId: string): Promise<number> {
  const prefix = `v1.${currentKeyId}.`;
  let n = 0;
  for (const { table, col, where } of await fieldSealedColumns()) {
    const r = await db.execute(sql.raw(`select count(*)::int as n from ${ident(table)} where ${where} and left(${ident(col)}, ${prefix.length}) <> '${prefix}'`));
    n += Number(rowsOf<{ n: number }>(r)[0]?.n ?? 0);
  }
  return n;
}

function writeKeyFileAtomic(path: string, keys: FieldKey[]): void {
  const tmp = `${path}.rotating`;
  writeKeyFile(tmp, keys);
  renameSync(tmp, path);
}

export interface RotationResult {
  newKeyId: string;
  retiredKeyIds: string[];
  report: ResealReport[];
  keptOldKeys: boolean;
  personKeysRewrapped: number;
}

export async function rotateFieldKeys(ctx: ServiceContext, opts: { keyFile: string; keepOldKeys?: boolean; batchSize?: number; personKeys?: PersonKeyStore }): Promise<RotationResult> {
  authorize(ctx.actor, "manage", "backup");
  const old = readKeyFile(opts.keyFile);
  const fresh = newFieldKey();
  writeKeyFileAtomic(opts.keyFile, [fresh, ...old]);
  const cipher = new FieldCipher([fresh, ...old]);
  // The per-person data keys are wrapped anew under the new field key (the data keys, and so every value
  // sealed under them, stay as they are); the old field key leaves the file only after this.
  const personKeysRewrapped = opts.personKeys ? opts.personKeys.rewrap(cipher) : 0;
  const report = await resealAll(ctx.db, cipher, opts.batchSize);
  // A server still running with the old cipher may have sealed new values meanwhile: one more pass, then check.
  for (const again of await resealAll(ctx.db, cipher, opts.batchSize)) report.find((r) => r.column === again.column)!.resealed += again.resealed;
  // Who works on whom is kept as keyed hashes under the field key: hashed again under the new one.
  const assignmentsRehashed = await rehashAssignments(ctx.db, cipher);
  const stale = await countStale(ctx.db, fresh.id);
  if (stale > 0) throw new Error(`${stale} values are still sealed under an old key; the old keys stay in ${opts.keyFile}: run the rotation again`);
  const retiredKeyIds = old.map((k) => k.id);
  await tx(ctx, (db) =>
    recordAudit(db, ctx.actor, { type: "keys.rotated", targetType: "keys", targetId: fresh.id, detail: { retiredKeyIds, resealed: Object.fromEntries(report.map((r) => [r.column, r.resealed])), personKeysRewrapped, assignmentsRehashed } }, ctx.now()),
  );
  if (!opts.keepOldKeys) writeKeyFileAtomic(opts.keyFile, [fresh]);
  return { newKeyId: fresh.id, retiredKeyIds, report, keptOldKeys: !!opts.keepOldKeys, personKeysRewrapped };
}
