import { fieldSealedText, ownedSealedText } from "./sealed.js";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { exchangeConsent, publicityConsent } from "./enums.js";
import { appUser, organisation } from "./organisation.js";
import { person } from "./person.js";

// Appeals from families (public form, e-mail). Writing to us can put a family at risk: contact data, free text,
// attachments and their file names are sealed with the field cipher; the appeal code is kept only as a hash;
// no IP address, user agent or other client trace is ever stored.

export const appealStatuses = ["received", "in_review", "needs_info", "added_to_registry", "legal_help_assigned", "merged", "closed"] as const;
export type AppealStatus = (typeof appealStatuses)[number];
export const appealStatus = pgEnum("appeal_status", appealStatuses);

export const appealChannels = ["web", "email", "telegram"] as const;
export type AppealChannel = (typeof appealChannels)[number];
export const appealChannel = pgEnum("appeal_channel", appealChannels);

export const appealLanguages = ["ru", "uk", "en"] as const;
export type AppealLanguage = (typeof appealLanguages)[number];
export const appealLanguage = pgEnum("appeal_language", appealLanguages);

export const appealRequests = ["legal_help", "exchange_list", "medical_help", "letters"] as const;
export type AppealRequest = (typeof appealRequests)[number];

export const appealCloseReasons = ["resolved", "duplicate", "out_of_scope", "spam", "no_contact", "released", "other"] as const;
export type AppealCloseReason = (typeof appealCloseReasons)[number];

export const appeal = pgTable(
  "appeal",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Order of commit (appeals are committed in hourly batches, shuffled: src/services/appeals/hold.ts), which lets
    // the in-memory duplicate index pick up only appeals it has not seen. It is not the order of arrival.
    seq: bigserial("seq", { mode: "number" }).notNull(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    // sha256 of the normalised appeal code; the code itself is shown once to the family and never stored.
    codeHash: text("code_hash"),
    status: appealStatus("status").notNull().default("received"),
    language: appealLanguage("language").notNull(),
    channel: appealChannel("channel").notNull(),
    // The held person as the family gave them (not normalised: triage compares them with the registry). Sealed with
    // the field key while the appeal is linked to nobody (it arrives before anyone links it), under the linked
    // person's key once it is (erasure then reaches their copies too); the appeal-suggestion index is built in
    // memory from the opened values.
    heldName: ownedSealedText("held_name"),
    heldBirthDate: ownedSealedText("held_birth_date"),
    heldWhere: ownedSealedText("held_where"),
    heldArticle: ownedSealedText("held_article"),
    heldSince: ownedSealedText("held_since"),
    requests: jsonb("requests").$type<AppealRequest[]>().notNull().default([]),
    publicityConsent: publicityConsent("publicity_consent").notNull().default("none"),
    exchangeConsent: exchangeConsent("exchange_consent").notNull().default("unknown"),
    // Sensitive, sealed: {method, value, safetyNote, name?} and the appeal's own words (or the e-mail's subject and body).
    contactEnc: text("contact_enc"),
    textEnc: text("text_enc"),
    // The lawyer giving legal help: who works on whom is not kept in clear (issue #20). The user id sealed with the
    // field key (read opened, for the permission check and the screens), and its keyed hash (src/security/
    // assignmentKeys.ts) for the queue's and "my work"'s filters in SQL.
    assigneeId: fieldSealedText("assignee_enc"),
    assigneeKey: text("assignee_key"),
    // Older versions kept the user's id here; start-up seals it into the two columns above and clears it.
    legacyAssigneeId: uuid("assignee_id").references(() => appUser.id),
    linkedPersonId: uuid("linked_person_id").references(() => person.id, { onDelete: "set null" }),
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => appeal.id),
    closeReason: text("close_reason").$type<AppealCloseReason>(),
    // E-mail and other channels: a keyed hash of the message id (never the id itself: it carries the sender's
    // clock and host; services/appeals/intakeKeys.ts), which makes re-importing a mailbox idempotent.
    messageId: text("message_id"),
    // When the family wrote, to the hour (the e-mail's Date header; the hour of submission for the form).
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("appeal_code_hash_uq").on(t.codeHash),
    uniqueIndex("appeal_org_message_id_uq").on(t.organisationId, t.messageId),
    uniqueIndex("appeal_seq_uq").on(t.seq),
    index("appeal_org_status_idx").on(t.organisationId, t.status),
    index("appeal_linked_person_idx").on(t.linkedPersonId),
    index("appeal_org_assignee_idx").on(t.organisationId, t.assigneeKey),
  ],
);

// Status history and every triage action, with who did it; the family's status page reads only the status.
export const appealEvent = pgTable(
  "appeal_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Order of the history: several events of one action share a timestamp.
    seq: bigserial("seq", { mode: "number" }).notNull(),
    appealId: uuid("appeal_id")
      .notNull()
      .references(() => appeal.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    fromStatus: appealStatus("from_status"),
    toStatus: appealStatus("to_status"),
    actorId: uuid("actor_id").references(() => appUser.id),
    actorLabel: text("actor_label").notNull(),
    // Facts that are not sensitive (ids, reasons); staff notes go sealed into note_enc.
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    noteEnc: text("note_enc"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("appeal_event_appeal_idx").on(t.appealId, t.at)],
);

export const appealAttachment = pgTable(
  "appeal_attachment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    appealId: uuid("appeal_id")
      .notNull()
      .references(() => appeal.id, { onDelete: "cascade" }),
    // File names often carry the person's name ("приговор_Иванов.pdf"): sealed like the content.
    filenameEnc: text("filename_enc"),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    // Base64 of the bytes, sealed.
    contentEnc: text("content_enc").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("appeal_attachment_appeal_idx").on(t.appealId)],
);
