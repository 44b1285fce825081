import { facilityNamesOfRows, rowsOfPage } from "./people.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { acceptFor } from "./directory/filters.js";
import { fold, wordVariants, type Entry } from "./directory/personIndex.js";
import { authorize } from "./policy.js";
import { nominativeOf } from "./appeals/readAppeal.js";
import type { ListPeopleInput } from "./people.js";
import { listAsOf, priorities, recognitionStates } from "./lists/signals.js";
import { auditHealthDerivedRead } from "./priority.js";
import { lawyerKeys } from "./assignees.js";

// Search as you type across scripts and spellings: "Alexey Gorinov" finds "Горинов Алексей".
// Whole names go through the matcher of the person index; partial words ("Gorin", "горин") by substring over
// every spelling and its transliteration, so results appear from the first few letters.

export interface SearchHit {
  id: string;
  score: number;
  verdict: "match" | "possible" | "substring";
}

export interface SearchInput extends ListPeopleInput {
  /** Optional: without it the filters alone select (recognition and priority are not in the plain list API). */
  q?: string | undefined;
  recognition?: string[] | undefined;
  priorityAtLeast?: number | undefined;
}

/** Rows considered when only filters are given: recognition and priority are computed per person, in memory. */
const FILTER_ONLY_LIMIT = 2000;
/** Hits kept for a typed name (ranked; a word as short as "ов" would otherwise select most of the registry). */
const HIT_LIMIT = 500;

/** The words of a query, each with its spellings in both scripts. */
export function queryWords(q: string): string[][] {
  return fold(q)
    .split(/[\s,]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}-]/gu, ""))
    .filter((w) => w.length > 0)
    .slice(0, 6)
    .map(wordVariants);
}

export async function searchPeople(ctx: ServiceContext, input: SearchInput) {
  const lawyer = ctx.actor.kind === "user" && ctx.actor.role === "lawyer";
  authorize(ctx.actor, "list", "person", lawyer && ctx.actor.kind === "user" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  const organisationId = actorOrganisationId(ctx.actor);
  const index = await ctx.people.indexOf(organisationId, undefined, ctx.since);
  // The filters, organisation and lawyer assignment are the same as the plain list's.
  const { q: _plain, ...filters } = input;
  const accept = await acceptFor(ctx.db, { ...filters, q: undefined, assignedTo: lawyerKeys(ctx) });
  const ranked = new Map<string, SearchHit>();
  const q = (input.q ?? "").trim();
  let kept: Entry[] = [];
  if (q) {
    if (q.replace(/[^\p{L}]/gu, "").length >= 3) {
      for (const cand of index.candidates(q, 200)) {
        const e = index.entries.get(cand.id);
        if (e && accept(e)) ranked.set(cand.id, { id: cand.id, score: cand.score, verdict: cand.verdict === "match" ? "match" : "possible" });
      }
      // "Горинова Алексея" as typed from a letter: search the nominative too, when the name as typed found no one.
      const nominative = [...ranked.values()].some((h) => h.verdict === "match") ? null : await nominativeOf(q);
      for (const cand of nominative ? index.candidates(nominative, 200) : []) {
        const e = index.entries.get(cand.id);
        const old = ranked.get(cand.id);
        if (e && accept(e) && (!old || old.score < cand.score)) ranked.set(cand.id, { id: cand.id, score: cand.score, verdict: cand.verdict === "match" ? "match" : "possible" });
      }
    }
    // A substring hit ranks just below a full match: the user is still typing.
    for (const e of index.substring(queryWords(q), accept, HIT_LIMIT)) if (!ranked.has(e.id)) ranked.set(e.id, { id: e.id, score: 0.8, verdict: "substring" });
    kept = [...ranked.keys()].slice(0, HIT_LIMIT).map((id) => index.entries.get(id)!);
  } else {
    for (const e of index.ordered(input.sort ?? "name")) if (accept(e) && kept.push(e) >= FILTER_ONLY_LIMIT) break;
  }
  if (input.recognition?.length) {
    const states = await recognitionStates(ctx.db, kept.map((r) => r.id));
    kept = kept.filter((r) => input.recognition!.includes(states.get(r.id) ?? "unknown"));
  }
  if (input.priorityAtLeast !== undefined) {
    const scores = await priorities(ctx, kept.map((r) => r.id), listAsOf(ctx));
    kept = kept.filter((r) => (scores.get(r.id) ?? -Infinity) >= input.priorityAtLeast!);
    // Who passes a priority threshold says something about their health (for viewers whose scores count it).
    auditHealthDerivedRead(ctx, kept.map((r) => r.id), "search.priorityAtLeast", { priorityAtLeast: input.priorityAtLeast });
  }
  // An explicit sort orders the hits as the list would; otherwise the best match comes first.
  let ordered: Entry[];
  if (q && input.sort) {
    const hits = new Set(kept);
    ordered = index.ordered(input.sort).filter((e) => hits.has(e));
  } else if (q) ordered = kept.sort((a, b) => ranked.get(b.id)!.score - ranked.get(a.id)!.score || (a.key < b.key ? -1 : 1));
  else ordered = kept;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const offset = Math.max(input.offset ?? 0, 0);
  const pageIds = ordered.slice(offset, offset + limit).map((e) => e.id);
  // Rows from the index entries, which hold what a list row shows (kept current by the change feed): no SQL.
  return { ...rowsOfPage(index, pageIds), total: ordered.length, limit, offset, facilities: await facilityNamesOfRows(ctx, pageIds, index), hits: ranked };
}
