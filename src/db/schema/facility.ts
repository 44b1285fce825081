import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { facilityKind } from "./enums.js";

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
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
