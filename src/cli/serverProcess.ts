// One server process: `allforall serve`, or one worker of `serve --workers N` (src/cli/workers.ts is the primary).
import type { AppConfig } from "../config.js";
import { describeError, fail } from "./basics.js";
import { openRuntime, type Runtime } from "../app/runtime.js";
import { auditHeadPath, checkpointAuditHead } from "../services/auditHead.js";
import { runAppealIntake } from "../services/appeals/hold.js";
import { flushAuditBuffer } from "../services/auditBuffer.js";
import { buildDone, buildTurn } from "./buildTurns.js";
import { askHowToOpen, databaseMigrated } from "./databaseOpening.js";
import type { ServeOptions } from "./commands/serve.js";

/** The rest of the server's code, imported while the database opens (src/cli/serverParts.ts). */
type ServerParts = typeof import("./serverParts.js");
type ChannelSettings = ReturnType<ServerParts["channelSettingsFromEnv"]>;

function importServerParts(): Promise<ServerParts> {
  const parts = import("./serverParts.js");
  parts.catch(() => undefined); // awaited once the runtime is open; a failure first must not go unhandled
  return parts;
}

/**
 * One server process. Of a host's cluster workers the first migrates the database, runs the data passes and the key
 * checks and prints the set-up link, as a lone server does; the others wait until it has, then skip all of that
 * (src/cli/databaseOpening.ts).
 */
export async function serveOne(config: AppConfig, opts: ServeOptions, worker: boolean): Promise<void> {
  const opening = worker ? askHowToOpen() : Promise.resolve("migrate" as const);
  const loading = importServerParts();
  const migrate = (await opening) === "migrate";
  // PGlite runs in a worker thread: no statement holds up the thread that answers requests.
  const rt = await openRuntime(config, { migrate, thread: true });
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
  // The other workers of the host open the database now (a refusal above stopped the whole server: the primary
  // stops every worker when the first exits before saying this).
  if (worker && migrate) databaseMigrated();
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
  } else if (migrate) await printSetupLink(config, rt, await loading);
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

