// What an API token may be used for (docs/security.md "API tokens"). A route names the one scope, if any, that lets a
// token call it (`tokenScope` in src/http/route.ts); a route that names none answers every token 403.
// The staff app imports this list too, so it holds no server code.
import type { Role } from "./enums.js";

export const apiTokenScopes = [
  // Read-only registry API: people, their cases and release dates, search, facilities, officials, figures.
  "registry:read",
  // Create and edit people and their cases (scripts that keep the registry in step with another system; benchmarks).
  "registry:write",
  // Partner read: exchange lists, their frozen versions, differences and exports.
  "lists:read",
  // GET /metrics from another machine (a Prometheus server).
  "metrics",
] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

/**
 * The roles a token may act as, highest first. Not "lawyer": a lawyer's access follows the people assigned to that
 * lawyer in person, which a token (acting for the admin who created it) does not have.
 */
export const apiTokenRoles = ["admin", "coordinator", "researcher", "volunteer"] as const satisfies readonly Role[];
export type ApiTokenRole = (typeof apiTokenRoles)[number];

/** Whether a user of `holder`'s role may stand behind a token acting as `role` (never more than the holder's own). */
export function roleCovers(holder: Role, role: ApiTokenRole): boolean {
  const rank = (r: Role) => (apiTokenRoles as readonly Role[]).indexOf(r);
  return rank(holder) >= 0 && rank(holder) <= rank(role);
}

/** Every token's text starts with this, so that secret scanners (and people) recognise one that leaked. */
export const API_TOKEN_PREFIX = "aff_";
