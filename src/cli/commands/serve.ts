import cluster from "node:cluster";
import type { Command } from "commander";
import { configFrom, fail } from "../basics.js";

export interface ServeOptions {
  port?: string;
  host?: string;
  readCache: boolean;
  workers?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("migrate the database and serve the staff app, the public site and the API")
    .option("--port <port>", "port (default: PORT or 8080)")
    .option("--host <host>", "address to listen on (default: HOST or 127.0.0.1)")
    .option("--no-read-cache", "always read the database, never answers kept in memory between writes (PGlite only; for measurements)")
    .option("--workers <n>", "PostgreSQL only: this many server processes sharing the port (default 1; docs/architecture.md, \"Growing\")")
    .action(async (opts: ServeOptions, cmd: Command) => {
      const config = configFrom(cmd);
      if (opts.port) config.port = Number(opts.port);
      if (opts.host) config.host = opts.host;
      const workers = opts.workers === undefined ? 1 : Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) fail(`--workers: expected a whole number from 1 to 64, got "${opts.workers}"`);
      if (workers > 1 && !config.databaseUrl)
        fail("--workers needs PostgreSQL (set DATABASE_URL): an embedded PGlite data folder is owned by one process; run one server, or move to PostgreSQL (docs/architecture.md, \"Growing\")");
      // The primary of --workers imports none of the server's code (its workers are started at once: workers.ts).
      if (workers > 1 && cluster.isPrimary) return (await import("../workers.js")).superviseWorkers(config, workers);
      await (await import("../serverProcess.js")).serveOne(config, opts, cluster.isWorker);
    });
}
