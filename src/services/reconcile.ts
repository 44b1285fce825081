/**
 * Reconciliation: an incoming list (CSV/XLSX rows with at least a name, optionally birth date and region)
 * matched against the registry row by row, with a summary — how many rows are registered people, per
 * category, duplicates inside the list, people already released or dead, and rows nobody knows.
 * Also `findDuplicatePeople`: probable duplicates inside the registry itself.
 */
import { z } from "zod";
import type { Db } from "../db/client.js";
import { peopleSignature } from "../db/repositories/stats.js";
import { distinctPairs, pairKey } from "../db/repositories/identity.js";
import { registryForMatching } from "../db/repositories/reconcile.js";
import { csvCell } from "../domain/csv.js";
import { MatchIndex, POSSIBLE_THRESHOLD, type IndexedPerson, type PersonEvidence, type Resolution, type Sex, type Verdict } from "../domain/names/index.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import type { Registry, RegistryPerson } from "./directory/personIndex.js";
import { invalid } from "./errors.js";
import { tx } from "./people.js";
import { authorize } from "./policy.js";
import { listRowsOf, tableInvalid } from "./tabular/listRows.js";
import { readTableFile } from "./tabular/table.js";

export const reconcileRowInput = z.object({
  /** Row number as the sender's spreadsheet shows it; defaults to the position + 1. */
  row: z.number().int().positive().optional(),
  name: z.string().trim().max(300),
  birth_date: z.string().trim().max(20).nullish(),
  region: z.string().trim().max(200).nullish(),
});
export const reconcileInput = z.object({
  rows: z.array(reconcileRowInput).min(1).max(50_000),
  /** Where the list came from, for the audit trail (a file name, "email from …"). */
  source: z.string().trim().max(300).optional(),
});
export type ReconcileInput = z.input<typeof reconcileInput>;

export interface ReconciledRow {
  row: number;
  input_name: string;
  person_id: string | null;
  external_id: string | null;
  matched_name: string | null;
  score: number;
  verdict: Verdict;
  explanation: string[];
  category: string | null;
  status: string | null;
}

export interface ReconcileSummary {
  rows: number;
  matched: number;
  possible: number;
  unmatched: number;
  /** Rows matched to registered people, by the person's category. */
  byCategory: Record<string, number>;
  /** Rows that are the same person twice (by registry match, or by matching each other). */
  duplicates: Array<{ rows: number[]; person_id: string | null; name: string }>;
  /** Rows matched to people the registry says are no longer held. */
  releasedOrDeceased: Array<{ row: number; person_id: string; external_id: string | null; name: string; status: string }>;
  unmatchedRows: number[];
}

/** Statuses meaning the person is not held any more: a list naming them needs a second look. */
export const NOT_HELD_STATUSES = ["released", "exchanged", "pardoned", "deceased"] as const;

/**
 * The registry as the matcher sees it: the organisation's person index (src/services/directory/), kept current
 * by the change feed — an edit replaces one person there, so no request rebuilds an index of the whole registry.
 */
export async function registryIndex(ctx: ServiceContext, organisationId: string): Promise<Registry> {
  return (await ctx.people.indexOf(organisationId, undefined, ctx.since)).registry();
}

// The importer's own copy, one per database handle and organisation, rebuilt when the registry changes: the
// live index would gain the people an import creates while it runs (others' reads catch it up), and the
// importer already matches its rows against those in a second index of its own.
const snapshots = new WeakMap<object, Map<string, Registry & { signature: string }>>();

/** The registry's people as the matcher's evidence: every spelling of their names, birth date, region, category, sex. */
export async function registryPeople(db: Db, organisationId: string, ids?: string[]): Promise<IndexedPerson[]> {
  return (await registryRows(db, organisationId, ids)).map(({ p, evidence }) => ({ id: p.id, evidence }));
}

async function registryRows(db: Db, organisationId: string, ids?: string[]) {
  const { people, names } = await registryForMatching(db, organisationId, ids);
  const spellings = new Map<string, string[]>();
  for (const n of names) {
    const list = spellings.get(n.personId);
    if (list) list.push(n.name);
    else spellings.set(n.personId, [n.name]);
  }
  return people.map((p) => {
    const evidence: PersonEvidence = {
      names: [...new Set([p.primaryName, ...(spellings.get(p.id) ?? [])])],
      birthDate: p.birthDate ?? (p.birthYear ? String(p.birthYear) : null),
      region: p.region,
      category: p.category,
      sex: p.sex === "unknown" ? null : (p.sex as Sex),
    };
    return { p, evidence };
  });
}

export async function registrySnapshot(db: Db, organisationId: string): Promise<Registry> {
  const signature = await peopleSignature(db, organisationId);
  let perDb = snapshots.get(db);
  if (!perDb) snapshots.set(db, (perDb = new Map()));
  const hit = perDb.get(organisationId);
  if (hit && hit.signature === signature) return hit;
  const index = new MatchIndex();
  const byId = new Map<string, RegistryPerson>();
  for (const { p, evidence } of await registryRows(db, organisationId)) {
    byId.set(p.id, { id: p.id, externalId: p.externalId, primaryName: p.primaryName, birthDate: evidence.birthDate ?? null, category: p.category, status: p.status, evidence });
    index.add(p.id, evidence);
  }
  const built = { signature, index, byId };
  perDb.set(organisationId, built);
  return built;
}

function resultRow(row: number, name: string, res: Resolution, byId: Registry["byId"]): ReconciledRow {
  const p = res.best ? byId.get(res.best.id) : undefined;
  return {
    row,
    input_name: name,
    person_id: p?.id ?? null,
    external_id: p?.externalId ?? null,
    matched_name: p?.primaryName ?? null,
    score: res.best?.score ?? 0,
    verdict: res.verdict,
    explanation: res.best?.explanation ?? ["no registered person resembles this name"],
    category: p?.category ?? null,
    status: p?.status ?? null,
  };
}

/** Groups of rows that are one person: same registered person, or (unregistered) matching each other. */
function listDuplicates(rows: ReconciledRow[], input: Array<{ name: string; birth_date?: string | null | undefined }>): ReconcileSummary["duplicates"] {
  const groups: ReconcileSummary["duplicates"] = [];
  const byPerson = new Map<string, number[]>();
  rows.forEach((r) => {
    if (r.verdict !== "match" || !r.person_id) return;
    const list = byPerson.get(r.person_id) ?? [];
    list.push(r.row);
    byPerson.set(r.person_id, list);
  });
  for (const [personId, rs] of byPerson) {
    if (rs.length > 1) groups.push({ rows: rs, person_id: personId, name: rows.find((r) => r.person_id === personId)?.matched_name ?? "" });
  }
  // Unregistered people listed twice: match the remaining rows against each other.
  const rest = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.verdict !== "match" && r.input_name.trim() !== "");
  const inner = new MatchIndex(rest.map(({ r, i }) => ({ id: String(i), evidence: { names: [r.input_name], birthDate: input[i]?.birth_date ?? null } })));
  const taken = new Set<number>();
  for (const { r, i } of rest) {
    if (taken.has(i)) continue;
    const same = inner
      .candidates({ names: [r.input_name], birthDate: input[i]?.birth_date ?? null })
      .filter((c) => c.verdict === "match" && Number(c.id) !== i && !taken.has(Number(c.id)))
      .map((c) => Number(c.id));
    if (same.length === 0) continue;
    for (const j of [i, ...same]) taken.add(j);
    groups.push({ rows: [i, ...same].map((j) => rows[j]!.row).sort((a, b) => a - b), person_id: null, name: r.input_name });
  }
  return groups.sort((a, b) => a.rows[0]! - b.rows[0]!);
}

export function summarise(rows: ReconciledRow[], input: Array<{ name: string; birth_date?: string | null | undefined }>): ReconcileSummary {
  const byCategory: Record<string, number> = {};
  const releasedOrDeceased: ReconcileSummary["releasedOrDeceased"] = [];
  for (const r of rows) {
    if (r.verdict !== "match" || !r.person_id) continue;
    if (r.category) byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
    if (r.status && (NOT_HELD_STATUSES as readonly string[]).includes(r.status)) {
      releasedOrDeceased.push({ row: r.row, person_id: r.person_id, external_id: r.external_id, name: r.matched_name ?? "", status: r.status });
    }
  }
  return {
    rows: rows.length,
    matched: rows.filter((r) => r.verdict === "match").length,
    possible: rows.filter((r) => r.verdict === "possible").length,
    unmatched: rows.filter((r) => r.verdict === "none").length,
    byCategory,
    duplicates: listDuplicates(rows, input),
    releasedOrDeceased,
    unmatchedRows: rows.filter((r) => r.verdict === "none").map((r) => r.row),
  };
}

/** Match every row of an incoming list against the registry. Read-only apart from the audit entry. */
export async function reconcileList(ctx: ServiceContext, input: ReconcileInput): Promise<{ rows: ReconciledRow[]; summary: ReconcileSummary }> {
  authorize(ctx.actor, "create", "reconciliation");
  const v = reconcileInput.parse(input);
  const organisationId = actorOrganisationId(ctx.actor);
  const registry = await registryIndex(ctx, organisationId);
  const rows = v.rows.map((r, i) => {
    const row = r.row ?? i + 1;
    if (r.name === "") return resultRow(row, r.name, { best: null, verdict: "none", alternatives: [], ambiguous: false }, registry.byId);
    const res = registry.index.resolve({ names: [r.name], birthDate: r.birth_date ?? null, region: r.region ?? null });
    return resultRow(row, r.name, res, registry.byId);
  });
  const summary = summarise(rows, v.rows);
  await tx(ctx, async (db) => {
    // Who compared which list with the registry, and what came out: counts only, never the names.
    const detail = { source: v.source ?? null, rows: summary.rows, matched: summary.matched, possible: summary.possible, unmatched: summary.unmatched };
    await recordAudit(db, ctx.actor, { type: "reconciliation.created", targetType: "organisation", targetId: organisationId, detail }, ctx.now());
  });
  return { rows, summary };
}

export interface DuplicatePair {
  a: { id: string; external_id: string | null; name: string };
  b: { id: string; external_id: string | null; name: string };
  score: number;
  verdict: Verdict;
  explanation: string[];
}

/** Probable duplicate people inside the registry, best first, each pair once. */
export async function findDuplicatePeople(ctx: ServiceContext, input: { minScore?: number; limit?: number } = {}): Promise<DuplicatePair[]> {
  authorize(ctx.actor, "read", "reconciliation");
  const minScore = input.minScore ?? POSSIBLE_THRESHOLD;
  if (!(minScore > 0 && minScore <= 1)) throw invalid("minScore must be in (0, 1]");
  const organisationId = actorOrganisationId(ctx.actor);
  const registry = await registryIndex(ctx, organisationId);
  // Pairs someone confirmed to be two people are not raised again.
  const distinct = await distinctPairs(ctx.db, organisationId);
  const pairs: DuplicatePair[] = [];
  for (const d of registry.index.duplicates(minScore)) {
    if (distinct.has(pairKey(d.a, d.b))) continue;
    const p = registry.byId.get(d.a);
    const q = registry.byId.get(d.b);
    if (!p || !q) continue;
    pairs.push({
      a: { id: p.id, external_id: p.externalId, name: p.primaryName },
      b: { id: q.id, external_id: q.externalId, name: q.primaryName },
      score: d.result.score,
      verdict: d.result.verdict,
      explanation: d.result.explanation,
    });
  }
  pairs.sort((x, y) => y.score - x.score || x.a.name.localeCompare(y.a.name));
  return input.limit ? pairs.slice(0, input.limit) : pairs;
}

/** Read a list file through the one tabular reader: a name (or surname/given name columns), birth date and region when present. */
export async function readReconcileFile(path: string, today = new Date().toISOString().slice(0, 10)): Promise<z.input<typeof reconcileRowInput>[]> {
  const table = await readTableFile(path).catch(tableInvalid);
  const out = listRowsOf(table, today).map((r) => {
    if (r.name.length > 300) throw invalid(`${path}:${r.row}: name longer than 300 characters`);
    return { row: r.row, name: r.name, birth_date: r.birthDate?.slice(0, 20) ?? null, region: r.region };
  });
  if (out.length === 0) throw invalid(`${path}: no rows under the header`);
  return out;
}

export async function reconcileFile(ctx: ServiceContext, input: { path: string }) {
  return reconcileList(ctx, { rows: await readReconcileFile(input.path), source: input.path.split(/[\\/]/).pop() ?? input.path });
}

export const RESULT_COLUMNS = ["row", "input_name", "person_id", "external_id", "matched_name", "score", "verdict", "explanation"] as const;


/** The per-row result as CSV (explanation lines joined with "; "). */
export function reconciliationCsv(rows: ReconciledRow[]): string {
  const lines = [RESULT_COLUMNS.join(",")];
  for (const r of rows) {
    const cells = [String(r.row), r.input_name, r.person_id ?? "", r.external_id ?? "", r.matched_name ?? "", r.score.toFixed(3), r.verdict, r.explanation.join("; ")];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Plain-text summary for the terminal. */
export function describeSummary(s: ReconcileSummary): string[] {
  const lines = [`${s.rows} rows: ${s.matched} match registered people, ${s.possible} possible, ${s.unmatched} with no match`];
  const cats = Object.entries(s.byCategory).sort((a, b) => b[1] - a[1]);
  if (cats.length) lines.push(`by category: ${cats.map(([c, n]) => `${c} ${n}`).join(", ")}`);
  for (const d of s.duplicates) lines.push(`duplicate in the list: rows ${d.rows.join(", ")} — ${d.name}${d.person_id ? "" : " (not registered)"}`);
  for (const r of s.releasedOrDeceased) lines.push(`not held any more: row ${r.row} — ${r.name}${r.external_id ? ` (${r.external_id})` : ""}: ${r.status}`);
  if (s.unmatchedRows.length) lines.push(`no match: rows ${s.unmatchedRows.join(", ")}`);
  return lines;
}
