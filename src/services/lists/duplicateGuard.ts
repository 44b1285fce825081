/**
 * A list cannot hold two records the matcher calls `match`: the builder warns when the second is added, and
 * freezing is refused until they are merged or confirmed distinct. Records merged away since the version was
 * built count too (the version names the old id beside the survivor, or names someone who is now another record).
 */
import { distinctPairs, pairKey, survivorsOf } from "../../db/repositories/identity.js";
import { MatchIndex, MATCH_THRESHOLD } from "../../domain/names/index.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { registryIndex } from "../reconcile.js";

export interface ListDuplicatePair {
  a: { id: string; name: string };
  b: { id: string; name: string };
  score: number;
  explanation: string[];
}

/** Pairs among these people that the matcher calls `match` and nobody confirmed distinct, best first. */
export async function duplicatePairsAmong(ctx: ServiceContext, personIds: string[]): Promise<ListDuplicatePair[]> {
  const organisationId = actorOrganisationId(ctx.actor);
  const ids = [...new Set(personIds)];
  const registry = await registryIndex(ctx, organisationId);
  const distinct = await distinctPairs(ctx.db, organisationId);
  const out: ListDuplicatePair[] = [];
  // Ids merged away since the version was built: one person twice if the survivor is on the list too.
  const survivors = await survivorsOf(ctx.db, ids.filter((id) => !registry.byId.has(id)));
  const nameOf = (id: string) => registry.byId.get(id)?.primaryName ?? "";
  for (const [old, survivor] of survivors) {
    if (old === survivor) continue;
    out.push({ a: { id: survivor, name: nameOf(survivor) }, b: { id: old, name: nameOf(survivor) }, score: 1, explanation: ["merged into the other record: refresh the list"] });
  }
  const present = ids.filter((id) => registry.byId.has(id));
  const index = new MatchIndex(present.map((id) => ({ id, evidence: registry.byId.get(id)!.evidence })));
  for (const d of index.duplicates(MATCH_THRESHOLD)) {
    if (d.result.verdict !== "match" || distinct.has(pairKey(d.a, d.b))) continue;
    out.push({ a: { id: d.a, name: nameOf(d.a) }, b: { id: d.b, name: nameOf(d.b) }, score: Math.round(d.result.score * 1000) / 1000, explanation: d.result.explanation });
  }
  return out.sort((x, y) => y.score - x.score);
}
