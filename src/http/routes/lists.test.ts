import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";
import { listBuildsSettled, setAfterChunk, setBackgroundFrom } from "../../services/lists/background.js";

let rt: TestRuntime;
let app: FastifyInstance;

useTestServer((s) => ({ rt, app } = s));

describe("lists API", () => {
  it("builds, changes, diffs, freezes, signs off, exports and records the outcome", async () => {
    const p1 = await makePerson(rt, { exchangeConsent: "consents" });
    await makeCase(rt, p1.id);
    const p2 = await makePerson(rt, { primaryName: "Шевченко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", exchangeConsent: "consents" });
    const p3 = await makePerson(rt, { primaryName: "Отказов Пётр Ильич", alternateNames: [], exchangeConsent: "refuses" });
    const a = await makeUser(rt, "coordinator");
    const b = await makeUser(rt, "coordinator");
    const ha = await signInHeaders(app, a.email);
    const hb = await signInHeaders(app, b.email);

    expect((await app.inject({ url: "/api/v1/lists" })).statusCode).toBe(401);
    const bad = await app.inject({ method: "POST", url: "/api/v1/lists", headers: ha, payload: { name: "", categories: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["name", "categories"]));

    const created = await app.inject({ method: "POST", url: "/api/v1/lists", headers: ha, payload: { name: "All for all", categories: ["ru_political_prisoner"], allForAll: true } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const v1 = (await app.inject({ url: `/api/v1/lists/${id}/versions/1`, headers: ha })).json();
    const refusing = v1.rows.find((r: { personId: string }) => r.personId === p3.id);
    expect(refusing).toMatchObject({ eligible: false, reasons: ["refuses_exchange"] });

    const changed = await app.inject({ method: "POST", url: `/api/v1/lists/${id}/members`, headers: ha, payload: { add: [p2.id] } });
    expect(changed.json()).toMatchObject({ created: true, version: { version: 2 } });
    const diff = (await app.inject({ url: `/api/v1/lists/${id}/diff?from=1&to=2`, headers: ha })).json();
    expect(diff.added.map((r: { personId: string }) => r.personId)).toEqual([p2.id]);

    expect((await app.inject({ method: "POST", url: `/api/v1/lists/${id}/freeze`, headers: ha, payload: {} })).statusCode).toBe(200);
    const refused = await app.inject({ method: "POST", url: `/api/v1/lists/${id}/members`, headers: ha, payload: { remove: [p1.id] } });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/frozen at version 2/);

    expect((await app.inject({ method: "POST", url: `/api/v1/lists/${id}/sign-offs`, headers: ha, payload: {} })).json()).toMatchObject({ signOffs: 1 });
    expect((await app.inject({ method: "POST", url: `/api/v1/lists/${id}/sign-offs`, headers: ha, payload: {} })).statusCode).toBe(409);
    expect((await app.inject({ method: "POST", url: `/api/v1/lists/${id}/sign-offs`, headers: hb, payload: {} })).json()).toMatchObject({ status: "signed_off" });

    const pdf = await app.inject({ url: `/api/v1/lists/${id}/export?format=pdf`, headers: ha });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["x-list-version"]).toBe("2");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const csv = await app.inject({ url: `/api/v1/lists/${id}/export?format=csv`, headers: ha });
    expect(csv.body).toContain("Shevchenko Olena Petrivna");
    expect(csv.body).not.toContain("Отказов");

    // Researchers draft lists, but moving people to released/exchanged is for coordinators.
    const hr = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    const researcherOutcome = await app.inject({ method: "POST", url: `/api/v1/lists/${id}/outcome`, headers: hr, payload: { carriedOutOn: "2026-11-20", source: "Joint statement, 20 Nov 2026" } });
    expect(researcherOutcome.statusCode).toBe(403);
    const outcome = await app.inject({ method: "POST", url: `/api/v1/lists/${id}/outcome`, headers: ha, payload: { carriedOutOn: "2026-11-20", source: "Joint statement, 20 Nov 2026", freedPersonIds: [p1.id] } });
    expect(outcome.statusCode).toBe(200);
    expect(outcome.json().leftBehind.map((x: { personId: string }) => x.personId)).toEqual([p2.id]);
    const person = (await app.inject({ url: `/api/v1/people/${p1.id}`, headers: ha })).json();
    expect(person.status).toBe("exchanged");
    const on = (await app.inject({ url: `/api/v1/people/${p3.id}/lists`, headers: ha })).json();
    expect(on.items).toEqual([expect.objectContaining({ listId: id, version: 2, eligible: false, reasons: ["refuses_exchange"] })]);
  });

  it("reads a version a page at a time: position in the whole version, counts for every filter, the last page when past the end", async () => {
    const consenting = await Promise.all([1, 2, 3, 4].map((i) => makePerson(rt, { primaryName: `Постраничный Пётр ${i}`, alternateNames: [], category: "held_in_ukraine", exchangeConsent: "consents" })));
    const refusing = await makePerson(rt, { primaryName: "Постраничный Отказ", alternateNames: [], category: "held_in_ukraine", exchangeConsent: "refuses" });
    const h = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);
    const id = (await app.inject({ method: "POST", url: "/api/v1/lists", headers: h, payload: { name: "Paged", categories: ["held_in_ukraine"], allForAll: true } })).json().id as string;
    const whole = (await app.inject({ url: `/api/v1/lists/${id}/versions/1`, headers: h })).json();
    expect(whole.version.hashMatches).toBe(true);
    expect(whole.rows).toHaveLength(5);

    const first = (await app.inject({ url: `/api/v1/lists/${id}/versions/1?limit=2`, headers: h })).json();
    expect(first).toMatchObject({ show: "all", offset: 0, limit: 2, total: 5, counts: { all: 5, eligible: 4, ineligible: 1 } });
    expect(first.counts.warnings).toBe(whole.rows.filter((r: { warnings: string[] }) => r.warnings.length).length);
    expect(first.rows.map((r: { position: number }) => r.position)).toEqual([1, 2]);
    expect(first.rows.map((r: { personId: string }) => r.personId)).toEqual(whole.rows.slice(0, 2).map((r: { personId: string }) => r.personId));
    expect(first.version.hashMatches).toBeUndefined();
    // Past the end: the last page there is (a list that shrank under the reader).
    const past = (await app.inject({ url: `/api/v1/lists/${id}/versions/1?offset=40&limit=2`, headers: h })).json();
    expect(past).toMatchObject({ offset: 4, total: 5 });
    expect(past.rows.map((r: { position: number }) => r.position)).toEqual([5]);
    // Only the ineligible: the refusing person, numbered as in the whole version (eligible rows come first).
    const out = (await app.inject({ url: `/api/v1/lists/${id}/versions/1?show=ineligible`, headers: h })).json();
    expect(out.total).toBe(1);
    expect(out.rows).toEqual([expect.objectContaining({ personId: refusing.id, position: 5, eligible: false, reasons: ["refuses_exchange"] })]);
    expect(consenting.map((p) => p.id)).toEqual(expect.arrayContaining(whole.rows.slice(0, 4).map((r: { personId: string }) => r.personId)));

    const bad = await app.inject({ url: `/api/v1/lists/${id}/versions/1?limit=100000&show=some`, headers: { ...h, "accept-language": "ru" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(["limit", "show"]);
    expect(bad.json().issues.map((i: { message: string }) => i.message).join(" ")).toMatch(/Показать.*|Предел.*/);
  });

  it("imports a counterpart file and reports on it; volunteers and lawyers have no access", async () => {
    const researcher = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, researcher.email);
    const file = Buffer.from("ФИО,Дата рождения\nГоринов Алексей Александрович,08.07.1961\nНикто Никтоевич Никтов,01.01.1970\n").toString("base64");
    const res = await app.inject({ method: "POST", url: "/api/v1/lists/counterpart", headers: h, payload: { name: "Their list", fileName: "their.csv", contentBase64: file } });
    expect(res.statusCode).toBe(201);
    const report = (await app.inject({ url: `/api/v1/lists/${res.json().id}/report`, headers: h })).json();
    expect(report.total).toBe(2);
    expect(report.byGroup["unknown (not in the registry)"]).toBe(1);
    // Researchers build lists but do not take them out of the organisation.
    expect((await app.inject({ url: `/api/v1/lists/${res.json().id}/export?format=csv`, headers: h })).statusCode).toBe(403);
    for (const role of ["volunteer", "lawyer"] as const) {
      const u = await makeUser(rt, role);
      const hu = await signInHeaders(app, u.email);
      expect((await app.inject({ url: "/api/v1/lists", headers: hu })).statusCode).toBe(403);
    }
    const doc = (await app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/lists", "/api/v1/lists/{id}/export"]));
  });

  it("a large selection answers at once, built in the background; its version is refused until stored, in the reader's language", async () => {
    await makePerson(rt, { primaryName: "Фоновая Анна Сергеевна", alternateNames: [], category: "ua_civilian_hostage", exchangeConsent: "consents" });
    const h = { ...(await signInHeaders(app, (await makeUser(rt, "coordinator")).email)), "accept-language": "ru" };
    setBackgroundFrom(1);
    // The build is held after its chunk until the version has been asked for (a one-person list is built at once).
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    try {
      const created = await app.inject({ method: "POST", url: "/api/v1/lists", headers: h, payload: { name: "Все гражданские", categories: ["ua_civilian_hostage"], allForAll: true } });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ version: null, build: { state: "building", done: 0 } });
      const id = created.json().id as string;
      const early = await app.inject({ url: `/api/v1/lists/${id}/versions/1?offset=0&limit=100`, headers: h });
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ error: "listBeingBuilt", build: { state: "building" } });
      expect(early.json().message).toMatch(/^список ещё строится/);
      release();
      await listBuildsSettled();
      const page = await app.inject({ url: `/api/v1/lists/${id}/versions/1?offset=0&limit=100`, headers: h });
      expect(page.statusCode).toBe(200);
      expect(page.json().rows.length).toBeGreaterThan(0);
      expect((await app.inject({ url: `/api/v1/lists/${id}`, headers: h })).json()).toMatchObject({ currentVersion: 1, build: null });
    } finally {
      release();
      await listBuildsSettled();
      setAfterChunk(null);
      setBackgroundFrom(2000);
    }
  });
});
