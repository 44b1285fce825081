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

// Reused rows, in half edits (integers: a close substitution costs 1, any other edit 2): this runs
// millions of times in a reconcile, allocation and floating point would dominate.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);
let codesB = new Int32Array(64);

/**
 * Optimal-string-alignment distance with cheaper substitutions for close letters. With `cutoff`, the
 * computation stops as soon as the distance is known to exceed it and returns Infinity
 * (a path crosses at least one of any two neighbouring rows, a transposition skipping only one).
 */
export function editDistance(a: string, b: string, cutoff = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  if (Math.abs(m - n) > cutoff) return Infinity;
  if (rowA.length <= n) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
    rowC = new Int32Array(n + 1);
    codesB = new Int32Array(n + 1);
  }
  const limit = cutoff === Infinity ? 0x3fffffff : Math.floor(cutoff * 2);
  const cb = codesB;
  for (let j = 0; j < n; j++) cb[j] = b.charCodeAt(j);
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = 2 * j;
  let caPrev = -1;
  for (let i = 1; i <= m; i++) {
    cur[0] = 2 * i;
    const ca = a.charCodeAt(i - 1);
    let low = cur[0]! < prev[0]! ? cur[0]! : prev[0]!;
    for (let j = 1; j <= n; j++) {
      const c = cb[j - 1]!;
      let v = prev[j - 1]!;
      if (ca !== c) v += ca < 128 && c < 128 && CLOSE[ca * 128 + c] === 1 ? 1 : 2;
      const del = prev[j]! + 2;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 2;
      if (ins < v) v = ins;
      if (j > 1 && ca === cb[j - 2] && caPrev === c) {
        const tr = prev2[j - 2]! + 2;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < low) low = v;
      if (prev[j]! < low) low = prev[j]!;
    }
    if (low > limit) return Infinity;
    caPrev = ca;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]! / 2;
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

/**
 * spellingSimilarity(a, b) when it exceeds `floor`, otherwise 0: the best of
 * several spellings needs the exact value only of one that beats the best so far, and the distance
 * computation stops early for the others (most pairs a query meets are no near miss).
 */
export function spellingSimilarityAbove(a: string, b: string, floor: number): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  const first = a[0] !== b[0] ? 0.05 : 0;
  // sim = 1 − d/len − (len ≤ 4 ? 0.1 d : 0) − first > floor  ⇔  d < (1 − first − floor) / (1/len + short)
  const perEdit = 1 / len + (len <= 4 ? 0.1 : 0);
  const maxD = (1 - first - floor) / perEdit;
  if (maxD <= 0) return 0;
  const d = editDistance(a, b, maxD);
  // Not above the floor: 0, so a caller taking the best of several spellings keeps what it had.
  if (d > maxD + 1e-9) return 0;
  return Math.max(0, Math.min(1, 1 - d / len - (len <= 4 ? 0.1 * d : 0) - first));
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
