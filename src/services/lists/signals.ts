/**
 * The seam between lists and the recognition / priority work. Lists need, per person, one recognition
 * state and one priority number; this file is the only place that knows where they come from.
 *
 * Recognition: read in one query from the recognition tables (newest assessment, its latest decision),
 * the same rule as `recognitionState` in the domain. Priority: the priority service's batch
 * `computePeoplePriorities` (weights, facts, health, release date, in a fixed number of queries), so a
 * list shows exactly the score the person's page shows.
 */
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import type { ServiceContext } from "../context.js";
import { computePeoplePriorities } from "../priority.js";
import { moscowDate } from "../releaseDate.js";
import type { RecognitionState } from "./rows.js";

type PriorityOptions = NonNullable<Parameters<typeof computePeoplePriorities>[2]>;

export async function recognitionStates(db: Db, personIds: string[]): Promise<Map<string, RecognitionState>> {
  const out = new Map<string, RecognitionState>();
  const { assessments, decisions } = await repo.recognitionRecords(db, personIds);
  const latestDecision = new Map<string, string>();
  for (const d of decisions) latestDecision.set(d.assessmentId, d.outcome); // ordered by seq: the last one stands
  // Assessments are ordered oldest first: the newest assessment of a person decides their state.
  for (const a of assessments) out.set(a.personId, (latestDecision.get(a.id) as RecognitionState | undefined) ?? "pending");
  for (const id of personIds) if (!out.has(id)) out.set(id, "unknown");
  return out;
}

/** The civil date lists are computed for (the priority's age and time-left parts depend on it). */
export function listAsOf(ctx: ServiceContext): string {
  return moscowDate(ctx.now());
}

/** Priority per person; null when it cannot be computed (the row then says "priority not computed"). */
export async function priorities(ctx: ServiceContext, personIds: string[], asOf: string, loaded?: PriorityOptions["loaded"]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  let scores = new Map<string, { total: number }>();
  try {
    scores = await computePeoplePriorities(ctx, personIds, { asOf, loaded });
  } catch (e) {
    // Malformed weights or facts must not stop a list being built; the rows carry the warning instead.
    ctx.log.warn({ err: e }, "lists: priority could not be computed");
  }
  for (const id of personIds) out.set(id, scores.get(id)?.total ?? null);
  return out;
}
