import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { roles, type Role } from "../../src/db/schema/enums.js";
import { allRoutes } from "../../src/http/routes/index.js";
import type { AnyRoute } from "../../src/http/route.js";
import { roleMayEver, type Action, type Resource } from "../../src/services/policy.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { makePerson, TEST_PASSWORD } from "../helpers/factories.js";
import { placeholderUrl } from "./crawl.js";
import { seedRegistry, type Seeded } from "./seed.js";

// Permission matrix: every route × anonymous and every role. The expectation for each cell is derived from the
// route's declared permission and the policy table, so new routes are checked the moment they are added; a
// hand-written table pins the key routes and the key policy cells, so a policy edit that opens a hole fails here.

let rt: TestRuntime;
let app: FastifyInstance;
let seed: Seeded;
let n = 0;
const addr = () => `203.0.113.${(n++ % 250) + 1}`;
type Who = Role | "anonymous" | "pending";
const everyone: Who[] = ["anonymous", "pending", ...roles];
let pendingHeaders: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  seed = await seedRegistry(rt, app);
  // A coordinator who passed the password but not the second factor.
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: seed.users.coordinator.email, password: TEST_PASSWORD }, remoteAddress: addr() });
  pendingHeaders = { cookie: `aff_session=${res.cookies.find((c) => c.name === "aff_session")!.value}`, "x-csrf-token": res.json().csrfToken };
}, 120_000);

function headersOf(who: Who): Record<string, string> {
  if (who === "anonymous") return {};
  if (who === "pending") return pendingHeaders;
  return seed.headers[who];
}

async function call(route: Pick<AnyRoute, "method">, url: string, who: Who, payload?: unknown) {
  const res = await app.inject({
    method: route.method,
    url,
    headers: headersOf(who),
    remoteAddress: addr(),
    ...(route.method === "GET" ? {} : { payload: (payload ?? {}) as object }),
  });
  return res;
}

/** What the gate must answer, from the declaration alone; null: the gate lets it through (handler decides). */
function gateExpectation(route: AnyRoute, who: Who): 401 | 403 | null {
  const p = route.permission;
  if (p === "public") return null;
  if (who === "anonymous") return 401;
  if (who === "pending") return p === "secondFactor" ? null : 401;
  if (p === "signedIn" || p === "secondFactor") return null;
  return roleMayEver(who, p.action, p.resource) ? null : 403;
}

// Destructive or session-ending routes are checked at the gate only by roles that the gate refuses.
const DESTRUCTIVE = /erasure|sign-out|\/users\/:id$|\/totp\/enrol/;

describe("permission matrix: every route × every role", () => {
  it("answers each cell as the declaration and the policy table say, and never 500", async () => {
    const failures: string[] = [];
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      for (const who of everyone) {
        const expected = gateExpectation(route, who);
        if (expected === null && DESTRUCTIVE.test(route.url) && route.method !== "GET") continue;
        const res = await call(route, placeholderUrl(route), who);
        const cell = `${route.method} ${route.url} as ${who}: ${res.statusCode}`;
        if (res.statusCode >= 500) failures.push(`${cell} (server error)`);
        else if (expected !== null && res.statusCode !== expected) failures.push(`${cell}, expected ${expected}`);
        else if (expected === null && route.permission !== "public" && res.statusCode === 401) failures.push(`${cell}, expected to pass the gate`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("every non-public API route declares a policy permission or an explicit session rule", () => {
    for (const r of allRoutes()) {
      if (r.permission === "public") {
        // Public API routes are a short, reviewed list: anything else must declare a permission.
        if (r.url.startsWith("/api/")) expect(["/api/v1/openapi.json", "/api/v1/auth/sign-in", "/api/v1/invitations/:token", "/api/v1/invitations/:token/accept"]).toContain(r.url);
      } else expect(r.permission).toBeTruthy();
    }
  });
});

// Pinned policy cells: who may do the dangerous things. Changing the policy table to widen any of these fails here.
const POLICY: [Action, Resource, Role[]][] = [
  ["readSensitive", "person", ["admin", "coordinator", "lawyer"]],
  ["read", "healthRecord", ["admin", "coordinator", "lawyer"]],
  ["read", "genevaRecord", ["admin", "coordinator"]],
  ["export", "genevaRecord", ["admin", "coordinator"]],
  ["readSensitive", "appeal", ["admin", "coordinator", "lawyer"]],
  ["delete", "person", ["admin", "coordinator"]],
  ["merge", "person", ["admin", "coordinator"]],
  ["delete", "appeal", ["admin", "coordinator"]],
  ["create", "user", ["admin"]],
  ["update", "user", ["admin"]],
  ["list", "user", ["admin"]],
  ["list", "audit", ["admin"]],
  ["read", "audit", ["admin"]],
  ["manage", "backup", ["admin"]],
  ["signOff", "exchangeList", ["admin", "coordinator"]],
  ["freeze", "exchangeList", ["admin", "coordinator"]],
  ["decide", "recognition", ["admin", "coordinator"]],
  ["create", "person", ["admin", "coordinator", "researcher"]],
  ["read", "case", ["admin", "coordinator", "researcher", "lawyer"]],
  ["list", "source", ["admin", "coordinator", "researcher", "lawyer"]],
  ["update", "priorityWeights", ["admin", "coordinator"]],
  ["readSensitive", "official", ["admin", "coordinator"]],
  ["update", "official", ["admin", "coordinator", "researcher"]],
  ["export", "official", ["admin", "coordinator", "researcher"]],
  ["delete", "official", ["admin", "coordinator"]],
  ["manage", "official", ["admin", "coordinator"]],
];

describe("pinned policy and key routes", () => {
  it.each(POLICY)("%s %s only for %j", (action, resource, allowed) => {
    expect(roles.filter((r) => roleMayEver(r, action, resource))).toEqual(roles.filter((r) => allowed.includes(r)));
  });

  it("key routes answer exactly as pinned for each role", async () => {
    const pub = seed.publicPerson;
    const priv = seed.privatePerson;
    const throwaway = (await makePerson(rt, { primaryName: "Удаляемый Тест Тестович" })).id;
    //                                                       anon  pend  admin coord resear lawyer volunt
    const table: [AnyRoute["method"], string, unknown, number[]][] = [
      ["GET", "/api/v1/people", undefined, [401, 401, 200, 200, 200, 200, 200]],
      ["GET", `/api/v1/people/${pub}`, undefined, [401, 401, 200, 200, 200, 200, 200]],
      ["GET", `/api/v1/people/${priv}`, undefined, [401, 401, 200, 200, 200, 404, 200]],
      ["GET", `/api/v1/people/${pub}/sensitive`, undefined, [401, 401, 200, 200, 403, 200, 403]],
      ["GET", `/api/v1/people/${priv}/sensitive`, undefined, [401, 401, 200, 200, 403, 404, 403]],
      ["GET", `/api/v1/people/${pub}/audit`, undefined, [401, 401, 200, 403, 403, 403, 403]],
      ["POST", "/api/v1/people", { primaryName: "Новый Человек", category: "other", confirmDistinct: true }, [401, 401, 201, 201, 201, 403, 403]],
      ["GET", "/api/v1/users", undefined, [401, 401, 200, 403, 403, 403, 403]],
      ["POST", "/api/v1/users/invitations", { email: "x@example.org", role: "volunteer" }, [401, 401, 201, 403, 403, 403, 403]],
      ["POST", "/api/v1/backup", { passphrase: "a long backup passphrase" }, [401, 401, 200, 403, 403, 403, 403]],
      ["POST", `/api/v1/people/${throwaway}/erasure`, { reason: "test request" }, [401, 401, -1, -1, 403, 403, 403]],
      ["GET", "/api/v1/auth/me", undefined, [401, 401, 200, 200, 200, 200, 200]],
      ["GET", "/api/v1/officials", undefined, [401, 401, 200, 200, 200, 200, 200]],
      ["GET", "/api/v1/officials/export?format=csv", undefined, [401, 401, 200, 200, 200, 403, 403]],
      ["POST", "/api/v1/officials", { primaryName: "Новый Судья Судьевич", confirmDuplicate: true }, [401, 401, 201, 201, 201, 403, 403]],
    ];
    const order: Who[] = ["anonymous", "pending", "admin", "coordinator", "researcher", "lawyer", "volunteer"];
    const got: string[] = [];
    const want: string[] = [];
    for (const [method, url, payload, statuses] of table) {
      for (const [i, who] of order.entries()) {
        if (statuses[i] === -1) continue;
        const res = await call({ method }, url, who, payload);
        got.push(`${method} ${url} ${who} ${res.statusCode}`);
        want.push(`${method} ${url} ${who} ${statuses[i]}`);
      }
    }
    expect(got).toEqual(want);
    // Finally a coordinator erases the throwaway person (run last: it changes data), then it is gone for the admin.
    expect((await call({ method: "POST" }, `/api/v1/people/${throwaway}/erasure`, "coordinator", { reason: "test request" })).statusCode).toBe(200);
    expect((await call({ method: "POST" }, `/api/v1/people/${throwaway}/erasure`, "admin", { reason: "test request" })).statusCode).toBe(404);
  }, 120_000);
});
