import * as work from "../db/repositories/myWork.js";
import { userLabels } from "../db/repositories/assessment.js";
import { personRowsByIds } from "../db/repositories/personDirectory.js";
import type { ServiceContext } from "./context.js";
import { ServiceError } from "./errors.js";
import { can, roleMayEver } from "./policy.js";
import { keysOfUser } from "./assignees.js";

// "My work": what waits for the signed-in user — appeals and people assigned to them, recognition assessments
// waiting for a second reviewer they can be. Each part only when their role may act on it (src/services/policy.ts).

export async function getMyWork(ctx: ServiceContext) {
  const a = ctx.actor;
  if (a.kind !== "user") throw new ServiceError("unauthenticated", "sign in first");
  const mine = { assignedUserIds: [a.userId] };
  const [appeals, assigned, waiting] = await Promise.all([
    can(a, "read", "appeal", mine) ? work.appealsAssignedTo(ctx.db, a.organisationId, keysOfUser(ctx, a.userId)) : Promise.resolve([]),
    can(a, "read", "person", mine) ? work.personIdsAssignedTo(ctx.db, a.organisationId, keysOfUser(ctx, a.userId)) : Promise.resolve([]),
    roleMayEver(a.role, "decide", "recognition") ? work.undecidedAssessmentsFor(ctx.db, a.organisationId, a.userId) : Promise.resolve([]),
  ]);
  const rows = await personRowsByIds(ctx.db, [...new Set([...assigned.map((p) => p.personId), ...waiting.map((w) => w.personId)])]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const authors = await userLabels(ctx.db, waiting.map((w) => w.authorId));
  return {
    appeals: appeals.map((r) => ({ id: r.id, status: r.status, heldName: r.heldName, linkedPersonId: r.linkedPersonId, receivedAt: new Date(r.receivedAt).toISOString() })),
    people: assigned.flatMap(({ personId, assignedAt }) => {
      const p = byId.get(personId);
      return p ? [{ id: p.id, primaryName: p.primaryName, category: p.category, status: p.status, assignedAt: assignedAt.toISOString() }] : [];
    }),
    reviews: waiting.flatMap((w) => {
      const p = byId.get(w.personId);
      return p ? [{ assessmentId: w.id, personId: w.personId, personName: p.primaryName, proposal: w.proposal, author: authors.get(w.authorId) ?? null, createdAt: w.createdAt.toISOString() }] : [];
    }),
  };
}
