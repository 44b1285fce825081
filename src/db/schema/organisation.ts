import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { role } from "./enums.js";
import type { OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";

export const organisation = pgTable("organisation", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  // How pages and the staff app label the Ukrainian subdivisions Russia occupies (UA-43 Crimea, UA-40 Sevastopol, …):
  // "occupied" | "ukraine" | "plain" (src/domain/vocabulary/regions.ts). The code stored is the same whatever the label.
  occupiedLabel: text("occupied_label").$type<OccupiedLabelStyle>().notNull().default("occupied"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const appUser = pgTable(
  "app_user",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    role: role("role").notNull(),
    // argon2id encoded hash; null until the invited user sets a password.
    passwordHash: text("password_hash"),
    // Encrypted TOTP secret (field cipher), null when not enrolled.
    totpSecretEnc: text("totp_secret_enc"),
    // A secret being enrolled (sealed), until the user proves it with a first code.
    totpPendingEnc: text("totp_pending_enc"),
    // Last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2).
    totpLastStep: integer("totp_last_step"),
    // sha256 of one-time recovery codes (100 random bits each, so a plain hash cannot be brute-forced).
    recoveryCodeHashes: jsonb("recovery_code_hashes").$type<string[]>().notNull().default([]),
    failedSecondFactors: integer("failed_second_factors").notNull().default(0),
    active: boolean("active").notNull().default(true),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("app_user_email_idx").on(sql`lower(${t.email})`)],
);

export const userSession = pgTable("user_session", {
  // sha256 of the cookie token: a leaked table does not yield usable sessions.
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id").notNull().references(() => appUser.id, { onDelete: "cascade" }),
  csrfToken: text("csrf_token").notNull(),
  secondFactorDone: boolean("second_factor_done").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

// One-time links: the first admin's set-up link and invitations.
export const userInvitation = pgTable("user_invitation", {
  tokenHash: text("token_hash").primaryKey(),
  organisationId: uuid("organisation_id").notNull().references(() => organisation.id),
  email: text("email").notNull(),
  role: role("role").notNull(),
  invitedBy: uuid("invited_by").references(() => appUser.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});
