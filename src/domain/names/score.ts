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
const CLOSE = new Uint8Array(128 * 128);
for (const p of ["ei", "ao", "ou", "gk", "gx", "kx", "sz", "cs", "cz", "cq", "qw", "jz", "jw", "vf", "bp", "dt", "vw", "ui", "eo", "ea", "mn", "ln"]) {
  const x = p.charCodeAt(0);
  const y = p.charCodeAt(1);
  CLOSE[x * 128 + y] = 1;
  CLOSE[y * 128 + x] = 1;
}

// Reused rows: this runs millions of times in a reconcile, allocation would dominate.
let rowA = new Float64Array(64);
let rowB = new Float64Array(64);
let rowC = new Float64Array(64);

/** Optimal-string-alignment distance with cheaper substitutions for close letters. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  if (rowA.length <= n) {
    rowA = new Float64Array(n + 1);
    rowB = new Float64Array(n + 1);
    rowC = new Float64Array(n + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    const caPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let sub = 0;
      if (ca !== cb) sub = ca < 128 && cb < 128 && CLOSE[ca * 128 + cb] === 1 ? 0.5 : 1;
      let v = prev[j - 1]! + sub;
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && caPrev === cb) {
        const tr = prev2[j - 2]! + 1;
        if (tr < v) v = tr;
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
 * Edit similarity in [0,1], 1 − distance / length of the longer string; with `penalties`, a short
 * name or a different first letter also lowers it (see spellingSimilarity).
 */
function similarity(a: string, b: string, penalties: boolean): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  const d = editDistance(a, b);
  let sim = 1 - d / len;
  if (penalties) {
    if (len <= 4) sim -= 0.1 * d;
    // A shared beginning is more telling than a shared end (typos cluster late in long names).
    if (a[0] !== b[0]) sim -= 0.05;
  }
  return Math.max(0, Math.min(1, sim));
}

/**
 * Spelling similarity in [0,1]. One edit in a long name stays high (0.85+);
 * the same edit in a 3-letter name does not, since short names collide easily.
 */
export function spellingSimilarity(a: string, b: string): number {
  return similarity(a, b, true);
}

/** Plain edit similarity, 1 − distance / length (no short-name or first-letter penalties). */
export function editSimilarity(a: string, b: string): number {
  return similarity(a, b, false);
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
