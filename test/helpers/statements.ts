import type { Database } from "../../src/db/client.js";

/**
 * Count the SQL statements sent to the database from now on, inside transactions too: on PostgreSQL every
 * query of a pool connection is already counted (`timing.queries`); on PGlite the client's and each
 * transaction's query and exec are wrapped here.
 */
export function countStatements(database: Database): { count(): number; stop(): void } {
  if (!database.pglite) {
    const start = database.timing.queries;
    return { count: () => database.timing.queries - start, stop: () => {} };
  }
  let n = 0;
  type Fn = (...args: unknown[]) => unknown;
  const client = database.pglite as unknown as Record<string, Fn>;
  const saved = { query: client.query!, exec: client.exec!, transaction: client.transaction! };
  const counted = (fn: Fn): Fn => (...args) => (n++, fn(...args));
  client.query = counted(saved.query);
  client.exec = counted(saved.exec);
  client.transaction = (callback: unknown) =>
    saved.transaction((tx: Record<string, Fn>) => {
      tx.query = counted(tx.query!.bind(tx));
      tx.exec = counted(tx.exec!.bind(tx));
      return (callback as Fn)(tx);
    });
  return { count: () => n, stop: () => Object.assign(client, saved) };
}
