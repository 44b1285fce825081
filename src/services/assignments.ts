import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { appUser } from "../db/schema/organisation.js";
import { personAssignment } from "../db/schema/person.js";
import { assignPersonToUser } from "../db/repositories/appeals.js";
import { recordAudit } from "./audit.js";
import { keysOfUser } from "./assignees.js";
import { assigneesByKey } from "../security/assignmentKeys.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { invalid, notFound } from "./errors.js";
import { loadPersonFor, tx } from "./people.js";
import { authorize } from "./policy.js";

// Assigning a person to a lawyer: the assignment is what lets the lawyer see and work on the person (the policy's
// `assignedToActor` condition), so only coordinators and admins give or take it away, and each change is audited.

export const assignInput = z.object({ userId: z.uuid() });

export interface AssignmentView {
  userId: string;
  name: string;
  role: string;
  assignedAt: string;
}

/**
 * Who is assigned to the person (staff see it; a lawyer reaches the person only through being assigned). The rows
 * hold keyed hashes: the organisation's accounts are hashed here to name them (the database alone cannot).
 */
export async function assignmentsOf(ctx: ServiceContext, personId: string): Promise<AssignmentView[]> {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  if (ctx.actor.kind === "user" && ctx.actor.role === "volunteer") authorize(ctx.actor, "assign", "person");
  const rows = await ctx.db
    .select({ userKey: personAssignment.userKey, assignedAt: personAssignment.assignedAt })
    .from(personAssignment)
    .where(eq(personAssignment.personId, personId))
    .orderBy(asc(personAssignment.assignedAt));
  if (!rows.length) return [];
  const users = await ctx.db.select({ id: appUser.id, name: appUser.displayName, role: appUser.role }).from(appUser).where(eq(appUser.organisationId, actorOrganisationId(ctx.actor)));
  const byKey = assigneesByKey(ctx.cipher, users.map((u) => u.id));
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.flatMap((r) => {
    const u = r.userKey ? byId.get(byKey.get(r.userKey) ?? "") : undefined;
    return u ? [{ userId: u.id, name: u.name, role: u.role, assignedAt: r.assignedAt.toISOString() }] : [];
  });
}

export async function assignPerson(ctx: ServiceContext, personId: string, input: unknown): Promise<AssignmentView[]> {
  const { userId } = assignInput.parse(input);
  await tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "assign");
    const [u] = await db.select().from(appUser).where(and(eq(appUser.id, userId), eq(appUser.organisationId, actorOrganisationId(ctx.actor))));
    if (!u) throw notFound("user");
    if (u.role !== "lawyer" || !u.active) throw invalid("only an active lawyer's account can be assigned to a person");
    const keys = keysOfUser(ctx, userId);
    // The audit names the assignee by the keyed hash too: the log must not say who works on whom either.
    if (await assignPersonToUser(db, personId, keys)) await recordAudit(db, ctx.actor, { type: "person.assigned", targetType: "person", targetId: personId, detail: { assignee: keys[0] } }, ctx.now());
  });
  return assignmentsOf(ctx, personId);
}

export async function unassignPerson(ctx: ServiceContext, personId: string, userId: string): Promise<AssignmentView[]> {
  await tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "assign");
    const keys = keysOfUser(ctx, userId);
    const gone = await db.delete(personAssignment).where(and(eq(personAssignment.personId, personId), inArray(personAssignment.userKey, keys))).returning({ userKey: personAssignment.userKey });
    if (!gone.length) throw notFound("assignment");
    await recordAudit(db, ctx.actor, { type: "person.unassigned", targetType: "person", targetId: personId, detail: { assignee: keys[0] } }, ctx.now());
  });
  return assignmentsOf(ctx, personId);
}
