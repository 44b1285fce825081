import { z } from "zod";
import * as tokens from "../db/repositories/apiTokens.js";
import { findUserByEmail } from "../db/repositories/users.js";
import { API_TOKEN_PREFIX, apiTokenRoles, apiTokenScopes, roleCovers, type ApiTokenScope } from "../domain/vocabulary/apiTokens.js";
import { randomToken, safeEqual, tokenHash } from "../security/tokens.js";
import { recordAudit } from "./audit.js";
import { withActor, type Actor, type ServiceContext } from "./context.js";
import { invalid, notFound } from "./errors.js";
import { isoDate } from "./personInput.js";
import { authorize, roleMayEver, type Action, type Resource } from "./policy.js";
import { tx } from "./people.js";

// API tokens (docs/security.md "API tokens"): scripts, partners, benchmarks and monitoring call the API with
// `Authorization: Bearer aff_…` instead of a signed-in browser session. An admin creates one (shown once, only its
// hash stored), names what it is for (scopes) and the role it acts as — never above the admin's own — and revokes it.

/** A scope is of use only to a role that may do what its routes do: checked when the token is created. */
const scopeNeeds: Record<ApiTokenScope, { action: Action; resource: Resource } | null> = {
  "registry:read": { action: "list", resource: "person" },
  "registry:write": { action: "update", resource: "person" },
  "lists:read": { action: "list", resource: "exchangeList" },
  metrics: null,
};

export const apiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(apiTokenScopes))
    .min(1)
    .max(apiTokenScopes.length)
    .transform((s) => [...new Set(s)]),
  role: z.enum(apiTokenRoles).default("volunteer"),
  // Valid through this day (UTC); none: until revoked.
  expiresOn: isoDate.nullish(),
  perMinute: z.number().int().min(1).max(100_000).default(600),
});
export type ApiTokenInput = z.input<typeof apiTokenInput>;

/** The new token's text, returned this once: only its hash is kept. */
export async function createApiToken(ctx: ServiceContext, raw: ApiTokenInput) {
  authorize(ctx.actor, "create", "apiToken");
  const actor = ctx.actor;
  // A token acts for a person (audit names them; it dies with their account): the CLI names the admin with --by.
  if (actor.kind !== "user") throw invalid("a token may not act with more rights than your own role");
  const input = apiTokenInput.parse(raw);
  if (!roleCovers(actor.role, input.role)) throw invalid("a token may not act with more rights than your own role");
  for (const scope of input.scopes) {
    const need = scopeNeeds[scope];
    if (need && !roleMayEver(input.role, need.action, need.resource)) throw invalid(`the role ${input.role} may not use the scope ${scope}`);
  }
  const now = ctx.now();
  const expiresAt = input.expiresOn ? new Date(Date.parse(`${input.expiresOn}T00:00:00Z`) + 86_400_000) : null;
  if (expiresAt && expiresAt <= now) throw invalid("the expiry date must be in the future");
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  return tx(ctx, async (db) => {
    const row = await tokens.insertApiToken(db, {
      organisationId: actor.organisationId,
      tokenHash: tokenHash(token),
      name: input.name,
      scopes: input.scopes,
      role: input.role,
      perMinute: input.perMinute,
      createdBy: actor.userId,
      createdAt: now,
      expiresAt,
    });
    const detail = { name: input.name, scopes: input.scopes, role: input.role, perMinute: input.perMinute, expiresAt: expiresAt?.toISOString() ?? null };
    await recordAudit(db, actor, { type: "apiToken.created", targetType: "apiToken", targetId: row.id, detail }, now);
    return { id: row.id, token, ...detail };
  });
}

/**
 * The CLI (system actor) creates a token for a named admin of its organisation: a token always acts for a person,
 * whose account and role bound it.
 */
export async function asTokenCreator(ctx: ServiceContext, email: string): Promise<ServiceContext> {
  authorize(ctx.actor, "create", "apiToken");
  const user = await findUserByEmail(ctx.db, email);
  if (!user || !user.active || user.organisationId !== ctx.actor.organisationId) throw notFound("user");
  return withActor(ctx, { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, label: user.email });
}

export async function listApiTokens(ctx: ServiceContext) {
  authorize(ctx.actor, "list", "apiToken");
  const now = ctx.now();
  const rows = await tokens.listApiTokens(ctx.db, ctx.actor.organisationId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    role: r.role,
    perMinute: r.perMinute,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedHour: r.lastUsedHour?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    state: r.revokedAt ? ("revoked" as const) : r.expiresAt && r.expiresAt <= now ? ("expired" as const) : ("active" as const),
  }));
}

/**
 * Effective at once in every process: on PGlite the write empties the kept tokens; on PostgreSQL the change feed
 * records it (migration 0030) and every process's next request catches up before it uses a kept token.
 */
export async function revokeApiToken(ctx: ServiceContext, id: string) {
  authorize(ctx.actor, "delete", "apiToken");
  const actor = ctx.actor;
  return tx(ctx, async (db) => {
    const gone = await tokens.revokeApiToken(db, actor.organisationId, id, actor.kind === "user" ? actor.userId : null, ctx.now());
    if (!gone) throw notFound("API token");
    await recordAudit(db, actor, { type: "apiToken.revoked", targetType: "apiToken", targetId: id, detail: { name: gone.name } }, ctx.now());
    return { ok: true };
  });
}

export interface ResolvedApiToken {
  tokenId: string;
  actor: Extract<Actor, { kind: "user" }>;
  scopes: readonly ApiTokenScope[];
  perMinute: number;
  expiresAt: Date | null;
}

/**
 * The token behind `Authorization: Bearer …`, or null when it is unknown, revoked, expired, or its creator is
 * deactivated or no longer holds a role that covers it. Acts for the creator (so writes and audit name them, with
 * the token's name in the label) as the token's role.
 */
export async function resolveApiToken(ctx: ServiceContext, token: string): Promise<ResolvedApiToken | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const hash = tokenHash(token);
  const found = await tokens.findApiTokenByHash(ctx.db, hash);
  if (!found || !safeEqual(found.token.tokenHash, hash)) return null;
  const { token: t, creator } = found;
  const now = ctx.now();
  if (t.revokedAt || (t.expiresAt && t.expiresAt <= now)) return null;
  if (!creator.active || creator.organisationId !== t.organisationId || !(apiTokenRoles as readonly string[]).includes(t.role)) return null;
  const role = t.role as (typeof apiTokenRoles)[number];
  if (!roleCovers(creator.role, role)) return null;
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  if (!t.lastUsedHour || t.lastUsedHour < hour) await tokens.touchApiToken(ctx.db, t.id, hour);
  return {
    tokenId: t.id,
    actor: { kind: "user", userId: creator.id, organisationId: t.organisationId, role, label: `${creator.email} (API token "${t.name}")` },
    scopes: t.scopes,
    perMinute: t.perMinute,
    expiresAt: t.expiresAt,
  };
}
