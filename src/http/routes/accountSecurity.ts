import { z } from "zod";
import { roles } from "../../db/schema/enums.js";
import { inviteUser, listInvitations, revokeInvitation } from "../../services/accounts.js";
import { ServiceError } from "../../services/errors.js";
import { readPersonSensitive } from "../../services/personSensitive.js";
import { confirmEnrolment, startEnrolment, verifySecondFactor } from "../../services/secondFactor.js";
import { listUsers, updateUserAccount } from "../../services/userAdmin.js";
import { defineRoute, type AnyRoute, type RouteInput } from "../route.js";

// Second factor (TOTP), account administration and the audited read of a person's sealed fields.

/** The user behind a full or a pending session, and the session token the factor is recorded on. */
function sessionUser(input: RouteInput<unknown, unknown, unknown>): { userId: string; token: string; verified: boolean } {
  const { actor, request } = input;
  const token = request.sessionToken;
  if (!token) throw new ServiceError("unauthenticated", "sign in first");
  if (actor.kind === "user") return { userId: actor.userId, token, verified: true };
  if (request.pendingActor) return { userId: request.pendingActor.userId, token, verified: false };
  throw new ServiceError("unauthenticated", "sign in first");
}

const code = z.string().trim().regex(/^\d{6}$/, "six digits");
const idParams = z.object({ id: z.uuid() });

export const accountSecurityRoutes: AnyRoute[] = [
  defineRoute({
    method: "POST",
    url: "/api/v1/auth/totp/enrol",
    summary: "Start TOTP enrolment: returns the secret and an otpauth:// URI for the authenticator app",
    tag: "auth",
    api: true,
    permission: "secondFactor",
    rateLimitPerMinute: 10,
    async handler(input) {
      const s = sessionUser(input);
      return startEnrolment(input.ctx, s.userId, s.verified);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/auth/totp/confirm",
    summary: "Confirm enrolment with a first code; returns one-time recovery codes (shown once)",
    tag: "auth",
    api: true,
    permission: "secondFactor",
    rateLimitPerMinute: 10,
    body: z.object({ code }),
    async handler(input) {
      const s = sessionUser(input);
      return confirmEnrolment(input.ctx, s.userId, s.token, input.body.code);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/auth/totp/verify",
    summary: "Complete sign-in with a TOTP code or a recovery code",
    tag: "auth",
    api: true,
    permission: "secondFactor",
    rateLimitPerMinute: 10,
    body: z
      .object({ code: code.optional(), recoveryCode: z.string().trim().min(10).max(40).optional() })
      .refine((b) => !!b.code !== !!b.recoveryCode, { message: "send either code or recoveryCode" }),
    async handler(input) {
      const s = sessionUser(input);
      await verifySecondFactor(input.ctx, s.userId, s.token, input.body);
      return { ok: true, csrfToken: input.request.csrfToken };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/users",
    summary: "Accounts of this organisation",
    tag: "users",
    api: true,
    permission: { action: "list", resource: "user" },
    async handler({ ctx }) {
      return { items: await listUsers(ctx) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/users/invitations",
    summary: "Invite a person to an account with a role (one-time link, 7 days)",
    tag: "users",
    api: true,
    permission: { action: "create", resource: "user" },
    body: z.object({ email: z.email().max(320), role: z.enum(roles) }),
    successStatus: 201,
    async handler({ ctx, body }) {
      const token = await inviteUser(ctx, body);
      // The token travels in the fragment: it never reaches server logs or a Referer header.
      return { token, path: `/app/invite#${token}`, expiresInDays: 7 };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/users/invitations",
    summary: "Pending invitations (not used, not expired); the link is not stored and cannot be shown again, the id revokes",
    tag: "users",
    api: true,
    permission: { action: "list", resource: "user" },
    async handler({ ctx }) {
      return { items: await listInvitations(ctx) };
    },
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/v1/users/invitations/:invitationId",
    summary: "Revoke a pending invitation: its link stops working",
    tag: "users",
    api: true,
    permission: { action: "delete", resource: "user" },
    params: z.object({ invitationId: z.string().regex(/^[0-9a-f]{64}$/) }),
    async handler({ ctx, params }) {
      return revokeInvitation(ctx, params.invitationId);
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/v1/users/:id",
    summary: "Change role, (de)activate, unlock or reset the second factor of an account",
    tag: "users",
    api: true,
    permission: { action: "update", resource: "user" },
    params: idParams,
    body: z
      .object({ role: z.enum(roles).optional(), active: z.boolean().optional(), resetSecondFactor: z.literal(true).optional(), unlock: z.literal(true).optional() })
      .strict(),
    async handler({ ctx, params, body }) {
      return updateUserAccount(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/v1/users/:id",
    summary: "Deactivate an account (it is kept: the audit log refers to it)",
    tag: "users",
    api: true,
    permission: { action: "update", resource: "user" },
    params: idParams,
    async handler({ ctx, params }) {
      return updateUserAccount(ctx, params.id, { active: false });
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/sensitive",
    summary: "A person's sealed fields (health details, Geneva record, staff note); every read is audited",
    tag: "people",
    api: true,
    permission: { action: "readSensitive", resource: "person" },
    params: idParams,
    async handler({ ctx, params }) {
      return readPersonSensitive(ctx, params.id);
    },
  }),
];
