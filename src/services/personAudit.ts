import { auditEntriesOfPerson } from "../db/repositories/personAudit.js";
import type { ServiceContext } from "./context.js";
import { loadPersonFor } from "./people.js";
import { authorize } from "./policy.js";

// The audit trail of one person, for the staff app's history view. Read-only: the chain is append-only.
export async function personAuditTrail(ctx: ServiceContext, personId: string, limit = 200) {
  authorize(ctx.actor, "read", "audit");
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return auditEntriesOfPerson(ctx.db, personId, limit);
}
