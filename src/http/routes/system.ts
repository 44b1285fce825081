import { z } from "zod";
import { sql, type SQL } from "drizzle-orm";
import { ident, schemaTables } from "../../security/schemaTables.js";
import type { Db } from "../../db/client.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { buildOpenApi } from "../openapi.js";

// The every-table probe below runs at most once a second, and in the background while its last success is younger
// than HEALTH_STALE_MS: a probe queues behind whatever the database is doing (on PGlite's one thread, a start-up's
// index build reads for seconds), and an orchestrator's liveness check must not wait on that. Older than that, or
// after a failure, the check waits for a probe: a database that stopped answering, or a table it cannot read, turns
// it red within HEALTH_STALE_MS.
const HEALTH_REUSE_MS = 1_000;
const HEALTH_STALE_MS = 10_000;

let probeQuery: SQL | undefined;
async function tableProbe(): Promise<SQL> {
  if (probeQuery) return probeQuery;
  const tables = await schemaTables();
  return (probeQuery = sql.raw(`select ${tables.map((t) => `(select 1 from ${ident(t.name)} limit 1)`).join(", ")}`));
}

export function systemRoutes(allRoutes: () => AnyRoute[]): AnyRoute[] {
  let lastAnswer = -Infinity;
  let probe: Promise<void> | null = null;
  const checkDatabase = async (db: Db) => {
    const age = performance.now() - lastAnswer;
    if (age < HEALTH_REUSE_MS) return;
    // Every table is read, not just `select 1`: a damaged table file must turn the check red, not only a dead database.
    probe ??= tableProbe()
      .then((q) => db.execute(q))
      .then(
        () => void (lastAnswer = performance.now()),
        (e: unknown) => {
          lastAnswer = -Infinity; // the next check waits for a probe of its own, and fails if this still fails
          throw e;
        },
      )
      .finally(() => (probe = null));
    if (age < HEALTH_STALE_MS) probe.catch(() => undefined);
    else await probe;
  };
  return [
    defineRoute({
      method: "GET",
      url: "/healthz",
      summary: "Liveness and database check; `index`: the person index's state (search answers 503 until \"ready\")",
      tag: "system",
      api: true,
      permission: "public",
      async handler({ ctx, reply }) {
        await checkDatabase(ctx.db);
        // Never kept by the read cache (nor any other): the index's state changes without a write.
        reply.header("cache-control", "no-store");
        // What is ready: while the index is "building" (start-up) search and lists answer 503 with Retry-After.
        return { status: "ok", db: ctx.dbKind, index: ctx.people.stats.state };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/openapi.json",
      summary: "This API's OpenAPI 3.1 document",
      tag: "system",
      api: true,
      permission: "public",
      query: z.object({}).passthrough(),
      async handler() {
        return buildOpenApi(allRoutes());
      },
    }),
  ];
}
