// The primary of `allforall serve --workers N` (PostgreSQL): it serves nothing and opens no database.
import cluster from "node:cluster";
import type { AppConfig } from "../config.js";
import { buildsAtOnce, scheduleBuilds } from "./buildTurns.js";
import { gateOpening } from "./databaseOpening.js";
import { workerExecArgv } from "./workerFlags.js";

/**
 * Runs N worker processes that share the listening port (node:cluster hands connections out in turn to the workers
 * listening: the first at once, the others once their person index is ready, src/cli/rotation.ts). The first worker
 * starts at once and migrates the database; the others open it once it has (src/cli/databaseOpening.ts). A worker
 * that exits before then stops the server (its error says why); one that dies later is replaced; SIGTERM stops them
 * all. Workers share nothing in memory: sessions and data are in PostgreSQL, and each worker's person index follows
 * the others' writes through the change feed (LISTEN person_change).
 */
export async function superviseWorkers(config: AppConfig, workers: number): Promise<void> {
  let stopping = false;
  const stopWorkers = (code: number) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) if (w && !w.isDead()) w.process.kill("SIGTERM");
    const allGone = () => Object.values(cluster.workers ?? {}).every((w) => !w || w.isDead());
    if (allGone()) process.exit(code);
    setTimeout(() => process.exit(code), 5000).unref();
    cluster.on("exit", () => allGone() && process.exit(code));
  };
  const gate = gateOpening((w, how) => {
    if (stopping) return;
    process.stderr.write(workerEndedBeforeOpening(w.process.pid, how));
    stopWorkers(1);
  });
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
  // A worker that dies once the database is open is replaced (before, the gate stops the server).
  const fork = () => cluster.fork().on("exit", (code, signal) => {
    if (stopping || !gate.opened) return;
    process.stderr.write(`worker exited (${signal ?? code}); starting another\n`);
    setTimeout(() => stopping || fork(), 1000);
  });
  for (let i = 0; i < buildsAtOnce(); i++) startNext();
  let said = false;
  cluster.on("listening", () => {
    if (!said) process.stdout.write(`allforall is serving on http://localhost:${config.port} — database: PostgreSQL (DATABASE_URL), ${workers} worker processes (each joins the port once its person index is ready)\n`);
    said = true;
  });
  const stop = () => stopWorkers(0);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/**
 * Why the server did not start, when a worker ended before the database was migrated and checked: a worker that
 * failed wrote its error before it exited; one ended by a signal (out of memory, killed from outside) wrote none.
 */
export function workerEndedBeforeOpening(pid: number | undefined, how: string): string {
  const why = /^exit code/.test(how) ? "its error is above" : `it was ended by ${how} (out of memory, or stopped from outside) and wrote no error`;
  return `allforall: the server did not start: worker ${pid ?? "?"} ended (${how}) before the database was migrated and checked; ${why}\n`;
}
