import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { appUser } from "../schema/organisation.js";
import { personAssignment } from "../schema/person.js";
import { appeal } from "../schema/appeal.js";
import { assigneeKey, assigneeKeys } from "../../security/assignmentKeys.js";
import type { FieldCipher } from "../../security/fieldCipher.js";

// `person_assignment` holds who works on whom as keyed hashes of user ids (src/security/assignmentKeys.ts); an
// appeal holds its lawyer sealed with the field key and as the same keyed hash.

/**
 * `<column> in (…)`: an assignment row of this user, by their keyed hashes (`assigneeKeys`) — the table never holds
 * a user id. No hashes: no row.
 */
export function assigneeIn(column: SQL, userKeys: readonly string[]): SQL {
  return userKeys.length ? sql`${column} in (${sql.join(userKeys.map((k) => sql`${k}`), sql`, `)})` : sql`false`;
}

/**
 * Assignments an older version stored with the user's id in clear: the id becomes the keyed hash (with the field
 * key, which SQL does not have — hence at start-up rather than in a migration), and the id is cleared.
 */
export async function hashLegacyAssignments(db: Db, cipher: FieldCipher): Promise<number> {
  const rows = await db
    .select({ personId: personAssignment.personId, userId: personAssignment.legacyUserId })
    .from(personAssignment)
    .where(and(isNull(personAssignment.userKey), isNotNull(personAssignment.legacyUserId)));
  // An appeal's lawyer: the id sealed (read opened) and its keyed hash (filters).
  const appeals = await db.select({ id: appeal.id, userId: appeal.legacyAssigneeId }).from(appeal).where(isNotNull(appeal.legacyAssigneeId));
  if (!rows.length && !appeals.length) return 0;
  await db.transaction(async (t) => {
    for (const r of rows)
      await t
        .update(personAssignment)
        .set({ userKey: assigneeKey(cipher, r.userId!), legacyUserId: null })
        .where(and(eq(personAssignment.personId, r.personId), eq(personAssignment.legacyUserId, r.userId!)));
    for (const a of appeals) await t.update(appeal).set({ assigneeId: cipher.seal(a.userId!), assigneeKey: assigneeKey(cipher, a.userId!), legacyAssigneeId: null }).where(eq(appeal.id, a.id));
  });
  return rows.length + appeals.length;
}

/**
 * Key rotation: every assignment hashed under a retired field key is hashed again under the current one (the
 * retired keys leave the key file after the rotation, and with them the only way to match the old hashes).
 */
export async function rehashAssignments(db: Db, cipher: FieldCipher): Promise<number> {
  const users = await db.select({ id: appUser.id }).from(appUser);
  let n = 0;
  await db.transaction(async (t) => {
    for (const u of users) {
      const [fresh, ...old] = assigneeKeys(cipher, u.id);
      if (!old.length) continue;
      const stale = sql`${personAssignment.userKey} in (${sql.join(old.map((k) => sql`${k}`), sql`, `)})`;
      // The same person assigned under both hashes (a server with the new key meanwhile): keep one row.
      await t.execute(sql`delete from ${personAssignment} a where ${assigneeIn(sql`a.user_key`, old)} and exists (select 1 from ${personAssignment} b where b.person_id = a.person_id and b.user_key = ${fresh!})`);
      const moved = await t.update(personAssignment).set({ userKey: fresh! }).where(stale).returning({ personId: personAssignment.personId });
      const appeals = await t.update(appeal).set({ assigneeKey: fresh! }).where(assigneeIn(sql`${appeal.assigneeKey}`, old)).returning({ id: appeal.id });
      n += moved.length + appeals.length;
    }
  });
  return n;
}
