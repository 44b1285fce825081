import { eq, sql } from "drizzle-orm";
import { appUser, organisation } from "../../db/schema/organisation.js";
import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { assignPerson, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let coordinator: Record<string, string>;
let researcher: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  coordinator = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);
  researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
});

describe("person records API", () => {
  it("records health with the details sealed at rest", async () => {
    const p = await makePerson(rt);
    const res = await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/health`, headers: researcher, payload: { condition: "CANARY-HEALTH stage 3 cancer", icd10: ["c34.1"], severity: "critical", preventsServing: true } });
    expect(res.statusCode).toBe(201);
    const raw = await rt.database.db.execute(sql`select details_enc from health_record`);
    expect(JSON.stringify((raw as { rows: unknown[] }).rows)).not.toContain("CANARY-HEALTH");
    const bad = await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/health`, headers: researcher, payload: { condition: "x", icd10: ["cancer"], severity: "bad" } });
    expect(bad.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["icd10.0", "severity"]));
  });

  it("records consent history and updates the current consent", async () => {
    const p = await makePerson(rt);
    expect((await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/consents`, headers: coordinator, payload: {} })).statusCode).toBe(400);
    await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/consents`, headers: coordinator, payload: { publicity: "full", givenBy: "lawyer" } });
    await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/consents`, headers: coordinator, payload: { exchange: "refuses", givenBy: "the person, by letter" } });
    const person = (await app.inject({ url: `/api/v1/people/${p.id}`, headers: coordinator })).json();
    expect(person).toMatchObject({ publicityConsent: "full", exchangeConsent: "refuses" });
    const history = (await app.inject({ url: `/api/v1/people/${p.id}/consents`, headers: coordinator })).json();
    expect(history.items).toHaveLength(2);
  });

  // Found by an adversarial run: PATCH {"publicityConsent":"full"} by a researcher or an assigned lawyer published the
  // profile to anonymous visitors while the consent history still said "none".
  it("consent changes only through a consent record, by a coordinator or admin", async () => {
    const p = await makePerson(rt, { primaryName: "Согласова Мария Петровна", alternateNames: [] });
    const lawyerUser = await makeUser(rt, "lawyer");
    await assignPerson(rt, p.id, lawyerUser.user.id);
    const lawyer = await signInHeaders(app, lawyerUser.email);
    const patch = (h: Record<string, string>, payload: object) => app.inject({ method: "PATCH", url: `/api/v1/people/${p.id}`, headers: h, payload });
    for (const h of [researcher, lawyer, coordinator]) {
      const r = await patch(h, { publicityConsent: "full" });
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toMatch(/consents/);
      expect((await patch(h, { exchangeConsent: "consents" })).statusCode).toBe(400);
    }
    // A full form sending the unchanged value back still saves.
    expect((await patch(researcher, { publicityConsent: "none", homeRegion: "Томская область" })).statusCode).toBe(200);
    for (const h of [researcher, lawyer])
      expect((await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/consents`, headers: h, payload: { publicity: "full" } })).statusCode).toBe(403);
    // Creating a person with consent is the same act: researchers may not.
    const created = await app.inject({ method: "POST", url: "/api/v1/people", headers: researcher, payload: { primaryName: "Новикова Ольга", category: "ru_political_prisoner", publicityConsent: "full" } });
    expect(created.statusCode).toBe(403);
    expect((await app.inject({ url: `/people/${p.id}` })).statusCode).toBe(404);
    const byCoordinator = await app.inject({ method: "POST", url: "/api/v1/people", headers: coordinator, payload: { primaryName: "Новикова Ольга", category: "ru_political_prisoner", publicityConsent: "full" } });
    expect(byCoordinator.statusCode).toBe(201);
    const history = (await app.inject({ url: `/api/v1/people/${byCoordinator.json().id}/consents`, headers: coordinator })).json();
    expect(history.items).toEqual([expect.objectContaining({ publicity: "full" })]);
    const person = (await app.inject({ url: `/api/v1/people/${p.id}`, headers: coordinator })).json();
    expect(person.publicityConsent).toBe("none");
  });

  it("exports the Geneva record in full for the ICRC and without withheld fields for the family", async () => {
    const p = await makePerson(rt, { category: "ua_civilian_hostage" });
    const save = await app.inject({
      method: "PUT",
      url: `/api/v1/people/${p.id}/geneva`,
      headers: coordinator,
      payload: { data: { surname: "Горинов", fatherFirstName: "Александр", motherMaidenName: "CANARY-MAIDEN", measureNature: "detention", measureDate: "2022-04-26" }, withheldFromFamily: ["measurePlace", "motherMaidenName"] },
    });
    expect(save.statusCode).toBe(200);
    const raw = await rt.database.db.execute(sql`select data_enc from geneva_record`);
    expect(JSON.stringify((raw as { rows: unknown[] }).rows)).not.toContain("CANARY-MAIDEN");
    const icrc = (await app.inject({ url: `/api/v1/people/${p.id}/geneva/export?recipient=icrc`, headers: coordinator })).json();
    expect(icrc).toMatchObject({ legalBasis: "GC IV arts. 136–138", fields: { motherMaidenName: "CANARY-MAIDEN", fatherFirstName: "Александр" } });
    const family = (await app.inject({ url: `/api/v1/people/${p.id}/geneva/export?recipient=family`, headers: coordinator })).json();
    expect(family.fields).not.toHaveProperty("motherMaidenName");
    expect(family.withheldFromFamily).toEqual(["measurePlace", "motherMaidenName"]);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/geneva/export`, headers: researcher })).statusCode).toBe(403);
  });

  it("manages sources, facilities, custody history and Rosfinmonitoring listings", async () => {
    const p = await makePerson(rt);
    const s = (await app.inject({ method: "POST", url: "/api/v1/sources", headers: researcher, payload: { kind: "url", title: "Court site", url: "https://mos-gorsud.ru/x", reliability: "B" } })).json();
    expect((await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/sources`, headers: researcher, payload: { sourceId: s.id } })).statusCode).toBe(201);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/sources`, headers: researcher })).json().items[0]).toMatchObject({ title: "Court site", reliability: "B" });
    const f = (await app.inject({ method: "POST", url: "/api/v1/facilities", headers: researcher, payload: { name: "ИК-3 Владимирская область", kind: "colony", postalAddress: "601446, г. Вязники" } })).json();
    expect((await app.inject({ method: "POST", url: "/api/v1/facilities", headers: researcher, payload: { name: "ИК-3 Владимирская область" } })).statusCode).toBe(409);
    await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/custody-history`, headers: researcher, payload: { facilityId: f.id, fromDate: "2023-01-10", current: true } });
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: researcher })).json().facility).toBe("ИК-3 Владимирская область");
    await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/rosfin-listing`, headers: researcher, payload: { listed: true, listedOn: "2023-03-01" } });
    expect((await app.inject({ url: `/api/v1/people/${p.id}/rosfin-listing`, headers: researcher })).json().items).toEqual([{ listed: true, listedOn: "2023-03-01", delistedOn: null }]);
  });

  it("an organisation cannot edit a facility another organisation created or holds its people in", async () => {
    const own = (await app.inject({ method: "POST", url: "/api/v1/facilities", headers: researcher, payload: { name: "СИЗО-1 Москва", postalAddress: "Москва, ул. Матросская Тишина, 18" } })).json();
    const shared = await makePerson(rt, { facilityName: "ИК-6 Владимирская область" }); // made from a name: shared
    const sharedId = (await app.inject({ url: `/api/v1/people/${shared.id}`, headers: researcher })).json().facilityDetail.id as string;
    const [other] = await rt.database.db.insert(organisation).values({ slug: "other-org", name: "Другая организация" }).returning();
    const outsider = await makeUser(rt, "researcher");
    await rt.database.db.update(appUser).set({ organisationId: other!.id }).where(eq(appUser.id, outsider.user.id));
    const h = await signInHeaders(app, outsider.email);
    for (const id of [own.id, sharedId]) {
      const r = await app.inject({ method: "PATCH", url: `/api/v1/facilities/${id}`, headers: h, payload: { postalAddress: "подменённый адрес" } });
      expect(r.statusCode).toBe(403);
    }
    expect((await app.inject({ method: "PATCH", url: `/api/v1/facilities/${own.id}`, headers: researcher, payload: { notes: "передачи по вторникам" } })).statusCode).toBe(200);
    expect((await app.inject({ method: "PATCH", url: `/api/v1/facilities/${sharedId}`, headers: researcher, payload: { region: "Владимирская область" } })).statusCode).toBe(200);
  });
});
