import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { sealedTables } from "../../src/db/repositories/sealedValues.js";

// What an adversary without the keys does with a seized server (used by seizedFolder.test.ts): grep every file
// of the data folder, and read every text column through the database itself (long values are stored
// compressed in TOAST, so a grep of the files alone would miss them). On PostgreSQL the table files and WAL
// segments are the server's: a superuser reads them through the server (pg_read_binary_file).

export function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Needles found in these byte strings, as raw UTF-8 ("name: needle"). */
export function grepBytes(named: Iterable<[string, Buffer]>, words: string[]): string[] {
  const hits: string[] = [];
  for (const [name, bytes] of named) for (const w of words) if (bytes.includes(Buffer.from(w, "utf8"))) hits.push(`${name}: ${w}`);
  return hits;
}

export function* readFiles(files: string[]): Iterable<[string, Buffer]> {
  for (const f of files) if (statSync(f).size) yield [f, readFileSync(f)];
}

export interface ColumnScan {
  hits: string[];
  columns: number;
  /** Values sealed under this person's key, found anywhere. */
  sealedFound: number;
  /** Person-sealed columns holding something that is not a person-sealed value. */
  clearInSealedColumns: string[];
}

/** Every text, varchar, JSON and array column of every table, read without any key, searched for the needles. */
export async function scanColumnsWithoutKey(query: (q: string) => Promise<Record<string, unknown>[]>, needles: string[], personId: string): Promise<ColumnScan> {
  const tables = await sealedTables();
  const sealedColumns = new Set(tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c}`)));
  // Columns whose rows may name no person hold field-sealed values too (a counterpart's list row, an unlinked appeal).
  const fieldToo = new Set(tables.flatMap((t) => t.fieldSealedColumns.map((c) => `${t.name}.${c}`)));
  const clearInSealedColumns: string[] = [];
  const cols = await query(
    `select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY') order by 1, 2`,
  );
  const hits: string[] = [];
  let sealedFound = 0;
  for (const c of cols) {
    const [t, col] = [String(c.table_name), String(c.column_name)];
    for (const r of await query(`select "${col}"::text as v from "${t}" where "${col}" is not null`)) {
      const v = String(r.v);
      for (const w of needles) if (v.toLowerCase().includes(w.toLowerCase())) hits.push(`${t}.${col}: ${w}`);
      if (v.includes(`p1.${personId}.`)) sealedFound++;
      const key = `${t}.${col}`;
      if (sealedColumns.has(key) && !v.startsWith("p1.") && !(fieldToo.has(key) && v.startsWith("v1."))) clearInSealedColumns.push(`${key}: ${v.slice(0, 40)}`);
    }
  }
  return { hits, columns: cols.length, sealedFound, clearInSealedColumns };
}

/**
 * The files a PostgreSQL server keeps for one database — its tables, TOAST and indexes — and the WAL segments
 * written since `sinceWal` (a segment name), read as a superuser through the server after a checkpoint.
 * Undefined when the role may not read server files.
 */
export async function serverFiles(databaseUrl: string, sinceWal: string): Promise<[string, Buffer][] | undefined> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const can = await c.query(`select rolsuper or pg_has_role(current_user, 'pg_read_server_files', 'member') as ok from pg_roles where rolname = current_user`);
    if (!can.rows[0]?.ok) return undefined;
    await c.query("checkpoint");
    const out: [string, Buffer][] = [];
    const rels = await c.query<{ path: string }>(`select pg_relation_filepath(oid) as path from pg_class where relkind in ('r', 't', 'i', 'm') and pg_relation_filepath(oid) is not null`);
    for (const { path } of rels.rows) {
      const r = await c.query<{ b: Buffer | null }>(`select pg_read_binary_file($1, 0, (pg_stat_file($1, true)).size, true) as b`, [path]);
      if (r.rows[0]?.b?.length) out.push([path, r.rows[0].b]);
    }
    const wal = await c.query<{ name: string }>(`select name from pg_ls_waldir() where name >= $1 and name ~ '^[0-9A-F]{24}$' order by name`, [sinceWal]);
    for (const { name } of wal.rows) {
      const r = await c.query<{ b: Buffer | null }>(`select pg_read_binary_file('pg_wal/' || $1, 0, (pg_stat_file('pg_wal/' || $1, true)).size, true) as b`, [name]);
      if (r.rows[0]?.b?.length) out.push([`pg_wal/${name}`, r.rows[0].b]);
    }
    return out;
  } finally {
    await c.end();
  }
}

/** The WAL segment being written now (everything the test writes from here on lands in it or later ones). */
export async function currentWalSegment(databaseUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return String((await c.query(`select pg_walfile_name(pg_current_wal_lsn()) as n`)).rows[0].n);
  } finally {
    await c.end();
  }
}
