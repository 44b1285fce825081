import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import type { Role } from "../db/schema/enums.js";
import * as users from "../db/repositories/users.js";
import { tokenHash } from "../security/tokens.js";
import { recordAudit } from "./audit.js";
import type { Actor, ServiceContext } from "./context.js";
import { invalid, ServiceError } from "./errors.js";
import { tx } from "./people.js";

// TOTP (RFC 6238) second factor. Admins and coordinators can change who sees what and sign exchange lists
// off, so a stolen password alone must not be enough for them: their sessions stay "pending" until enrolled
// and verified. Everyone else may enrol voluntarily; once enrolled, every sign-in needs a code.

export const SECOND_FACTOR_ROLES: readonly Role[] = ["admin", "coordinator"];
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "allforall";
const PERIOD = 30;
// One step either side absorbs phone clock drift; more would widen the guessing window.
const WINDOW = 1;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;

export function roleRequiresSecondFactor(role: Role): boolean {
  return SECOND_FACTOR_ROLES.includes(role);
}

/** Whether a session of this user must pass (or first enrol) a second factor before the API opens. */
export function needsSecondFactor(user: Pick<users.UserRow, "role" | "totpSecretEnc">): boolean {
  return !!user.totpSecretEnc || roleRequiresSecondFactor(user.role);
}

/** "verify" when enrolled, "enrol" when the role requires it and it is missing, null when nothing is due. */
export function secondFactorStep(user: Pick<users.UserRow, "role" | "totpSecretEnc">): "verify" | "enrol" | null {
  if (user.totpSecretEnc) return "verify";
  return roleRequiresSecondFactor(user.role) ? "enrol" : null;
}

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** The time step a code matches (within the window), or null. */
function matchStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, "x").validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** Current code for a secret: tests and the CLI's self-check use it. */
export function currentCode(secretBase32: string, now: Date = new Date()): string {
  return totpFor(secretBase32, "x").generate({ timestamp: now.getTime() });
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z2-7]/g, "");
}

function newRecoveryCodes(): string[] {
  // 100 bits each, base32 in groups of five: typed by hand from a printout.
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const s = Secret.fromHex(randomBytes(13).toString("hex")).base32.slice(0, 20).toLowerCase();
    return s.match(/.{5}/g)!.join("-");
  });
}

async function loadUser(ctx: ServiceContext, userId: string): Promise<users.UserRow> {
  const user = await users.findUserById(ctx.db, userId);
  if (!user || !user.active) throw new ServiceError("unauthenticated", "sign in first");
  return user;
}

export interface EnrolmentStart {
  secret: string;
  otpauthUri: string;
}

/**
 * Start (or restart) enrolment. A pending session may enrol only while no factor exists: otherwise someone
 * holding just the password could replace the owner's authenticator.
 */
export async function startEnrolment(ctx: ServiceContext, userId: string, sessionVerified: boolean): Promise<EnrolmentStart> {
  const user = await loadUser(ctx, userId);
  if (user.totpSecretEnc && !sessionVerified) throw new ServiceError("forbidden", "a second factor is enrolled: verify with it (or a recovery code) first");
  const secret = new Secret({ size: 20 }).base32;
  await users.updateUser(ctx.db, user.id, { totpPendingEnc: ctx.cipher.seal(secret) });
  return { secret, otpauthUri: totpFor(secret, user.email).toString() };
}

async function registerFailure(ctx: ServiceContext, user: users.UserRow, actor: Actor): Promise<never> {
  const failures = user.failedSecondFactors + 1;
  const now = ctx.now();
  await tx(ctx, async (db) => {
    await users.updateUser(db, user.id, {
      failedSecondFactors: failures,
      ...(failures >= LOCK_AFTER_FAILURES ? { lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000), failedSecondFactors: 0 } : {}),
    });
    await recordAudit(db, actor, { type: "user.secondFactorFailed", targetType: "user", targetId: user.id, detail: { failures } }, now);
  });
  throw new ServiceError("unauthenticated", "the code is wrong or expired");
}

function refuseIfLocked(ctx: ServiceContext, user: users.UserRow): void {
  if (user.lockedUntil && user.lockedUntil > ctx.now()) throw new ServiceError("rate_limited", "too many failed attempts: try again later");
}

/** Confirm enrolment with a first code: the secret becomes active, the session verified, recovery codes are shown once. */
export async function confirmEnrolment(ctx: ServiceContext, userId: string, sessionToken: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await loadUser(ctx, userId);
  refuseIfLocked(ctx, user);
  if (!user.totpPendingEnc) throw invalid("start enrolment first");
  const secret = ctx.cipher.open(user.totpPendingEnc);
  const actor = actorOf(user);
  const step = matchStep(secret, code.trim(), ctx.now());
  if (step === null) return registerFailure(ctx, user, actor);
  const codes = newRecoveryCodes();
  await tx(ctx, async (db) => {
    await users.updateUser(db, user.id, {
      totpSecretEnc: ctx.cipher.seal(secret),
      totpPendingEnc: null,
      totpLastStep: step,
      failedSecondFactors: 0,
      recoveryCodeHashes: codes.map((c) => tokenHash(normaliseRecoveryCode(c))),
    });
    await users.updateSession(db, tokenHash(sessionToken), { secondFactorDone: true });
    await recordAudit(db, actor, { type: "user.totpEnrolled", targetType: "user", targetId: user.id }, ctx.now());
  });
  return { recoveryCodes: codes };
}

/** Verify a pending session with a TOTP code or a one-time recovery code. */
export async function verifySecondFactor(ctx: ServiceContext, userId: string, sessionToken: string, input: { code?: string | undefined; recoveryCode?: string | undefined }): Promise<void> {
  const user = await loadUser(ctx, userId);
  refuseIfLocked(ctx, user);
  if (!user.totpSecretEnc) throw invalid("no second factor is enrolled: enrol first");
  const actor = actorOf(user);
  let update: Partial<users.UserRow>;
  let usedRecovery = false;
  if (input.code) {
    const step = matchStep(ctx.cipher.open(user.totpSecretEnc), input.code.trim(), ctx.now());
    // A code already used (same or earlier step) is refused: a shoulder-surfed code cannot be replayed.
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) return registerFailure(ctx, user, actor);
    update = { totpLastStep: step, failedSecondFactors: 0 };
  } else if (input.recoveryCode) {
    const h = tokenHash(normaliseRecoveryCode(input.recoveryCode));
    if (!user.recoveryCodeHashes.includes(h)) return registerFailure(ctx, user, actor);
    update = { recoveryCodeHashes: user.recoveryCodeHashes.filter((x) => x !== h), failedSecondFactors: 0 };
    usedRecovery = true;
  } else throw invalid("send code or recoveryCode");
  await tx(ctx, async (db) => {
    await users.updateUser(db, user.id, update);
    await users.updateSession(db, tokenHash(sessionToken), { secondFactorDone: true });
    await recordAudit(db, actor, { type: "user.secondFactorVerified", targetType: "user", targetId: user.id, detail: { recoveryCode: usedRecovery, recoveryCodesLeft: update.recoveryCodeHashes?.length ?? user.recoveryCodeHashes.length } }, ctx.now());
  });
}

function actorOf(user: users.UserRow): Actor {
  return { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, label: user.email };
}
