import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { ZodError } from "zod";
import type { Runtime } from "../app/runtime.js";
import { resolveSession, type ResolvedSession } from "../services/accounts.js";

type RequestSession = Pick<ResolvedSession, "actor" | "csrfToken" | "secondFactorDone">;
import type { Actor } from "../services/context.js";
import { PersonMoved, ServiceError } from "../services/errors.js";
import { roleMayEver } from "../services/policy.js";
import { safeEqual, tokenHash } from "../security/tokens.js";
import { page, requestLocale, sendHtml } from "../public/layout.js";
import { notFoundPage } from "../public/pages/person.js";
import { apiLocale, serverText, validationErrorBody } from "./errorText.js";
import type { AnyRoute } from "./route.js";
import { cachedOrLead, cacheableHeaders, ReadCache, replySize, SharedReads, type CachedReply, type Lead, type Replies, type SharedReply } from "./readCache.js";
import { Metrics, registerMetrics } from "./metrics.js";
import { ApiTokenAuth, checkToken, tokenAllowsMetrics } from "./apiTokenAuth.js";
import { setSecurityHeaders } from "./security.js";
import { RateLimiter, secondsLeft, SharedAllowance } from "../services/rateLimits.js";
import { safeSerializers } from "../app/safeErrors.js";

export const SESSION_COOKIE = "aff_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
    sessionToken: string | null;
    csrfToken: string | null;
    secondFactorPending: boolean;
    /** The user of a session whose second factor is pending: only "secondFactor" routes may act for them. */
    pendingActor: Extract<Actor, { kind: "user" }> | null;
    /** Set when this GET may store its answer in the read cache. */
    cacheSlot: { key: string; snapshot: number | null; until: number; lead: Lead<SharedReply> | null } | null;
    /** performance.now() when the request arrived: what its reads must be fresh from (ServiceContext.since). */
    arrivedAt: number;
  }
}

// How long a cached answer or session may be used at most, even with no write in between.
const REPLY_TTL_MS = 30_000;
const SESSION_TTL_MS = 30_000;

const statusOf: Record<ServiceError["kind"], number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  moved: 308,
  unavailable: 503,
};

export interface ServerOptions {
  routes: AnyRoute[];
  /** Extra plugins (static staff app, …) registered after the routes. */
  extend?: (app: FastifyInstance) => Promise<void> | void;
  logger?: boolean;
  /** Secure cookies (HTTPS deployments). */
  secureCookies?: boolean;
  /** Keep answers of cacheBetweenWrites routes and resolved sessions in memory between writes (PGlite only). */
  readCache?: boolean;
}

export function clientKey(request: FastifyRequest): string {
  // Used only as a rate-limit key: in memory, and on PostgreSQL stored as a keyed hash only (src/services/rateLimits.ts).
  return request.ip;
}

export async function buildServer(runtime: Runtime, opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: runtime.log.level, serializers: safeSerializers, redact: ["req.headers.cookie", "req.headers.authorization", "req.headers['x-csrf-token']"] } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // No request logging at all: URLs can carry appeal codes, and bodies hold appeal text and family contacts.
    logController: new LogController({ disableRequestLogging: true }),
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // One process owns PGlite: its counts stay in memory. On PostgreSQL every worker and host shares them.
  const limiter = new RateLimiter(runtime.database.kind === "postgres" ? new SharedAllowance(runtime.database.db, runtime.cipher) : undefined);
  // Routes whose visitors must leave no per-minute trace in the database (the appeal form): this process's counts.
  const inMemory = runtime.database.kind === "postgres" ? new RateLimiter() : limiter;
  const metrics = new Metrics();
  const watch = opts.readCache === false ? undefined : runtime.database.writes;
  const tokens = new ApiTokenAuth(runtime, watch, limiter);
  registerMetrics(app, metrics, runtime, (request) => tokenAllowsMetrics(request, limiter, runtime.now().getTime()));
  const replies = watch ? { stored: new ReadCache<CachedReply>(watch, 64 * 2 ** 20, replySize), computing: new SharedReads<SharedReply>() } : null;
  // Only what a request needs: not the user row (password hash, sealed TOTP secret), which nothing here reads.
  const sessions = watch ? new ReadCache<RequestSession>(watch, 4 * 2 ** 20, () => 500) : null;
  const now = () => runtime.now().getTime();
  const findSession = async (token: string, since: number): Promise<RequestSession | null> => {
    if (!sessions) return runtime.database.kind === "postgres" ? keptSession(token, since) : resolveSession(runtime.ctx({ kind: "anonymous" }), token);
    const t = now();
    return sessions.through(tokenHash(token), t, async () => {
      const s = await resolveSession(runtime.ctx({ kind: "anonymous" }), token);
      return s && { value: { actor: s.actor, csrfToken: s.csrfToken, secondFactorDone: s.secondFactorDone }, until: Math.min(s.expiresAt.getTime(), t + SESSION_TTL_MS) };
    });
  };
  // PostgreSQL: a live session is kept until the change feed says sessions or users changed anywhere (migrations 0030
  // and 0032: a sign-out, a deactivation, a role change at any worker or host), checked by the catch-up the request
  // begins after it arrived, and at most until it expires. An unknown token is not kept.
  const keptSession = async (token: string, since: number): Promise<RequestSession | null> => {
    const key = `session ${tokenHash(token)}`;
    const t = now();
    const kept = await runtime.people.untilWrite(
      key,
      async () => {
        const s = await resolveSession(runtime.ctx({ kind: "anonymous" }), token);
        return s && { value: { actor: s.actor, csrfToken: s.csrfToken, secondFactorDone: s.secondFactorDone }, until: s.expiresAt.getTime() };
      },
      since,
    );
    if (kept && kept.until > t) return kept.value;
    runtime.people.forget(key);
    return null;
  };

  app.decorateRequest("actor", null as never);
  app.decorateRequest("sessionToken", null);
  app.decorateRequest("csrfToken", null);
  app.decorateRequest("secondFactorPending", false);
  app.decorateRequest("pendingActor", null);
  app.decorateRequest("apiToken", null);
  app.decorateRequest("badToken", false);
  app.decorateRequest("cacheSlot", null);
  app.decorateRequest("arrivedAt", 0);

  // Requests in progress, for the write watch's back-pressure on PGlite (WriteWatch.slowWrite). The response's
  // "close" comes once for every request, answered or aborted, so the count cannot drift.
  const pressure = runtime.database.writes;
  if (pressure)
    app.addHook("onRequest", (_request, reply, done) => {
      pressure.requestBegan();
      reply.raw.once("close", () => pressure.requestEnded());
      done();
    });

  app.addHook("onRequest", async (request, reply) => {
    request.arrivedAt = performance.now();
    setSecurityHeaders(reply);
    request.actor = { kind: "anonymous" };
    // An Authorization header means an API token, and only that token counts (the cookie is not read).
    const authorization = request.headers.authorization;
    if (authorization !== undefined) return tokens.authenticate(request, authorization, clientKey(request));
    const token = request.cookies[SESSION_COOKIE] ?? null;
    if (!token) return;
    const s = await findSession(token, request.arrivedAt);
    if (!s) return;
    request.sessionToken = token;
    request.csrfToken = s.csrfToken;
    if (!s.secondFactorDone) {
      request.secondFactorPending = true;
      if (s.actor.kind === "user") request.pendingActor = s.actor;
      return;
    }
    request.actor = s.actor;
    // Cookie-authenticated writes must echo the session's CSRF token (API tokens are not sent by browsers on their own).
    // (Signed-in users write only through the API; HTML forms are public and anonymous.)
    if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, s.csrfToken)) {
        request.actor = { kind: "anonymous" };
        // A public form (the appeal form) posted from a browser that also holds a staff session: the post is
        // anonymous — the session is simply not used — rather than refused (staff help families fill it in).
        if ((request.routeOptions?.config as { publicRoute?: boolean } | undefined)?.publicRoute) {
          request.sessionToken = null;
          request.csrfToken = null;
          return;
        }
        return reply.code(403).send({ error: "forbidden", message: serverText(apiLocale(request), "missing or wrong CSRF token") });
      }
    }
  });

  // Servers built on one runtime one after another (tests, benches) must not leave their caches listening.
  app.addHook("onClose", async () => {
    replies?.stored.close();
    sessions?.close();
    tokens.close();
  });
  if (replies) {
    app.addHook("onSend", async (request, reply, payload) => {
      const slot = request.cacheSlot;
      if (!slot) return payload;
      const headers = reply.statusCode === 200 && (typeof payload === "string" || Buffer.isBuffer(payload)) ? cacheableHeaders(reply.getHeaders()) : null;
      const answer: CachedReply | null = headers ? { headers, body: payload as string | Buffer } : null;
      if (answer && watch!.unchanged(slot.snapshot)) replies.stored.set(slot.key, answer, slot.until);
      if (slot.lead) replies.computing.settle(slot.lead, answer && { reply: answer, snapshot: slot.snapshot });
      return payload;
    });
    // Errors and aborted requests too: requests waiting for this answer elect a new lead.
    app.addHook("onResponse", async (request) => {
      if (request.cacheSlot?.lead) replies.computing.settle(request.cacheSlot.lead, null);
    });
  }

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ServiceError && error.kind === "unavailable") reply.header("retry-after", String((error.details as { retryAfterS?: number } | undefined)?.retryAfterS ?? 2));
    // HTML pages (the appeal form) answer errors with a page in the reader's language, not JSON.
    const errorPage = (request.routeOptions?.config as { errorPage?: AnyRoute["errorPage"] } | undefined)?.errorPage;
    if (errorPage) {
      const status = error instanceof ServiceError ? statusOf[error.kind] : error instanceof ZodError ? 400 : ((error as { statusCode?: number }).statusCode ?? 500);
      if (status >= 500) runtime.log.error({ err: error, url: request.routeOptions?.url }, "unhandled error");
      return reply.code(status).header("content-type", "text/html; charset=utf-8").send(errorPage(error, status, request));
    }
    if (error instanceof PersonMoved) {
      // A merged-away id: the same request against the survivor (docs/data-model.md "Duplicates and merges").
      reply.header("location", request.url.split(error.mergedId).join(error.survivorId));
    }
    // Messages in the reader's language; `error` (and an issue's `path`) are the stable codes.
    const locale = apiLocale(request);
    if (error instanceof ServiceError) {
      const details = error.details ? (error.code && typeof error.details === "object" ? error.details : { details: error.details }) : {};
      return reply.code(statusOf[error.kind]).send({ error: error.code ?? error.kind, message: serverText(locale, error.message), ...details });
    }
    if (error instanceof ZodError) return reply.code(400).send(validationErrorBody(locale, error));
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const message = locale === "en" ? (error as Error).message : serverText(locale, status === 413 ? "the request body is too large" : "the request could not be read");
      return reply.code(status).send({ error: "bad_request", message });
    }
    runtime.log.error({ err: error, url: request.routeOptions?.url }, "unhandled error");
    return reply.code(500).send({ error: "internal", message: serverText(locale, "something went wrong; the error was logged") });
  });

  app.setNotFoundHandler((request, reply) => {
    // API clients get JSON; a person who followed a wrong link gets a page in their language.
    if (request.url.startsWith("/api/") || request.method !== "GET") {
      return reply.code(404).send({ error: "not_found", message: serverText(apiLocale(request), `no route ${request.method} ${request.url.split("?")[0]}`) });
    }
    const locale = requestLocale(request);
    const p = notFoundPage(locale);
    return sendHtml(reply, page({ locale, title: p.title, body: p.body, path: "/", noindex: true }), 404);
  });

  for (const route of opts.routes) registerRoute(app, runtime, route, { shared: limiter, inMemory }, route.cacheBetweenWrites && route.method === "GET" ? replies : null, metrics);
  if (opts.extend) await opts.extend(app);
  return app;
}

function actorKey(actor: Actor): string {
  return actor.kind === "user" ? `user ${actor.userId} ${actor.role} ${actor.organisationId}` : actor.kind;
}


function registerRoute(app: FastifyInstance, runtime: Runtime, route: AnyRoute, limiters: { shared: RateLimiter; inMemory: RateLimiter }, replies: Replies | null, metrics: Metrics): void {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    config: { ...(route.errorPage ? { errorPage: route.errorPage } : {}), publicRoute: route.permission === "public" } as object,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      // Rate limit, auth, validate, then the handler (which calls a service that loads, authorizes, writes + audits).
      const t = runtime.now().getTime();
      if (route.rateLimitPerMinute && !(await (route.rateLimitInMemory ? limiters.inMemory : limiters.shared).hit(`${route.method} ${route.url} ${clientKey(request)}`, route.rateLimitPerMinute, t))) {
        reply.header("retry-after", String(secondsLeft(t)));
        throw new ServiceError("rate_limited", "too many requests: wait a minute and try again");
      }
      const perm = route.permission;
      await checkToken(request, route.tokenScope, perm === "public", limiters.shared, t);
      // Public routes serve every caller as an anonymous visitor, whatever token came with the request.
      const actor: Actor = request.apiToken && perm === "public" ? { kind: "anonymous" } : request.actor;
      if (perm === "secondFactor") {
        // Enrol/verify: a full session, or a pending one (whose cookie writes must still carry the CSRF token).
        if (actor.kind === "anonymous" && !request.pendingActor) throw new ServiceError("unauthenticated", "sign in first");
        if (request.pendingActor && request.method !== "GET") {
          const sent = request.headers[CSRF_HEADER];
          if (typeof sent !== "string" || !request.csrfToken || !safeEqual(sent, request.csrfToken)) throw new ServiceError("forbidden", "missing or wrong CSRF token");
        }
      } else if (perm !== "public") {
        if (actor.kind === "anonymous") throw new ServiceError("unauthenticated", request.secondFactorPending ? "second factor required" : "sign in first");
        if (perm !== "signedIn" && actor.kind === "user" && !roleMayEver(actor.role, perm.action, perm.resource))
          throw new ServiceError("forbidden", `not allowed to ${perm.action} ${perm.resource}`);
      }
      // PostgreSQL text cannot hold U+0000: refuse it here with a 400 instead of a failed query (500) deep inside.
      if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) throw new ServiceError("invalid", "text must not contain NUL characters");
      // A lone UTF-16 surrogate ("\udeeb" in JSON) cannot be stored as UTF-8: refused here, for every route.
      if (containsBrokenText(request.params) || containsBrokenText(request.query) || containsBrokenText(request.body)) throw new ServiceError("invalid", "text must be valid Unicode");
      const params = route.params ? route.params.parse(request.params) : undefined;
      const query = route.query ? route.query.parse(request.query) : undefined;
      const body = route.body ? route.body.parse(request.body ?? {}) : undefined;
      const ctx = runtime.ctx(actor, request.arrivedAt);
      if (replies) {
        const key = `${request.method}\n${actorKey(actor)}\n${request.headers["accept-language"] ?? ""}\n${request.url}`;
        const t = ctx.now().getTime();
        const found = await cachedOrLead(replies, runtime.database.writes!, key, t);
        if ("hit" in found) {
          metrics.cacheHits++;
          return reply.code(200).headers(found.hit.headers).send(found.hit.body);
        }
        metrics.cacheMisses++;
        request.cacheSlot = { key, snapshot: found.snapshot, until: t + REPLY_TTL_MS, lead: found.lead };
      }
      const result = await route.handler({ params, query, body, ctx, actor, request, reply });
      if (route.responds === "raw") return reply;
      // A handler that answered with its own status (the import's 400 for a refused sheet) keeps it: overwritten
      // with 200, the staff app took the error for a report and the Import screen went blank.
      if (reply.statusCode === 200) reply.code(route.successStatus ?? 200);
      return result;
    },
  });
}

function someText(value: unknown, bad: (s: string) => boolean, depth = 0): boolean {
  if (typeof value === "string") return bad(value);
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Buffer.isBuffer(value)) return false;
  for (const [k, v] of Object.entries(value)) if (bad(k) || someText(v, bad, depth + 1)) return true;
  return false;
}
const containsNul = (value: unknown) => someText(value, (s) => s.includes("\u0000"));
// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no u flag).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const containsBrokenText = (value: unknown) => someText(value, (s) => LONE_SURROGATE.test(s));
