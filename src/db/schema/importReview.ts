import { index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { appUser, organisation } from "./organisation.js";
import { person } from "./person.js";

// Imported rows that were neither created nor applied: the matcher found a `possible` (or a `match` it may not
// trust without the same full birth date), or the row carries consent the importer may not change. A person
// decides them in the staff app's Import screen; until then nobody is created twice.
export const importReviewReasons = ["possible", "matchWithoutBirthDate", "ambiguous", "consent"] as const;
export type ImportReviewReason = (typeof importReviewReasons)[number];
export const importReviewReason = pgEnum("import_review_reason", importReviewReasons);

export const importReviewStatuses = ["pending", "same", "different", "applied", "dismissed"] as const;
export type ImportReviewStatus = (typeof importReviewStatuses)[number];
export const importReviewStatus = pgEnum("import_review_status", importReviewStatuses);

export const importReview = pgTable(
  "import_review",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    file: text("file").notNull(),
    row: integer("row").notNull(),
    reason: importReviewReason("reason").notNull(),
    inputName: text("input_name").notNull(),
    // The row as it would be stored (the importer's parsed draft), to create or apply it once decided.
    draft: jsonb("draft").$type<Record<string, unknown>>().notNull(),
    // Same row, same candidate, still pending: a re-import does not list it again.
    draftKey: text("draft_key").notNull(),
    candidateId: uuid("candidate_id").references(() => person.id, { onDelete: "cascade" }),
    score: real("score"),
    explanation: jsonb("explanation").$type<string[]>().notNull().default([]),
    status: importReviewStatus("status").notNull().default("pending"),
    createdBy: uuid("created_by").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => appUser.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    // The person created or updated by the decision (erasing them erases the row that named them).
    personId: uuid("person_id").references(() => person.id, { onDelete: "cascade" }),
  },
  (t) => [index("import_review_org_status_idx").on(t.organisationId, t.status), index("import_review_key_idx").on(t.organisationId, t.draftKey)],
);
