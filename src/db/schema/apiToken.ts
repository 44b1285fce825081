import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ApiTokenScope } from "../../domain/vocabulary/apiTokens.js";
import { role } from "./enums.js";
import { appUser, organisation } from "./organisation.js";

/**
 * API tokens for scripts, partners, benchmarks and /metrics (docs/security.md "API tokens"). Only the sha256 of the
 * token is kept — it is 256 random bits, so the hash cannot be reversed — and the token itself is shown once.
 * A token acts for the admin who created it, as `role`, on the routes its scopes name, until it expires or is revoked.
 */
export const apiToken = pgTable(
  "api_token",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    tokenHash: text("token_hash").notNull().unique(),
    name: text("name").notNull(),
    scopes: jsonb("scopes").$type<ApiTokenScope[]>().notNull(),
    role: role("role").notNull(),
    // Requests per minute this token may make (per server process).
    perMinute: integer("per_minute").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => appUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    // The hour of the last use (coarse: enough to spot an unused token, and written at most once an hour).
    lastUsedHour: timestamp("last_used_hour", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => appUser.id),
  },
  (t) => [index("api_token_organisation_idx").on(t.organisationId)],
);
