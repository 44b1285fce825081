import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { assignPerson, makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let gorinovId: string;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  const g = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], homeRegion: "Moscow" });
  gorinovId = g.id;
  await makeCase(rt, g.id);
  const s = await makePerson(rt, { primaryName: "Скочиленко Александра Юрьевна", alternateNames: [], sex: "female", birthDate: "1990", homeRegion: "St Petersburg", status: "released", statusSince: "2024-08-01" });
  await makeCase(rt, s.id, { sentenceYears: 7, articles: [{ code: "RU_CC", article: "207.3", part: "2" }] });
  await makePerson(rt, { primaryName: "Петренко Олена", alternateNames: [], sex: "female", category: "ua_civilian_hostage", status: "detained", homeRegion: "Zaporizhzhia" });
});

describe("search, stats and audit routes", () => {
  it("finds a Cyrillic name from another transliteration and from a partial Latin word", async () => {
    const h = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    const full = (await app.inject({ url: "/api/v1/people/search?q=Alexey%20Gorinov", headers: h })).json();
    expect(full.items[0].id).toBe(gorinovId);
    expect(full.items[0].match.verdict).toBe("match");
    const partial = (await app.inject({ url: "/api/v1/people/search?q=skochil", headers: h })).json();
    expect(partial.items.map((i: { primaryName: string }) => i.primaryName)).toEqual(["Скочиленко Александра Юрьевна"]);
    const filtered = (await app.inject({ url: "/api/v1/people/search?q=Gorinov&category=ua_civilian_hostage", headers: h })).json();
    expect(filtered.total).toBe(0);
  });

  it("filters by recognition state and minimum priority, with or without a name", async () => {
    const h = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    const unassessed = (await app.inject({ url: "/api/v1/people/search?recognition=unknown", headers: h })).json();
    expect(unassessed.total).toBe(3);
    expect((await app.inject({ url: "/api/v1/people/search?recognition=recognised", headers: h })).json().total).toBe(0);
    expect((await app.inject({ url: "/api/v1/people/search?q=Gorinov&priorityAtLeast=1000", headers: h })).json().total).toBe(0);
    expect((await app.inject({ url: "/api/v1/people/search?q=Gorinov&priorityAtLeast=0", headers: h })).json().total).toBe(1);
    expect((await app.inject({ url: "/api/v1/people/search?recognition=maybe", headers: h })).statusCode).toBe(400);
  });

  it("shows lawyers only their assigned people", async () => {
    const lawyer = await makeUser(rt, "lawyer");
    const h = await signInHeaders(app, lawyer.email);
    expect((await app.inject({ url: "/api/v1/people/search?q=Gorinov", headers: h })).json().total).toBe(0);
    await assignPerson(rt, gorinovId, lawyer.user.id);
    expect((await app.inject({ url: "/api/v1/people/search?q=Gorinov", headers: h })).json().total).toBe(1);
    const stats = (await app.inject({ url: "/api/v1/stats", headers: h })).json();
    expect(stats.total).toBe(1);
  });

  it("aggregates the dashboard numbers", async () => {
    const h = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);
    const s = (await app.inject({ url: "/api/v1/stats", headers: h })).json();
    expect(s.total).toBe(3);
    expect(s.byCategory).toEqual({ ru_political_prisoner: 2, ua_civilian_hostage: 1 });
    expect(s.byArticle).toEqual([{ key: "207.3", n: 2 }]);
    expect(s.sentenceBins.find((b: { key: string }) => b.key === "5–8").n).toBe(2);
    const last = s.heldOverTime.at(-1);
    // Skochilenko was released in 2024; Gorinov is still held.
    expect(last.counts.ru_political_prisoner).toBe(1);
    expect(s.freedByMonth).toEqual([{ month: "2024-08", counts: { released: 1 } }]);
  });

  it("serves a person's audit trail to admins only", async () => {
    const admin = await signInHeaders(app, (await makeUser(rt, "admin")).email);
    const patched = await app.inject({ method: "PATCH", url: `/api/v1/people/${gorinovId}`, headers: admin, payload: { homeRegion: "Moscow region" } });
    expect(patched.statusCode).toBe(200);
    const trail = (await app.inject({ url: `/api/v1/people/${gorinovId}/audit`, headers: admin })).json();
    expect(trail.items.map((e: { type: string }) => e.type)).toEqual(["person.updated", "case.created", "person.created"]);
    const researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    expect((await app.inject({ url: `/api/v1/people/${gorinovId}/audit`, headers: researcher })).statusCode).toBe(403);
  });
});
