import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Append-only: no code path updates or deletes rows; each row carries the hash of the previous one,
// so `allforall audit verify` detects an edited or removed entry.
export const auditEvent = pgTable(
  "audit_event",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    type: text("type").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    // Never plaintext of a sensitive field: only the fact it changed, or its ciphertext.
    detail: jsonb("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_event_target_idx").on(t.targetType, t.targetId)],
);
