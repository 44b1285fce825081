import { readdirSync } from "node:fs";
import { getTableName, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { isFieldSealedColumn, isSealedColumn } from "../db/schema/sealed.js";

// Tables and columns discovered from the Drizzle schema, so key rotation, backups, erasure checks and the
// canary test cover tables other modules add later without anyone keeping a hand-written list.
// Every module of src/db/schema is loaded (as drizzle-kit does), not only what index.ts re-exports.

export interface TableInfo {
  name: string;
  table: PgTable;
  columns: { name: string; sqlType: string; notNull: boolean; isText: boolean }[];
  /**
   * SQL names of the columns sealed with the field key: `*_enc` (sealed by the code that writes them) and
   * `fieldSealedText` ones (sealed in the column's mapping) — not the `*_enc` columns under person keys, nor the
   * person-sealed columns whose rows may be under the field key instead (`sealedTables().fieldSealedColumns`).
   */
  encColumns: string[];
  /** Of those, the `fieldSealedText` ones (an older version may have stored them in clear). */
  mappedEncColumns: string[];
  /** Tables this one references (FK targets), by SQL name. */
  references: string[];
}

let cached: Promise<TableInfo[]> | undefined;

const schemaDir = new URL("../db/schema/", import.meta.url);

export function schemaTables(): Promise<TableInfo[]> {
  return (cached ??= load());
}

async function load(): Promise<TableInfo[]> {
  const files = readdirSync(schemaDir).filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.ts$/.test(f));
  const seen = new Set<unknown>();
  const tables: TableInfo[] = [];
  for (const f of files.sort()) {
    const mod = (await import(new URL(f, schemaDir).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (!is(value, PgTable) || seen.has(value)) continue;
      seen.add(value);
      const cfg = getTableConfig(value);
      const columns = cfg.columns.map((c) => ({ name: c.name, sqlType: c.getSQLType(), notNull: c.notNull, isText: c.getSQLType() === "text" || c.getSQLType().startsWith("varchar") }));
      tables.push({
        name: getTableName(value),
        table: value,
        columns,
        encColumns: cfg.columns.filter((c) => (c.name.endsWith("_enc") && !isSealedColumn(c)) || isFieldSealedColumn(c)).map((c) => c.name),
        mappedEncColumns: cfg.columns.filter(isFieldSealedColumn).map((c) => c.name),
        references: [...new Set(cfg.foreignKeys.map((fk) => getTableName(fk.reference().foreignTable)))],
      });
    }
  }
  return orderByReferences(tables);
}

/** Parents before children (self-references ignored), so a restore can insert in this order. */
function orderByReferences(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: TableInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (t: TableInfo) => {
    if (state.get(t.name) === "done" || state.get(t.name) === "visiting") return;
    state.set(t.name, "visiting");
    for (const r of t.references) {
      const parent = byName.get(r);
      if (parent && parent !== t) visit(parent);
    }
    state.set(t.name, "done");
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}

/** Quote an identifier taken from the schema (never from input). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
