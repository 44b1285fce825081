import type { FastifyInstance } from "fastify";
import type { Runtime } from "./app/runtime.js";
import { buildServer } from "./http/app.js";
import { allRoutes } from "./http/routes/index.js";
import { registerStaticApps } from "./http/staticApps.js";

export async function createServer(runtime: Runtime, opts: { logger?: boolean; readCache?: boolean } = {}): Promise<FastifyInstance> {
  return buildServer(runtime, {
    routes: allRoutes(),
    extend: (app) => registerStaticApps(app),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
    ...(opts.readCache !== undefined ? { readCache: opts.readCache } : {}),
  });
}
