import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import {
  exchangeConsent,
  personCategory,
  personStatus,
  publicityConsent,
  reliabilityGrade,
  script,
  sex,
  sourceKind,
} from "./enums.js";
import { appUser, organisation } from "./organisation.js";
import { facility } from "./facility.js";
import { fieldSealedText, sealedJson, sealedText } from "./sealed.js";
import type { HealthSeverity } from "../../domain/vocabulary/enums.js";

export const source = pgTable("source", {
  id: uuid("id").primaryKey().defaultRandom(),
  organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
  kind: sourceKind("kind").notNull(),
  title: text("title").notNull(),
  url: text("url"),
  reliability: reliabilityGrade("reliability").notNull().default("F"),
  // The source's own note ("the wife's channel", "a cellmate's letter"): may say who talks to whom. Sealed with the
  // field key (a source is shared by many people, so no one person's key fits); read opened.
  note: fieldSealedText("note"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const person = pgTable(
  "person",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    // The identifier of the organisation's own spreadsheet: imports are idempotent by it.
    externalId: text("external_id"),
    primaryName: sealedText("primary_name").notNull(),
    // Latin spelling exactly as in the person's passport, when known (exports prefer it to transliteration).
    latinName: sealedText("latin_name"),
    sex: sex("sex").notNull().default("unknown"),
    // Full date when known; otherwise only the year.
    birthDate: date("birth_date", { mode: "string" }),
    birthYear: integer("birth_year"),
    citizenship: text("citizenship"),
    homeRegion: text("home_region"),
    category: personCategory("category").notNull(),
    // Denormalised from the newest status_event, so lists and filters need no subquery.
    status: personStatus("status").notNull().default("unknown"),
    statusSince: date("status_since", { mode: "string" }),
    currentFacilityId: uuid("current_facility_id").references(() => facility.id),
    publicityConsent: publicityConsent("publicity_consent").notNull().default("none"),
    exchangeConsent: exchangeConsent("exchange_consent").notNull().default("unknown"),
    // Public profile text, shown only with publicity consent.
    publicSummary: sealedText("public_summary"),
    photoUrl: text("photo_url"),
    // Sentence as written in the imported spreadsheet when no structured case exists.
    sentenceText: sealedText("sentence_text"),
    // The organisation's own note on the person (an imported sheet's Примечание / Примітка column), sealed:
    // staff write there what they would not publish. Read through the audited sensitive-read path only. Under the
    // person's key, so erasure makes its copies in WAL and older backups unreadable too.
    staffNoteEnc: sealedText("staff_note_enc"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Category, status and region filters scan: at registry sizes (≤ 10^5) a scan costs milliseconds, while
  // each index would slow every import (bench/import.ts).
  (t) => [uniqueIndex("person_org_external_id_uq").on(t.organisationId, t.externalId)],
);

export const personName = pgTable(
  "person_name",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    name: sealedText("name").notNull(),
    script: script("script").notNull(),
    isPrimary: boolean("is_primary").notNull().default(false),
    sourceId: uuid("source_id").references(() => source.id),
  },
  // Name search is ILIKE '%…%' and the matcher's in-memory index; a btree on lower(name) would serve neither.
  (t) => [index("person_name_person_idx").on(t.personId)],
);

export const statusEvent = pgTable(
  "status_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    status: personStatus("status").notNull(),
    occurredOn: date("occurred_on", { mode: "string" }),
    note: sealedText("note"),
    sourceId: uuid("source_id").references(() => source.id),
    createdBy: uuid("created_by").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("status_event_person_idx").on(t.personId)],
);

export const healthRecord = pgTable(
  "health_record",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    // Sensitive: condition description and ICD-10 codes, one JSON document sealed under the person's key (older
    // records may hold a plain string instead of the document).
    detailsEnc: sealedJson<HealthDetails | string>("details_enc").notNull(),
    // Sealed under the person's key (issue #20): who is severely ill is health data too.
    severity: sealedJson<HealthSeverity>("severity").notNull(),
    // Illness on the Government's list that prevents serving a sentence (Criminal Code art. 81). Sealed.
    preventsServing: sealedJson<boolean>("prevents_serving").notNull(),
    recordedOn: date("recorded_on", { mode: "string" }),
    sourceId: uuid("source_id").references(() => source.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("health_record_person_idx").on(t.personId)],
);

export const consentRecord = pgTable(
  "consent_record",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    publicity: publicityConsent("publicity"),
    exchange: exchangeConsent("exchange"),
    // Who gave it (the person, a lawyer, a relative) and who recorded it.
    givenBy: sealedText("given_by"),
    // When it was given (often days before it reaches the organisation, by letter or through a lawyer); null: not known.
    givenOn: date("given_on", { mode: "string" }),
    recordedBy: uuid("recorded_by").references(() => appUser.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    note: sealedText("note"),
    sourceId: uuid("source_id").references(() => source.id),
  },
  (t) => [index("consent_record_person_idx").on(t.personId)],
);

// GC III art. 122 / GC IV arts. 136–138 record for the ICRC Central Tracing Agency.
/** A health record's sealed details. */
export interface HealthDetails {
  condition?: string | null;
  icd10?: string[] | string | null;
  /** Older records' name for icd10. */
  icd10Codes?: string[] | string | null;
  note?: string | null;
}

export const genevaRecord = pgTable("geneva_record", {
  personId: uuid("person_id")
    .primaryKey()
    .references(() => person.id, { onDelete: "cascade" }),
  // Sensitive: all the fields (father's first name, mother's maiden name, …) as one JSON document sealed under
  // the person's key.
  dataEnc: sealedJson<Record<string, string | null | undefined>>("data_enc").notNull(),
  // GC IV art. 137: fields that may be withheld from the family — never from the Agency.
  withheldFromFamily: jsonb("withheld_from_family").$type<string[]>().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// Rosfinmonitoring's "terrorists and extremists" list: being on it blocks donations to the person.
export const rosfinListing = pgTable("rosfin_listing", {
  id: uuid("id").primaryKey().defaultRandom(),
  personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
  listed: boolean("listed").notNull(),
  listedOn: date("listed_on", { mode: "string" }),
  delistedOn: date("delisted_on", { mode: "string" }),
  sourceId: uuid("source_id").references(() => source.id),
});

// Sources cited for the person as a whole (facts with their own source_id cite it there).
export const personSource = pgTable("person_source", {
  personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
  sourceId: uuid("source_id").notNull().references(() => source.id),
  note: sealedText("note"),
});

// Lawyers see only the people they are assigned to; the assignment is the permission condition.
export const personAssignment = pgTable(
  "person_assignment",
  {
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    // Who works on the person, as a keyed hash of the user's id (src/security/assignmentKeys.ts): a copy of the
    // database does not say which lawyer works on whom. Null only in rows of an older version, until start-up
    // hashes them (hashLegacyAssignments).
    userKey: text("user_key"),
    // Older versions kept the user's id here; start-up moves it into user_key and clears it.
    legacyUserId: uuid("user_id").references(() => appUser.id, { onDelete: "cascade" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("person_assignment_key_uq").on(t.personId, t.userKey)],
);
