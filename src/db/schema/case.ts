import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { StoredSentenceChange } from "./sentenceChange.js";
import { custodyKind, legalCode, sentenceRegime } from "./enums.js";
import { facility } from "./facility.js";
import { person, source } from "./person.js";
import { sealedText } from "./sealed.js";

export const criminalCase = pgTable(
  "criminal_case",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    caseNumber: sealedText("case_number"),
    investigatingBody: sealedText("investigating_body"),
    court: sealedText("court"),
    judge: sealedText("judge"),
    prosecutor: sealedText("prosecutor"),
    detainedOn: date("detained_on", { mode: "string" }),
    // Day the crime was committed (the latest, with several): decides whether CC art. 93 (minors) applies.
    offenceOn: date("offence_on", { mode: "string" }),
    chargedOn: date("charged_on", { mode: "string" }),
    verdictOn: date("verdict_on", { mode: "string" }),
    appealOn: date("appeal_on", { mode: "string" }),
    verdict: sealedText("verdict"),
    sentenceYears: integer("sentence_years"),
    sentenceMonths: integer("sentence_months"),
    sentenceDays: integer("sentence_days"),
    regime: sentenceRegime("regime"),
    // Regime changed later by a court (Criminal Code art. 72 part 3.3 applies from this date).
    regimeChangedOn: date("regime_changed_on", { mode: "string" }),
    regimeChangedTo: sentenceRegime("regime_changed_to"),
    // Later court decisions (appeal, cassation, new sentence, art. 69/70, parole, pardon, amnesty …), in
    // the shape of src/domain/release SentenceChange; the release date follows them (docs/release-dates.md).
    sentenceChanges: jsonb("sentence_changes").$type<StoredSentenceChange[]>().notNull().default([]),
    fineRub: bigint("fine_rub", { mode: "number" }),
    bans: sealedText("bans"),
    summary: sealedText("summary"),
    // "registry_import" for the one case the spreadsheet importer maintains (articles/sentence columns);
    // re-imports update that case and never touch cases entered by hand.
    origin: text("origin"),
    sourceId: uuid("source_id").references(() => source.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("criminal_case_person_idx").on(t.personId)],
);

export const caseArticle = pgTable(
  "case_article",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => criminalCase.id, { onDelete: "cascade" }),
    code: legalCode("code").notNull().default("RU_CC"),
    // "207.3", "205.2"; part as written ("2", "1.1").
    article: text("article").notNull(),
    part: text("part"),
    paragraph: text("paragraph"),
  },
  (t) => [index("case_article_case_idx").on(t.caseId), index("case_article_article_idx").on(t.article)],
);

export const custodyPeriod = pgTable(
  "custody_period",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull().references(() => criminalCase.id, { onDelete: "cascade" }),
    kind: custodyKind("kind").notNull(),
    fromDate: date("from_date", { mode: "string" }).notNull(),
    // Null while it lasts.
    toDate: date("to_date", { mode: "string" }),
    // Not recorded but inferred (an imported detention date with no custody periods becomes SIZO up to the
    // verdict): the release-date working warns that it rests on an assumption.
    inferred: boolean("inferred").notNull().default(false),
    // Ban on actions only: false when the ban did not include leaving the dwelling (then not credited).
    banOnLeavingHome: boolean("ban_on_leaving_home"),
  },
  (t) => [index("custody_period_case_idx").on(t.caseId)],
);

// Where the person has been held, in order (colonies, SIZOs, transit).
export const custodyHistory = pgTable(
  "custody_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").notNull().references(() => person.id, { onDelete: "cascade" }),
    facilityId: uuid("facility_id").notNull().references(() => facility.id),
    fromDate: date("from_date", { mode: "string" }),
    toDate: date("to_date", { mode: "string" }),
    sourceId: uuid("source_id").references(() => source.id),
  },
  (t) => [index("custody_history_person_idx").on(t.personId)],
);
