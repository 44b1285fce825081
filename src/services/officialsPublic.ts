import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { officialsSetting } from "../db/schema/official.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { loadExportModel, type ExportOfficial } from "./officialExportModel.js";
import { tx } from "./people.js";
import { authorize } from "./policy.js";

// The organisation's choice to publish its officials, and what the public page may show: only officials with at
// least one case whose person gave full publicity consent, and only those cases. Off by default.

export const officialsSettingInput = z.object({ publicPage: z.boolean() });

export async function publicOfficialsEnabled(db: Db, organisationId: string): Promise<boolean> {
  const [row] = await db.select({ on: officialsSetting.publicPage }).from(officialsSetting).where(eq(officialsSetting.organisationId, organisationId));
  return row?.on ?? false;
}

export async function getOfficialsSetting(ctx: ServiceContext) {
  authorize(ctx.actor, "list", "official", ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  return { publicPage: await publicOfficialsEnabled(ctx.db, actorOrganisationId(ctx.actor)) };
}

export async function setOfficialsSetting(ctx: ServiceContext, input: unknown) {
  authorize(ctx.actor, "manage", "official");
  const v = officialsSettingInput.parse(input);
  const organisationId = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    await db
      .insert(officialsSetting)
      .values({ organisationId, publicPage: v.publicPage, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: officialsSetting.organisationId, set: { publicPage: v.publicPage, updatedAt: ctx.now() } });
    await recordAudit(db, ctx.actor, { type: "official.settingChanged", targetType: "organisation", targetId: organisationId, detail: { publicPage: v.publicPage } }, ctx.now());
    return { publicPage: v.publicPage };
  });
}

/** The public page's data, or null when the organisation has not switched the page on. */
export async function loadPublicOfficials(db: Db, organisationId: string): Promise<ExportOfficial[] | null> {
  if (!(await publicOfficialsEnabled(db, organisationId))) return null;
  const all = await loadExportModel(db, organisationId, { onlyConsentedCases: true });
  return all.filter((o) => o.roles.length > 0);
}
