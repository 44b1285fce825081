import type { Db } from "./client.js";

/**
 * A statement built once per database handle and named, instead of built by Drizzle on every call: building a
 * select cost the HTTP thread more CPU than running it (the person page's; on PostgreSQL, each request's API token,
 * facility names and label style), and a named statement is parsed and planned once per connection by the server.
 * Each `key` must name one statement text only (PostgreSQL refuses two texts under one name on a connection).
 */
export function preparedOnce<T>(db: Db, key: string, make: () => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let p = byName.get(key) as T | undefined;
  if (p === undefined) byName.set(key, (p = make()));
  return p;
}

const statements = new WeakMap<Db, Map<string, unknown>>();
