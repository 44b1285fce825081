import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { assignPerson, makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";
import { rowsOf } from "../../db/rows.js";

let rt: TestRuntime;
let app: FastifyInstance;
const h = {} as Record<"admin" | "coordinator" | "researcher" | "lawyer" | "volunteer", Record<string, string>>;
let lawyerId: string;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  for (const r of ["admin", "coordinator", "researcher", "lawyer", "volunteer"] as const) {
    const u = await makeUser(rt, r);
    if (r === "lawyer") lawyerId = u.user.id;
    h[r] = await signInHeaders(app, u.email);
  }
}, 60_000);

const post = (url: string, headers: Record<string, string>, payload: unknown) => app.inject({ method: "POST", url, headers, payload: payload as object });
const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers });

async function makeJudge(name = "Сташина Елена Анатольевна") {
  const stashina = name === "Сташина Елена Анатольевна";
  const res = await post("/api/v1/officials", h.researcher, {
    primaryName: name,
    nameLatin: stashina ? "Stashina Elena" : null,
    alternateNames: stashina ? ["Сташина Е.А."] : [],
    birthDate: "1969-04-02",
    positions: [{ bodyName: "Мещанский районный суд г. Москвы", position: "федеральный судья", region: "Moscow", fromDate: "2010-01-01" }],
    private: { homeAddress: "CANARY-HOME ул. Тестовая 1", phone: "+7 999 000-00-00" },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

describe("officials API", () => {
  it("creates an official, seals private details and shows them only to readSensitive, with an audit entry", async () => {
    const o = await makeJudge();
    const raw = rowsOf<{ private_enc: string }>(await rt.database.db.execute(sql`select private_enc from official`));
    expect(JSON.stringify(raw)).not.toContain("CANARY-HOME");
    const detail = (await get(`/api/v1/officials/${o.id}`, h.researcher)).json();
    expect(detail.names.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(["Сташина Елена Анатольевна", "Stashina Elena", "Сташина Е.А."]));
    expect(detail.positions[0]).toMatchObject({ position: "федеральный судья", body: { name: "Мещанский районный суд г. Москвы" } });
    expect(JSON.stringify(detail)).not.toContain("CANARY-HOME");
    expect(detail.hasPrivateDetails).toBe(true);
    expect((await get(`/api/v1/officials/${o.id}/private`, h.researcher)).statusCode).toBe(403);
    expect((await get(`/api/v1/officials/${o.id}/private`, h.lawyer)).statusCode).toBe(403);
    const priv = await get(`/api/v1/officials/${o.id}/private`, h.coordinator);
    expect(priv.json().homeAddress).toContain("CANARY-HOME");
    const audit = rowsOf<{ type: string; detail: unknown }>(await rt.database.db.execute(sql`select type, detail from audit_event where target_id = ${o.id}`));
    expect(audit.map((a) => a.type)).toEqual(expect.arrayContaining(["official.created", "official.sensitiveRead"]));
    expect(JSON.stringify(audit)).not.toContain("CANARY-HOME");
    // PATCH: keys left out stay; lawyers and volunteers cannot edit.
    const patched = await app.inject({ method: "PATCH", url: `/api/v1/officials/${o.id}`, headers: h.researcher, payload: { notes: "вела дело Горинова" } });
    expect(patched.json()).toMatchObject({ notes: "вела дело Горинова", birthDate: "1969-04-02", nameLatin: "Stashina Elena" });
    expect((await app.inject({ method: "PATCH", url: `/api/v1/officials/${o.id}`, headers: h.volunteer, payload: { notes: "x" } })).statusCode).toBe(403);
    // The same judge entered again under another spelling is refused (the matcher), unless confirmed as a namesake.
    const again = await app.inject({ method: "POST", url: "/api/v1/officials", headers: { ...h.researcher, "accept-language": "ru" }, payload: { primaryName: "Stashina Elena Anatolievna" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe("чиновник «Сташина Елена Анатольевна» уже есть: подтвердите, что это другой человек");
    // A different birth date tells two namesakes apart.
    expect((await post("/api/v1/officials", h.researcher, { primaryName: "Сташина Е.А.", birthDate: "1980-01-01" })).statusCode).toBe(201);
    expect((await post("/api/v1/officials", h.researcher, { primaryName: "Сташина Е.А.", confirmDuplicate: true })).statusCode).toBe(201);
    const bad = await post("/api/v1/officials", h.researcher, { primaryName: "", birthDate: "02.04.1969" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["primaryName", "birthDate"]));
  });

  it("links an official to cases; the page sums people, years, categories and articles; a case shows everyone involved", async () => {
    const o = await makeJudge("Криволапов Пётр Иванович");
    const a = await makePerson(rt, { primaryName: "Первый Подсудимый Иванович", publicityConsent: "full" });
    const b = await makePerson(rt, { primaryName: "Второй Подсудимый Петрович", category: "ua_civilian_hostage" });
    const ca = await makeCase(rt, a.id, { sentenceYears: 7 });
    const cb = await makeCase(rt, b.id, { sentenceYears: 8, sentenceMonths: 6, articles: [{ code: "RU_CC", article: "205.5", part: "2" }] });
    for (const c of [ca, cb]) expect((await post(`/api/v1/officials/${o.id}/roles`, h.researcher, { caseId: c.id, role: "judge_first_instance", fromDate: "2022-07-08" })).statusCode).toBe(201);
    expect((await post(`/api/v1/officials/${o.id}/roles`, h.researcher, { caseId: ca.id, role: "judge_first_instance" })).statusCode).toBe(400);
    expect((await post(`/api/v1/officials/${o.id}/roles`, h.lawyer, { caseId: ca.id, role: "prosecutor" })).statusCode).toBe(403);
    const d = (await get(`/api/v1/officials/${o.id}`, h.researcher)).json();
    expect(d.summary).toMatchObject({ cases: 2, people: 2, peopleSentenced: 2, totalYears: 15.5 });
    expect(d.summary.categories).toEqual(expect.arrayContaining([{ category: "ru_political_prisoner", people: 1 }, { category: "ua_civilian_hostage", people: 1 }]));
    expect(d.summary.articles.map((x: { article: string }) => x.article)).toEqual(expect.arrayContaining(["207.3 ч. 2", "205.5 ч. 2"]));
    expect(d.roles).toHaveLength(2);
    const involved = (await get(`/api/v1/cases/${ca.id}/officials`, h.researcher)).json();
    expect(involved.items).toEqual([expect.objectContaining({ role: "judge_first_instance", official: expect.objectContaining({ primaryName: "Криволапов Пётр Иванович" }) })]);
    expect((await get(`/api/v1/cases/${ca.id}/officials`, h.volunteer)).statusCode).toBe(403);

    // Volunteers: names only. Lawyers: only officials of their assigned people's cases, only those cases.
    const v = (await get(`/api/v1/officials/${o.id}`, h.volunteer)).json();
    expect(Object.keys(v).sort()).toEqual(["id", "isDemo", "nameLatin", "names", "primaryName"]);
    expect((await get(`/api/v1/officials/${o.id}`, h.lawyer)).statusCode).toBe(404);
    expect((await get("/api/v1/officials", h.lawyer)).json().total).toBe(0);
    await assignPerson(rt, a.id, lawyerId);
    const l = (await get(`/api/v1/officials/${o.id}`, h.lawyer)).json();
    expect(l.roles.map((r: { case: { person: { id: string } } }) => r.case.person.id)).toEqual([a.id]);
    expect(l.hiddenRoles).toBe(1);
    expect(JSON.stringify(l)).not.toContain("Второй Подсудимый");
    expect((await get("/api/v1/officials", h.lawyer)).json().items.map((x: { id: string }) => x.id)).toEqual([o.id]);
    const search = (await get(`/api/v1/officials?q=${encodeURIComponent("Криволапов")}`, h.volunteer)).json();
    expect(search.items.map((x: { primaryName: string }) => x.primaryName)).toEqual(["Криволапов Пётр Иванович"]);
    expect(search.items[0].positions).toBeUndefined();
  });

  it("proposes links from free-text judges for review, one record for one judge spelled three ways", async () => {
    const people = await Promise.all([1, 2, 3, 4].map((i) => makePerson(rt, { primaryName: `Подзащитный ${["Один", "Два", "Три", "Четыре"][i - 1]} Иванович` })));
    const texts = ["судья Мухаметшина Г.Р.", "Мухаметшина Гульнара Рашидовна", "Mukhametshina G. R.", "Petrov P.P."];
    const cases = [];
    for (const [i, p] of people.entries()) cases.push(await makeCase(rt, p.id, { judge: texts[i]!, prosecutor: i === 0 ? "гос. обвинитель Криволапов П.И." : null }));
    const run = await post("/api/v1/officials/link-proposals/run", h.researcher, {});
    expect(run.statusCode, run.body).toBe(200);
    // Not linked silently.
    expect(rowsOf(await rt.database.db.execute(sql`select 1 from official_case_role where case_id in (${sql.join(cases.map((c) => sql`${c.id}`), sql`, `)})`))).toHaveLength(0);
    const list = (await get("/api/v1/officials/link-proposals", h.researcher)).json().items as { id: string; text: string; official: { primaryName: string } | null; suggestedName: string; field: string }[];
    const mine = list.filter((p) => texts.includes(p.text) || p.field === "prosecutor");
    expect(mine.find((p) => p.field === "prosecutor")!.official?.primaryName).toBe("Криволапов Пётр Иванович");
    expect(mine.find((p) => p.text === "судья Мухаметшина Г.Р.")).toMatchObject({ official: null, suggestedName: "Мухаметшина Г.Р." });
    // Re-running proposes nothing new.
    expect((await post("/api/v1/officials/link-proposals/run", h.researcher, {})).json().proposed).toBe(0);
    // Accept the full spelling as a new record: the other spellings of the same judge now point to it.
    const full = mine.find((p) => p.text === "Мухаметшина Гульнара Рашидовна")!;
    const acc = (await post(`/api/v1/officials/link-proposals/${full.id}/decision`, h.researcher, { decision: "accept" })).json();
    expect(acc).toMatchObject({ status: "accepted", created: true });
    expect(acc.alsoPointed).toBeGreaterThanOrEqual(2);
    const after = (await get("/api/v1/officials/link-proposals", h.researcher)).json().items as typeof list;
    for (const t of ["судья Мухаметшина Г.Р.", "Mukhametshina G. R."]) expect(after.find((p) => p.text === t)?.official?.primaryName).toBe("Мухаметшина Гульнара Рашидовна");
    expect(after.find((p) => p.text === "Petrov P.P.")?.official).toBeNull();
    for (const t of ["судья Мухаметшина Г.Р.", "Mukhametshina G. R."]) await post(`/api/v1/officials/link-proposals/${after.find((p) => p.text === t)!.id}/decision`, h.researcher, { decision: "accept" });
    await post(`/api/v1/officials/link-proposals/${after.find((p) => p.text === "Petrov P.P.")!.id}/decision`, h.researcher, { decision: "reject" });
    const o = (await get(`/api/v1/officials?q=${encodeURIComponent("Мухаметшина")}`, h.researcher)).json().items;
    expect(o).toHaveLength(1);
    const d = (await get(`/api/v1/officials/${o[0].id}`, h.researcher)).json();
    expect(d.roles).toHaveLength(3);
    expect(d.names.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(["Мухаметшина Г.Р.", "Mukhametshina G. R."]));
    expect((await post(`/api/v1/officials/link-proposals/${full.id}/decision`, h.researcher, { decision: "reject" })).statusCode).toBe(400);
    expect((await get("/api/v1/officials/link-proposals", h.lawyer)).statusCode).toBe(403);
  });

  it("exports every official as CSV and XLSX and a dossier per official; victims are named only with full consent", async () => {
    const o = await makeJudge("Экспортов Судья Судьевич");
    const named = await makePerson(rt, { primaryName: "Согласный Публичный Человек", publicityConsent: "full" });
    const hidden = await makePerson(rt, { primaryName: "Несогласный Скрытый Человек", publicityConsent: "anonymised" });
    for (const p of [named, hidden]) await post(`/api/v1/officials/${o.id}/roles`, h.researcher, { caseId: (await makeCase(rt, p.id, { caseNumber: `1-${p.id.slice(0, 4)}/2024` })).id, role: "judge_first_instance" });
    const csv = await get("/api/v1/officials/export?format=csv", h.researcher);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("Согласный Публичный Человек");
    expect(csv.body).toContain("(not named: no publicity consent)");
    const xlsx = await app.inject({ url: "/api/v1/officials/export?format=xlsx", headers: h.researcher });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const cells = JSON.stringify(wb.getWorksheet("Officials")!.getSheetValues());
    expect(cells).toContain("Согласный Публичный Человек");
    const pdf = await app.inject({ url: `/api/v1/officials/${o.id}/dossier?format=pdf`, headers: h.researcher });
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const dx = await app.inject({ url: `/api/v1/officials/${o.id}/dossier?format=xlsx`, headers: h.researcher });
    const dwb = new ExcelJS.Workbook();
    await dwb.xlsx.load(dx.rawPayload as never);
    const dcells = JSON.stringify(dwb.getWorksheet("Officials")!.getSheetValues());
    expect(dcells).toContain("Согласный Публичный Человек");
    for (const body of [csv.body, cells, dcells, (await get("/api/v1/officials/export?format=ftm", h.researcher)).body]) expect(body).not.toContain("Несогласный");
    expect((await get("/api/v1/officials/export?format=csv", h.lawyer)).statusCode).toBe(403);
    expect((await get(`/api/v1/officials/${o.id}/dossier`, h.volunteer)).statusCode).toBe(403);
  });

  it("the public officials page is off by default; when on it lists only cases of people who consented, without script", async () => {
    const shown = await makeJudge("Публичнова Судья Ивановна");
    const onlyHidden = await makeJudge("Скрытнов Судья Петрович");
    const consented = await makePerson(rt, { primaryName: "Публичный Осуждённый Сергеевич", publicityConsent: "full" });
    const anonymised = await makePerson(rt, { primaryName: "Анонимный Осуждённый Сергеевич", publicityConsent: "anonymised" });
    const c1 = await makeCase(rt, consented.id, { caseNumber: "1-777/2023" });
    const c2 = await makeCase(rt, anonymised.id, { caseNumber: "1-888/2023" });
    await post(`/api/v1/officials/${shown.id}/roles`, h.researcher, { caseId: c1.id, role: "judge_first_instance" });
    await post(`/api/v1/officials/${shown.id}/roles`, h.researcher, { caseId: c2.id, role: "judge_appeal" });
    await post(`/api/v1/officials/${onlyHidden.id}/roles`, h.researcher, { caseId: c2.id, role: "judge_first_instance" });
    expect((await app.inject({ url: "/officials?lang=ru" })).statusCode).toBe(404);
    expect((await app.inject({ method: "PUT", url: "/api/v1/officials/settings", headers: h.researcher, payload: { publicPage: true } })).statusCode).toBe(403);
    expect((await app.inject({ method: "PUT", url: "/api/v1/officials/settings", headers: h.coordinator, payload: { publicPage: true } })).json()).toEqual({ publicPage: true });
    const res = await app.inject({ url: "/officials?lang=ru" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Публичнова Судья Ивановна");
    expect(res.body).toContain("Публичный Осуждённый Сергеевич");
    expect(res.body).toContain("судья первой инстанции");
    for (const hidden of ["Анонимный", "1-888/2023", "Скрытнов", "CANARY-HOME", "вела дело"]) expect(res.body).not.toContain(hidden);
    expect(res.body).not.toMatch(/<script/i);
    await app.inject({ method: "PUT", url: "/api/v1/officials/settings", headers: h.coordinator, payload: { publicPage: false } });
    expect((await app.inject({ url: "/officials" })).statusCode).toBe(404);
  });
});
