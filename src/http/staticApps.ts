import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

// The staff app (built by Vite into dist/web) is served at /app: hashed assets as files, every other
// /app path answers index.html so the app's own router can show it (deep links, reloads).
export const WEB_DIST = fileURLToPath(new URL("../../dist/web", import.meta.url));

export async function registerStaticApps(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  app.get("/app", async (_request, reply) => reply.redirect("/app/"));
  if (!existsSync(`${dist}/index.html`)) {
    // Not built yet: say how, instead of a bare 404 (npm start builds it; tests build it in beforeAll).
    app.get("/app/*", async (_request, reply) => {
      reply.code(503).type("text/plain; charset=utf-8");
      return "The staff app is not built yet: run `node scripts/build-web.mjs` (npm start does it).\n";
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: "/app/",
    wildcard: false,
    index: false,
    // scripts/build-web.mjs writes .br and .gz beside each file: sent when the browser accepts them.
    preCompressed: true,
    setHeaders(reply, path) {
      // File names under assets/ carry a content hash.
      reply.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  const spa = async (_request: unknown, reply: import("fastify").FastifyReply) => {
    reply.header("cache-control", "no-cache");
    return reply.sendFile("index.html", dist);
  };
  app.get("/app/", spa);
  app.get("/app/*", spa);
  // An asset that is not in this build (an old tab after an upgrade) is a 404, not index.html served as a script.
  app.get("/app/assets/*", async (_request, reply) => reply.code(404).type("text/plain; charset=utf-8").send("not found\n"));
}
