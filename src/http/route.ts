import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Actor, ServiceContext } from "../services/context.js";
import type { Action, Resource } from "../services/policy.js";
import type { ApiTokenScope } from "../domain/vocabulary/apiTokens.js";

/**
 * Every route declares its permission. "public" routes serve anonymous users and must use public presenters;
 * "signedIn" needs any session; otherwise the role must be able to do `action` on `resource` for some subject
 * (services then check the particular subject). "secondFactor" routes (enrol/verify TOTP) also accept a session whose
 * second factor is still pending. Nothing is reachable without a declaration: deny by default.
 */
export type RoutePermission = "public" | "signedIn" | "secondFactor" | { action: Action; resource: Resource };

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: ServiceContext;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  permission: RoutePermission;
  /**
   * The API-token scope that lets a token (`Authorization: Bearer aff_…`) call this route; without one, every token
   * is refused here (403) — deny by default. The token's role must still pass `permission` and the service's checks.
   */
  tokenScope?: ApiTokenScope;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Requests per minute per client for this route (sign-in, public forms). */
  rateLimitPerMinute?: number;
  /**
   * Count `rateLimitPerMinute` in this process's memory even on PostgreSQL, where limits are otherwise shared in the
   * database: the appeal form's routes, whose visitors leave no trace there finer than the hour (docs/appeals.md).
   * N processes then allow N times the limit; what the intake holds is bounded by its shared hourly allowances.
   */
  rateLimitInMemory?: boolean;
  /** Largest accepted body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** "json" (default) answers with the handler's value as JSON; "raw" lets the handler use reply itself. */
  responds?: "json" | "raw";
  /** Documented in OpenAPI (HTML pages and files are not). */
  api?: boolean;
  successStatus?: number;
  /**
   * GET routes whose answer depends only on who asks, the URL (and Accept-Language) and the stored data, and that
   * write nothing (no audit of sensitive reads): the answer may be served from memory until the next write
   * (src/http/readCache.ts).
   */
  cacheBetweenWrites?: boolean;
  /** HTML pages: errors of this route (rate limit, body too large, validation, service errors) become this page. */
  errorPage?: (error: unknown, status: number, request: FastifyRequest) => string;
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Identity helper that keeps P/Q/B inferred from the zod schemas. */
export function defineRoute<P = undefined, Q = undefined, B = undefined>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return def;
}

// Route modules export arrays of RouteDef of differing type parameters.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;
