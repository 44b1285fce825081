/** The rows of a raw `db.execute` result: node-postgres and PGlite's driver return `{ rows }`, others the array itself. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
