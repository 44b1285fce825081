import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Role } from "../db/schema/enums.js";
import { appUser, userSession } from "../db/schema/organisation.js";
import * as users from "../db/repositories/users.js";
import { recordAudit } from "./audit.js";
import type { ServiceContext } from "./context.js";
import { invalid, notFound, ServiceError } from "./errors.js";
import { authorize } from "./policy.js";
import { tx } from "./people.js";
import { roleRequiresSecondFactor } from "./secondFactor.js";

// Administration of accounts: list, change role, deactivate, reset a lost second factor.
// Accounts are created only through invitations (or `allforall users add` on the server itself).

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  secondFactor: "enrolled" | "required_missing" | "none";
  lockedUntil: Date | null;
  createdAt: Date;
}

function view(u: users.UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    secondFactor: u.totpSecretEnc ? "enrolled" : roleRequiresSecondFactor(u.role) ? "required_missing" : "none",
    lockedUntil: u.lockedUntil,
    createdAt: u.createdAt,
  };
}

export async function listUsers(ctx: ServiceContext): Promise<UserView[]> {
  authorize(ctx.actor, "list", "user");
  const rows = await ctx.db.select().from(appUser).where(eq(appUser.organisationId, ctx.actor.organisationId)).orderBy(asc(appUser.email));
  return rows.map(view);
}

export interface UserPatch {
  role?: Role | undefined;
  active?: boolean | undefined;
  /** Clear the TOTP secret and recovery codes: the user enrols again at next sign-in. */
  resetSecondFactor?: boolean | undefined;
  /** Lift a sign-in lock-out. */
  unlock?: boolean | undefined;
}

export async function updateUserAccount(ctx: ServiceContext, userId: string, patch: UserPatch): Promise<UserView> {
  authorize(ctx.actor, "update", "user");
  const org = ctx.actor.organisationId;
  return tx(ctx, async (db) => {
    const before = await users.findUserById(db, userId);
    if (!before || before.organisationId !== org) throw notFound("user");
    const self = ctx.actor.kind === "user" && ctx.actor.userId === userId;
    if (self && (patch.active === false || (patch.role && patch.role !== before.role)))
      throw invalid("you cannot deactivate yourself or change your own role: ask another admin");
    if (before.role === "admin" && (patch.active === false || (patch.role && patch.role !== "admin"))) {
      const [r] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(appUser)
        .where(and(eq(appUser.organisationId, org), eq(appUser.role, "admin"), eq(appUser.active, true), ne(appUser.id, userId)));
      if (!Number(r?.n)) throw new ServiceError("conflict", "this is the last active admin");
    }
    const values: Partial<typeof appUser.$inferInsert> = {};
    if (patch.role !== undefined) values.role = patch.role;
    if (patch.active !== undefined) values.active = patch.active;
    if (patch.resetSecondFactor) Object.assign(values, { totpSecretEnc: null, totpPendingEnc: null, totpLastStep: null, recoveryCodeHashes: [] });
    if (patch.unlock) Object.assign(values, { lockedUntil: null, failedSignIns: 0, failedSecondFactors: 0 });
    if (Object.keys(values).length) await users.updateUser(db, userId, values);
    // A role change, deactivation or factor reset ends the user's sessions: they sign in again under the new rules.
    if (patch.role !== undefined || patch.active === false || patch.resetSecondFactor) await db.delete(userSession).where(eq(userSession.userId, userId));
    const changes: Record<string, unknown> = {};
    if (patch.role !== undefined && patch.role !== before.role) changes.role = { from: before.role, to: patch.role };
    if (patch.active !== undefined && patch.active !== before.active) changes.active = { from: before.active, to: patch.active };
    if (patch.resetSecondFactor) changes.secondFactor = "reset";
    if (patch.unlock) changes.unlocked = true;
    await recordAudit(db, ctx.actor, { type: "user.updated", targetType: "user", targetId: userId, detail: { changes } }, ctx.now());
    return view((await users.findUserById(db, userId))!);
  });
}
