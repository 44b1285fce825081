// Who opens the database first among the workers of one host (`serve --workers N`). The primary opens nothing: it
// starts its first worker at once, and that worker opens the database as a lone server does — the SQL migrations,
// the data passes, the key store's checks, the set-up link — while it imports the rest of its code; the others open
// once it has, and skip all of that. Before, the primary did it all itself (its own imports first) and only then
// started the workers, each of which imported its code and read the key file again: the first worker's build began
// 1.0–1.4 s after spawn on a nearly quiet machine, now 0.7–1.2 s, and it listens 0.4–1.0 s sooner
// (docs/benchmarks-history.md, "Session 12 — PostgreSQL workers' start").
// A worker that exits before the database is open (a failed migration, a refused key store or setting) stops the
// whole server: its error is the reason, and no worker may serve a database not migrated.
import cluster, { type Worker } from "node:cluster";

const ASK = "allforall: may the database be opened?";
const MIGRATE = "allforall: open the database, migrating it";
const OPEN = "allforall: open the database (migrated)";
const OPENED = "allforall: database migrated and checked";

/** How a worker opens the database: first, migrating and checking it; or after that worker has. */
export type Opening = "migrate" | "open";

/** The primary's bookkeeping: the first worker to ask migrates, the others wait until it has. */
export class OpeningGate<W> {
  private migrator: W | null = null;
  private readonly waiting: W[] = [];
  /** The database was migrated and checked by this start's first worker. */
  opened = false;

  /** `tell(w, how)`: false when w is gone meanwhile. */
  constructor(private readonly tell: (w: W, how: Opening) => boolean) {}

  ask(w: W): void {
    if (this.opened) this.tell(w, "open");
    else if (this.migrator === null) {
      if (this.tell(w, "migrate")) this.migrator = w;
    } else this.waiting.push(w);
  }

  /** The migrating worker's runtime is open: the waiting ones open theirs. Ignored from any other worker. */
  migrated(w: W): void {
    if (w !== this.migrator || this.opened) return;
    this.opened = true;
    for (const next of this.waiting.splice(0)) this.tell(next, "open");
  }
}

/** In a worker: ask the primary how to open the database; answered at once, or when the first worker has opened it. */
export function askHowToOpen(): Promise<Opening> {
  return new Promise((resolve) => {
    const heard = (m: unknown) => {
      if (m !== MIGRATE && m !== OPEN) return;
      process.off("message", heard);
      resolve(m === MIGRATE ? "migrate" : "open");
    };
    process.on("message", heard);
    process.send?.(ASK);
  });
}

/** In the migrating worker: its runtime is open (migrated, passes run, keys checked); the others may open theirs. */
export function databaseMigrated(): void {
  process.send?.(OPENED);
}

/**
 * In the primary: answer the workers' questions. `failed(w, how)`: a worker exited before the database was opened —
 * the start has failed (the worker wrote why). Registered before any other exit handler, so that it runs first.
 */
export function gateOpening(failed: (w: Worker, how: string) => void): OpeningGate<Worker> {
  const gate = new OpeningGate<Worker>((w, how) => !w.isDead() && w.send(how === "migrate" ? MIGRATE : OPEN));
  cluster.on("message", (w, m: unknown) => {
    if (m === ASK) gate.ask(w);
    else if (m === OPENED) gate.migrated(w);
  });
  cluster.on("exit", (w, code, signal) => {
    if (!gate.opened) failed(w, signal ?? `exit code ${code}`);
  });
  return gate;
}
