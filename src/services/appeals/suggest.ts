import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/appeals.js";
import type { AppealStatus } from "../../db/schema/appeal.js";
import { comparePeople, MatchIndex, POSSIBLE_THRESHOLD, type PersonEvidence, type Verdict } from "../../domain/names/index.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { loadAppealFor } from "./shared.js";

// The matcher's suggestions for triage: which registry people an appeal may be about and which other appeals
// are about the same person. Both sides are held in MatchIndex objects kept per process:
//  - the registry index is rebuilt when the registry's stamp (count, newest update) changes;
//  - the appeal index is append-only, fed by `seq`, so each new appeal costs one `add`, not a rebuild.
// Results are re-scored against fresh rows, so an index that is a little stale (another process edited an
// appeal) can only miss a suggestion, never show a wrong one.

const SUGGESTIONS = 5;

interface OrgIndexes {
  registry?: { stamp: string; index: Promise<MatchIndex> };
  appeals?: { lastSeq: number; index: MatchIndex };
  /** Serialises appeal-index refreshes so two requests never add the same rows twice. */
  appealLock: Promise<unknown>;
}

const byDb = new WeakMap<Db, Map<string, OrgIndexes>>();

function indexesOf(db: Db, organisationId: string): OrgIndexes {
  let orgs = byDb.get(db);
  if (!orgs) byDb.set(db, (orgs = new Map()));
  let o = orgs.get(organisationId);
  if (!o) orgs.set(organisationId, (o = { appealLock: Promise.resolve() }));
  return o;
}

export function appealEvidence(row: Pick<repo.AppealRow, "heldName" | "heldBirthDate">): PersonEvidence | null {
  if (!row.heldName) return null;
  return { names: [row.heldName], birthDate: row.heldBirthDate };
}

async function registryIndex(db: Db, organisationId: string): Promise<MatchIndex> {
  const o = indexesOf(db, organisationId);
  const stamp = await repo.registryStamp(db, organisationId);
  if (o.registry?.stamp !== stamp) {
    const index = repo.registryEvidence(db, organisationId).then(
      (people) => new MatchIndex(people.map((p) => ({ id: p.id, evidence: { names: p.names, birthDate: p.birthDate, sex: p.sex === "unknown" ? null : p.sex } }))),
    );
    o.registry = { stamp, index };
    index.catch(() => {
      if (o.registry?.index === index) delete o.registry;
    });
  }
  return o.registry.index;
}

async function appealIndex(db: Db, organisationId: string): Promise<MatchIndex> {
  const o = indexesOf(db, organisationId);
  const run = o.appealLock.then(async () => {
    const state = (o.appeals ??= { lastSeq: 0, index: new MatchIndex() });
    for (const r of await repo.appealsAfterSeq(db, organisationId, state.lastSeq)) {
      const ev = appealEvidence(r);
      if (ev) state.index.add(r.id, ev);
      state.lastSeq = r.seq;
    }
    return state.index;
  });
  o.appealLock = run.catch(() => undefined);
  return run;
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

  const personHits = new Map<string, { personId: string; score: number; verdict: Verdict; explanation: string[] }[]>();
  const dupHits = new Map<string, Set<string>>();
  for (const row of rows) {
    const ev = appealEvidence(row);
    personHits.set(row.id, ev ? people.best(ev, SUGGESTIONS).map((c) => ({ personId: c.id, score: c.score, verdict: c.verdict, explanation: c.explanation })) : []);
    const ids = new Set(ev ? appeals.candidates(ev, POSSIBLE_THRESHOLD, SUGGESTIONS * 2 + 2).map((c) => c.id) : []);
    ids.delete(row.id);
    dupHits.set(row.id, ids);
  }

  // Fresh rows for every candidate: statuses, merges and corrected names are taken from the database.
  const personIds = [...new Set([...personHits.values()].flat().map((h) => h.personId))];
  const linked = rows.map((r) => r.linkedPersonId).filter((x): x is string => !!x);
  const [summaries, dupRows, sameLinked] = await Promise.all([
    repo.peopleSummaries(db, personIds),
    repo.findAppealsByIds(db, [...new Set([...dupHits.values()].flatMap((s) => [...s]))]),
    repo.appealsLinkedTo(db, organisationId, linked),
  ]);
  const dupById = new Map(dupRows.map((r) => [r.id, r]));

  for (const row of rows) {
    const peopleOut: PersonSuggestion[] = [];
    for (const h of personHits.get(row.id) ?? []) {
      const p = summaries.get(h.personId);
      if (p) peopleOut.push({ ...h, primaryName: p.primaryName, birthDate: p.birthDate ?? (p.birthYear ? String(p.birthYear) : null), status: p.status });
    }
    const ev = appealEvidence(row);
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
    out.set(row.id, { people: peopleOut, duplicates: dups.slice(0, SUGGESTIONS) });
  }
  return out;
}

function dupView(r: repo.AppealRow, score: number, verdict: Verdict, explanation: string[]): DuplicateSuggestion {
  return { appealId: r.id, status: r.status, heldName: r.heldName, receivedAt: new Date(r.receivedAt).toISOString(), score, verdict, explanation };
}

export async function suggestAppealMatches(ctx: ServiceContext, appealId: string): Promise<AppealSuggestions> {
  const row = await loadAppealFor(ctx.db, ctx, appealId, "read");
  return (await suggestionsForRows(ctx, [row])).get(row.id)!;
}
