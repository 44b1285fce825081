import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { facilityKind } from "./enums.js";
import { organisation } from "./organisation.js";

export const facility = pgTable("facility", {
  id: uuid("id").primaryKey().defaultRandom(),
  // Official name, e.g. "ИК-6 УФСИН России по Владимирской области".
  name: text("name").notNull().unique(),
  nameLatin: text("name_latin"),
  kind: facilityKind("kind").notNull().default("other"),
  region: text("region"),
  // Postal address for letters: public, so supporters can write.
  postalAddress: text("postal_address"),
  notes: text("notes"),
  // The organisation that created it through the facilities API; null for one made from a name (import, person
  // form), which is shared. Only the owning organisation may edit it (src/services/facilities.ts).
  organisationId: uuid("organisation_id").references(() => organisation.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
