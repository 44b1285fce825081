import { and, asc, count, eq, ilike, ne } from "drizzle-orm";
import { z } from "zod";
import { facilityKinds } from "../db/schema/enums.js";
import { facility } from "../db/schema/facility.js";
import { containsPattern } from "../db/like.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { person } from "../db/schema/person.js";
import { conflict, notFound, ServiceError } from "./errors.js";
import { authorize } from "./policy.js";
import { patchOf } from "./patch.js";
import { tx } from "./people.js";

export const facilityInput = z.object({
  name: z.string().trim().min(1).max(300),
  nameLatin: z.string().trim().max(300).nullish(),
  kind: z.enum(facilityKinds).default("other"),
  region: z.string().trim().max(200).nullish(),
  postalAddress: z.string().trim().max(1000).nullish(),
  notes: z.string().max(2000).nullish(),
});
export const facilityPatch = patchOf(facilityInput);

export async function listFacilities(ctx: ServiceContext, q?: string) {
  authorize(ctx.actor, "list", "facility");
  return ctx.db.select().from(facility).where(q ? ilike(facility.name, containsPattern(q)) : undefined).orderBy(asc(facility.name)).limit(1000);
}

export async function createFacility(ctx: ServiceContext, input: unknown) {
  authorize(ctx.actor, "create", "facility");
  const f = facilityInput.parse(input);
  return tx(ctx, async (db) => {
    const [existing] = await db.select({ id: facility.id }).from(facility).where(eq(facility.name, f.name));
    if (existing) throw conflict(`a facility named "${f.name}" exists`);
    const [row] = await db.insert(facility).values({ ...f, organisationId: actorOrganisationId(ctx.actor) }).returning();
    await recordAudit(db, ctx.actor, { type: "facility.created", targetType: "facility", targetId: row!.id, detail: { created: f.name } }, ctx.now());
    return row!;
  });
}

export async function updateFacility(ctx: ServiceContext, id: string, input: unknown) {
  authorize(ctx.actor, "update", "facility");
  const patch = facilityPatch.parse(input);
  return tx(ctx, async (db) => {
    const [before] = await db.select().from(facility).where(eq(facility.id, id));
    if (!before) throw notFound("facility");
    // Facilities are shared between organisations (a prison is a prison); one organisation must not rewrite the
    // address or notes another relies on. Its own facilities, or a shared one only its own people are held in.
    const organisationId = actorOrganisationId(ctx.actor);
    const others = await db
      .select({ n: count() })
      .from(person)
      .where(and(eq(person.currentFacilityId, id), ne(person.organisationId, organisationId)));
    if ((before.organisationId && before.organisationId !== organisationId) || (!before.organisationId && others[0]!.n > 0))
      throw new ServiceError("forbidden", "this facility is used by another organisation: only they may edit it; create your own entry instead");
    const [row] = await db.update(facility).set(patch).where(eq(facility.id, id)).returning();
    await recordAudit(db, ctx.actor, { type: "facility.updated", targetType: "facility", targetId: id, detail: { changed: Object.keys(patch) } }, ctx.now());
    return row!;
  });
}
