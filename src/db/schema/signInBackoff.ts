import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Wrong passwords per (account, client address) pair, shared by every server process and host on PostgreSQL
// (src/services/signInBackoff.ts; PGlite keeps them in the one process's memory). The key is a keyed hash of the
// pair under a key derived from the field key: neither the e-mail address nor the client address is stored. A
// pair is forgotten a day after its last failure, and at once when it signs in.
export const signInBackoff = pgTable(
  "sign_in_backoff",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    waitUntil: timestamp("wait_until", { withTimezone: true }).notNull(),
    lastFailure: timestamp("last_failure", { withTimezone: true }).notNull(),
  },
  (t) => [index("sign_in_backoff_last_failure_idx").on(t.lastFailure)],
);
