import type { Command } from "commander";
import { configFrom } from "../shared.js";
import { openRuntime } from "../../app/runtime.js";
import { createServer } from "../../server.js";
import { issueSetupInvitation } from "../../services/accounts.js";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("migrate the database and serve the staff app, the public site and the API")
    .option("--port <port>", "port (default: PORT or 8080)")
    .option("--host <host>", "address to listen on (default: HOST or 127.0.0.1)")
    .option("--no-read-cache", "always read the database, never answers kept in memory between writes (PGlite only; for measurements)")
    .action(async (opts: { port?: string; host?: string; readCache: boolean }, cmd: Command) => {
      const config = configFrom(cmd);
      if (opts.port) config.port = Number(opts.port);
      if (opts.host) config.host = opts.host;
      const rt = await openRuntime(config);
      // The person index builds in the background; until it is ready, what needs it answers 503 + Retry-After.
      rt.people.start();
      const app = await createServer(rt, { logger: true, readCache: opts.readCache });
      await app.listen({ port: config.port, host: config.host });
      const where = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.dataDir}`;
      process.stdout.write(`allforall is serving on http://localhost:${config.port} — database: ${where}\n`);
      const token = await issueSetupInvitation(rt.systemCtx("setup"), rt.organisationId);
      if (token) process.stdout.write(`First start: create the admin account at http://localhost:${config.port}/app/setup#${token}\n(one-time link, valid 7 days)\n`);
      const stop = async () => {
        await app.close();
        await rt.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
