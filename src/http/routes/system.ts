import { z } from "zod";
import { sql } from "drizzle-orm";
import { defineRoute, type AnyRoute } from "../route.js";
import { buildOpenApi } from "../openapi.js";

export function systemRoutes(allRoutes: () => AnyRoute[]): AnyRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/healthz",
      summary: "Liveness and database check",
      tag: "system",
      api: true,
      permission: "public",
      async handler({ ctx }) {
        await ctx.db.execute(sql`select 1`);
        return { status: "ok", db: ctx.dbKind };
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
