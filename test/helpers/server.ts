import { afterAll, beforeAll } from "vitest";
import type { FastifyInstance } from "fastify";
import { createServer } from "../../src/server.js";
import { createTestRuntime, type TestRuntime } from "./runtime.js";

export interface TestServer {
  rt: TestRuntime;
  app: FastifyInstance;
}

/**
 * One fresh database and one server for the test file, closed after it. `receive` hands both to the file's own
 * variables (`useTestServer((s) => ({ rt, app } = s))`), so later `beforeAll` hooks — which run after this one —
 * can seed data through them. `beforeServer`: done to the runtime before the server is made of it.
 */
export function useTestServer(receive: (s: TestServer) => void, options: { now?: Date; beforeServer?: (rt: TestRuntime) => void } = {}): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    const rt = await createTestRuntime();
    if (options.now) rt.setNow(options.now); // before the server starts: its hourly jobs read the clock
    // What the server must find in place when it starts (a logger, a watch on the database's statements).
    options.beforeServer?.(rt);
    server = { rt, app: await createServer(rt) };
    receive(server);
  });
  afterAll(async () => {
    await server?.app.close();
    await server?.rt.close();
  });
}
