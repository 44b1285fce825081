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
export const CLOSE_PAIRS: readonly string[] = ["ei", "ao", "ou", "gk", "gx", "kx", "sz", "cs", "cz", "cq", "qw", "jz", "jw", "vf", "bp", "dt", "vw", "ui", "eo", "ea", "mn", "ln"];
const CLOSE = new Uint8Array(128 * 128);
for (const p of CLOSE_PAIRS) {
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

/** Larger than any distance in half edits that a cutoff lets through. */
const FAR = 0x3fffffff;

/**
 * Optimal-string-alignment distance with cheaper substitutions for close letters. With `cutoff`, the
 * result is Infinity exactly when the distance exceeds it (compared with a little tolerance: a cutoff
 * computed as 4.4999999 is 4.5), and the computation stops as soon as that is known: a path crosses at
 * least one of any two neighbouring rows (a transposition skips only one), and a cell |i − j| off the
 * diagonal costs at least |i − j| edits, so only a band around it is computed. A common beginning and
 * end are set aside first: matching equal letters at either end never costs more than any other path.
 */
export function editDistance(a: string, b: string, cutoff = Infinity): number {
  let m = a.length;
  let n = b.length;
  const limit = cutoff === Infinity ? FAR : Math.floor(cutoff * 2 + 1e-6);
  // Every letter more on one side is an insertion or deletion: two half edits.
  if (2 * Math.abs(m - n) > limit) return Infinity;
  let s = 0;
  while (s < m && s < n && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let e = 0;
  while (e < m - s && e < n - s && a.charCodeAt(m - 1 - e) === b.charCodeAt(n - 1 - e)) e++;
  m -= s + e;
  n -= s + e;
  if (m === 0 || n === 0) return m + n;
  if (rowA.length <= n + 1) {
    rowA = new Int32Array(n + 2);
    rowB = new Int32Array(n + 2);
    rowC = new Int32Array(n + 2);
    codesB = new Int32Array(n + 2);
  }
  // Cells further than `band` from the diagonal cost more than the limit: they are never computed.
  const band = cutoff === Infinity ? m + n : limit >> 1;
  const cb = codesB;
  for (let j = 0; j < n; j++) cb[j] = b.charCodeAt(s + j);
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  const top = n < band ? n : band;
  for (let j = 0; j <= top; j++) prev[j] = 2 * j;
  if (top < n) prev[top + 1] = FAR;
  let caPrev = -1;
  let lowPrev = 0;
  for (let i = 1; i <= m; i++) {
    const ca = a.charCodeAt(s + i - 1);
    const lo = i - band > 1 ? i - band : 1;
    const hi = i + band < n ? i + band : n;
    let low: number;
    if (lo === 1) {
      cur[0] = 2 * i;
      low = cur[0]! < prev[0]! ? cur[0]! : prev[0]!;
    } else {
      cur[lo - 1] = FAR;
      low = FAR;
    }
    const close = ca < 128 ? ca * 128 : -1;
    for (let j = lo; j <= hi; j++) {
      const c = cb[j - 1]!;
      let v = prev[j - 1]!;
      if (ca !== c) v += close >= 0 && c < 128 && CLOSE[close + c] === 1 ? 1 : 2;
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
    }
    if (hi < n) cur[hi + 1] = FAR;
    if (low > limit && lowPrev > limit) return Infinity;
    lowPrev = low;
    caPrev = ca;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[n]!;
  return d > limit ? Infinity : d / 2;
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

/**
 * editSimilarity(a, b) when it is at least `floor`, otherwise 0: the distance computation stops as soon
 * as the similarity is known to fall short (a misspelt given name is held against every form of many names).
 */
export function editSimilarityAtLeast(a: string, b: string, floor: number): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  const d = editDistance(a, b, (1 - floor) * len);
  if (d === Infinity) return 0;
  const sim = Math.max(0, Math.min(1, 1 - d / len));
  return sim >= floor ? sim : 0;
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
