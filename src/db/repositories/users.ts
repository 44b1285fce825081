import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { appUser, userInvitation, userSession } from "../schema/organisation.js";

export type UserRow = typeof appUser.$inferSelect;

export async function countUsers(db: Db, organisationId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(appUser).where(eq(appUser.organisationId, organisationId));
  return Number(r?.n ?? 0);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [r] = await db.select().from(appUser).where(sql`lower(${appUser.email}) = ${email.toLowerCase()}`).limit(1);
  return r;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [r] = await db.select().from(appUser).where(eq(appUser.id, id)).limit(1);
  return r;
}

export async function insertUser(db: Db, values: typeof appUser.$inferInsert): Promise<UserRow> {
  const [r] = await db.insert(appUser).values(values).returning();
  return r!;
}

export async function updateUser(db: Db, id: string, values: Partial<typeof appUser.$inferInsert>): Promise<void> {
  await db.update(appUser).set(values).where(eq(appUser.id, id));
}

export async function insertSession(db: Db, values: typeof userSession.$inferInsert): Promise<void> {
  await db.insert(userSession).values(values);
}

export async function findLiveSession(db: Db, tokenHashValue: string, now: Date) {
  let statement = liveSessionStatements.get(db);
  if (!statement) liveSessionStatements.set(db, (statement = liveSessionSelect(db).prepare("live_session")));
  const [r] = await statement.execute({ tokenHash: tokenHashValue, now: now.toISOString() });
  return r;
}

// Every signed-in request asks this: the select is built once per database handle (building it cost more CPU than running it).
function liveSessionSelect(db: Db) {
  return db
    .select({ session: userSession, user: appUser })
    .from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .where(and(eq(userSession.tokenHash, sql.placeholder("tokenHash")), gt(userSession.expiresAt, sql`${sql.placeholder("now")}::timestamptz`), eq(appUser.active, true)))
    .limit(1);
}
const liveSessionStatements = new WeakMap<Db, ReturnType<ReturnType<typeof liveSessionSelect>["prepare"]>>();

export async function updateSession(db: Db, tokenHashValue: string, values: Partial<typeof userSession.$inferInsert>): Promise<void> {
  await db.update(userSession).set(values).where(eq(userSession.tokenHash, tokenHashValue));
}

export async function deleteSession(db: Db, tokenHashValue: string): Promise<void> {
  await db.delete(userSession).where(eq(userSession.tokenHash, tokenHashValue));
}

export async function insertInvitation(db: Db, values: typeof userInvitation.$inferInsert): Promise<void> {
  await db.insert(userInvitation).values(values);
}

export async function findOpenInvitation(db: Db, tokenHashValue: string, now: Date) {
  const [r] = await db
    .select()
    .from(userInvitation)
    .where(and(eq(userInvitation.tokenHash, tokenHashValue), gt(userInvitation.expiresAt, now), isNull(userInvitation.usedAt)))
    .limit(1);
  return r;
}

/**
 * Marks an open invitation used and returns it, or nothing when it is used, expired or unknown. One statement (its
 * row locked until commit), so that two accepts of one link at once cannot both create an account: the second finds
 * it used.
 */
export async function claimInvitation(db: Db, tokenHashValue: string, now: Date) {
  const [r] = await db
    .update(userInvitation)
    .set({ usedAt: now })
    .where(and(eq(userInvitation.tokenHash, tokenHashValue), gt(userInvitation.expiresAt, now), isNull(userInvitation.usedAt)))
    .returning();
  return r;
}

// An advisory lock per organisation for its first account (two-key space, beside identity.ts's door, 727_030).
const FIRST_ACCOUNT_LOCK = 727_040;

/**
 * Inside the accepting transaction: wait for any other first-admin link of this organisation being accepted; held
 * until commit, so that the next one counts the account the first made.
 */
export async function lockFirstAccount(db: Db, organisationId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK}, hashtext(${organisationId}))`);
}

/** Invitations not yet used and not expired (the set-up link, which has no e-mail, is not one of them). */
export async function pendingInvitations(db: Db, organisationId: string, now: Date) {
  return db
    .select({ tokenHash: userInvitation.tokenHash, email: userInvitation.email, role: userInvitation.role, invitedBy: appUser.displayName, createdAt: userInvitation.createdAt, expiresAt: userInvitation.expiresAt })
    .from(userInvitation)
    .leftJoin(appUser, eq(appUser.id, userInvitation.invitedBy))
    .where(and(eq(userInvitation.organisationId, organisationId), gt(userInvitation.expiresAt, now), isNull(userInvitation.usedAt), sql`${userInvitation.email} <> ''`))
    .orderBy(desc(userInvitation.createdAt));
}

/** Revoke a pending invitation by letting it expire now; false when there was none. */
export async function expireInvitation(db: Db, organisationId: string, tokenHashValue: string, now: Date): Promise<{ email: string; role: string } | undefined> {
  const [r] = await db
    .update(userInvitation)
    .set({ expiresAt: now })
    .where(and(eq(userInvitation.organisationId, organisationId), eq(userInvitation.tokenHash, tokenHashValue), gt(userInvitation.expiresAt, now), isNull(userInvitation.usedAt)))
    .returning({ email: userInvitation.email, role: userInvitation.role });
  return r;
}

/** Active accounts of one role in an organisation (e.g. the lawyers an appeal can be assigned to). */
export async function activeUsersWithRole(db: Db, organisationId: string, role: UserRow["role"]) {
  return db
    .select({ id: appUser.id, displayName: appUser.displayName })
    .from(appUser)
    .where(and(eq(appUser.organisationId, organisationId), eq(appUser.role, role), eq(appUser.active, true)))
    .orderBy(appUser.displayName);
}
