import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";
import { makeCase, makePerson, makeUser, signInHeaders } from "../../test/helpers/factories.js";

// Staff lists and searches, public cards and search now come from the person index's entries, a person page and a
// public profile from one statement, facility names and the label style from values kept until the next write
// (src/services/directory). Every kind of write must still show on the very next read — staff and public, with the
// read cache on — on PGlite and on PostgreSQL.
let rt: TestRuntime;
let app: FastifyInstance;
let admin: Record<string, string>;
let staff: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  admin = await signInHeaders(app, (await makeUser(rt, "admin")).email);
  staff = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
});

const get = async (url: string, headers: Record<string, string> = {}) => {
  const r = await app.inject({ url, headers });
  return { status: r.statusCode, body: r.body, json: () => r.json() as Record<string, unknown> };
};
const send = async (method: "POST" | "PATCH", url: string, payload: object) => {
  const r = await app.inject({ method, url, headers: admin, payload });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json() as Record<string, unknown>;
};
type Item = { id: string; primaryName: string; status: string; facility: string | null };
const staffItem = async (id: string, q: string) => {
  const list = (await get(`/api/v1/people?limit=500`, staff)).json().items as Item[];
  const found = (await get(`/api/v1/people/search?q=${encodeURIComponent(q)}`, staff)).json().items as Item[];
  return { inList: list.find((p) => p.id === id), inSearch: found.find((p) => p.id === id) };
};

describe("every write shows on the next read", () => {
  it("edits, a renamed facility, a new case, consent withdrawn and erasure", async () => {
    const p = await makePerson(rt, { primaryName: "Свежев Игнат Петрович", alternateNames: [], status: "detained", facilityName: "СИЗО-1 Свежий", publicityConsent: "full" });
    // Warm every read (and the read cache) first.
    expect((await staffItem(p.id, "Свежев")).inList).toMatchObject({ primaryName: "Свежев Игнат Петрович", status: "detained", facility: "СИЗО-1 Свежий" });
    expect((await get(`/api/v1/people/${p.id}`, staff)).json()).toMatchObject({ status: "detained", cases: [] });
    expect((await get(`/people?q=${encodeURIComponent("Свежев")}`)).body).toContain("Свежев Игнат Петрович");
    expect((await get(`/people/${p.id}`)).body).toContain("Свежев Игнат Петрович");

    // An edit of the person: name and status.
    await send("PATCH", `/api/v1/people/${p.id}`, { primaryName: "Новиков Игнат Петрович", status: "sentenced" });
    const edited = await staffItem(p.id, "Новиков Игнат");
    expect(edited.inList).toMatchObject({ primaryName: "Новиков Игнат Петрович", status: "sentenced" });
    expect(edited.inSearch).toMatchObject({ primaryName: "Новиков Игнат Петрович", status: "sentenced" });
    expect((await staffItem(p.id, "Свежев")).inSearch).toBeUndefined();
    expect((await get(`/api/v1/people/${p.id}`, staff)).json()).toMatchObject({ primaryName: "Новиков Игнат Петрович", status: "sentenced" });
    expect((await get(`/people?q=${encodeURIComponent("Новиков Игнат")}`)).body).toContain("Новиков Игнат Петрович");
    expect((await get(`/people?q=${encodeURIComponent("Свежев")}`)).body).not.toContain("Игнат Петрович");
    expect((await get(`/people/${p.id}`)).body).toContain("Новиков Игнат Петрович");

    // The facility renamed (another table: no change of the person).
    const facilityId = ((await get(`/api/v1/people/${p.id}`, staff)).json().facilityDetail as { id: string }).id;
    await send("PATCH", `/api/v1/facilities/${facilityId}`, { name: "ИК-2 Переименованная" });
    expect((await staffItem(p.id, "Новиков Игнат")).inList?.facility).toBe("ИК-2 Переименованная");
    expect((await get(`/api/v1/people/${p.id}`, staff)).json().facility).toBe("ИК-2 Переименованная");

    // A case added (other tables again): the person page and the public profile show it.
    await send("POST", `/api/v1/people/${p.id}/cases`, { court: "Свежий районный суд", articles: [{ code: "RU_CC", article: "280.3", part: "1" }], custodyPeriods: [] });
    expect(((await get(`/api/v1/people/${p.id}`, staff)).json().cases as { court: string }[]).map((c) => c.court)).toEqual(["Свежий районный суд"]);
    expect((await get(`/people/${p.id}`)).body).toContain("280.3");

    // Publicity consent withdrawn: gone from every public page at once; staff still see the person.
    await send("POST", `/api/v1/people/${p.id}/consents`, { publicity: "none", givenBy: "сама", note: "отзыв" });
    expect((await get(`/people/${p.id}`)).status).toBe(404);
    // (The search box repeats the words typed; the name in full is the card.)
    expect((await get(`/people?q=${encodeURIComponent("Новиков Игнат")}`)).body).not.toContain("Игнат Петрович");
    expect((await staffItem(p.id, "Новиков Игнат")).inList).toMatchObject({ publicityConsent: "none" });

    // Erased: gone from the staff list, search and page.
    await send("POST", `/api/v1/people/${p.id}/erasure`, { reason: "просьба семьи" });
    const erased = await staffItem(p.id, "Новиков Игнат");
    expect(erased.inList).toBeUndefined();
    expect(erased.inSearch).toBeUndefined();
    expect((await get(`/api/v1/people/${p.id}`, staff)).status).toBe(404);
  });

  it("a public profile shows its cases, spellings and facility only as consent allows", async () => {
    const named = await makePerson(rt, { primaryName: "Открытов Олег Ильич", alternateNames: ["Oleg Otkrytov"], facilityName: "ИК-7 Открытая", publicityConsent: "full" });
    const hidden = await makePerson(rt, { primaryName: "Скрытов Олег Ильич", alternateNames: ["Oleg Skrytov"], facilityName: "ИК-8 Скрытая", publicityConsent: "anonymised" });
    await makeCase(rt, named.id);
    await makeCase(rt, hidden.id);
    const open = (await get(`/people/${named.id}`)).body;
    expect(open).toContain("Oleg Otkrytov");
    expect(open).toContain("ИК-7 Открытая");
    expect(open).toContain("207.3");
    const anonymised = (await get(`/people/${hidden.id}`)).body;
    expect(anonymised).toContain("207.3");
    for (const secret of ["Скрытов", "Skrytov", "ИК-8"]) expect(anonymised).not.toContain(secret);
  });
});
