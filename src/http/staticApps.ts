import type { FastifyInstance } from "fastify";

// The staff app (built by Vite into dist/web) is served at /app; the web issue fills this in.
export async function registerStaticApps(_app: FastifyInstance): Promise<void> {}
