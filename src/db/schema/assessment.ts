import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { CriterionFinding, ExclusionNote } from "../../domain/recognition/types.js";
import type { PriorityWeights } from "../../domain/priority/weights.js";
import type { ReportedCondition } from "../../domain/priority/compute.js";
import { criminalCase } from "./case.js";
import { appUser, organisation } from "./organisation.js";
import { person } from "./person.js";
import { sealedJson } from "./sealed.js";

// Recognition as a political prisoner (PACE Res. 1900 (2012)) and the humanitarian priority score.
// Assessments and decisions are append-only: a new assessment or decision supersedes, never overwrites.

export const recognitionOutcomes = ["recognised", "not_recognised", "needs_more_information"] as const;
export const recognitionOutcome = pgEnum("recognition_outcome", recognitionOutcomes);

export const publicProfiles = ["low", "medium", "high", "unknown"] as const;
export const publicProfile = pgEnum("public_profile", publicProfiles);

export const recognitionAssessment = pgTable(
  "recognition_assessment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    caseId: uuid("case_id").references(() => criminalCase.id, { onDelete: "set null" }),
    authorId: uuid("author_id").notNull().references(() => appUser.id),
    // PACE 1900 criteria (a)–(e), each met or not with the reasoning and sources.
    criteria: jsonb("criteria").$type<CriterionFinding[]>().notNull(),
    // Exclusion grounds considered (violence against persons, war crimes, …), applying or not.
    exclusions: jsonb("exclusions").$type<ExclusionNote[]>().notNull().default([]),
    proposal: recognitionOutcome("proposal").notNull(),
    summary: text("summary").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recognition_assessment_person_idx").on(t.personId, t.createdAt)],
);

export const recognitionDecision = pgTable(
  "recognition_decision",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assessmentId: uuid("assessment_id")
      .notNull()
      .references(() => recognitionAssessment.id, { onDelete: "cascade" }),
    // 1, 2, … per assessment; a later decision supersedes the earlier (a reversal keeps both).
    seq: integer("seq").notNull(),
    outcome: recognitionOutcome("outcome").notNull(),
    reason: text("reason").notNull(),
    // The second reviewer (never the assessment's author: four-eyes rule, enforced by the domain).
    reviewerId: uuid("reviewer_id").notNull().references(() => appUser.id),
    supersedesSeq: integer("supersedes_seq"),
    exclusionsAcknowledged: boolean("exclusions_acknowledged").notNull().default(false),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("recognition_decision_seq_uq").on(t.assessmentId, t.seq)],
);

export const priorityWeightsVersion = pgTable(
  "priority_weights_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    version: integer("version").notNull(),
    weights: jsonb("weights").$type<PriorityWeights>().notNull(),
    note: text("note"),
    createdBy: uuid("created_by").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("priority_weights_version_uq").on(t.organisationId, t.version)],
);

// Facts for the priority score that have no other home in the registry.
export const priorityFacts = pgTable("priority_facts", {
  personId: uuid("person_id")
    .primaryKey()
    .references(() => person.id, { onDelete: "cascade" }),
  // The family facts and reported conditions (torture, denial of care) are sealed under the person's key
  // (issue #20); writers give every value (a default would be stored in clear).
  minorChildren: sealedJson<number>("minor_children").notNull(),
  otherDependants: sealedJson<number>("other_dependants").notNull(),
  publicProfile: publicProfile("public_profile").notNull().default("unknown"),
  // Reported conditions of detention: kinds and whether verified (no free text: that belongs in sources).
  conditions: sealedJson<ReportedCondition[]>("conditions").notNull(),
  // Caring for others (CC art. 82: pregnancy, children under 14; the sole carer of someone).
  pregnant: sealedJson<boolean>("pregnant").notNull(),
  childrenUnder14: sealedJson<number>("children_under_14").notNull(),
  soleCarer: sealedJson<boolean>("sole_carer").notNull(),
  // Keys of admin-defined factors (priority weights `factors`) that apply to this person.
  factors: jsonb("factors").$type<string[]>().notNull().default([]),
  updatedBy: uuid("updated_by").references(() => appUser.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
