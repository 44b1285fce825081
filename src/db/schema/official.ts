import { boolean, date, index, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { criminalCase } from "./case.js";
import { script } from "./enums.js";
import { appUser, organisation } from "./organisation.js";
import { source } from "./person.js";

// Officials behind political cases (investigators, prosecutors, judges, "experts", colony heads) as records.
// Their names, posts and roles in cases are acts of public office and stay in clear; private details are sealed.

export const publicBodyKinds = ["court", "investigative_committee", "fsb", "police", "centre_e", "prosecutor", "penitentiary", "expert_institution", "other"] as const;
export type PublicBodyKind = (typeof publicBodyKinds)[number];
export const publicBodyKind = pgEnum("public_body_kind", publicBodyKinds);

export const caseRoles = [
  "investigator",
  "investigation_head",
  "prosecutor",
  "judge_first_instance",
  "judge_appeal",
  "judge_cassation",
  "expert",
  "colony_head",
  "other",
] as const;
export type CaseRole = (typeof caseRoles)[number];
export const caseRole = pgEnum("official_case_role_kind", caseRoles);

export const linkProposalStatuses = ["pending", "accepted", "rejected"] as const;
export type LinkProposalStatus = (typeof linkProposalStatuses)[number];
export const linkProposalStatus = pgEnum("official_link_proposal_status", linkProposalStatuses);

/** A court, investigative department, prosecutor's office, colony administration, expert institution. */
export const publicBody = pgTable(
  "public_body",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    name: text("name").notNull(),
    nameLatin: text("name_latin"),
    kind: publicBodyKind("kind").notNull().default("other"),
    region: text("region"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("public_body_org_name_uq").on(t.organisationId, t.name)],
);

export const official = pgTable("official", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
  // Cyrillic spelling as in court records ("Сташина Елена Анатольевна"); other spellings in official_name.
  primaryName: text("primary_name").notNull(),
  nameLatin: text("name_latin"),
  birthDate: date("birth_date", { mode: "string" }),
  notes: text("notes"),
  // Sealed JSON { homeAddress, relatives, phone }: private life, not public office; needs readSensitive.
  privateEnc: text("private_enc"),
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const officialName = pgTable(
  "official_name",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officialId: uuid("official_id").notNull().references(() => official.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    script: script("script").notNull(),
    isPrimary: boolean("is_primary").notNull().default(false),
  },
  (t) => [index("official_name_official_idx").on(t.officialId)],
);

/** A post held over time: body, rank, position, region, from–to. */
export const officialPosition = pgTable(
  "official_position",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officialId: uuid("official_id").notNull().references(() => official.id, { onDelete: "cascade" }),
    bodyId: uuid("body_id").references(() => publicBody.id),
    position: text("position").notNull(),
    rank: text("rank"),
    region: text("region"),
    fromDate: date("from_date", { mode: "string" }),
    toDate: date("to_date", { mode: "string" }),
    sourceId: uuid("source_id").references(() => source.id),
  },
  (t) => [index("official_position_official_idx").on(t.officialId)],
);

export const officialSource = pgTable(
  "official_source",
  {
    officialId: uuid("official_id").notNull().references(() => official.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id").notNull().references(() => source.id),
    note: text("note"),
  },
  (t) => [uniqueIndex("official_source_uq").on(t.officialId, t.sourceId)],
);

/** What an official did in one criminal case. */
export const officialCaseRole = pgTable(
  "official_case_role",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officialId: uuid("official_id").notNull().references(() => official.id, { onDelete: "cascade" }),
    caseId: uuid("case_id").notNull().references(() => criminalCase.id, { onDelete: "cascade" }),
    role: caseRole("role").notNull(),
    bodyId: uuid("body_id").references(() => publicBody.id),
    fromDate: date("from_date", { mode: "string" }),
    toDate: date("to_date", { mode: "string" }),
    note: text("note"),
    sourceId: uuid("source_id").references(() => source.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("official_case_role_uq").on(t.officialId, t.caseId, t.role), index("official_case_role_case_idx").on(t.caseId)],
);

/**
 * A proposed link from a case's free-text judge/prosecutor field to an official record, for review: the
 * proposer never links by itself. `officialId` null proposes a new record named `text`.
 */
export const officialLinkProposal = pgTable(
  "official_link_proposal",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    caseId: uuid("case_id").notNull().references(() => criminalCase.id, { onDelete: "cascade" }),
    field: text("field").notNull(),
    text: text("text").notNull(),
    role: caseRole("role").notNull(),
    officialId: uuid("official_id").references(() => official.id, { onDelete: "cascade" }),
    score: real("score"),
    status: linkProposalStatus("status").notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => appUser.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("official_link_proposal_uq").on(t.caseId, t.field), index("official_link_proposal_org_idx").on(t.organisationId, t.status)],
);

/** Per-organisation publication choice: the public officials page exists only when switched on. */
export const officialsSetting = pgTable("officials_setting", {
  organisationId: uuid("organisation_id")
    .primaryKey()
    .references(() => organisation.id),
  publicPage: boolean("public_page").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
