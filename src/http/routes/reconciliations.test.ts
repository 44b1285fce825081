import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import ExcelJS from "exceljs";
import { verifyAuditChain } from "../../services/audit.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let gorinov: string;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  gorinov = (await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"], birthDate: "1961-09-25", status: "in_colony" })).id;
  await makePerson(rt, { primaryName: "Джелял Наріман Енверович", alternateNames: [], birthDate: "1990-04-27", category: "ua_civilian_hostage", status: "exchanged" });
  await makePerson(rt, { primaryName: "Gorinov Aleksei", alternateNames: [], birthDate: "1961-09-25", status: "in_colony" });
}, 120_000);

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

describe("GET /api/v1/lists/:id/reconciliation (download)", () => {
  it("gives every row of their file under its own row number, as CSV and XLSX, with formulas defused", async () => {
    const held = (await makePerson(rt, { primaryName: "Скрябин Пётр Иванович", alternateNames: [], birthDate: "1975-03-02", status: "in_colony" })).id;
    const { email } = await makeUser(rt, "researcher");
    const h = await signInHeaders(app, email);
    // Their file as it comes: Russian headings, DD.MM.YYYY, a person listed twice, a cell that is a formula.
    const file = ["ФИО;Дата рождения", "Скрябин Пётр Иванович;02.03.1975", "Неизвестный Иван Петрович;01.01.1970", "=2+3 Петров;", "Неизвестный Иван Петрович;01.01.1970", "Nariman Dzhelyal;27.04.1990"].join("\r\n");
    const up = await app.inject({ method: "POST", url: "/api/v1/lists/counterpart", headers: h, payload: { name: "Их список", fileName: "их.csv", contentBase64: Buffer.from(file).toString("base64") } });
    expect(up.statusCode).toBe(201);
    const id = up.json().id as string;

    const report = (await app.inject({ url: `/api/v1/lists/${id}/report`, headers: h })).json();
    expect(report.held.map((r: { row: string; personId: string }) => [r.row, r.personId])).toEqual([["2", held]]);
    expect(report.duplicates.map((r: { row: string }) => r.row)).toEqual(["3", "5"]);
    expect(report.unmatched.map((r: { row: string }) => r.row)).toEqual(["3", "4", "5"]);
    expect(report.alreadyFree.map((r: { row: string }) => r.row)).toEqual(["6"]);

    const csv = await app.inject({ url: `/api/v1/lists/${id}/reconciliation?format=csv`, headers: h });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(String(csv.headers["content-disposition"])).toMatch(/attachment; .*reconciliation-v1\.csv/);
    const lines = csv.body.replace(/^\uFEFF/, "").trimEnd().split("\n");
    expect(lines[0]).toBe("row,input_name,person_id,external_id,matched_name,score,verdict,explanation");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["2", "3", "4", "5", "6"]);
    expect(lines[1]).toContain(`Скрябин Пётр Иванович,${held},`);
    expect(lines[1]).toMatch(/,match,/);
    expect(lines[3]).toMatch(/^4,'=2\+3 Петров,/);

    const xlsx = await app.inject({ url: `/api/v1/lists/${id}/reconciliation?format=xlsx`, headers: h });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe("row");
    expect([2, 3, 4, 5, 6].map((i) => ws.getRow(i).getCell(1).value)).toEqual([2, 3, 4, 5, 6]);
    expect(ws.getRow(2).getCell(3).value).toBe(held);
    expect(ws.getRow(4).getCell(2).value).toBe("'=2+3 Петров");
    expect(ws.getRow(4).getCell(7).value).toBe("none");
  });

  it("is forbidden to lawyers and refuses an unknown list", async () => {
    const lawyer = await signInHeaders(app, (await makeUser(rt, "lawyer")).email);
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await app.inject({ url: `/api/v1/lists/${id}/reconciliation`, headers: lawyer })).statusCode).toBe(403);
    const researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    expect((await app.inject({ url: `/api/v1/lists/${id}/reconciliation?format=pdf`, headers: researcher })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/v1/lists/${id}/reconciliation`, headers: researcher })).statusCode).toBe(404);
  });
});
