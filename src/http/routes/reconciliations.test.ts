import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createServer } from "../../server.js";
import { verifyAuditChain } from "../../services/audit.js";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let gorinov: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createServer(rt);
  gorinov = (await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"], birthDate: "1961-09-25", status: "in_colony" })).id;
  await makePerson(rt, { primaryName: "Джелял Наріман Енверович", alternateNames: [], birthDate: "1990-04-27", category: "ua_civilian_hostage", status: "exchanged" });
  await makePerson(rt, { primaryName: "Gorinov Aleksei", alternateNames: [], birthDate: "1961-09-25", status: "in_colony" });
}, 120_000);
afterAll(async () => {
  await app.close();
  await rt.close();
});

describe("POST /api/v1/reconciliations", () => {
  it("matches rows and summarises, with an audit entry", async () => {
    const { email } = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, email);
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/reconciliations",
      headers: h,
      payload: { source: "list.csv", rows: [{ name: "Nariman Dzhelyal" }, { name: "Ivan Neizvestny", birth_date: "1970" }, { row: 9, name: "Nariman Dzhelial" }] },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows.map((r: { verdict: string }) => r.verdict)).toEqual(["match", "none", "match"]);
    expect(body.rows[0].status).toBe("exchanged");
    expect(body.rows[2].row).toBe(9);
    expect(body.summary).toMatchObject({ rows: 3, matched: 2, unmatched: 1, unmatchedRows: [2], byCategory: { ua_civilian_hostage: 2 } });
    expect(body.summary.duplicates).toHaveLength(1);
    expect(body.summary.duplicates[0].rows).toEqual([1, 9]);
    expect(body.summary.releasedOrDeceased).toHaveLength(2);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("rejects rows without a name list and anonymous callers", async () => {
    const { email } = await makeUser(rt, "coordinator");
    const h = await signInHeaders(app, email);
    const bad = await app.inject({ method: "POST", url: "/api/v1/reconciliations", headers: h, payload: { rows: [] } });
    expect(bad.statusCode).toBe(400);
    const anon = await app.inject({ method: "POST", url: "/api/v1/reconciliations", payload: { rows: [{ name: "x" }] } });
    expect(anon.statusCode).toBe(401);
  });

  it("is forbidden to lawyers", async () => {
    const { email } = await makeUser(rt, "lawyer");
    const h = await signInHeaders(app, email);
    const res = await app.inject({ method: "POST", url: "/api/v1/reconciliations", headers: h, payload: { rows: [{ name: "Alexei Gorinov" }] } });
    expect(res.statusCode).toBe(403);
  });
});

describe("GET /api/v1/duplicates", () => {
  it("lists the person registered twice", async () => {
    const { email } = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, email);
    const res = await app.inject({ url: "/api/v1/duplicates", headers: h });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ a: { id: string }; b: { id: string }; verdict: string; explanation: string[] }>;
    expect(items).toHaveLength(1);
    expect([items[0]!.a.id, items[0]!.b.id]).toContain(gorinov);
    expect(items[0]!.verdict).toBe("match");
    expect(items[0]!.explanation.join("\n")).toMatch(/birth date equal/);
  });
});
