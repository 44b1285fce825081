// The staff dashboard's sums, kept in memory and changed person by person (the first screen after signing in: at
// 100,000 people, counting them on each request took 3–4 s). Each person's facts (stats.ts: category, status,
// region, facility, articles, longest sentence, first detention, months freed) are added once; when the change
// feed names a person — their record, their spellings, a case, an article, a custody period, a status event
// (migrations 0016, 0033) — their old facts are taken away and their new ones added, when the dashboard is next
// read. A rebuild of the person index (a restore, a long idle) starts the sums again from the database.
import type { Db } from "../db/client.js";
import { statsFacts, type PersonStatsFacts } from "../db/repositories/stats.js";
import { statsFactsOfEveryone } from "../db/repositories/statsEveryone.js";
import { turn } from "../db/yielding.js";

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
/** Named people past this are read again all at once, not by id (an import named them all). */
const RELOAD_ALL_PAST = 20_000;
/**
 * Rows per read of everyone (statsEveryone.ts) and named people per read, with a turn of the event loop between
 * reads: each statement takes a few ms of the database (PGlite's one thread) and of this thread; everyone in one read
 * took 2.5 s at 100,000 people.
 */
const SLICE = 1000;

const bump = <K>(m: Map<K, number>, k: K, by: number) => {
  const n = (m.get(k) ?? 0) + by;
  if (n) m.set(k, n);
  else m.delete(k);
};

/** Sums over a set of people, each person's facts added (+1) or taken away (−1). */
export class StatsTally {
  total = 0;
  /** `category status` → people. */
  readonly byCategoryStatus = new Map<string, number>();
  /** Home region ("" for none) → people. */
  readonly byRegion = new Map<string, number>();
  readonly byArticle = new Map<string, number>();
  /** Facility id → people held there now. */
  readonly byFacility = new Map<string, number>();
  readonly sentenceBins = SENTENCE_BINS.map(() => 0);
  /** Month of first detention → people. */
  readonly detained = new Map<string, number>();
  /** Category → month → change in the people held (+1 the month detained, −1 the month freed). */
  readonly held = new Map<string, Map<string, number>>();
  /** `month status` → people freed so. */
  readonly freed = new Map<string, number>();

  apply(f: PersonStatsFacts, sign: 1 | -1): void {
    this.total += sign;
    bump(this.byCategoryStatus, `${f.category} ${f.status}`, sign);
    bump(this.byRegion, f.region ?? "", sign);
    for (const a of f.articles) bump(this.byArticle, a, sign);
    if (f.facilityId) bump(this.byFacility, f.facilityId, sign);
    if (f.sentenceMonths !== null) this.sentenceBins[SENTENCE_BINS.findIndex((b) => f.sentenceMonths! < b.max)]! += sign;
    for (const x of f.freed) bump(this.freed, x, sign);
    if (!f.detained) return;
    bump(this.detained, f.detained, sign);
    // Held from the month of detention to the month before the first release; nothing if freed that month or before.
    const freedIn = f.freed.length ? f.freed.map((x) => x.slice(0, 7)).sort()[0]! : null;
    if (freedIn !== null && freedIn <= f.detained) return;
    let months = this.held.get(f.category);
    if (!months) this.held.set(f.category, (months = new Map()));
    bump(months, f.detained, sign);
    if (freedIn !== null) bump(months, freedIn, -sign);
  }

  /** The dashboard's numbers (the shape of GET /api/v1/stats), as of `today` ("YYYY-MM-DD"). */
  result(today: string, facilityNames: Map<string, string>) {
    const byCategory: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    for (const [k, n] of this.byCategoryStatus) {
      const [category, status] = k.split(" ") as [string, string];
      byCategory[category] = (byCategory[category] ?? 0) + n;
      byStatus[status] = (byStatus[status] ?? 0) + n;
    }
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([key, n]) => ({ key, n }));
    const facilities = new Map<string, number>();
    for (const [id, n] of this.byFacility) {
      const name = facilityNames.get(id);
      if (name !== undefined) bump(facilities, name, n);
    }
    return {
      total: this.total,
      byCategory,
      byStatus,
      byRegion: top(this.byRegion, 15),
      byArticle: top(this.byArticle, 15),
      byFacility: top(facilities, 10),
      sentenceBins: SENTENCE_BINS.map((b, i) => ({ key: b.key, n: this.sentenceBins[i]! })),
      heldOverTime: this.heldOverTime(today, Object.keys(byCategory).sort()),
      freedByMonth: this.freedByMonth(),
    };
  }

  /** People held at the end of each month from the first detention (not before 2014) to today, per category. */
  private heldOverTime(today: string, categories: string[]) {
    const first = [...this.detained.keys()].sort()[0];
    if (!first) return [];
    const months = monthsBetween(first > "2014-01" ? first : "2014-01", today.slice(0, 7));
    const index = new Map(months.map((m, i) => [m, i]));
    /** Index of the first month not before `m` (months.length when past the last). */
    const at = (m: string) => (m < months[0]! ? 0 : m > months.at(-1)! ? months.length : index.get(m)!);
    const deltas = new Map(categories.map((c) => [c, new Int32Array(months.length + 1)]));
    for (const [c, changes] of this.held) {
      const d = deltas.get(c);
      if (d) for (const [m, n] of changes) d[at(m)]! += n;
    }
    const running = new Map(categories.map((c) => [c, 0]));
    return months.map((month, i) => {
      const counts: Record<string, number> = {};
      for (const c of categories) {
        const n = running.get(c)! + deltas.get(c)![i]!;
        running.set(c, n);
        counts[c] = n;
      }
      return { month, counts };
    });
  }

  private freedByMonth() {
    const months = new Map<string, Record<string, number>>();
    for (const k of [...this.freed.keys()].sort()) {
      const [month, status] = k.split(" ") as [string, string];
      const m = months.get(month) ?? {};
      m[status] = this.freed.get(k)!;
      months.set(month, m);
    }
    return [...months].map(([month, counts]) => ({ month, counts }));
  }
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (let guard = 0; guard < 600; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= to) break;
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** A tally of the given facts (a lawyer's assigned people, read for the request). */
export function tallyOf(facts: Iterable<PersonStatsFacts>): StatsTally {
  const t = new StatsTally();
  for (const f of facts) t.apply(f, 1);
  return t;
}

/**
 * Each organisation's tally, kept: loaded on the first read, then changed for the people the change feed named
 * (`touched`, called by the person index as it applies the feed) when the dashboard is next read.
 */
export class DashboardTallies {
  private facts = new Map<string, PersonStatsFacts>();
  private tallies = new Map<string, StatsTally>();
  private loaded = false;
  /** Named by the feed since they were last read. */
  private dirty = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** People per read (tests read in tiny slices). */
    private readonly slice = SLICE,
  ) {}

  /** The feed named these people (their facts are read again at the next `tally`). */
  touched(ids: Iterable<string>): void {
    if (this.loaded) for (const id of ids) this.dirty.add(id);
  }

  /** Everything may have changed (the person index was rebuilt): read all again at the next `tally`. */
  reset(): void {
    this.loaded = false;
    this.dirty.clear();
  }

  /** The organisation's tally with every change named so far applied (reads queue: one at a time). */
  tally(organisationId: string): Promise<StatsTally> {
    const next = this.tail.then(() => this.refresh());
    this.tail = next.catch(() => undefined);
    return next.then(() => this.tallies.get(organisationId) ?? new StatsTally());
  }

  private async refresh(): Promise<void> {
    if (!this.loaded || this.dirty.size > RELOAD_ALL_PAST) {
      // Changes named while this reads are read again after it (they may have missed one of its slices).
      this.dirty.clear();
      this.loaded = true;
      try {
        await this.readEveryone();
      } catch (e) {
        this.loaded = false;
        throw e;
      }
    }
    while (this.dirty.size) {
      const ids = [...this.dirty].slice(0, this.slice);
      for (const id of ids) this.dirty.delete(id);
      let fresh: Map<string, PersonStatsFacts>;
      try {
        fresh = await statsFacts(this.db, { ids });
      } catch (e) {
        // Read again next time: dropped here, their old facts would be kept until the next rebuild.
        for (const id of ids) this.dirty.add(id);
        throw e;
      }
      for (const id of ids) {
        const old = this.facts.get(id);
        if (old) this.tallyFor(old.organisationId).apply(old, -1);
        const now = fresh.get(id);
        if (now) {
          this.facts.set(id, now);
          this.tallyFor(now.organisationId).apply(now, 1);
        } else this.facts.delete(id);
      }
      if (this.dirty.size) await turn();
    }
  }

  /** Everyone's facts in short reads with a turn of the event loop after each; the sums replaced once all are read. */
  private async readEveryone(): Promise<void> {
    const facts = await statsFactsOfEveryone(this.db, turn, this.slice);
    const tallies = new Map<string, StatsTally>();
    let n = 0;
    for (const f of facts.values()) {
      let t = tallies.get(f.organisationId);
      if (!t) tallies.set(f.organisationId, (t = new StatsTally()));
      t.apply(f, 1);
      if (++n % (this.slice * 5) === 0) await turn();
    }
    this.facts = facts;
    this.tallies = tallies;
  }

  private tallyFor(organisationId: string): StatsTally {
    let t = this.tallies.get(organisationId);
    if (!t) this.tallies.set(organisationId, (t = new StatsTally()));
    return t;
  }
}
