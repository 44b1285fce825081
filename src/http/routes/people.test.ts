import { describe, expect, it, vi } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { createServer } from "../../server.js";
import { verifyAuditChain } from "../../services/audit.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { assignPerson, makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;

useTestServer((s) => ({ rt, app } = s));

describe("people API", () => {
  it("answers healthz with the database kind", async () => {
    const res = await app.inject({ url: "/healthz" });
    expect(res.json()).toEqual({ status: "ok", db: rt.database.kind, index: rt.people.stats.state });
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
  });

  it("healthz says whether the person index is ready, never from a kept answer (its state changes without a write)", async () => {
    await rt.people.built();
    const building = vi.spyOn(rt.people, "stats", "get").mockReturnValue({ ...rt.people.stats, state: "building" });
    try {
      const res = await app.inject({ url: "/healthz" });
      expect(res.json()).toMatchObject({ status: "ok", index: "building" });
      expect(res.headers["cache-control"]).toBe("no-store");
    } finally {
      building.mockRestore();
    }
    // No write in between: a reply kept by the read cache would still say "building".
    expect((await app.inject({ url: "/healthz" })).json()).toMatchObject({ index: "ready" });
  });

  it("healthz reads every table: one that cannot be read turns it red", async () => {
    const fresh = await createServer(rt);
    try {
      await rt.database.db.execute(sql`alter table person_name rename to person_name_away`);
      expect((await fresh.inject({ url: "/healthz" })).statusCode).toBe(500);
    } finally {
      await rt.database.db.execute(sql`alter table person_name_away rename to person_name`);
      await fresh.close();
    }
    await new Promise((r) => setTimeout(r, 1100)); // a failed probe is not reused; a passing one for 1 s
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  it("healthz does not wait for a busy database while its last probe is recent, and a table that breaks turns it red at the next checks", async () => {
    const fresh = await createServer(rt);
    try {
      expect((await fresh.inject({ url: "/healthz" })).statusCode).toBe(200); // a new server's first check waits for its probe
      await new Promise((r) => setTimeout(r, 1100));
      // The database busy (a start-up's index build on PGlite's one thread): the probe is asked, the answer does not wait.
      let answer!: () => void;
      const execute = rt.database.db.execute.bind(rt.database.db);
      const busy = vi.spyOn(rt.database.db, "execute").mockImplementation(((q: Parameters<typeof execute>[0]) => new Promise((r) => (answer = () => r(execute(q))))) as typeof execute);
      try {
        const t0 = performance.now();
        expect((await fresh.inject({ url: "/healthz" })).statusCode).toBe(200);
        expect(busy).toHaveBeenCalledTimes(1);
        expect(performance.now() - t0).toBeLessThan(500);
      } finally {
        busy.mockRestore();
        answer();
      }
      await new Promise((r) => setTimeout(r, 1100));
      await rt.database.db.execute(sql`alter table person_name rename to person_name_away`);
      try {
        const codes: number[] = [];
        for (let i = 0; i < 20 && !codes.includes(500); i++) {
          codes.push((await fresh.inject({ url: "/healthz" })).statusCode);
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(codes[0]).toBe(200); // answered from the probe of a second ago, while a new one runs
        expect(codes.at(-1)).toBe(500);
      } finally {
        await rt.database.db.execute(sql`alter table person_name_away rename to person_name`);
      }
    } finally {
      await fresh.close();
    }
  });

  it("refuses anonymous callers", async () => {
    expect((await app.inject({ url: "/api/v1/people" })).statusCode).toBe(401);
  });

  it("creates, lists, reads and updates a person as a researcher, with audit", async () => {
    const { email } = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, email);
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/people",
      headers: h,
      payload: { primaryName: "Кара-Мурза Владимир Владимирович", alternateNames: ["Vladimir Kara-Murza"], category: "ru_political_prisoner", birthDate: "1981", status: "in_colony", externalId: "API-1" },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json().birthDate).toBe("1981");
    expect(created.json().alternateNames).toEqual(["Vladimir Kara-Murza"]);

    const list = await app.inject({ url: "/api/v1/people?q=Kara&category=ru_political_prisoner", headers: h });
    expect(list.json().total).toBe(1);

    const patched = await app.inject({ method: "PATCH", url: `/api/v1/people/${id}`, headers: h, payload: { status: "exchanged", statusSince: "2024-08-01" } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().status).toBe("exchanged");
    expect(patched.json().timeline.map((e: { status: string }) => e.status)).toEqual(["in_colony", "exchanged"]);

    const audit = await verifyAuditChain(rt.database.db);
    expect(audit.ok).toBe(true);
    expect(audit.checked).toBeGreaterThanOrEqual(3);
  });

  it("rejects a write without the CSRF token and invalid input with field names", async () => {
    const { email } = await makeUser(rt, "coordinator");
    const h = await signInHeaders(app, email);
    const noCsrf = await app.inject({ method: "POST", url: "/api/v1/people", headers: { cookie: h.cookie }, payload: { primaryName: "X", category: "other" } });
    expect(noCsrf.statusCode).toBe(403);
    const bad = await app.inject({ method: "POST", url: "/api/v1/people", headers: h, payload: { primaryName: "", category: "spy", birthDate: "1999-02-30" } });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["primaryName", "category", "birthDate"]));
  });

  it("volunteers cannot write; lawyers see only assigned people", async () => {
    const p1 = await makePerson(rt);
    const p2 = await makePerson(rt, { primaryName: "Скочиленко Александра Юрьевна", sex: "female" });
    await makeCase(rt, p1.id);
    const vol = await makeUser(rt, "volunteer");
    const hv = await signInHeaders(app, vol.email);
    expect((await app.inject({ method: "POST", url: "/api/v1/people", headers: hv, payload: { primaryName: "X Y", category: "other" } })).statusCode).toBe(403);
    const lawyer = await makeUser(rt, "lawyer");
    await assignPerson(rt, p1.id, lawyer.user.id);
    const hl = await signInHeaders(app, lawyer.email);
    const list = await app.inject({ url: "/api/v1/people?limit=500", headers: hl });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([p1.id]);
    expect((await app.inject({ url: `/api/v1/people/${p2.id}`, headers: hl })).statusCode).toBe(404);
    const detail = await app.inject({ url: `/api/v1/people/${p1.id}`, headers: hl });
    expect(detail.json().cases[0].articles[0].article).toBe("207.3");
  });

  it("serves an OpenAPI document listing the people routes", async () => {
    const doc = (await app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/people", "/api/v1/people/{id}"]));
  });
});

describe("cases API", () => {
  it("lists cases by article across the registry", async () => {
    const p = await makePerson(rt, { primaryName: "Белоусов Игорь Николаевич" });
    await makeCase(rt, p.id, { articles: [{ code: "RU_CC", article: "280.3", part: "1" }] });
    const { email } = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, email);
    const res = await app.inject({ url: "/api/v1/cases?article=280.3", headers: h });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ personId: p.id, personName: "Белоусов Игорь Николаевич", articles: [expect.objectContaining({ article: "280.3" })] })]);
    expect((await app.inject({ url: "/api/v1/cases?limit=0", headers: h })).statusCode).toBe(400);
  });
});

describe("PATCH keeps what it does not name", () => {
  it("changing the status leaves consent, sex and spellings alone", async () => {
    const p = await makePerson(rt, { publicityConsent: "full", exchangeConsent: "consents", sex: "male", alternateNames: ["Alexei Gorinov", "GORINOV ALEKSEI"] });
    const { email } = await makeUser(rt, "coordinator");
    const h = await signInHeaders(app, email);
    const res = await app.inject({ method: "PATCH", url: `/api/v1/people/${p.id}`, headers: h, payload: { status: "in_transit" } });
    expect(res.json()).toMatchObject({ status: "in_transit", publicityConsent: "full", exchangeConsent: "consents", sex: "male", alternateNames: ["Alexei Gorinov", "GORINOV ALEKSEI"] });
  });
});

describe("unknown addresses", () => {
  it("answer JSON under /api and a page in the reader's language elsewhere", async () => {
    const api = await app.inject({ url: "/api/v1/nothing" });
    expect(api.statusCode).toBe(404);
    expect(api.json().error).toBe("not_found");
    const html = await app.inject({ url: "/no-such-page?lang=ru" });
    expect(html.statusCode).toBe(404);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body).toContain('lang="ru"');
  });
});

describe("search wildcards are literal", () => {
  it("% and _ in a name search, region or facility filter match only themselves", async () => {
    await makePerson(rt, { primaryName: "Процентов Пётр", alternateNames: [], homeRegion: "Томская область", facilityName: "ИК-1 Томск" });
    const { email } = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, email);
    for (const q of ["%", "_", "%%", "\\"]) {
      const list = await app.inject({ url: `/api/v1/people?q=${encodeURIComponent(q)}`, headers: h });
      expect(list.statusCode).toBe(200);
      expect(list.json().total, q).toBe(0);
      expect((await app.inject({ url: `/api/v1/people?region=${encodeURIComponent(q)}`, headers: h })).json().total, q).toBe(0);
      expect((await app.inject({ url: `/api/v1/facilities?q=${encodeURIComponent(q)}`, headers: h })).json().items ?? []).toEqual([]);
    }
    expect((await app.inject({ url: `/api/v1/people?q=${encodeURIComponent("Процентов")}`, headers: h })).json().total).toBe(1);
    expect((await app.inject({ url: `/api/v1/facilities?q=${encodeURIComponent("ИК-1")}`, headers: h })).json().items).toHaveLength(1);
  });
});
