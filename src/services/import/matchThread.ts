/**
 * Where an import's rows are matched: in the importer's own thread for a small file, in a worker thread for a
 * large one, so that matching batch n + 1 (the costly part: CPU that grows with the registry) runs on the other
 * core while batch n is written. Both give the same decisions (one RowMatcher, rows in file order).
 */
import { Worker } from "node:worker_threads";
import type { IndexedPerson } from "../../domain/names/index.js";
import type { RowDecision, RowMatcher, RowToMatch, WaitingReview } from "./matchRows.js";

/** Files with fewer rows are matched in the importer's thread: starting a worker costs about half a second. */
export const MATCH_THREAD_MIN_ROWS = 2_000;

export interface MatchThreadInit {
  people: IndexedPerson[];
  waiting: [string, WaitingReview][];
}

export interface RowDecider {
  /** Decisions for a batch; batches are decided in the order they are given. */
  decide(rows: RowToMatch[]): Promise<RowDecision[]>;
  close(): Promise<void>;
}

export function inThread(matcher: RowMatcher): RowDecider {
  return { decide: async (rows) => matcher.decide(rows), close: async () => {} };
}

/** A matching thread started before its registry is read: it loads its code while the importer reads the file. */
export interface EarlyWorker {
  /** Hand it the registry and the waiting reviews; from then on it decides batches. */
  begin(init: MatchThreadInit): RowDecider;
  close(): Promise<void>;
}

export function startWorker(): EarlyWorker {
  // Compiled (dist/server) the worker is plain JavaScript beside this file; from the sources, workers do not inherit
  // tsx's loader (bin/allforall.mjs registers it): register it, then load the worker.
  const worker = import.meta.url.endsWith(".js")
    ? new Worker(new URL("./matchWorker.js", import.meta.url))
    : new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(new URL("./matchWorker.ts", import.meta.url).href)}); });`,
        { eval: true },
      );
  const waiting: { resolve: (d: RowDecision[]) => void; reject: (e: Error) => void }[] = [];
  let failed: Error | null = null;
  const fail = (e: Error) => {
    failed ??= e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  worker.on("message", (m: { decisions?: RowDecision[]; error?: string }) => {
    const w = waiting.shift();
    if (!w) return;
    if (m.error !== undefined) w.reject(new Error(`import matching failed: ${m.error}`));
    else w.resolve(m.decisions!);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`import matching thread exited (${code})`)));
  const close = async () => {
    worker.removeAllListeners("exit");
    await worker.terminate();
  };
  return {
    begin(init) {
      // Messages wait in the port until the worker's code has loaded: the registry first, then the batches.
      worker.postMessage({ init });
      return {
        decide(rows) {
          if (failed) return Promise.reject(failed);
          return new Promise((resolve, reject) => {
            waiting.push({ resolve, reject });
            worker.postMessage({ rows });
          });
        },
        close,
      };
    },
    close,
  };
}
