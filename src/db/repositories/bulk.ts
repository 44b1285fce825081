import { getTableColumns, getTableName, sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db, DbKind } from "../client.js";
import { mapYielding } from "../yielding.js";

/**
 * Insert many rows in one statement. On PGlite: COPY … FROM '/dev/blob' with the rows as COPY text, which
 * needs neither a bind parameter nor JSON parsing (measured on bench/import.ts: a fifth less CPU for a whole
 * import than json_to_recordset). On a PostgreSQL server, or when the PGlite client cannot be reached: one JSON
 * parameter expanded by json_to_recordset (about four times less CPU than a multi-row VALUES insert with
 * thousands of bind parameters). Rows use the table's TypeScript property names; columns absent from every row
 * take their defaults.
 */
export async function bulkInsert<T extends PgTable>(db: Db, kind: DbKind, table: T, rows: T["$inferInsert"][]): Promise<void> {
  if (!rows.length) return;
  const columns = getTableColumns(table) as Record<string, Column>;
  const present = new Set<string>();
  for (const r of rows) for (const k in r as object) present.add(k);
  const keys = [...present].filter((k) => columns[k]);
  // Custom column types (person-sealed texts) check and convert their values as they are written, as drizzle would.
  const cols = keys.map((k) => columns[k]!);
  const custom = cols.map((c) => c.dataType === "custom");
  const value = (r: Record<string, unknown>, i: number) => {
    const v = r[keys[i]!];
    return custom[i] && v !== null && v !== undefined ? cols[i]!.mapToDriverValue(v) : v;
  };
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const colList = keys.map((k) => q(columns[k]!.name)).join(", ");
  // COPY's text form is written here without drizzle's value mapping: only for columns whose values need none.
  const copyable = keys.every((k) => COPYABLE.has(columns[k]!.dataType));
  const client = kind === "pglite" && copyable ? pgliteClientOf(db) : null;
  if (client) {
    const json = cols.map((c) => c.dataType === "json");
    // The event loop runs every 2,000 rows (mapYielding): a version of 100,000 list rows is written here, and the
    // served process answered nobody while it was (seconds at load 10; docs/benchmarks-history.md, "Session 10").
    const lines = await mapYielding(rows, (row) => {
      const r = row as Record<string, unknown>;
      let line = copyField(value(r, 0), json[0]!);
      for (let i = 1; i < keys.length; i++) line += "\t" + copyField(value(r, i), json[i]!);
      return line;
    });
    await client.query(`copy ${q(getTableName(table))} (${colList}) from '/dev/blob'`, [], { blob: new Blob([lines.join("\n"), "\n"]) });
    return;
  }
  const typed = keys.map((k) => `${q(columns[k]!.name)} ${columns[k]!.getSQLType()}`).join(", ");
  const payload = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const v = value(r as Record<string, unknown>, i);
        o[cols[i]!.name] = v instanceof Date ? v.toISOString() : v === undefined ? null : v;
      }
      return o;
    }),
  );
  await db.execute(sql.raw(`insert into ${q(getTableName(table))} (${colList}) select ${colList} from json_to_recordset(`).append(sql`${payload}::json`).append(sql.raw(`) as x(${typed})`)));
}

const COPYABLE = new Set(["string", "number", "boolean", "date", "json", "custom"]);

interface PgliteQueryable {
  query(query: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/**
 * The PGlite client (or PGlite transaction) under a drizzle-orm/pglite database or transaction, for what drizzle
 * cannot pass on (a COPY's blob); null when there is none.
 */
export function pgliteClientOf(db: Db): PgliteQueryable | null {
  const session = (db as unknown as { session?: { constructor: { name: string }; client?: { query?: unknown } } }).session;
  return session?.constructor.name === "PgliteSession" && typeof session.client?.query === "function" ? (session.client as PgliteQueryable) : null;
}

/** One field of COPY's text format: \N for null; backslash, newline, carriage return and tab escaped. */
function copyField(v: unknown, json: boolean): string {
  if (v === null || v === undefined) return "\\N";
  const text = json ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]!) : text;
}
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * PGlite only: run `fn` — inserts into `tables` of rows whose every foreign key points at a row this same
 * transaction has just inserted (a new person's names, a new case's articles) or holds with
 * `holdReferencedRows` — without the per-row foreign-key checks. Those checks cannot fail there, and each one
 * locks its parent row (FOR KEY SHARE: a page write and a WAL record per child row), which cost a fifth of an
 * import's CPU on PGlite (bench/import.ts). Unique constraints and NOT NULL still hold (they are not
 * triggers). Tables with triggers or rules of their own keep the checks, since session_replication_role =
 * replica would silence those too — except triggers enabled ALWAYS (the person change feed), which fire anyway. On a PostgreSQL server (where that setting needs a superuser) the checks
 * always run.
 */
export async function withNewParentsOnly<T>(db: Db, kind: DbKind, tables: PgTable[], fn: () => Promise<T>, opts: { insertsOnly?: boolean } = {}): Promise<T> {
  if (kind !== "pglite") return fn();
  const names = `{${tables.map((t) => getTableName(t)).join(",")}}`;
  // `insertsOnly`: fn only inserts, so only triggers that fire on INSERT (tgtype bit 4) would be silenced — a table
  // guarded against UPDATE and DELETE (a list version's rows) keeps that guard and loses only the per-row checks.
  const fires = opts.insertsOnly ? sql` and (tgtype & 4) <> 0` : sql``;
  const own = await db.execute(
    sql`select 1 from pg_trigger where tgrelid = any(${names}::text::regclass[]) and not tgisinternal and tgenabled <> 'A'${fires} union all select 1 from pg_rewrite where ev_class = any(${names}::text::regclass[]) and rulename <> '_RETURN' limit 1`,
  );
  if ((own as unknown as { rows: unknown[] }).rows.length) return fn();
  await db.execute(sql`set local session_replication_role = replica`);
  try {
    return await fn();
  } finally {
    // Also when fn throws and a caller catches it: the rest of the transaction gets its checks and triggers back.
    await db.execute(sql`set local session_replication_role = origin`);
  }
}

/**
 * Take, once per referenced row, the lock a foreign-key check takes on the row it finds (FOR KEY SHARE: no delete and no
 * key change until the transaction ends), for references that many inserted rows share; throws when one of
 * `ids` does not exist, as the check would.
 */
export async function holdReferencedRows(db: Db, table: PgTable & { id: Column }, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  const r = await db.execute(sql`select ${table.id} as id from ${table} where ${anyOf(table.id, wanted)} for key share`);
  const found = new Set((r as unknown as { rows: { id: string }[] }).rows.map((x) => x.id));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length) throw new Error(`${getTableName(table)} ${missing.join(", ")} does not exist`);
}

/**
 * `column = any(array)` with the values as one array parameter: for the thousands of keys of an import batch,
 * where inArray would send (and make PGlite describe and bind) one parameter per value.
 */
export function anyOf(column: Column, values: string[]): SQL {
  // array(select …) is computed once per query; the bare cast is not a constant and a sequential scan
  // re-evaluates it for every row (measured: seconds per batch on person_name, whose statistics are empty
  // right after an import).
  return sql`${column} = any(array(select unnest(${arrayLiteral(values)}::text::${sql.raw(column.getSQLType())}[])))`;
}

/** A PostgreSQL array literal of texts: each element double-quoted, with its quotes and backslashes escaped. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}


/**
 * Update many rows, each with its own set of columns, in one statement: the rows go as one JSON parameter
 * (`json_to_recordset`), each naming the columns it sets (a column a row does not name keeps its value, so
 * one statement serves rows that set different columns, and a row may set a column to null). `updatedAt`,
 * when the table has it, becomes now() for every row touched. Ids that do not exist are skipped.
 */
export async function bulkUpdate<T extends PgTable & { id: Column }>(db: Db, table: T, rows: { id: string; set: Partial<T["$inferInsert"]> }[]): Promise<void> {
  if (!rows.length) return;
  // Two source rows for one target row would update it once, with either: they are merged (later wins).
  const merged = new Map<string, Record<string, unknown>>();
  for (const r of rows) merged.set(r.id, { ...merged.get(r.id), ...(r.set as Record<string, unknown>) });
  rows = [...merged].map(([id, set]) => ({ id, set: set as Partial<T["$inferInsert"]> }));
  const columns = getTableColumns(table) as Record<string, Column>;
  const present = new Set<string>();
  for (const r of rows) for (const k in r.set as object) if (columns[k] && k !== "id" && k !== "updatedAt") present.add(k);
  const keys = [...present];
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const assignments = keys.map((k) => `${q(columns[k]!.name)} = case when x."__set" ? '${k}' then x.${q(columns[k]!.name)} else t.${q(columns[k]!.name)} end`);
  if (columns.updatedAt) assignments.push(`${q(columns.updatedAt.name)} = now()`);
  if (!assignments.length) return;
  const typed = [`"id" uuid`, `"__set" jsonb`, ...keys.map((k) => `${q(columns[k]!.name)} ${columns[k]!.getSQLType()}`)].join(", ");
  const payload = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = { id: r.id, __set: Object.keys(r.set as object).filter((k) => present.has(k)) };
      for (const k of keys) {
        let v = (r.set as Record<string, unknown>)[k];
        // Custom column types convert their values themselves, as drizzle would.
        if (v !== null && v !== undefined && columns[k]!.dataType === "custom") v = columns[k]!.mapToDriverValue(v);
        o[columns[k]!.name] = v instanceof Date ? v.toISOString() : v === undefined ? null : v;
      }
      return o;
    }),
  );
  await db.execute(
    sql.raw(`update ${q(getTableName(table))} as t set ${assignments.join(", ")} from json_to_recordset(`).append(sql`${payload}::json`).append(sql.raw(`) as x(${typed}) where t."id" = x."id"`)),
  );
}
