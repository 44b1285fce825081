// Whole-table work on person-sealed columns (src/db/schema/sealed.ts): sealing the plaintext an older version
// stored, and moving a merged record's values to the survivor's key. Columns come from the Drizzle schema, so a
// column that becomes sealed later is covered without a list to update.
import { getTableColumns, getTableName, sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../client.js";
import { rowsOf } from "../rows.js";
import { acceptsFieldSealed, isSealedColumn, isSealedJsonColumn } from "../schema/sealed.js";
import { ensurePersonKeys, isFieldSealed, isPersonSealed, openSealed, openWithoutPerson, sealFor, sealWithoutPerson } from "../../security/personKeys.js";
import { ident, schemaTables } from "../../security/schemaTables.js";
import type { FieldCipher } from "../../security/fieldCipher.js";

export interface SealedTable {
  name: string;
  /** SQL names of the person-sealed columns. */
  columns: string[];
  /** Of those, the ones holding JSON (sealedJson: a severity, a flag, a count, a list). */
  jsonColumns: string[];
  /** Of those, the ones whose rows may name no person: such a row's value is under the field key. */
  fieldSealedColumns: string[];
  /** SQL expression giving the row's person id ("id" for person itself). */
  personIdColumn: string;
}


export async function sealedTables(): Promise<SealedTable[]> {
  const out: SealedTable[] = [];
  for (const t of await schemaTables()) {
    const sealed = Object.values(getTableColumns(t.table as PgTable) as Record<string, Column>).filter(isSealedColumn);
    const cols = sealed.map((c) => c.name);
    if (!cols.length) continue;
    // An appeal's person is the one it is linked to (none until triage links it: its values are under the field key).
    const personIdColumn = t.name === "person" ? "id" : t.columns.some((c) => c.name === "person_id") ? "person_id" : t.columns.some((c) => c.name === "linked_person_id") ? "linked_person_id" : null;
    if (!personIdColumn) throw new Error(`${t.name} has person-sealed columns but no person_id: its values have no person key`);
    out.push({ name: getTableName(t.table), columns: cols, jsonColumns: sealed.filter(isSealedJsonColumn).map((c) => c.name), fieldSealedColumns: sealed.filter(acceptsFieldSealed).map((c) => c.name), personIdColumn });
  }
  return out;
}

/**
 * Seal every plaintext value left in a person-sealed column (a database written before names were sealed),
 * in batches of one transaction each. Returns how many rows were sealed per table.
 */
export async function sealPlaintextValues(db: Db, batchSize = 2000): Promise<Record<string, number>> {
  const report: Record<string, number> = {};
  for (const t of await sealedTables()) {
    // A column whose rows may name no person takes the field key's seal in those rows only: a row that names a person
    // (an appeal linked before its held_* followed the link) is sealed under that person's key.
    const pid = ident(t.personIdColumn);
    const plain = t.columns
      .map((c) => `(${ident(c)} is not null and left(${ident(c)}, 3) <> 'p1.'${t.fieldSealedColumns.includes(c) ? ` and (left(${ident(c)}, 3) <> 'v1.' or ${pid} is not null)` : ""})`)
      .join(" or ");
    const seal = (pid: string | null, c: string, clear: string): string => {
      if (pid) return sealFor(pid, clear);
      if (t.fieldSealedColumns.includes(c)) return sealWithoutPerson(clear);
      throw new Error(`${t.name}.${c}: a value with no person to seal it under`);
    };
    const n = await rewriteInBatches(db, t.name, `${ident(t.personIdColumn)}::text as "__pid", ${t.columns.map(ident).join(", ")}`, plain, batchSize, (batch) => {
      ensurePersonKeys(batch.flatMap((r) => (r.__pid ? [r.__pid] : [])));
      return (r) =>
        t.columns
          .filter((c) => r[c] !== null && !isPersonSealed(r[c]!) && !(t.fieldSealedColumns.includes(c) && isFieldSealed(r[c]!) && !r.__pid))
          .map((c) => {
            const clear = clearOf(c.endsWith("_enc") || t.fieldSealedColumns.includes(c), r[c]!);
            return sql`${sql.raw(ident(c))} = ${seal(r.__pid ?? null, c, t.jsonColumns.includes(c) ? asJsonText(clear) : clear)}`;
          });
    });
    if (n) report[t.name] = n;
  }
  return report;
}

/**
 * What an older version stored: in clear, or — in a `*_enc` column now under the person's key (health details,
 * Geneva record, staff note), or a column whose row now names a person (a linked appeal's held_*) — sealed with
 * the field key, opened here to be sealed under the person's key.
 */
function clearOf(mayBeFieldSealed: boolean, stored: string): string {
  return mayBeFieldSealed && isFieldSealed(stored) ? openWithoutPerson(stored) : stored;
}

/**
 * A value an older version stored in a column now holding sealed JSON, as JSON text: a number, flag or JSON
 * document as it reads ("2", "true", "[…]"); an enum's label ("severe") as a JSON string.
 */
function asJsonText(clear: string): string {
  try {
    return JSON.stringify(JSON.parse(clear));
  } catch {
    return JSON.stringify(clear);
  }
}

/** Columns that may hold values under a person's key: the person-sealed ones, and `*_enc` columns that do in some rows (a linked appeal's). */
async function personKeyColumns(): Promise<{ name: string; columns: string[] }[]> {
  return [...(await sealedTables()).map((t) => ({ name: t.name, columns: t.columns })), ...(await schemaTables()).map((t) => ({ name: t.name, columns: t.encColumns }))];
}

/** Re-seal every value under `fromId`'s key under `toId`'s key (a merge: the survivor's key opens them from now on). */
export async function resealPersonValues(db: Db, fromId: string, toId: string): Promise<number> {
  const prefix = `p1.${fromId}.`;
  let n = 0;
  for (const t of await personKeyColumns())
    for (const c of t.columns) {
      const found = rowsOf<{ v: string }>(await db.execute(sql.raw(`select ${ident(c)} as v from ${ident(t.name)} where left(${ident(c)}, ${prefix.length}) = '${prefix}'`)));
      for (const { v } of found) await db.execute(sql`update ${sql.raw(ident(t.name))} set ${sql.raw(ident(c))} = ${sealFor(toId, openSealed(v))} where ${sql.raw(ident(c))} = ${v}`);
      n += found.length;
    }
  return n;
}

/** How many values are under this person's key (0 once a merge moved them all). */
export async function countValuesUnder(db: Db, personId: string): Promise<number> {
  const prefix = `p1.${personId}.`;
  let n = 0;
  for (const t of await personKeyColumns())
    for (const c of t.columns) {
      const r = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${ident(t.name)} where left(${ident(c)}, ${prefix.length}) = '${prefix}'`)));
      n += Number(r[0]?.n ?? 0);
    }
  return n;
}

/**
 * Seal with the field key every clear value left in a column sealed with it in its mapping (`fieldSealedText`: a
 * source's own note, stored in clear by an older version), in batches of one transaction each.
 */
export async function sealClearFieldValues(db: Db, cipher: FieldCipher, batchSize = 2000): Promise<Record<string, number>> {
  const report: Record<string, number> = {};
  for (const t of await schemaTables()) {
    const cols = t.mappedEncColumns;
    if (!cols.length) continue;
    const clear = cols.map((c) => `(${ident(c)} is not null and left(${ident(c)}, 3) <> 'v1.')`).join(" or ");
    const n = await rewriteInBatches(db, t.name, cols.map(ident).join(", "), clear, batchSize, () => (r) =>
      cols.filter((c) => r[c] !== null && !r[c]!.startsWith("v1.")).map((c) => sql`${sql.raw(ident(c))} = ${cipher.seal(r[c]!)}`),
    );
    if (n) report[t.name] = n;
  }
  return report;
}

type StoredRow = Record<string, string | null>;

/**
 * Rewrite, a batch of rows at a time (one transaction each), every row of `table` that `where` still selects, until
 * none is left: `prepare` sees the batch first (to open the keys it needs), then gives each row's assignments. Each
 * assignment must take the row out of `where`, or this never ends. Returns how many rows were rewritten.
 */
async function rewriteInBatches(db: Db, table: string, columns: string, where: string, batchSize: number, prepare: (batch: StoredRow[]) => (row: StoredRow) => SQL[]): Promise<number> {
  let n = 0;
  for (;;) {
    const batch = rowsOf<StoredRow>(await db.execute(sql.raw(`select ctid::text as "__ctid", ${columns} from ${ident(table)} where ${where} limit ${batchSize}`)));
    if (!batch.length) return n;
    const setsOf = prepare(batch);
    await db.transaction(async (t2) => {
      for (const r of batch) await t2.execute(sql`update ${sql.raw(ident(table))} set ${sql.join(setsOf(r), sql`, `)} where ctid = ${r.__ctid}::tid`);
    });
    n += batch.length;
  }
}
