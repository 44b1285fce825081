import { countsBy, custodySpans, freedByMonth } from "../db/repositories/stats.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { authorize } from "./policy.js";
import { lawyerKeys } from "./assignees.js";

// The dashboard's numbers, computed in one place so the charts need no arithmetic of their own.

const SENTENCE_BINS = [
  { key: "<1", max: 12 },
  { key: "1–3", max: 36 },
  { key: "3–5", max: 60 },
  { key: "5–8", max: 96 },
  { key: "8–12", max: 144 },
  { key: "12–16", max: 192 },
  { key: "16–20", max: 240 },
  { key: "20+", max: Infinity },
];

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (let guard = 0; guard < 600; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= end) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export async function getStats(ctx: ServiceContext) {
  const lawyer = ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? ctx.actor.userId : undefined;
  authorize(ctx.actor, "list", "person", lawyer ? { assignedUserIds: [lawyer] } : undefined);
  const scope = { organisationId: actorOrganisationId(ctx.actor), assignedTo: lawyerKeys(ctx) };
  const [counts, spans, freed] = await Promise.all([countsBy(ctx.db, scope), custodySpans(ctx.db, scope), freedByMonth(ctx.db, scope)]);

  const byCategory: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  let total = 0;
  for (const r of counts.byCategoryStatus) {
    byCategory[r.category] = (byCategory[r.category] ?? 0) + r.n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    total += r.n;
  }

  const sentenceBins = SENTENCE_BINS.map((b) => ({ key: b.key, n: 0 }));
  for (const s of counts.sentences) {
    const i = SENTENCE_BINS.findIndex((b) => s.months < b.max);
    sentenceBins[i]!.n++;
  }

  // People held at the end of each month, per category: detained on or before it and not yet freed.
  const today = ctx.now().toISOString().slice(0, 10);
  const firsts = spans.map((s) => s.detained).filter((d): d is string => !!d).sort();
  const start = firsts[0] && firsts[0] > "2014-01" ? firsts[0] : "2014-01-01";
  const months = firsts.length ? monthsBetween(start, today) : [];
  const categories = [...new Set(spans.map((s) => s.category))].sort();
  // Each person adds one from the month of detention to the month before release (a difference array, summed
  // once): month by month over every person was 150 months × 100,000 people, seconds of the first screen.
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  /** Index of the first month not before `m` (months.length when past the last). */
  const at = (m: string) => (m < months[0]! ? 0 : m > months.at(-1)! ? months.length : monthIndex.get(m)!);
  const deltas = new Map(categories.map((c) => [c, new Int32Array(months.length + 1)]));
  for (const sp of spans) {
    if (!sp.detained || !months.length) continue;
    const from = at(sp.detained.slice(0, 7));
    const to = sp.freed ? at(sp.freed.slice(0, 7)) : months.length;
    if (to <= from) continue;
    const d = deltas.get(sp.category)!;
    d[from]!++;
    d[to]!--;
  }
  const running = new Map(categories.map((c) => [c, 0]));
  const heldOverTime = months.map((month, i) => {
    const row: { month: string; counts: Record<string, number> } = { month, counts: {} };
    for (const c of categories) {
      const n = running.get(c)! + deltas.get(c)![i]!;
      running.set(c, n);
      row.counts[c] = n;
    }
    return row;
  });

  const freedMonths = new Map<string, Record<string, number>>();
  for (const f of freed) {
    const m = freedMonths.get(f.month) ?? {};
    m[f.status] = f.n;
    freedMonths.set(f.month, m);
  }

  return {
    total,
    byCategory,
    byStatus,
    byRegion: counts.byRegion.map((r) => ({ key: r.key ?? "", n: r.n })),
    byArticle: counts.byArticle,
    byFacility: counts.byFacility.map((r) => ({ key: r.key ?? "", n: r.n })),
    sentenceBins,
    heldOverTime,
    freedByMonth: [...freedMonths].map(([month, counts]) => ({ month, counts })),
  };
}
