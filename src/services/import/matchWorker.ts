/**
 * The worker thread of a large import (matchThread.ts): indexes the registry it is given (its first message: it
 * is started while the importer still reads the file), then decides each batch of rows it receives, in order,
 * with the same RowMatcher the importer uses for a small file.
 */
import { parentPort } from "node:worker_threads";
import { RowMatcher, type RowToMatch } from "./matchRows.js";
import type { MatchThreadInit } from "./matchThread.js";

let matcher: RowMatcher | null = null;
let failed: string | null = null;
parentPort!.on("message", (m: { init?: MatchThreadInit; rows?: RowToMatch[] }) => {
  if (m.init) {
    try {
      matcher = RowMatcher.of(m.init.people, m.init.waiting);
    } catch (e) {
      // Said in answer to the first batch, which waits for an answer.
      failed = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    return;
  }
  try {
    if (failed !== null) throw new Error(failed);
    parentPort!.postMessage({ decisions: matcher!.decide(m.rows!) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
