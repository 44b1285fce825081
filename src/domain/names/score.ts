/**
 * Scoring primitives: thresholds, verdicts, and spelling similarity of two
 * skeletons (typos and leftover transliteration differences).
 */

export type Verdict = "match" | "possible" | "none";

export interface MatchResult {
  score: number;
  verdict: Verdict;
  explanation: string[];
}

/**
 * Default thresholds (see docs/matching.md for the measurements behind them).
 * `match` is meant to be safe to act on without a human look; `possible` is a
 * candidate worth showing a coordinator.
 */
export const MATCH_THRESHOLD = 0.85;
export const POSSIBLE_THRESHOLD = 0.65;

export function verdictFor(score: number): Verdict {
  if (score >= MATCH_THRESHOLD) return "match";
  if (score >= POSSIBLE_THRESHOLD) return "possible";
  return "none";
}

// Letter pairs that differ between transliterations or are commonly confused when
// hearing or copying a name: substituting them costs half an edit.
const CLOSE_PAIRS = new Set(
  ["ei", "ao", "ou", "gk", "gx", "kx", "sz", "cs", "cq", "qw", "jz", "jw", "vf", "bp", "dt", "vw", "ui", "eo", "ea", "mn", "ln"].flatMap(
    (p) => [p, p[1]! + p[0]!],
  ),
);

/** Optimal-string-alignment distance with cheaper substitutions for close letters. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rolling rows: OSA needs the row before the previous one for transpositions.
  let prev2 = new Float64Array(n + 1);
  let prev = new Float64Array(n + 1);
  let cur = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let sub = 0;
      if (ca !== cb) sub = CLOSE_PAIRS.has(a[i - 1]! + b[j - 1]!) ? 0.5 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + sub);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

/**
 * Spelling similarity in [0,1]. One edit in a long name stays high (0.85+);
 * the same edit in a 3-letter name does not, since short names collide easily.
 */
export function spellingSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  const d = editDistance(a, b);
  let sim = 1 - d / len;
  if (len <= 4) sim -= 0.1 * d;
  // A shared beginning is more telling than a shared end (typos cluster late in long names).
  if (a[0] !== b[0]) sim -= 0.05;
  return Math.max(0, Math.min(1, sim));
}

/** Deletion neighbourhood (distance 1) of a key, for typo-tolerant blocking. */
export function deletions(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
