import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/appeals.js";
import type { AppealStatus } from "../../db/schema/appeal.js";
import { comparePeople, MatchIndex, POSSIBLE_THRESHOLD, type PersonEvidence, type Verdict } from "../../domain/names/index.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { can } from "../policy.js";
import type { AppealText } from "./input.js";
import { letterText, readAppeal } from "./readAppeal.js";
import { appealSubject, loadAppealFor } from "./shared.js";
import { openAppealJson } from "./appealSeal.js";

// The matcher's suggestions for triage: which registry people an appeal may be about and which other appeals
// are about the same person. Both sides are held in MatchIndex objects kept per process and refreshed
// incrementally, so a suggestion never waits for (or blocks the event loop with) a rebuild of the registry:
//  - registry: people updated since the last refresh are added again (an index cannot drop an entry, so it
//    may hold old spellings too); rebuilt, in slices, when those extra entries outnumber the live ones, and hourly;
//  - appeals: append-only by `seq`, so each new appeal costs one `add`.
// The index only proposes candidates; every candidate is re-scored against fresh rows, so a stale index can
// miss a suggestion but never show a wrong one (renamed, merged or deleted records drop out here).

const SUGGESTIONS = 5;
/**
 * Each refresh reads the people updated since shortly before the previous refresh: a transaction may commit
 * after it stamped its rows. One that stays open longer than this is caught by the periodic rebuild.
 */
const REFRESH_OVERLAP_MS = 15_000;
const REBUILD_AFTER_MS = 3600_000;
const BUILD_SLICE = 2_000;

interface RegistryState {
  index: MatchIndex;
  /** When the previous refresh started (app clock, like the updated_at the services write). */
  refreshedAt: number;
  builtAt: number;
  /** Person id → updated_at of the version in the index. */
  seen: Map<string, number>;
  entries: number;
}

interface OrgIndexes {
  registry?: RegistryState;
  appeals?: { lastSeq: number; index: MatchIndex };
  /** Serialises refreshes so two requests never add the same rows twice. */
  lock: Promise<unknown>;
}

const byDb = new WeakMap<Db, Map<string, OrgIndexes>>();

/** Forget the in-memory indexes (erasure: an erased name must not linger in memory until the next rebuild). */
export function dropSuggestionIndexes(db: Db): void {
  byDb.delete(db);
  readLetters.clear();
}

function indexesOf(db: Db, organisationId: string): OrgIndexes {
  let orgs = byDb.get(db);
  if (!orgs) byDb.set(db, (orgs = new Map()));
  let o = orgs.get(organisationId);
  if (!o) orgs.set(organisationId, (o = { lock: Promise.resolve() }));
  return o;
}

function serialised<T>(o: OrgIndexes, fn: () => Promise<T>): Promise<T> {
  const run = o.lock.then(fn);
  o.lock = run.catch(() => undefined);
  return run;
}

export function appealEvidence(row: Pick<repo.AppealRow, "heldName" | "heldBirthDate">): PersonEvidence | null {
  if (!row.heldName) return null;
  return { names: [row.heldName], birthDate: row.heldBirthDate };
}

function personEvidence(p: repo.RegistryEvidence): PersonEvidence {
  return { names: p.names, birthDate: p.birthDate, sex: p.sex === "unknown" ? null : p.sex };
}

function addToRegistry(state: RegistryState, rows: repo.RegistryEvidence[]): void {
  for (const p of rows) {
    if (state.seen.get(p.id) === p.updatedAt) continue;
    state.index.add(p.id, personEvidence(p));
    state.seen.set(p.id, p.updatedAt);
    state.entries++;
  }
}

async function buildRegistry(db: Db, organisationId: string): Promise<RegistryState> {
  const now = Date.now();
  const state: RegistryState = { index: new MatchIndex(), refreshedAt: now, builtAt: now, seen: new Map(), entries: 0 };
  const rows = await repo.registryEvidence(db, organisationId);
  // In slices, yielding between them: a large registry must not stall the family-facing pages.
  for (let i = 0; i < rows.length; i += BUILD_SLICE) {
    addToRegistry(state, rows.slice(i, i + BUILD_SLICE));
    await new Promise((r) => setImmediate(r));
  }
  return state;
}

async function registryIndex(db: Db, organisationId: string): Promise<MatchIndex> {
  const o = indexesOf(db, organisationId);
  return serialised(o, async () => {
    const r = o.registry;
    if (!r || r.entries > 2 * r.seen.size + 1000 || Date.now() - r.builtAt > REBUILD_AFTER_MS) return (o.registry = await buildRegistry(db, organisationId)).index;
    const since = new Date(r.refreshedAt - REFRESH_OVERLAP_MS);
    r.refreshedAt = Date.now();
    addToRegistry(r, await repo.registryEvidence(db, organisationId, since));
    return r.index;
  });
}

async function appealIndex(db: Db, organisationId: string): Promise<MatchIndex> {
  const o = indexesOf(db, organisationId);
  return serialised(o, async () => {
    const state = (o.appeals ??= { lastSeq: 0, index: new MatchIndex() });
    for (const r of await repo.appealsAfterSeq(db, organisationId, state.lastSeq)) {
      const ev = appealEvidence(r);
      if (ev) state.index.add(r.id, ev);
      state.lastSeq = r.seq;
    }
    return state.index;
  });
}

/** Called after staff change who an appeal is about: the new name joins the index (the old one is re-scored away). */
export function noteAppealEvidence(db: Db, organisationId: string, id: string, evidence: PersonEvidence | null): void {
  const state = indexesOf(db, organisationId).appeals;
  if (state && evidence) state.index.add(id, evidence);
}

export interface PersonSuggestion {
  personId: string;
  primaryName: string;
  birthDate: string | null;
  status: string;
  score: number;
  verdict: Verdict;
  explanation: string[];
}

export interface DuplicateSuggestion {
  appealId: string;
  status: AppealStatus;
  heldName: string | null;
  receivedAt: string;
  score: number;
  verdict: Verdict;
  explanation: string[];
}

export interface AppealSuggestions {
  people: PersonSuggestion[];
  duplicates: DuplicateSuggestion[];
}

/** Suggestions for a page of appeals, with two index refreshes and two lookups for the whole page. */
export async function suggestionsForRows(ctx: ServiceContext, rows: repo.AppealRow[]): Promise<Map<string, AppealSuggestions>> {
  const out = new Map<string, AppealSuggestions>();
  if (!rows.length) return out;
  const db = ctx.db;
  const organisationId = actorOrganisationId(ctx.actor);
  const [people, appeals] = await Promise.all([registryIndex(db, organisationId), appealIndex(db, organisationId)]);

  const fromLetters = await evidenceFromLetters(ctx, rows);
  const evidenceOf = (row: repo.AppealRow) => appealEvidence(row) ?? fromLetters.get(row.id) ?? null;
  const personHits = new Map<string, Set<string>>();
  const dupHits = new Map<string, Set<string>>();
  for (const row of rows) {
    const ev = evidenceOf(row);
    // A few more candidates than shown: re-scoring may drop some.
    personHits.set(row.id, new Set(ev ? people.candidates(ev, POSSIBLE_THRESHOLD, SUGGESTIONS * 2).map((c) => c.id) : []));
    const ids = new Set(ev ? appeals.candidates(ev, POSSIBLE_THRESHOLD, SUGGESTIONS * 2 + 2).map((c) => c.id) : []);
    ids.delete(row.id);
    dupHits.set(row.id, ids);
  }

  // Fresh rows for every candidate: names, statuses, merges and corrections are taken from the database.
  const personIds = [...new Set([...personHits.values()].flatMap((s) => [...s]))];
  const linked = rows.map((r) => r.linkedPersonId).filter((x): x is string => !!x);
  const evidence = await repo.evidenceOfPeople(db, personIds);
  const dupRows = await repo.findAppealsByIds(db, [...new Set([...dupHits.values()].flatMap((s) => [...s]))]);
  const sameLinked = await repo.appealsLinkedTo(db, organisationId, linked);
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const dupById = new Map(dupRows.map((r) => [r.id, r]));

  for (const row of rows) {
    const ev = evidenceOf(row);
    const peopleOut: PersonSuggestion[] = [];
    for (const id of personHits.get(row.id) ?? []) {
      const p = evidenceById.get(id);
      if (!p || !ev) continue;
      const m = comparePeople(ev, personEvidence(p));
      if (m.score < POSSIBLE_THRESHOLD) continue;
      peopleOut.push({ personId: id, primaryName: p.primaryName, birthDate: p.birthDate, status: p.status, score: m.score, verdict: m.verdict, explanation: m.explanation });
    }
    peopleOut.sort((a, b) => b.score - a.score || a.personId.localeCompare(b.personId));
    const dups: DuplicateSuggestion[] = [];
    const seen = new Set<string>([row.id]);
    // Appeals already linked to the same registry person are the same person by a staff decision.
    for (const other of sameLinked.get(row.linkedPersonId ?? "") ?? []) {
      if (seen.has(other.id) || other.status === "merged" || other.mergedIntoId === row.id) continue;
      seen.add(other.id);
      dups.push(dupView(other, 1, "match", ["linked to the same registry person"]));
    }
    for (const id of dupHits.get(row.id) ?? []) {
      const other = dupById.get(id);
      if (!other || seen.has(id) || other.status === "merged" || other.mergedIntoId === row.id) continue;
      const otherEv = appealEvidence(other);
      if (!ev || !otherEv) continue;
      const m = comparePeople(ev, otherEv);
      if (m.score < POSSIBLE_THRESHOLD) continue;
      seen.add(id);
      dups.push(dupView(other, m.score, m.verdict, m.explanation));
    }
    dups.sort((a, b) => b.score - a.score || a.receivedAt.localeCompare(b.receivedAt));
    out.set(row.id, { people: peopleOut.slice(0, SUGGESTIONS), duplicates: dups.slice(0, SUGGESTIONS) });
  }
  return out;
}

function dupView(r: repo.AppealRow, score: number, verdict: Verdict, explanation: string[]): DuplicateSuggestion {
  return { appealId: r.id, status: r.status, heldName: r.heldName, receivedAt: new Date(r.receivedAt).toISOString(), score, verdict, explanation };
}

/**
 * Who a letter nobody has described yet is about, read from its sealed text — in memory only, never stored
 * (the letter's words stay sealed), and only for those who may read the letter. Cached per appeal and process:
 * a letter does not change.
 */
const readLetters = new Map<string, PersonEvidence | null>();
const READ_LETTERS_LIMIT = 20_000;
async function evidenceFromLetters(ctx: ServiceContext, rows: repo.AppealRow[]): Promise<Map<string, PersonEvidence>> {
  const out = new Map<string, PersonEvidence>();
  for (const row of rows) {
    if (row.heldName || !row.textEnc || !can(ctx.actor, "readSensitive", "appeal", appealSubject(row))) continue;
    let ev = readLetters.get(row.id);
    if (ev === undefined) {
      const person = (await readAppeal(letterText(openAppealJson<AppealText>(ctx.cipher, row.textEnc)), row.language, ctx.now())).people[0];
      ev = person ? { names: [person.name], birthDate: person.birthDate } : null;
      if (readLetters.size >= READ_LETTERS_LIMIT) readLetters.delete(readLetters.keys().next().value!);
      readLetters.set(row.id, ev);
    }
    if (ev) out.set(row.id, ev);
  }
  return out;
}

export async function suggestAppealMatches(ctx: ServiceContext, appealId: string): Promise<AppealSuggestions> {
  const row = await loadAppealFor(ctx.db, ctx, appealId, "read");
  return (await suggestionsForRows(ctx, [row])).get(row.id)!;
}
