import cluster from "node:cluster";
import type { Command } from "commander";
import type { AppConfig } from "../../config.js";
import { configFrom, describeError, fail } from "../shared.js";
import { openRuntime, type Runtime } from "../../app/runtime.js";
import { auditHeadPath, checkpointAuditHead } from "../../services/auditHead.js";
import { runAppealIntake } from "../../services/appeals/hold.js";
import { flushAuditBuffer } from "../../services/auditBuffer.js";
import { buildDone, buildsAtOnce, buildTurn, scheduleBuilds } from "../buildTurns.js";
import { workerExecArgv } from "../workerFlags.js";

interface ServeOptions {
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
      if (workers > 1 && cluster.isPrimary) return superviseWorkers(config, workers);
      await serveOne(config, opts, cluster.isWorker);
    });
}

/** The rest of the server's code, imported while the database opens (src/cli/serverParts.ts). */
type ServerParts = typeof import("../serverParts.js");
type ChannelSettings = ReturnType<ServerParts["channelSettingsFromEnv"]>;

function importServerParts(): Promise<ServerParts> {
  const parts = import("../serverParts.js");
  parts.catch(() => undefined); // awaited once the runtime is open; a failure first must not go unhandled
  return parts;
}

/** One server process. A cluster worker does not migrate (the primary did) and does not print the set-up link. */
async function serveOne(config: AppConfig, opts: ServeOptions, worker: boolean): Promise<void> {
  const loading = importServerParts();
  // PGlite runs in a worker thread: no statement holds up the thread that answers requests.
  const rt = await openRuntime(config, { migrate: !worker, thread: true });
  // The person index builds in the background; until it is ready, what needs it answers 503 + Retry-After. The
  // workers of one host build in turns (src/cli/buildTurns.ts).
  // A sealed snapshot of the index (beside the key file) is loaded instead of a full build when it is valid, and
  // written after a full build: the next worker in turn loads it (src/services/directory/snapshot.ts).
  // A full build begins now (the database reads while the server is made); a snapshot's file is read and restored on
  // this thread once the server listens, so that it answers (503 + Retry-After) meanwhile rather than not at all.
  if (config.indexSnapshotFile) rt.people.useSnapshots({ path: config.indexSnapshotFile, keys: rt.personKeys });
  let listened!: () => void;
  const listening = new Promise<void>((resolve) => (listened = resolve));
  // A cluster worker's turn to build, and whether it listens at once or once its index is ready (src/cli/rotation.ts).
  const turn = worker ? buildTurn() : null;
  const atOnce = turn ? turn.atOnce : Promise.resolve(true);
  // A worker out of the rotation answers nobody: its snapshot is loaded at once.
  const loadAfter = atOnce.then((now) => (now ? listening : undefined));
  rt.people.start({ matcherThread: config.indexMatcherThread, loadAfter, ...(turn ? { after: turn.go } : {}) });
  if (worker) void rt.people.built().then(() => rt.people.snapshotSaved()).then(buildDone, buildDone);
  const { createServer, channelSettingsFromEnv, startAppealChannels, resumeListBuilds } = await loading;
  // Channel settings are read before the server listens, so that a wrong one is a clear refusal at start-up (the
  // process ends at once, as when the port is taken: the build has only read).
  let channels: ChannelSettings;
  try {
    channels = channelSettingsFromEnv(process.env);
  } catch (e) {
    fail((e as Error).message);
  }
  const app = await createServer(rt, { logger: true, readCache: opts.readCache });
  const listen = () => app.listen({ port: config.port, host: config.host }).finally(listened);
  if (await atOnce) await listen();
  else
    void Promise.race([rt.people.built().catch(() => undefined), turn!.listenNow])
      .then(listen)
      .catch((e: unknown) => fail(`cannot listen on port ${config.port}: ${describeError(e)}`));
  // Mailbox polling (and the Telegram bot) when configured; one leader among the workers runs each.
  const stopChannels = startAppealChannels(rt, channels);
  if (!worker) {
    const where = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.dataDir}`;
    process.stdout.write(`allforall is serving on http://localhost:${config.port} — database: ${where}\n`);
    await printSetupLink(config, rt, await loading);
  }
  // The signed audit head beside the data moves forward every 10 s and at stop (src/services/auditHead.ts).
  const headPath = auditHeadPath(config);
  const checkpoint = async () => {
    const problem = await checkpointAuditHead(rt.database.db, rt.cipher, headPath).catch((e: unknown) => (e as Error).message);
    if (problem) rt.log.error({ problem }, "audit head not updated: run allforall audit verify");
  };
  const timer = worker ? null : setInterval(() => void checkpoint(), 10_000);
  timer?.unref();
  // Appeals held during an hour are committed, shuffled, once it is over; every process looks every 30 s and an
  // advisory lock lets one of them do it (src/services/appeals/hold.ts).
  const intakeCtx = rt.systemCtx("appeal intake");
  const intake = async () => {
    await runAppealIntake(intakeCtx).catch((e: unknown) => rt.log.error({ err: e }, "held appeals not committed"));
  };
  void intake();
  const intakeTimer = setInterval(() => void intake(), 30_000);
  intakeTimer.unref();
  // Lists a stopped process left "being built" are built again: on PGlite every one (this process owns the data),
  // on PostgreSQL those whose builder stopped reporting (src/services/lists/background.ts).
  void resumeListBuilds(rt.systemCtx("list builds"), { everyBuild: rt.database.kind === "pglite" }).catch((e: unknown) => rt.log.error({ err: e }, "lists left being built not resumed"));
  const stop = async () => {
    clearInterval(intakeTimer);
    if (timer) clearInterval(timer);
    await stopChannels();
    await app.close();
    await flushAuditBuffer(rt.database.db).catch((e: unknown) => rt.log.error({ err: e }, "audit entries of reads not written"));
    if (!worker) await checkpoint();
    await rt.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function printSetupLink(config: AppConfig, rt: Runtime, { issueSetupInvitation }: Pick<ServerParts, "issueSetupInvitation">): Promise<void> {
  const token = await issueSetupInvitation(rt.systemCtx("setup"), rt.organisationId);
  if (token) process.stdout.write(`First start: create the admin account at http://localhost:${config.port}/app/setup#${token}\n(one-time link, valid 7 days)\n`);
}

/**
 * The primary of `--workers N`: migrates once, then runs N worker processes that share the listening port
 * (node:cluster hands connections out in turn to the workers listening: the first at once, the others once their
 * person index is ready, src/cli/rotation.ts). A worker that dies is replaced; SIGTERM stops them all.
 * Workers share nothing in memory: sessions and data are in PostgreSQL, and each worker's person index follows
 * the others' writes through the change feed (LISTEN person_change).
 */
async function superviseWorkers(config: AppConfig, workers: number): Promise<void> {
  // The primary serves nothing: of the server's code it needs the set-up link only (not Fastify and the routes).
  const accounts = import("../../services/accounts.js");
  accounts.catch(() => undefined);
  const rt = await openRuntime(config);
  await printSetupLink(config, rt, await accounts);
  await rt.close();
  let stopping = false;
  // As many workers start as may build at once; each further one when a build ends (or a worker exits). Started
  // together, the second's own start (~1.3 s of CPU: its code, its key store, its HTTP app) ran beside the first's,
  // and then beside its build, on the same 2 cores; it answers nobody until its index is ready anyway (rotation.ts),
  // and it then loads the snapshot the first just wrote.
  let unstarted = workers;
  const startNext = () => {
    if (stopping || unstarted === 0) return;
    unstarted--;
    fork();
  };
  scheduleBuilds(buildsAtOnce(), startNext);
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv) });
  const fork = () => cluster.fork().on("exit", (code, signal) => {
    if (stopping) return;
    process.stderr.write(`worker exited (${signal ?? code}); starting another\n`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < buildsAtOnce(); i++) startNext();
  let said = false;
  cluster.on("listening", () => {
    if (!said) process.stdout.write(`allforall is serving on http://localhost:${config.port} — database: PostgreSQL (DATABASE_URL), ${workers} worker processes (each joins the port once its person index is ready)\n`);
    said = true;
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 5000).unref();
    cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
