import { boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { appUser, organisation } from "./organisation.js";
import { sealedOwnedJson } from "./sealed.js";

// Exchange and release lists. A list is a named, evolving document; each change produces a new
// immutable version (a snapshot of rows as they stood), so what negotiators saw can always be shown again.

export const exchangeListKinds = ["own", "counterpart"] as const;
export type ExchangeListKind = (typeof exchangeListKinds)[number];
export const exchangeListKind = pgEnum("exchange_list_kind", exchangeListKinds);

export const exchangeListStatuses = ["draft", "frozen", "signed_off", "carried_out"] as const;
export type ExchangeListStatus = (typeof exchangeListStatuses)[number];
export const exchangeListStatus = pgEnum("exchange_list_status", exchangeListStatuses);

/**
 * A version being built in the background (a selection too large to build within the request): who asked, for
 * which day, how far it got. `token` names the one process building it (a resumed build takes a new token and the
 * old builder's writes are refused); `beat` is when that builder last reported, so a build whose process died is
 * told from one still running. Null once the version is stored.
 */
export interface ListBuild {
  state: "building" | "failed";
  token: string;
  /** The civil day the rows are computed for (priority's age and time-left parts): kept when a build is resumed. */
  asOf: string;
  note: string;
  /** People selected; how many of them are composed so far. */
  total: number;
  done: number;
  startedAt: string;
  beat: string;
  requestedBy: string | null;
  requestedByLabel: string;
  /** Why the build stopped (state "failed"): people erased or merged meanwhile (`gone` of them), or an error (logged). */
  error?: "people_gone" | "error";
  gone?: number;
}

/** Filters a list is built from (stored so that "refresh" rebuilds the same selection). */
export interface ExchangeListFilters {
  recognition?: ("recognised" | "not_recognised" | "needs_more_information" | "pending" | "unknown")[];
  exchangeConsent?: ("unknown" | "consents" | "refuses")[];
  healthAtLeast?: "mild" | "moderate" | "severe" | "critical";
  region?: string;
  article?: string;
  priorityAtLeast?: number;
}

export const exchangeList = pgTable(
  "exchange_list",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    name: text("name").notNull(),
    purpose: text("purpose"),
    // Language of the list's texts for the other side (sentence, labels of category, status, consent).
    language: text("language").$type<"ru" | "uk" | "en">().notNull().default("ru"),
    // Frozen although some people's exchange consent was not "consents": the coordinator's recorded reason.
    consentOverride: jsonb("consent_override").$type<{ reason: string; by: string; at: string; people: number } | null>(),
    kind: exchangeListKind("kind").notNull().default("own"),
    status: exchangeListStatus("status").notNull().default("draft"),
    categories: jsonb("categories").$type<string[]>().notNull().default([]),
    filters: jsonb("filters").$type<ExchangeListFilters>().notNull().default({}),
    // "All for all": every person in the chosen categories, eligible or not (ineligible shown with reasons).
    allForAll: boolean("all_for_all").notNull().default(false),
    // People added or removed by hand survive a rebuild from filters.
    manualAdds: jsonb("manual_adds").$type<string[]>().notNull().default([]),
    manualRemoves: jsonb("manual_removes").$type<string[]>().notNull().default([]),
    currentVersion: integer("current_version").notNull().default(0),
    // The next version while it is built in the background (src/services/lists/background.ts); null otherwise.
    build: jsonb("build").$type<ListBuild | null>(),
    frozenVersion: integer("frozen_version"),
    // Counterpart lists: the own list they are compared with ("on ours, missing from theirs").
    comparedWithListId: uuid("compared_with_list_id"),
    // Counterpart lists: the file received from the other side.
    sourceFileName: text("source_file_name"),
    carriedOutOn: date("carried_out_on", { mode: "string" }),
    outcomeSource: text("outcome_source"),
    // Outcome report: who moved to which status, and who was left behind and why.
    outcome: jsonb("outcome"),
    createdBy: uuid("created_by").references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("exchange_list_org_idx").on(t.organisationId)],
);

export const exchangeListVersion = pgTable(
  "exchange_list_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listId: uuid("list_id").notNull().references(() => exchangeList.id),
    version: integer("version").notNull(),
    // What is printed on every exported page. Scheme 2: sha256 over the rows' own hashes (row_hash, in order), so
    // the version still verifies after erasure replaced a row. Scheme 1 (versions stored before row hashes):
    // sha256 over the canonical rows themselves.
    contentHash: text("content_hash").notNull(),
    hashScheme: integer("hash_scheme").notNull().default(1),
    rowCount: integer("row_count").notNull(),
    eligibleCount: integer("eligible_count").notNull(),
    note: text("note"),
    createdBy: uuid("created_by").references(() => appUser.id),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    // The day (Moscow) the rows were computed for — priorities, terms, statuses as of then. A build in the background
    // stores its version later, maybe on another day (migration 0037): this is the date printed on the exports.
    asOf: date("as_of", { mode: "string" }).notNull(),
  },
  (t) => [uniqueIndex("exchange_list_version_uq").on(t.listId, t.version)],
);

/** The sealed part of a list row (src/services/lists/rows.ts ListRowData has the meaning of each field). */
export interface ListRowPersonal {
  nameCyrillic: string | null;
  nameLatin: string | null;
  birthDate: string | null;
  articles: string | null;
  facility: string | null;
  sentence: string | null;
  /** Absent in versions stored before it existed (their content hash leaves it out). */
  detainedOn?: string | null;
  priority: number | null;
  /** Counterpart rows: the row as received and the match against the registry. */
  received: Record<string, string> | null;
  match: { verdict: string; score: number; explanation: string[]; candidateId?: string | null } | null;
}

export const exchangeListRow = pgTable(
  "exchange_list_row",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id").notNull().references(() => exchangeListVersion.id),
    position: integer("position").notNull(),
    // Null for counterpart rows that match nobody in the registry. No foreign key: a version is immutable and its
    // hash covers this id, so a row keeps the id of a person later merged into another (person_merge resolves it).
    personId: uuid("person_id"),
    // Everything that names or describes the person (names, birth date, articles, facility, sentence, detention,
    // priority, the other side's row and the match), sealed as one JSON document under the person's own key — or
    // the field key for a counterpart row matching nobody. Erasure deletes the key, so copies in WAL and older
    // backups no longer open either; the row itself becomes a placeholder (erased, personal null).
    personal: sealedOwnedJson<ListRowPersonal>("personal"),
    // sha256 of the row's canonical content (src/services/lists/rows.ts rowHash), kept when the row is erased.
    // Null only for rows of an older version not yet hashed by the start-up data migration.
    rowHash: text("row_hash"),
    erased: boolean("erased").notNull().default(false),
    exchangeConsent: text("exchange_consent"),
    category: text("category"),
    status: text("status"),
    recognition: text("recognition"),
    eligible: boolean("eligible").notNull(),
    reasons: jsonb("reasons").$type<string[]>().notNull().default([]),
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
  },
  (t) => [index("exchange_list_row_version_idx").on(t.versionId, t.position)],
);

// Two coordinators sign a frozen version off; the author of the version may be one of them, never both.
export const exchangeListSignOff = pgTable(
  "exchange_list_sign_off",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id").notNull().references(() => exchangeListVersion.id),
    userId: uuid("user_id").notNull().references(() => appUser.id),
    userLabel: text("user_label").notNull(),
    note: text("note"),
    signedAt: timestamp("signed_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("exchange_list_sign_off_uq").on(t.versionId, t.userId)],
);
