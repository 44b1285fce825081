import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { allRoutes } from "../../src/http/routes/index.js";
import type { AnyRoute } from "../../src/http/route.js";
import { apiTokenScopes } from "../../src/domain/vocabulary/apiTokens.js";
import { appUser } from "../../src/db/schema/organisation.js";
import { eq } from "drizzle-orm";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { createServer } from "../../src/server.js";
import { makePerson, makeUser, signInHeaders } from "../helpers/factories.js";
import { placeholderUrl } from "./crawl.js";

// API tokens (docs/security.md "API tokens"): the scope matrix over the whole route table, revocation, expiry,
// hashing at rest, the audit trail, the role cap, rate limits, and a cookie beside a bearer token.

let rt: TestRuntime;
let app: FastifyInstance;
let admin: Record<string, string>;
let adminEmail: string;
let n = 0;
const addr = () => `198.51.100.${(n++ % 250) + 1}`;
const START = new Date("2026-03-10T09:20:00Z");

useTestServer((s) => ({ rt, app } = s), { now: START });
beforeAll(async () => {
  const a = await makeUser(rt, "admin");
  adminEmail = a.email;
  admin = await signInHeaders(app, a.email);
});

async function create(body: Record<string, unknown>, headers = admin) {
  const res = await app.inject({ method: "POST", url: "/api/v1/api-tokens", headers: { ...headers, "accept-language": "ru" }, payload: body, remoteAddress: addr() });
  return res;
}
async function token(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const res = await create(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const get = (url: string, headers: Record<string, string>, remoteAddress = addr()) => app.inject({ url, headers, remoteAddress });

describe("the scope matrix over every route", () => {
  it("lets a token through only on routes that name one of its scopes; public routes see an anonymous visitor", async () => {
    const all = await token({ name: "все области", scopes: [...apiTokenScopes], role: "admin", perMinute: 100_000 });
    const metricsOnly = await token({ name: "мониторинг", scopes: ["metrics"], perMinute: 100_000 });
    const failures: string[] = [];
    const routes = allRoutes();
    for (const route of routes) {
      const url = placeholderUrl(route);
      for (const [who, t] of [["all scopes", all.token], ["metrics only", metricsOnly.token]] as const) {
        const res = await app.inject({ method: route.method, url, headers: bearer(t), remoteAddress: addr(), ...(route.method === "GET" ? {} : { payload: {} }) });
        const cell = `${route.method} ${route.url} with ${who}: ${res.statusCode} ${res.body.slice(0, 120)}`;
        const refused = res.statusCode === 403 && /API tokens may not call this route|may not call this route \(scope needed/.test(res.json().message ?? "");
        if (res.statusCode >= 500 || res.statusCode === 401) failures.push(`${cell} (unexpected)`);
        else if (route.permission === "public") {
          if (refused) failures.push(`${cell}: public routes ignore tokens`);
        } else if (!route.tokenScope) {
          if (!refused || !/API tokens may not call this route/.test(res.json().message)) failures.push(`${cell}: no scope declared, must be refused`);
        } else if (who === "metrics only" && route.tokenScope !== "metrics") {
          if (!refused) failures.push(`${cell}: scope ${route.tokenScope} not held, must be refused`);
        } else if (refused) failures.push(`${cell}: scope ${route.tokenScope} held, must pass`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("declares scopes sensibly: read scopes only on reads, never on second-factor or account routes", () => {
    const bad = allRoutes()
      .filter((r) => r.tokenScope)
      .filter((r) => (r.tokenScope!.endsWith(":read") && r.method !== "GET") || typeof r.permission === "string" || ["user", "apiToken", "backup", "audit"].includes(r.permission.resource));
    expect(bad.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});

describe("creating, listing and revoking", () => {
  it("shows the token once, stores only its hash, and audits creation and revocation without the token", async () => {
    const made = await token({ name: "Партнёр «Мемориал»", scopes: ["registry:read"], role: "researcher", expiresOn: "2026-12-31" });
    expect(made.token).toMatch(/^aff_[A-Za-z0-9_-]{43}$/);
    const list = (await get("/api/v1/api-tokens", admin)).json().items as Record<string, unknown>[];
    const row = list.find((r) => r.id === made.id)!;
    expect(row).toMatchObject({ name: "Партнёр «Мемориал»", scopes: ["registry:read"], role: "researcher", state: "active", createdBy: adminEmail, expiresAt: "2027-01-01T00:00:00.000Z", lastUsedHour: null });
    expect(JSON.stringify(list)).not.toContain(made.token);
    // At rest: the sha256 of the token, and the token itself nowhere in the database (tokens table, audit log).
    const stored = (await rt.database.db.execute(sql`select token_hash from api_token where id = ${made.id}`)) as unknown as { rows: { token_hash: string }[] };
    expect(stored.rows[0]!.token_hash).toBe(createHash("sha256").update(made.token).digest("hex"));
    const dump = (await rt.database.db.execute(sql`select (select string_agg(t::text, ' ') from api_token t) || (select string_agg(a::text, ' ') from audit_event a) as all_text`)) as unknown as { rows: { all_text: string }[] };
    expect(dump.rows[0]!.all_text).not.toContain(made.token);
    expect(dump.rows[0]!.all_text).not.toContain(made.token.slice(4, 20));

    // Used: the hour of use is recorded (coarse), and the audit names the admin and the token.
    const p = await makePerson(rt);
    expect((await get(`/api/v1/people/${p.id}`, bearer(made.token))).statusCode).toBe(200);
    const used = (await get("/api/v1/api-tokens", admin)).json().items.find((r: { id: string }) => r.id === made.id);
    expect(used.lastUsedHour).toBe("2026-03-10T09:00:00.000Z");

    const revoked = await app.inject({ method: "DELETE", url: `/api/v1/api-tokens/${made.id}`, headers: admin, remoteAddress: addr() });
    expect(revoked.statusCode).toBe(200);
    const after = await get(`/api/v1/people/${p.id}`, { ...bearer(made.token), "accept-language": "ru" });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toBe("этот API-токен недействителен: неизвестен, истёк или отозван");
    expect((await get("/api/v1/api-tokens", admin)).json().items.find((r: { id: string }) => r.id === made.id).state).toBe("revoked");
    expect((await app.inject({ method: "DELETE", url: `/api/v1/api-tokens/${made.id}`, headers: admin, remoteAddress: addr() })).statusCode).toBe(404);

    const audit = (await rt.database.db.execute(sql`select type, actor_label, detail::text as detail from audit_event where target_id = ${made.id} order by seq`)) as unknown as { rows: { type: string; actor_label: string; detail: string }[] };
    expect(audit.rows.map((r) => r.type)).toEqual(["apiToken.created", "apiToken.revoked"]);
    expect(audit.rows[0]!.detail).toContain("registry:read");
    expect(audit.rows.every((r) => r.actor_label === adminEmail)).toBe(true);
  });

  it("a revocation through one server is refused at once by another on the same database (another worker)", async () => {
    const other = await createServer(rt);
    try {
      const made = await token({ name: "два сервера", scopes: ["registry:read"] });
      // The other server has just resolved the token (on PGlite it keeps it in memory between writes).
      for (let i = 0; i < 2; i++) expect((await other.inject({ url: "/api/v1/people", headers: bearer(made.token), remoteAddress: addr() })).statusCode).toBe(200);
      expect((await app.inject({ method: "DELETE", url: `/api/v1/api-tokens/${made.id}`, headers: admin, remoteAddress: addr() })).statusCode).toBe(200);
      expect((await other.inject({ url: "/api/v1/people", headers: bearer(made.token), remoteAddress: addr() })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("writes with a token need no CSRF header and are audited as the admin's token", async () => {
    const w = await token({ name: "синхронизация", scopes: ["registry:write"], role: "researcher" });
    const res = await app.inject({ method: "POST", url: "/api/v1/people", headers: bearer(w.token), remoteAddress: addr(), payload: { externalId: "TOK-1", primaryName: "Токенов Пётр Ильич", category: "ru_political_prisoner", status: "detained", confirmDistinct: true } });
    expect(res.statusCode, res.body).toBe(201);
    const audit = (await rt.database.db.execute(sql`select actor_label from audit_event where type = 'person.created' and target_id = ${res.json().id}`)) as unknown as { rows: { actor_label: string }[] };
    expect(audit.rows[0]!.actor_label).toBe(`${adminEmail} (API token "синхронизация")`);
  });

  it("refuses a token above the role, a scope the role cannot use, a lawyer's role, a past expiry — in Russian", async () => {
    const researcher = await makeUser(rt, "researcher");
    expect((await create({ name: "x", scopes: ["registry:read"] }, await signInHeaders(app, researcher.email))).statusCode).toBe(403);
    const volunteerWrite = await create({ name: "x", scopes: ["registry:write"], role: "volunteer" });
    expect(volunteerWrite.statusCode).toBe(400);
    expect(volunteerWrite.json().message).toBe("роль volunteer не может пользоваться областью доступа registry:write");
    expect((await create({ name: "x", scopes: ["registry:read"], role: "lawyer" })).statusCode).toBe(400);
    const past = await create({ name: "x", scopes: ["registry:read"], expiresOn: "2026-03-09" });
    expect(past.json().message).toBe("срок действия должен заканчиваться в будущем");
    const empty = await create({ name: "", scopes: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "scopes"]);
  });
});

describe("when a token stops working", () => {
  it("expires after its last day, and dies with its creator's account or role", async () => {
    const second = await makeUser(rt, "admin");
    const secondHeaders = await signInHeaders(app, second.email);
    const res = await create({ name: "до конца дня", scopes: ["registry:read"], expiresOn: "2026-03-10" }, secondHeaders);
    const t = res.json().token as string;
    expect((await get("/api/v1/people", bearer(t))).statusCode).toBe(200);
    rt.setNow(new Date("2026-03-11T00:00:01Z"));
    expect((await get("/api/v1/people", bearer(t))).statusCode).toBe(401);
    rt.setNow(START);
    expect((await get("/api/v1/people", bearer(t))).statusCode).toBe(200);
    // Demoted to volunteer: a token acting as volunteer would still be covered, one acting as admin is not.
    const high = (await create({ name: "высокий", scopes: ["registry:read"], role: "coordinator" }, secondHeaders)).json().token as string;
    await rt.database.db.update(appUser).set({ role: "researcher" }).where(eq(appUser.id, second.user.id));
    expect((await get("/api/v1/people", bearer(high))).statusCode).toBe(401);
    expect((await get("/api/v1/people", bearer(t))).statusCode).toBe(200);
    await rt.database.db.update(appUser).set({ active: false }).where(eq(appUser.id, second.user.id));
    expect((await get("/api/v1/people", bearer(t))).statusCode).toBe(401);
  });
});

describe("bearer and cookie, rate limits, /metrics", () => {
  it("judges a request by its token alone: a session cookie beside it is not read, a session token is no bearer", async () => {
    const read = await token({ name: "только чтение", scopes: ["registry:read"] });
    // The admin's cookie beside a read token: the token's rights, not the admin's.
    expect((await get("/api/v1/users", { ...admin, ...bearer(read.token) })).statusCode).toBe(403);
    // A bad bearer beside a good cookie is refused, not quietly replaced by the cookie.
    expect((await get("/api/v1/users", { ...admin, authorization: "Bearer aff_wrong" })).statusCode).toBe(401);
    expect((await get("/api/v1/users", { ...admin, authorization: "Basic eDp5" })).statusCode).toBe(401);
    // The session token itself is accepted only as the HttpOnly cookie.
    const session = admin.cookie!.replace("aff_session=", "");
    expect((await get("/api/v1/users", bearer(session))).statusCode).toBe(401);
  });

  it("limits requests per token and unknown tokens per address", async () => {
    const slow = await token({ name: "медленный", scopes: ["registry:read"], perMinute: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await get("/api/v1/people", bearer(slow.token))).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const from = "192.0.2.77";
    const bad = [];
    for (let i = 0; i < 22; i++) bad.push((await get("/api/v1/people", bearer(`aff_guess${i}`), from)).statusCode);
    expect(bad.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(bad.slice(20)).toEqual([429, 429]);
    // Public pages still answer that address (as an anonymous visitor).
    expect((await get("/healthz", bearer("aff_guess"), from)).statusCode).toBe(200);
  });

  it("answers /metrics to a token with the metrics scope from elsewhere, otherwise only to this machine", async () => {
    const m = await token({ name: "Prometheus", scopes: ["metrics"] });
    const r = await token({ name: "реестр", scopes: ["registry:read"] });
    expect((await get("/metrics", {}, "203.0.113.9")).statusCode).toBe(404);
    expect((await get("/metrics", bearer(r.token), "203.0.113.9")).statusCode).toBe(404);
    const ok = await get("/metrics", bearer(m.token), "203.0.113.9");
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("allforall_requests_total");
    // Nothing that moves when an appeal is stored (its queries, the read cache its write empties) leaves the machine.
    expect(ok.body).not.toMatch(/allforall_db_|allforall_read_cache_/);
    const local = await get("/metrics", {}, "127.0.0.1");
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain("allforall_db_queries_total");
    // From this machine, a wrong token is still wrong.
    expect((await get("/metrics", bearer("aff_nope"), "127.0.0.1")).statusCode).toBe(404);
  });
});
