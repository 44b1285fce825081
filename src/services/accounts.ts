import type { Role } from "../db/schema/enums.js";
import * as users from "../db/repositories/users.js";
import { hashPassword, passwordProblem, verifyPassword } from "../security/passwords.js";
import { randomToken, tokenHash } from "../security/tokens.js";
import { recordAudit } from "./audit.js";
import type { Actor, ServiceContext } from "./context.js";
import { invalid, ServiceError } from "./errors.js";
import { authorize } from "./policy.js";
import { tx } from "./people.js";
import { needsSecondFactor } from "./secondFactor.js";
import { signInBackoffOf } from "./signInBackoff.js";

export const SESSION_HOURS = 12;
const INVITATION_DAYS = 7;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** The first admin's set-up link (printed at start-up while the organisation has no account) has no e-mail. */
const isFirstAdminLink = (inv: { email: string }) => inv.email === "";

/** The one-time set-up link for the first admin: issued only while the organisation has no users. */
export async function issueSetupInvitation(ctx: ServiceContext, organisationId: string): Promise<string | null> {
  return tx(ctx, async (db) => {
    if ((await users.countUsers(db, organisationId)) > 0) return null;
    const token = randomToken();
    await users.insertInvitation(db, {
      tokenHash: tokenHash(token),
      organisationId,
      email: "",
      role: "admin",
      expiresAt: new Date(ctx.now().getTime() + INVITATION_DAYS * 86_400_000),
    });
    return token;
  });
}

export async function inviteUser(ctx: ServiceContext, input: { email: string; role: Role }): Promise<string> {
  authorize(ctx.actor, "create", "user");
  // An invitation names its person (only the first admin's set-up link has no e-mail: isFirstAdminLink).
  if (!EMAIL.test(input.email)) throw invalid("email: enter a valid address");
  const organisationId = ctx.actor.organisationId;
  return tx(ctx, async (db) => {
    const token = randomToken();
    await users.insertInvitation(db, {
      tokenHash: tokenHash(token),
      organisationId,
      email: input.email,
      role: input.role,
      invitedBy: ctx.actor.kind === "user" ? ctx.actor.userId : null,
      expiresAt: new Date(ctx.now().getTime() + INVITATION_DAYS * 86_400_000),
    });
    await recordAudit(db, ctx.actor, { type: "user.invited", targetType: "user", targetId: null, detail: { email: input.email, role: input.role } }, ctx.now());
    return token;
  });
}

/**
 * Pending invitations of the organisation. The link itself cannot be shown again (only its hash is stored), so the
 * id is that hash: enough to revoke, useless to accept.
 */
export async function listInvitations(ctx: ServiceContext) {
  authorize(ctx.actor, "list", "user");
  const rows = await users.pendingInvitations(ctx.db, ctx.actor.organisationId, ctx.now());
  return rows.map((r) => ({ id: r.tokenHash, email: r.email, role: r.role, invitedBy: r.invitedBy, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
}

export async function revokeInvitation(ctx: ServiceContext, id: string) {
  authorize(ctx.actor, "delete", "user");
  const organisationId = ctx.actor.organisationId;
  return tx(ctx, async (db) => {
    const gone = await users.expireInvitation(db, organisationId, id, ctx.now());
    if (!gone) throw new ServiceError("not_found", "invitation not found");
    await recordAudit(db, ctx.actor, { type: "user.invitationRevoked", targetType: "user", targetId: null, detail: { email: gone.email, role: gone.role } }, ctx.now());
    return { ok: true };
  });
}

export async function describeInvitation(ctx: ServiceContext, token: string) {
  const inv = await users.findOpenInvitation(ctx.db, tokenHash(token), ctx.now());
  if (!inv || (isFirstAdminLink(inv) && (await users.countUsers(ctx.db, inv.organisationId)) > 0)) throw new ServiceError("not_found", "this link is no longer valid");
  return { email: inv.email, role: inv.role };
}

export async function acceptInvitation(ctx: ServiceContext, input: { token: string; email: string; displayName: string; password: string }) {
  const problem = passwordProblem(input.password);
  if (problem) throw invalid(`password: ${problem}`);
  const passwordHash = await hashPassword(input.password);
  return tx(ctx, async (db) => {
    // Claimed first (a refusal below rolls the claim back with the rest).
    const inv = await users.claimInvitation(db, tokenHash(input.token), ctx.now());
    if (!inv) throw new ServiceError("not_found", "this link is no longer valid");
    if (isFirstAdminLink(inv)) {
      // Every start before the first account, and every host and worker of one, prints a link of its own: once one
      // has made the account, the others must make no second admin (they sit in terminals and logs for 7 days).
      await users.lockFirstAccount(db, inv.organisationId);
      if ((await users.countUsers(db, inv.organisationId)) > 0) throw new ServiceError("not_found", "this link is no longer valid");
    }
    const email = inv.email || input.email;
    if (!EMAIL.test(email)) throw invalid("email: enter a valid address");
    if (await users.findUserByEmail(db, email)) throw new ServiceError("conflict", "an account with this email exists");
    const user = await users.insertUser(db, { organisationId: inv.organisationId, email, displayName: input.displayName || email, role: inv.role, passwordHash });
    const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, label: user.email };
    await recordAudit(db, actor, { type: "user.created", targetType: "user", targetId: user.id, detail: { role: user.role } }, ctx.now());
    return user;
  });
}

/** Create a user directly (CLI `users add`, tests). */
export async function createUser(ctx: ServiceContext, input: { email: string; displayName?: string; role: Role; password: string }) {
  authorize(ctx.actor, "create", "user");
  const problem = passwordProblem(input.password);
  if (problem) throw invalid(`password: ${problem}`);
  const organisationId = ctx.actor.organisationId;
  const passwordHash = await hashPassword(input.password);
  return tx(ctx, async (db) => {
    if (await users.findUserByEmail(db, input.email)) throw new ServiceError("conflict", "an account with this email exists");
    const user = await users.insertUser(db, { organisationId, email: input.email, displayName: input.displayName ?? input.email, role: input.role, passwordHash });
    await recordAudit(db, ctx.actor, { type: "user.created", targetType: "user", targetId: user.id, detail: { role: user.role } }, ctx.now());
    return user;
  });
}

export interface SignInResult {
  token: string;
  csrfToken: string;
  user: users.UserRow;
}

// Unknown users still cost one argon2 verification, so response time does not reveal who has an account.
let dummyHash: Promise<string> | undefined;

/**
 * `source` is the client's address (kept only as a keyed hash): wrong passwords back off that (account, source) pair —
 * unknown accounts alike — instead of locking the account for everyone (src/services/signInBackoff.ts).
 */
export async function signIn(ctx: ServiceContext, input: { email: string; password: string; source?: string }): Promise<SignInResult> {
  const now = ctx.now();
  const source = input.source ?? "local";
  const backoff = signInBackoffOf(ctx);
  const wait = await backoff.waitMs(input.email, source, now.getTime());
  if (wait > 0) throw new ServiceError("rate_limited", `too many failed sign-ins from here: try again in ${Math.ceil(wait / 60_000)} min`);
  const user = await users.findUserByEmail(ctx.db, input.email);
  // Same answer for unknown user and wrong password: the sign-in form does not reveal who has an account.
  const refuse = async () => {
    await backoff.failed(input.email, source, now.getTime());
    return new ServiceError("unauthenticated", "email or password is wrong");
  };
  if (!user || !user.active || !user.passwordHash) {
    await verifyPassword(input.password, await (dummyHash ??= hashPassword("timing-equaliser")));
    throw await refuse();
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const failures = user.failedSignIns + 1;
    await tx(ctx, async (db) => {
      await users.updateUser(db, user.id, { failedSignIns: failures });
      await recordAudit(db, { kind: "anonymous" }, { type: "user.signInFailed", targetType: "user", targetId: user.id, detail: { failures } }, now);
    });
    throw await refuse();
  }
  await backoff.succeeded(input.email, source);
  // A lock set by wrong second-factor codes is told only to someone who knows the password.
  if (user.lockedUntil && user.lockedUntil > now) throw new ServiceError("rate_limited", "too many failed attempts: try again later");
  const token = randomToken();
  const csrfToken = randomToken(24);
  await tx(ctx, async (db) => {
    await users.updateUser(db, user.id, { failedSignIns: 0 });
    await users.insertSession(db, {
      tokenHash: tokenHash(token),
      userId: user.id,
      csrfToken,
      // Admins and coordinators without a factor get a pending session too: it can only enrol one.
      secondFactorDone: !needsSecondFactor(user),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, label: user.email };
    await recordAudit(db, actor, { type: "user.signedIn", targetType: "user", targetId: user.id }, now);
  });
  return { token, csrfToken, user };
}

export async function resolveSession(ctx: ServiceContext, token: string) {
  const found = await users.findLiveSession(ctx.db, tokenHash(token), ctx.now());
  if (!found) return null;
  const { session, user } = found;
  const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, label: user.email };
  // Re-checked on every request: promoting a user to coordinator locks their open sessions until they enrol.
  const secondFactorDone = session.secondFactorDone && (!needsSecondFactor(user) || !!user.totpSecretEnc);
  return { actor, csrfToken: session.csrfToken, secondFactorDone, user, expiresAt: session.expiresAt };
}

export type ResolvedSession = NonNullable<Awaited<ReturnType<typeof resolveSession>>>;

export async function signOut(ctx: ServiceContext, token: string): Promise<void> {
  await users.deleteSession(ctx.db, tokenHash(token));
}
