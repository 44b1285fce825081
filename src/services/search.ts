import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/people.js";
import { nameEvidence, peopleSignature } from "../db/repositories/stats.js";
import { MatchIndex, toCyrillic, transliterate, type PersonEvidence, type Sex } from "../domain/names/index.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { authorize } from "./policy.js";
import type { ListPeopleInput } from "./people.js";
import { listAsOf, priorities, recognitionStates } from "./lists/signals.js";

// Search as you type across scripts and spellings: "Alexey Gorinov" finds "Горинов Алексей".
// Whole names go through the matcher's index; partial words ("Gorin", "горин") by substring over every
// spelling and its transliteration, so results appear from the first few letters.

interface Cached {
  signature: string;
  index: MatchIndex;
  /** person id → lower-cased spellings (as stored, Cyrillic→Latin, Latin→Cyrillic). */
  haystacks: Map<string, string[]>;
}

// One index per database handle and organisation; rebuilt when a person is added, removed or edited.
const cache = new WeakMap<object, Map<string, Cached>>();

function fold(s: string): string {
  return s.toLowerCase().replace(/ё/g, "е").replace(/[''`’]/g, "");
}

async function indexFor(db: Db, organisationId: string): Promise<Cached> {
  const signature = await peopleSignature(db, organisationId);
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(organisationId);
  if (hit && hit.signature === signature) return hit;
  const people = new Map<string, PersonEvidence>();
  const haystacks = new Map<string, string[]>();
  for (const r of await nameEvidence(db, organisationId)) {
    let e = people.get(r.id);
    if (!e) {
      e = { names: [], birthDate: r.birth, region: r.region, category: r.category, sex: r.sex === "unknown" ? null : (r.sex as Sex) };
      people.set(r.id, e);
      haystacks.set(r.id, []);
    }
    e.names.push(r.name);
    const h = haystacks.get(r.id)!;
    h.push(fold(r.name));
    if (/[\u0400-\u04FF]/.test(r.name)) h.push(fold(transliterate(r.name, "bgn")));
  }
  const built: Cached = { signature, index: new MatchIndex([...people].map(([id, evidence]) => ({ id, evidence }))), haystacks };
  perDb.set(organisationId, built);
  return built;
}

/** Each typed word must occur in some spelling, as typed or transliterated to Cyrillic. */
function substringHits(c: Cached, q: string): string[] {
  const words = fold(q).split(/[\s,]+/).filter((w) => w.length > 0);
  if (!words.length) return [];
  const variants = words.map((w) => [...new Set([w, /[a-z]/.test(w) ? fold(toCyrillic(w)) : w].filter((v) => v.length > 0))]);
  const out: string[] = [];
  for (const [id, hay] of c.haystacks) {
    if (variants.every((vs) => vs.some((v) => hay.some((h) => h.includes(v))))) out.push(id);
  }
  return out;
}

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

export async function searchPeople(ctx: ServiceContext, input: SearchInput) {
  const lawyer = ctx.actor.kind === "user" && ctx.actor.role === "lawyer";
  authorize(ctx.actor, "list", "person", lawyer && ctx.actor.kind === "user" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  const organisationId = actorOrganisationId(ctx.actor);
  const ranked = new Map<string, SearchHit>();
  const q = (input.q ?? "").trim();
  if (q) {
    const c = await indexFor(ctx.db, organisationId);
    if (q.replace(/[^\p{L}]/gu, "").length >= 3) {
      for (const cand of c.index.candidates({ names: [q] }, 0.6, 200)) ranked.set(cand.id, { id: cand.id, score: cand.score, verdict: cand.verdict === "match" ? "match" : "possible" });
    }
    // A substring hit ranks just below a full match: the user is still typing.
    for (const id of substringHits(c, q)) if (!ranked.has(id)) ranked.set(id, { id, score: 0.8, verdict: "substring" });
  }
  const ids = q ? [...ranked.keys()].slice(0, 500) : undefined;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const offset = Math.max(input.offset ?? 0, 0);
  // The filters, organisation and lawyer assignment are applied by the same SQL as the plain list.
  const { rows } = await repo.listPeople(
    ctx.db,
    { organisationId, category: input.category, status: input.status, region: input.region, article: input.article, facilityId: input.facilityId, ids, assignedTo: lawyer && ctx.actor.kind === "user" ? ctx.actor.userId : undefined },
    { limit: q ? 500 : FILTER_ONLY_LIMIT, offset: 0, ...(input.sort ? { sort: input.sort } : {}) },
  );
  let kept = rows;
  if (input.recognition?.length) {
    const states = await recognitionStates(ctx.db, kept.map((r) => r.id));
    kept = kept.filter((r) => input.recognition!.includes(states.get(r.id) ?? "unknown"));
  }
  if (input.priorityAtLeast !== undefined) {
    const scores = await priorities(ctx, kept.map((r) => r.id), listAsOf(ctx));
    kept = kept.filter((r) => (scores.get(r.id) ?? -Infinity) >= input.priorityAtLeast!);
  }
  // Without an explicit sort the best match comes first.
  const ordered = input.sort || !q ? kept : [...kept].sort((a, b) => ranked.get(b.id)!.score - ranked.get(a.id)!.score || a.primaryName.localeCompare(b.primaryName));
  const page = ordered.slice(offset, offset + limit);
  const names = await repo.namesOf(ctx.db, page.map((r) => r.id));
  const facilities = await repo.facilitiesByIds(ctx.db, [...new Set(page.map((r) => r.currentFacilityId).filter((x): x is string => !!x))]);
  return { rows: page, total: ordered.length, limit, offset, names, facilities, hits: ranked };
}
