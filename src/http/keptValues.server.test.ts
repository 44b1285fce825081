import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../db/client.js";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../test/helpers/factories.js";

// PostgreSQL: a worker keeps an API token, facility names and the label style between requests (`untilWrite`) and
// drops them when the change feed says their table changed (migration 0030). Another process — a second worker, a
// host, psql — writes behind this one's back here, through a connection pool of its own that this process never
// sees, and no LISTEN runs: only the catch-up each request begins after it arrived can tell.
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("values kept between requests on PostgreSQL follow other processes' writes", () => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let other: Database;
  let admin: Record<string, string>;

  useTestServer((s) => ({ rt, app } = s));
  beforeAll(async () => {
    admin = await signInHeaders(app, (await makeUser(rt, "admin")).email);
    const name = ((await rt.database.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] }).rows[0]!.name;
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    other = await openDatabase({ url: url.toString(), migrate: false });
  });
  afterAll(async () => {
    await other?.close();
  });

  const inOther = (q: ReturnType<typeof sql>) => other.db.execute(q);
  const newToken = async (name: string) => {
    const r = await app.inject({ method: "POST", url: "/api/v1/api-tokens", headers: admin, payload: { name, scopes: ["registry:read"], role: "researcher", perMinute: 100_000 } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; token: string };
  };
  const list = (token: string) => app.inject({ url: "/api/v1/people?limit=500", headers: { authorization: `Bearer ${token}` } });

  it("a facility renamed, a token revoked and its creator deactivated elsewhere count on the very next request", async () => {
    const p = await makePerson(rt, { primaryName: "Хранимов Олег Ильич", alternateNames: [], facilityName: "СИЗО-2 Прежнее" });
    const t = await newToken("сценарий");
    const item = async () => ((await list(t.token)).json() as { items: { id: string; facility: string | null }[] }).items.find((x) => x.id === p.id);
    expect(await item()).toMatchObject({ facility: "СИЗО-2 Прежнее" });
    expect(await item()).toMatchObject({ facility: "СИЗО-2 Прежнее" });

    await inOther(sql`update facility set name = 'СИЗО-2 Новое' where name = 'СИЗО-2 Прежнее'`);
    expect(await item()).toMatchObject({ facility: "СИЗО-2 Новое" });

    await inOther(sql`update api_token set revoked_at = now() where id = ${t.id}::uuid`);
    expect((await list(t.token)).statusCode).toBe(401);

    const u = await makeUser(rt, "admin");
    const byOther = await newTokenBy(u.email);
    expect((await list(byOther.token)).statusCode).toBe(200);
    await inOther(sql`update app_user set active = false where email = ${u.email}`);
    expect((await list(byOther.token)).statusCode).toBe(401);
  });

  const newTokenBy = async (email: string) => {
    const h = await signInHeaders(app, email);
    const r = await app.inject({ method: "POST", url: "/api/v1/api-tokens", headers: h, payload: { name: "второй", scopes: ["registry:read"], role: "researcher", perMinute: 100_000 } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; token: string };
  };

  it("a session ended or its user deactivated elsewhere counts on the very next request", async () => {
    const u = await makeUser(rt, "researcher");
    const cookie = await signInHeaders(app, u.email);
    const people = () => app.inject({ url: "/api/v1/people?limit=5", headers: cookie });
    expect((await people()).statusCode).toBe(200);
    expect((await people()).statusCode).toBe(200);
    await inOther(sql`delete from user_session where user_id = (select id from app_user where email = ${u.email})`);
    expect((await people()).statusCode).toBe(401);

    const again = await signInHeaders(app, u.email);
    const peopleAgain = () => app.inject({ url: "/api/v1/people?limit=5", headers: again });
    expect((await peopleAgain()).statusCode).toBe(200);
    expect((await peopleAgain()).statusCode).toBe(200);
    await inOther(sql`update app_user set active = false where email = ${u.email}`);
    expect((await peopleAgain()).statusCode).toBe(401);
  });

  it("a session costs no statement of its own: a staff list page is the change feed's question alone", async () => {
    const cookie = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    for (let i = 0; i < 2; i++) expect((await app.inject({ url: "/api/v1/people?limit=50", headers: cookie })).statusCode).toBe(200);
    const before = rt.database.timing.queries;
    for (let i = 0; i < 20; i++) expect((await app.inject({ url: "/api/v1/people?limit=50", headers: cookie })).statusCode).toBe(200);
    expect((rt.database.timing.queries - before) / 20).toBeLessThanOrEqual(1);
  });

  it("a staff list page with a token costs one statement (the change feed's question), not three", async () => {
    const t = await newToken("счёт");
    // The first use records its hour (a write to api_token: the next request looks the token up once more).
    for (let i = 0; i < 2; i++) expect((await list(t.token)).statusCode).toBe(200);
    const before = rt.database.timing.queries;
    for (let i = 0; i < 20; i++) expect((await list(t.token)).statusCode).toBe(200);
    expect((rt.database.timing.queries - before) / 20).toBeLessThanOrEqual(1);
  });
});
