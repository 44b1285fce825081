import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisation } from "./organisation.js";

// The appeal intake: what arrives is held here, sealed, and committed to `appeal` once an hour as one batch in
// shuffled order (src/services/appeals/hold.ts). Rows of this table are written in the order of arrival, so
// nothing in them may link to the appeal they become: the id is not the appeal's, the code and Message-ID hashes
// differ from the appeal's own, and everything else is inside the sealed payload.

export const heldAppeal = pgTable(
  "held_appeal",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisation.id),
    // The hour it arrived in (to the hour, like appeal.received_at): it is committed when that hour is over.
    heldHour: timestamp("held_hour", { withTimezone: true }).notNull(),
    // Lets /appeal/status answer "received" before the commit; a different hash of the code than appeal.code_hash.
    statusHash: text("status_hash"),
    // Keyed hash of an e-mail's Message-ID (another key than appeal.message_id), so re-importing waits no duplicate.
    messageKey: text("message_key"),
    // Sealed JSON: everything the appeal row, its attachments, its history and its audit entry will hold.
    payloadEnc: text("payload_enc").notNull(),
  },
  (t) => [
    index("held_appeal_org_hour_idx").on(t.organisationId, t.heldHour),
    uniqueIndex("held_appeal_status_hash_uq").on(t.statusHash),
    uniqueIndex("held_appeal_org_message_key_uq").on(t.organisationId, t.messageKey),
  ],
);

// Form tokens already used (a hash of the token's random nonce), shared by every server process; rows are
// removed once the token would have expired anyway.
export const formTokenUse = pgTable(
  "form_token_use",
  {
    nonceHash: text("nonce_hash").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("form_token_use_expires_idx").on(t.expiresAt)],
);

// Rate-limit counters shared by every server process. The key is a keyed hash (never a client address) whose
// key changes every hour; rows are removed when their window has passed.
export const rateCount = pgTable(
  "rate_count",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_count_window_end_idx").on(t.windowEnd)],
);
