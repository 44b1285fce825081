// Shaping of the public statistics: small groups merged so a rare region or article cannot point at one person
// who did not consent to be named, and sentences binned into bands. Pure; the counts come from
// src/services/publicSite/stats.ts.

/** Regions and articles with fewer people than this are shown only inside "other". */
export const MIN_GROUP = 5;
/** At most this many named regions/articles per chart; the rest go into "other". */
export const TOP = 12;

export interface Grouped {
  /** Named groups, largest first. */
  groups: { key: string; n: number }[];
  /** People in merged small groups (0 when none). */
  other: number;
}

export function mergeSmall(counts: { key: string; n: number }[], min = MIN_GROUP, top = TOP): Grouped {
  const sorted = [...counts].sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const groups = sorted.filter((c) => c.n >= min).slice(0, top);
  const shown = new Set(groups.map((g) => g.key));
  const other = sorted.filter((c) => !shown.has(c.key)).reduce((a, c) => a + c.n, 0);
  return { groups, other };
}

/** Sentence bands in months: [from, to). */
export const SENTENCE_BANDS: [number, number][] = [
  [0, 12],
  [12, 36],
  [36, 60],
  [60, 84],
  [84, 120],
  [120, 180],
  [180, 240],
  [240, Infinity],
];

export function binSentences(months: number[]): number[] {
  const bins = SENTENCE_BANDS.map(() => 0);
  for (const m of months) {
    const i = SENTENCE_BANDS.findIndex(([a, b]) => m >= a && m < b);
    if (i >= 0) bins[i]!++;
  }
  return bins;
}
