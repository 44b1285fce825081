import { z } from "zod";
import { PATCH_RULE } from "../services/patch.js";
import type { AnyRoute } from "./route.js";

function schemaOf(s: z.ZodType | undefined, io: "input" | "output" = "input"): Record<string, unknown> | undefined {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The OpenAPI document is generated from the same route table the server runs, so it cannot drift. */
export function buildOpenApi(routes: AnyRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes.filter((r) => r.api)) {
    const path = r.url.replace(/:(\w+)/g, "{$1}");
    const params: unknown[] = [];
    const pSchema = schemaOf(r.params) as { properties?: Record<string, unknown> } | undefined;
    for (const [name, schema] of Object.entries(pSchema?.properties ?? {})) params.push({ name, in: "path", required: true, schema });
    const qSchema = schemaOf(r.query) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(qSchema?.properties ?? {}))
      params.push({ name, in: "query", required: qSchema?.required?.includes(name) ?? false, schema });
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      "x-permission": r.permission,
      parameters: params,
      responses: {
        [String(r.successStatus ?? 200)]: { description: "success" },
        "400": { description: "invalid input: `issues` lists each field and why" },
        ...(r.permission === "public" ? {} : { "401": { description: "sign in first" }, "403": { description: "not allowed" } }),
      },
      ...(r.permission === "public" ? { security: [] } : {}),
    };
    if (r.body) op.requestBody = { required: true, ...(r.method === "PATCH" ? { description: PATCH_RULE } : {}), content: { "application/json": { schema: schemaOf(r.body) } } };
    if (r.method === "PATCH") op.description = PATCH_RULE;
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "allforall API",
      version: "1",
      description: "Registry of people held for political reasons, appeals, matching and exchange lists. Field visibility depends on the caller's role.",
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "aff_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
