import { z } from "zod";
import { apiTokenInput, createApiToken, listApiTokens, revokeApiToken } from "../../services/apiTokens.js";
import { defineRoute, type AnyRoute } from "../route.js";

// API tokens (admins): create one (its text is in this answer only), list them, revoke one. docs/security.md "API tokens".
export const apiTokenRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/api-tokens",
    summary: "The organisation's API tokens: name, scopes, role, expiry, hour of last use, revoked or not (never the token)",
    tag: "accounts",
    api: true,
    permission: { action: "list", resource: "apiToken" },
    async handler({ ctx }) {
      return { items: await listApiTokens(ctx) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/api-tokens",
    summary: "Create an API token; the answer's `token` is shown this once (only its hash is stored)",
    tag: "accounts",
    api: true,
    permission: { action: "create", resource: "apiToken" },
    body: apiTokenInput,
    successStatus: 201,
    handler: ({ ctx, body }) => createApiToken(ctx, body),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/v1/api-tokens/:id",
    summary: "Revoke an API token: refused from the next request on, in every server process",
    tag: "accounts",
    api: true,
    permission: { action: "delete", resource: "apiToken" },
    params: z.object({ id: z.string().uuid() }),
    handler: ({ ctx, params }) => revokeApiToken(ctx, params.id),
  }),
];
