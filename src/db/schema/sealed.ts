import { getTableColumns, type Column } from "drizzle-orm";
import { customType, type PgTable } from "drizzle-orm/pg-core";
import { isPersonSealed, openSealed, sealFor } from "../../security/personKeys.js";

// A text column whose values are sealed under the person's own data key (src/security/personKeys.ts).
// Reading opens them in Drizzle's mapping, so selects return plaintext; writing takes only values already
// sealed (`sealPersonRow` below) — a plaintext reaching the database, or a comparison with one in SQL, throws
// instead of storing a name in clear. SQL cannot search, sort or compare these columns: the person index
// (src/services/directory/) does that from opened values.

function toDriver(v: string): string {
  if (typeof v !== "string" || !isPersonSealed(v)) throw new Error("a plaintext value for a person-sealed column: seal it with sealPersonRow / sealFor");
  return v;
}

export const sealedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver,
  fromDriver: (v) => openSealed(v),
});

export function isSealedColumn(col: Column): boolean {
  return (col as unknown as { mapTo?: unknown }).mapTo === toDriver;
}

const sealedKeys = new WeakMap<PgTable, string[]>();

/** The TypeScript property names of a table's person-sealed columns. */
export function sealedProperties(table: PgTable): string[] {
  let keys = sealedKeys.get(table);
  if (!keys) {
    keys = Object.entries(getTableColumns(table) as Record<string, Column>)
      .filter(([, c]) => isSealedColumn(c))
      .map(([k]) => k);
    sealedKeys.set(table, keys);
  }
  return keys;
}

/** The row with every person-sealed column it carries sealed under that person's key (null stays null). */
export function sealPersonRow<T extends object>(table: PgTable, personId: string, row: T): T {
  const keys = sealedProperties(table);
  let out: T | undefined;
  for (const k of keys) {
    const v = (row as Record<string, unknown>)[k];
    if (typeof v !== "string" || isPersonSealed(v)) continue;
    out ??= { ...row };
    (out as Record<string, unknown>)[k] = sealFor(personId, v);
  }
  return out ?? row;
}
