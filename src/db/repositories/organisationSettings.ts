import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { preparedOnce } from "../prepared.js";
import { organisation } from "../schema/organisation.js";
import type { OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";

/** Read by every public page on PostgreSQL (PGlite keeps it until the next write). */
export async function occupiedLabelOf(db: Db, organisationId: string): Promise<OccupiedLabelStyle> {
  const statement = preparedOnce(db, "occupied_label_of", () =>
    db.select({ v: organisation.occupiedLabel }).from(organisation).where(eq(organisation.id, sql.placeholder("organisationId"))).limit(1).prepare("occupied_label_of"),
  );
  const [r] = await statement.execute({ organisationId });
  return r?.v ?? "occupied";
}

export async function setOccupiedLabel(db: Db, organisationId: string, style: OccupiedLabelStyle): Promise<OccupiedLabelStyle | undefined> {
  const [before] = await db.select({ v: organisation.occupiedLabel }).from(organisation).where(eq(organisation.id, organisationId)).limit(1);
  await db.update(organisation).set({ occupiedLabel: style }).where(eq(organisation.id, organisationId));
  return before?.v;
}
