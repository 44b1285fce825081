import { appealsLinkedTo } from "../db/repositories/personAppeals.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { loadPersonFor } from "./people.js";
import { authorize } from "./policy.js";

// The appeals about one person, for the person page. Rows only: sealed text and contacts stay in the appeal view.
export async function appealsOfPerson(ctx: ServiceContext, personId: string) {
  authorize(ctx.actor, "list", "appeal");
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return appealsLinkedTo(ctx.db, actorOrganisationId(ctx.actor), personId);
}
