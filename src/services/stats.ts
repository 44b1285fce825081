import { statsFacts } from "../db/repositories/stats.js";
import { tallyOf } from "./dashboardTally.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { authorize } from "./policy.js";
import { lawyerKeys } from "./assignees.js";

// The dashboard's numbers, computed in one place so the charts need no arithmetic of their own. The
// organisation's sums are kept in memory and changed person by person from the change feed (dashboardTally.ts);
// a lawyer's, over the few people assigned to them, are counted for the request.

export async function getStats(ctx: ServiceContext) {
  const lawyer = ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? ctx.actor.userId : undefined;
  authorize(ctx.actor, "list", "person", lawyer ? { assignedUserIds: [lawyer] } : undefined);
  const organisationId = actorOrganisationId(ctx.actor);
  const assignedTo = lawyerKeys(ctx);
  const tally = (!assignedTo && (await ctx.people.dashboardTally(organisationId, ctx.since))) || tallyOf((await statsFacts(ctx.db, { organisationId, assignedTo })).values());
  const names = await ctx.people.facilityNames(tally.byFacility.keys(), ctx.since);
  return tally.result(ctx.now().toISOString().slice(0, 10), names);
}
