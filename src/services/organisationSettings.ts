import { z } from "zod";
import * as repo from "../db/repositories/organisationSettings.js";
import { occupiedLabelStyles, type OccupiedLabelStyle } from "../domain/vocabulary/regions.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { tx } from "./people.js";
import { authorize } from "./policy.js";

// Organisation-wide display choices. For now one: how the Ukrainian subdivisions Russia occupies are labelled
// (they are Ukrainian subdivisions in every style, as UN General Assembly resolution 68/262 holds; the style only
// chooses the words added to the name: "(temporarily occupied)", "(Ukraine)" or none).

export const organisationSettingsInput = z.object({ occupiedLabel: z.enum(occupiedLabelStyles) });

export async function getOrganisationSettings(ctx: ServiceContext) {
  authorize(ctx.actor, "read", "organisation");
  return { occupiedLabel: await repo.occupiedLabelOf(ctx.db, actorOrganisationId(ctx.actor)) };
}

/** The label style the public pages use for the organisation they publish (no actor: the style is public). */
export function publicOccupiedLabel(ctx: ServiceContext, organisationId: string): Promise<OccupiedLabelStyle> {
  return ctx.people.untilWrite(`occupiedLabel ${organisationId}`, () => repo.occupiedLabelOf(ctx.db, organisationId), ctx.since);
}

export async function setOrganisationSettings(ctx: ServiceContext, input: unknown) {
  authorize(ctx.actor, "update", "organisation");
  const v = organisationSettingsInput.parse(input);
  const organisationId = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    const before = await repo.setOccupiedLabel(db, organisationId, v.occupiedLabel);
    await recordAudit(db, ctx.actor, { type: "organisation.settingsChanged", targetType: "organisation", targetId: organisationId, detail: { changes: { occupiedLabel: { from: before ?? null, to: v.occupiedLabel } } } }, ctx.now());
    return { occupiedLabel: v.occupiedLabel };
  });
}
