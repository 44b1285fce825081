import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { preparedOnce } from "../prepared.js";
import { apiToken } from "../schema/apiToken.js";
import { appUser } from "../schema/organisation.js";

export type ApiTokenRow = typeof apiToken.$inferSelect;

export async function insertApiToken(db: Db, values: typeof apiToken.$inferInsert): Promise<ApiTokenRow> {
  const [r] = await db.insert(apiToken).values(values).returning();
  return r!;
}

/** The organisation's tokens, newest first, with who created them (never the hash). */
export async function listApiTokens(db: Db, organisationId: string) {
  return db
    .select({
      id: apiToken.id,
      name: apiToken.name,
      scopes: apiToken.scopes,
      role: apiToken.role,
      perMinute: apiToken.perMinute,
      createdBy: appUser.email,
      createdAt: apiToken.createdAt,
      expiresAt: apiToken.expiresAt,
      lastUsedHour: apiToken.lastUsedHour,
      revokedAt: apiToken.revokedAt,
    })
    .from(apiToken)
    .innerJoin(appUser, eq(appUser.id, apiToken.createdBy))
    .where(eq(apiToken.organisationId, organisationId))
    .orderBy(desc(apiToken.createdAt), desc(apiToken.id));
}

/** Marks a live token of the organisation revoked; null when there is none (unknown, other organisation, already revoked). */
export async function revokeApiToken(db: Db, organisationId: string, id: string, by: string | null, at: Date): Promise<ApiTokenRow | null> {
  const [r] = await db
    .update(apiToken)
    .set({ revokedAt: at, revokedBy: by })
    .where(and(eq(apiToken.id, id), eq(apiToken.organisationId, organisationId), isNull(apiToken.revokedAt)))
    .returning();
  return r ?? null;
}

/** A token by its hash, with the user behind it (whose current role and state bound what it may do). */
/** Looked up on every request that carries a token (on PostgreSQL, where nothing keeps it between requests). */
export async function findApiTokenByHash(db: Db, hash: string) {
  const statement = preparedOnce(db, "api_token_by_hash", () =>
    db
      .select({ token: apiToken, creator: { id: appUser.id, email: appUser.email, role: appUser.role, active: appUser.active, organisationId: appUser.organisationId } })
      .from(apiToken)
      .innerJoin(appUser, eq(appUser.id, apiToken.createdBy))
      .where(eq(apiToken.tokenHash, sql.placeholder("hash")))
      .limit(1)
      .prepare("api_token_by_hash"),
  );
  const [r] = await statement.execute({ hash });
  return r;
}

/** Records the hour of use, at most once an hour per token (so the table is not written on every request). */
export async function touchApiToken(db: Db, id: string, hour: Date): Promise<void> {
  await db
    .update(apiToken)
    .set({ lastUsedHour: hour })
    .where(and(eq(apiToken.id, id), or(isNull(apiToken.lastUsedHour), lt(apiToken.lastUsedHour, hour))));
}
