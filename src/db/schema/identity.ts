import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { appUser, organisation } from "./organisation.js";
import { person } from "./person.js";

// One person, one record (docs/data-model.md "Duplicates and merges").

/**
 * A record merged into another: its row is gone, its id now names the survivor. Reads of the old id redirect,
 * writes are refused naming the survivor; rows of frozen exchange-list versions keep the old id (their content
 * hash covers it). When the survivor is itself merged later, these rows are re-pointed, so one hop resolves.
 */
export const personMerge = pgTable(
  "person_merge",
  {
    mergedId: uuid("merged_id").primaryKey(),
    survivorId: uuid("survivor_id")
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    // The merged record's spreadsheet id: a re-import naming it finds the survivor instead of a new record.
    mergedExternalId: text("merged_external_id"),
    mergedBy: uuid("merged_by").references(() => appUser.id),
    mergedAt: timestamp("merged_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("person_merge_survivor_idx").on(t.survivorId)],
);

/** Two records a person confirmed to be different people: the matcher may call them `match`, nobody raises them again. */
export const personDistinctPair = pgTable(
  "person_distinct_pair",
  {
    // Stored ordered (lowId < highId) so a pair is one row whichever way it was confirmed.
    lowId: uuid("low_id")
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    highId: uuid("high_id")
      .notNull()
      .references(() => person.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    confirmedBy: uuid("confirmed_by").references(() => appUser.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lowId, t.highId] }), index("person_distinct_pair_high_idx").on(t.highId)],
);
