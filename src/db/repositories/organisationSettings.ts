import { eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { organisation } from "../schema/organisation.js";
import type { OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";

export async function occupiedLabelOf(db: Db, organisationId: string): Promise<OccupiedLabelStyle> {
  const [r] = await db.select({ v: organisation.occupiedLabel }).from(organisation).where(eq(organisation.id, organisationId)).limit(1);
  return r?.v ?? "occupied";
}

export async function setOccupiedLabel(db: Db, organisationId: string, style: OccupiedLabelStyle): Promise<OccupiedLabelStyle | undefined> {
  const [before] = await db.select({ v: organisation.occupiedLabel }).from(organisation).where(eq(organisation.id, organisationId)).limit(1);
  await db.update(organisation).set({ occupiedLabel: style }).where(eq(organisation.id, organisationId));
  return before?.v;
}
