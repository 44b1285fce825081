// The main thread's side of the embedded database in a worker thread (src/db/pgliteThread.mjs): an object with
// the part of PGlite's interface that Drizzle, the write watch, the timing and the bulk COPY use — query, exec,
// transaction, close — each call a message to the thread. While PGlite works (a 100,000-row read at start-up,
// a page read, a write), the HTTP thread goes on answering. See docs/architecture.md, "The embedded database".
import { Worker } from "node:worker_threads";
import type { PGlite, Results } from "@electric-sql/pglite";

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type QueryOptions = { rowMode?: "array" | "object"; parsers?: Record<number, (value: string, typeId: number) => unknown>; blob?: Blob };

/** Parsers cannot cross threads: only "keep the text as it is" (what Drizzle passes for dates and times). */
function rawTypesOf(parsers: QueryOptions["parsers"]): number[] | undefined {
  if (!parsers) return undefined;
  // Checked once per parsers object (Drizzle keeps one per statement it built).
  const known = checked.get(parsers);
  if (known) return known;
  const types = Object.keys(parsers).map(Number);
  for (const t of types) if (parsers[t]!("0001-01-01 00:00:00", t) !== "0001-01-01 00:00:00") throw new Error(`PGlite in a worker thread: a parser for type ${t} that changes the text is not supported`);
  checked.set(parsers, types);
  return types;
}
const checked = new WeakMap<object, number[]>();

/** An error from the thread, rebuilt with its fields (SQLSTATE `code`, `constraint`, `detail`…). */
function rebuilt(e: Record<string, unknown>): Error {
  const err = new Error(String(e.message));
  Object.assign(err, e);
  return err;
}

class Channel {
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on("message", (m: { id?: number; result?: unknown; error?: Record<string, unknown> }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(rebuilt(m.error));
      else p.resolve(m.result);
    });
    const fail = (e: Error) => {
      this.failure = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the database thread stopped (exit code ${code})`)));
  }

  call<T>(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }
}

export interface QueryTarget {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
}

class Target implements QueryTarget {
  constructor(
    protected readonly channel: Channel,
    private readonly tx?: number,
  ) {}

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    const blob = options?.blob ? await options.blob.arrayBuffer() : undefined;
    const wire = options ? { rowMode: options.rowMode, rawTypes: rawTypesOf(options.parsers) } : undefined;
    return this.channel.call<Results<T>>({ op: "query", tx: this.tx, sql, params, options: wire, blob }, blob ? [blob] : []);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    const wire = options ? { rowMode: options.rowMode, rawTypes: rawTypesOf(options.parsers) } : undefined;
    return this.channel.call<Results[]>({ op: "exec", tx: this.tx, sql, options: wire });
  }
}

/** PGlite in a worker thread. Typed as PGlite for Drizzle and the wrappers; only the methods above exist. */
export class ThreadedPGlite extends Target {
  private nextTx = 1;
  private closed = false;

  private constructor(
    channel: Channel,
    private readonly worker: Worker,
  ) {
    super(channel);
  }

  static async create(opts: { dataDir?: string; loadDataDir?: Blob | File }): Promise<ThreadedPGlite> {
    const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(new URL("./pgliteThread.mjs", import.meta.url), { workerData: { dataDir: opts.dataDir, loadDataDir }, transferList: loadDataDir ? [loadDataDir] : [] });
    await new Promise<void>((resolve, reject) => {
      const first = (m: { ready?: boolean; error?: Record<string, unknown> }) => {
        if (m.ready === undefined) return;
        worker.off("message", first);
        if (m.ready) resolve();
        else reject(rebuilt(m.error ?? { message: "the database thread did not start" }));
      };
      worker.on("message", first);
      worker.once("error", reject);
    });
    return new ThreadedPGlite(new Channel(worker), worker);
  }

  /** PGlite's transaction: the thread holds its lock until `fn` settles, then commits (or rolls back and rethrows). */
  async transaction<T>(fn: (tx: QueryTarget) => Promise<T>): Promise<T> {
    const tx = this.nextTx++;
    await this.channel.call({ op: "begin", tx });
    let result: T;
    try {
      result = await fn(new Target(this.channel, tx));
    } catch (e) {
      await this.channel.call({ op: "rollback", tx }).catch(() => undefined);
      throw e;
    }
    await this.channel.call({ op: "commit", tx });
    return result;
  }

  async dumpDataDir(compression: "none" | "gzip" | "auto" = "none"): Promise<File> {
    const bytes = await this.channel.call<Uint8Array<ArrayBuffer>>({ op: "dump", options: { compression } });
    return new File([bytes], "pgdata.tar", { type: "application/x-tar" });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.channel.call({ op: "close" });
    } finally {
      await this.worker.terminate();
    }
  }

  /** For the places typed with PGlite (Drizzle's driver, the write watch): the same calls, answered by the thread. */
  asPGlite(): PGlite {
    return this as unknown as PGlite;
  }
}
