// `Authorization: Bearer aff_…`: API tokens for scripts, partners, benchmarks and /metrics (docs/security.md
// "API tokens"). A request that carries an Authorization header is judged by that token alone — a session cookie
// beside it is not read — and a token reaches only the routes that name one of its scopes (`tokenScope`): deny by
// default. Session tokens are never accepted as bearer tokens: sign-in sets the HttpOnly cookie only.
import type { FastifyRequest } from "fastify";
import type { Runtime } from "../app/runtime.js";
import type { WriteWatch } from "../db/writeWatch.js";
import type { ApiTokenScope } from "../domain/vocabulary/apiTokens.js";
import { resolveApiToken, type ResolvedApiToken } from "../services/apiTokens.js";
import { ServiceError } from "../services/errors.js";
import { tokenHash } from "../security/tokens.js";
import { ReadCache } from "./readCache.js";
import type { RateLimiter } from "../services/rateLimits.js";
import type { ServiceContext } from "../services/context.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The API token this request came with, once it is known to be valid. */
    apiToken: ResolvedApiToken | null;
    /**
     * An Authorization header that names no valid token: refused on every route that is not public ("limited":
     * this address sent too many such and was not even looked up).
     */
    badToken: false | "invalid" | "limited";
  }
}

// Unknown or revoked tokens from one address, per minute, before it is answered 429 without a look-up (on
// PostgreSQL counted by all processes together; a process that has not yet heard the address is used up looks up
// one more token before it answers 429 too).
const BAD_TOKENS_PER_MINUTE = 20;
const TOKEN_TTL_MS = 30_000;
const HOUR_MS = 3_600_000;

export class ApiTokenAuth {
  // PGlite only (one process owns the data): any write — a revocation too — empties it. On PostgreSQL a token is
  // kept until the change feed says tokens or users changed (`keptOnServer`), so that a revocation by any worker
  // or host takes effect with the next request.
  private readonly cache: ReadCache<ResolvedApiToken> | null;

  constructor(
    private readonly runtime: Runtime,
    watch: WriteWatch | undefined,
    private readonly limiter: RateLimiter,
  ) {
    this.cache = watch ? new ReadCache<ResolvedApiToken>(watch, 1 << 20, () => 300) : null;
  }

  close(): void {
    this.cache?.close();
  }

  /** Called for every request that has an Authorization header. */
  async authenticate(request: FastifyRequest, header: string, clientKey: string): Promise<void> {
    const bearer = /^Bearer ([\x21-\x7e]{1,200})$/.exec(header)?.[1];
    const t = this.runtime.now().getTime();
    const limitKey = `bad token ${clientKey}`;
    if (this.limiter.limited(limitKey, t)) {
      request.badToken = "limited";
      return;
    }
    const found = bearer ? await this.find(bearer, t, request.arrivedAt) : null;
    if (!found) {
      request.badToken = (await this.limiter.hit(limitKey, BAD_TOKENS_PER_MINUTE, t)) ? "invalid" : "limited";
      return;
    }
    request.apiToken = found;
    request.actor = found.actor;
  }

  private async find(token: string, t: number, since: number): Promise<ResolvedApiToken | null> {
    const ctx = this.runtime.ctx({ kind: "anonymous" });
    if (!this.cache) return this.runtime.database.kind === "postgres" ? this.keptOnServer(ctx, token, t, since) : resolveApiToken(ctx, token);
    return this.cache.through(tokenHash(token), t, async () => {
      const found = await resolveApiToken(ctx, token);
      return found && { value: found, until: Math.min(found.expiresAt?.getTime() ?? Infinity, t + TOKEN_TTL_MS) };
    });
  }

  /**
   * PostgreSQL: a valid token is kept until the change feed says a token or user changed anywhere (a revocation, a
   * role or state change, a new token: migration 0030) — checked by a catch-up begun after the request arrived,
   * which the request's index read shares — and at most until it expires or the hour of its last use ends (the
   * next look-up records the new hour). An unknown token is not kept.
   */
  private async keptOnServer(ctx: ServiceContext, token: string, t: number, since: number): Promise<ResolvedApiToken | null> {
    const key = `api token ${tokenHash(token)}`;
    const load = async () => {
      const value = await resolveApiToken(ctx, token);
      return value && { value, until: Math.min(value.expiresAt?.getTime() ?? Infinity, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS) };
    };
    const kept = await this.runtime.people.untilWrite(key, load, since);
    if (kept && kept.until > t) return kept.value;
    // Unknown tokens are not kept (anyone can send many); an expired one, or one whose hour has ended, is looked up.
    this.runtime.people.forget(key);
    return kept && resolveApiToken(ctx, token);
  }
}

/**
 * The token's side of the permission gate, before the route's own permission: a token calls only routes that name
 * one of its scopes, at most its requests per minute; a bad token is refused everywhere but on public routes
 * (which then see an anonymous visitor, as they do for a token).
 */
export async function checkToken(request: FastifyRequest, scope: ApiTokenScope | undefined, isPublic: boolean, limiter: RateLimiter, now: number): Promise<void> {
  const token = request.apiToken;
  if (!token) {
    if (request.badToken && !isPublic) {
      if (request.badToken === "limited") throw new ServiceError("rate_limited", "too many requests: wait a minute and try again");
      throw new ServiceError("unauthenticated", "this API token is not valid: unknown, expired or revoked");
    }
    return;
  }
  if (isPublic) return;
  if (!scope) throw new ServiceError("forbidden", "API tokens may not call this route");
  if (!token.scopes.includes(scope)) throw new ServiceError("forbidden", `this API token may not call this route (scope needed: ${scope})`);
  if (!(await limiter.hit(`token ${token.tokenId}`, token.perMinute, now))) throw new ServiceError("rate_limited", "too many requests: wait a minute and try again");
}

/** /metrics from another machine: a valid token with the metrics scope (within its requests per minute). */
export async function tokenAllowsMetrics(request: FastifyRequest, limiter: RateLimiter, now: number): Promise<boolean> {
  const token = request.apiToken;
  return !!token && token.scopes.includes("metrics") && (await limiter.hit(`token ${token.tokenId}`, token.perMinute, now));
}
