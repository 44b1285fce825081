import { z } from "zod";
import { acceptInvitation, describeInvitation, SESSION_HOURS, signIn, signOut } from "../../services/accounts.js";
import { ServiceError } from "../../services/errors.js";
import { secondFactorStep } from "../../services/secondFactor.js";
import { clientKey, SESSION_COOKIE } from "../app.js";
import { defineRoute, type AnyRoute } from "../route.js";

export const authRoutes: AnyRoute[] = [
  defineRoute({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    summary: "Sign in with email and password; sets an HTTP-only session cookie",
    tag: "auth",
    api: true,
    permission: "public",
    rateLimitPerMinute: 10,
    body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(512) }),
    async handler({ ctx, body, reply, request }) {
      const r = await signIn(ctx, { ...body, source: clientKey(request) });
      reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: "strict",
        path: "/",
        // Behind a TLS-terminating proxy the request itself is plain HTTP: a public https:// address still means Secure.
        secure: request.protocol === "https" || (process.env.PUBLIC_BASE_URL ?? "").startsWith("https://"),
        maxAge: SESSION_HOURS * 3600,
      });
      return {
        user: { id: r.user.id, email: r.user.email, displayName: r.user.displayName, role: r.user.role },
        csrfToken: r.csrfToken,
        // "verify": send a code to /auth/totp/verify; "enrol": admins and coordinators must enrol (/auth/totp/enrol,
        // then /confirm) before any other API call works. null: the session is ready.
        secondFactor: secondFactorStep(r.user),
        secondFactorRequired: secondFactorStep(r.user) !== null,
        // The session token itself is only in the HttpOnly cookie: page scripts (an injected one too) never see it.
      };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/auth/sign-out",
    summary: "End this session (also one still waiting for its second factor)",
    tag: "auth",
    api: true,
    // "secondFactor": a full session or one between password and TOTP, with the CSRF check either way.
    permission: "secondFactor",
    async handler({ ctx, request, reply }) {
      if (request.sessionToken) await signOut(ctx, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/auth/me",
    summary: "The signed-in user and the CSRF token for writes",
    tag: "auth",
    api: true,
    permission: "signedIn",
    async handler({ actor, request }) {
      if (actor.kind !== "user") throw new ServiceError("unauthenticated", "sign in first");
      return { user: { id: actor.userId, email: actor.label, role: actor.role }, csrfToken: request.csrfToken };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/invitations/:token",
    summary: "What an invitation link is for",
    tag: "auth",
    api: true,
    permission: "public",
    rateLimitPerMinute: 30,
    params: z.object({ token: z.string().min(10).max(100) }),
    async handler({ ctx, params }) {
      return describeInvitation(ctx, params.token);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/invitations/:token/accept",
    summary: "Accept an invitation (or the first admin's set-up link) and create the account",
    tag: "auth",
    api: true,
    permission: "public",
    rateLimitPerMinute: 10,
    params: z.object({ token: z.string().min(10).max(100) }),
    body: z.object({ email: z.string().trim().max(320).default(""), displayName: z.string().trim().max(200).default(""), password: z.string().max(512) }),
    successStatus: 201,
    async handler({ ctx, params, body }) {
      const user = await acceptInvitation(ctx, { token: params.token, ...body });
      return { id: user.id, email: user.email, role: user.role };
    },
  }),
];
