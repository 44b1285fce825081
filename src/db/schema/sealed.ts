import { getTableColumns, type Column } from "drizzle-orm";
import { customType, type PgTable } from "drizzle-orm/pg-core";
import { ERASED_VALUE, isFieldSealed, isPersonSealed, openSealed, openWithoutPerson, sealFor, sealWithoutPerson } from "../../security/personKeys.js";

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

function toDriverJson(v: unknown): string {
  if (typeof v !== "string" || !isPersonSealed(v)) throw new Error("a plaintext value for a person-sealed column: seal it with sealPersonRow");
  return v;
}

/**
 * A value of any JSON type (a health severity, a flag, a count, a list of reported conditions) sealed under the
 * person's key as its JSON text. The column is `text` in SQL; it has no default (a default would be stored in
 * clear): writers give every value.
 */
export const sealedJson = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => "text",
    toDriver: toDriverJson as (v: T) => string,
    fromDriver: (v) => {
      const opened = openSealed(v);
      // Erased (key deleted): no value, rather than a placeholder of the wrong type.
      return (opened === ERASED_VALUE ? null : JSON.parse(opened)) as T;
    },
  })(name);

function toDriverOwnedJson(v: unknown): string {
  if (typeof v !== "string" || !(isPersonSealed(v) || isFieldSealed(v))) throw new Error("a plaintext value for a sealed column: seal it with sealOwnedRow");
  return v;
}

/**
 * Sealed JSON whose row may belong to no person (a frozen list's row of someone the registry does not hold):
 * under the person's key when the row has one, under the field key otherwise (`sealOwnedRow`).
 */
export const sealedOwnedJson = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => "text",
    toDriver: toDriverOwnedJson as (v: T) => string,
    fromDriver: (v) => {
      if (isFieldSealed(v)) return JSON.parse(openWithoutPerson(v)) as T;
      const opened = openSealed(v);
      return (opened === ERASED_VALUE ? null : JSON.parse(opened)) as T;
    },
  })(name);

function toDriverOwnedText(v: string): string {
  if (typeof v !== "string") throw new Error("a sealed text column takes text");
  return isPersonSealed(v) || isFieldSealed(v) ? v : sealWithoutPerson(v);
}

/**
 * Text whose row may or may not belong to a person yet: an appeal's words about the held person come before
 * anyone links the appeal to a registry person. Until then the column's own mapping seals a value with the field
 * key (the code around it handles plain strings); once the appeal is linked its values are re-sealed under that
 * person's key (`sealPersonRow`, in src/services/appeals/shared.ts), so erasing the person makes their copies in
 * WAL and older backups unreadable too, and a merge moves them to the survivor's key. Read opened. SQL cannot
 * compare or search these columns.
 */
export const ownedSealedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver: toDriverOwnedText,
  // A clear value is what an older version stored, until the start-up data migration seals it.
  fromDriver: (v) => (isFieldSealed(v) ? openWithoutPerson(v) : isPersonSealed(v) ? openSealed(v) : v),
});

function toDriverField(v: string): string {
  if (typeof v !== "string") throw new Error("a field-sealed column takes text");
  return isFieldSealed(v) ? v : sealWithoutPerson(v);
}

/**
 * Text sealed with the field key in Drizzle's mapping itself: written sealed, read opened, so the code around it
 * handles plain strings (an appeal's assigned lawyer `appeal.assignee_enc`, a source's own note `source.note`). Key
 * rotation, backups and the tests find these columns like the `*_enc` ones (schemaTables' encColumns). SQL cannot
 * compare these values (each sealing differs): a keyed hash beside one serves filters.
 */
export const fieldSealedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver: toDriverField,
  fromDriver: (v) => (isFieldSealed(v) ? openWithoutPerson(v) : v),
});

/** Sealed with the field key by the column's own mapping (fieldSealedText). */
export function isFieldSealedColumn(col: Column): boolean {
  return mapToOf(col) === toDriverField;
}

function mapToOf(col: Column): unknown {
  return (col as unknown as { mapTo?: unknown }).mapTo;
}

export function isSealedColumn(col: Column): boolean {
  const mapTo = mapToOf(col);
  return mapTo === toDriver || mapTo === toDriverJson || mapTo === toDriverOwnedJson || mapTo === toDriverOwnedText;
}

/** A person-sealed column holding JSON (sealedJson, sealedOwnedJson) rather than text. */
export function isSealedJsonColumn(col: Column): boolean {
  const mapTo = mapToOf(col);
  return mapTo === toDriverJson || mapTo === toDriverOwnedJson;
}

/** A sealed column whose values may be under the field key (rows with no person): key rotation re-seals those. */
export function acceptsFieldSealed(col: Column): boolean {
  const mapTo = mapToOf(col);
  return mapTo === toDriverOwnedJson || mapTo === toDriverOwnedText;
}

const sealedKeys = new WeakMap<PgTable, { key: string; json: boolean }[]>();

/** The TypeScript property names of a table's person-sealed columns. */
export function sealedProperties(table: PgTable): { key: string; json: boolean }[] {
  let keys = sealedKeys.get(table);
  if (!keys) {
    keys = Object.entries(getTableColumns(table) as Record<string, Column>)
      .filter(([, c]) => isSealedColumn(c))
      .map(([key, c]) => ({ key, json: isSealedJsonColumn(c) }));
    sealedKeys.set(table, keys);
  }
  return keys;
}

/** The row with every person-sealed column it carries sealed under that person's key (null stays null). */
export function sealPersonRow<T extends object>(table: PgTable, personId: string, row: T): T {
  let out: T | undefined;
  for (const { key, json } of sealedProperties(table)) {
    const v = (row as Record<string, unknown>)[key];
    if (v === undefined || v === null || (typeof v === "string" && isPersonSealed(v))) continue;
    if (!json && typeof v !== "string") continue;
    out ??= { ...row };
    (out as Record<string, unknown>)[key] = sealFor(personId, json ? JSON.stringify(v) : (v as string));
  }
  return out ?? row;
}

/** The row sealed under its person's key, or under the field key when it names no person. */
export function sealOwnedRow<T extends object>(table: PgTable, personId: string | null, row: T): T {
  if (personId) return sealPersonRow(table, personId, row);
  let out: T | undefined;
  for (const { key } of sealedProperties(table)) {
    const v = (row as Record<string, unknown>)[key];
    if (v === undefined || v === null || (typeof v === "string" && (isPersonSealed(v) || isFieldSealed(v)))) continue;
    out ??= { ...row };
    (out as Record<string, unknown>)[key] = sealWithoutPerson(JSON.stringify(v));
  }
  return out ?? row;
}
