/**
 * The worker thread of a large import (matchThread.ts): indexes the registry it is given, then decides each
 * batch of rows it receives, in order, with the same RowMatcher the importer uses for a small file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RowMatcher, type RowToMatch } from "./matchRows.js";
import type { MatchThreadInit } from "./matchThread.js";

const init = workerData as MatchThreadInit;
const matcher = RowMatcher.of(init.people, init.waiting);
parentPort!.on("message", (m: { rows: RowToMatch[] }) => {
  try {
    parentPort!.postMessage({ decisions: matcher.decide(m.rows) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
