/**
 * Worker for bench/matching.ts --workers N: indexes one shard of the registry and returns, for
 * every list row, its best candidates in that shard. The main thread merges the shards' lists
 * and applies the same resolution rule (resolveCandidates), so results equal one big index.
 */
import { parentPort, workerData } from "node:worker_threads";
import { MatchIndex, type PersonEvidence } from "../src/domain/names/index.js";

export interface ShardInput {
  people: Array<{ id: string; evidence: PersonEvidence }>;
  rows: PersonEvidence[];
  limit: number;
}

export interface ShardCandidate {
  id: string;
  score: number;
  verdict: "match" | "possible" | "none";
  support: number;
}

export interface ShardOutput {
  results: ShardCandidate[][];
  buildMs: number;
  matchMs: number;
}

const input = workerData as ShardInput;
const t0 = performance.now();
const index = new MatchIndex(input.people);
const t1 = performance.now();
const results = input.rows.map((e) => index.best(e, input.limit).map((c) => ({ id: c.id, score: c.score, verdict: c.verdict, support: c.support })));
const t2 = performance.now();
parentPort?.postMessage({ results, buildMs: t1 - t0, matchMs: t2 - t1 } satisfies ShardOutput);
