import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makePerson, makeUser } from "../../test/helpers/factories.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findDuplicatePeople, readReconcileFile, reconcileList, reconciliationCsv } from "./reconcile.js";

let rt: TestRuntime;
const ids: Record<string, string> = {};

beforeAll(async () => {
  rt = await createTestRuntime();
  const add = async (key: string, o: Parameters<typeof makePerson>[1]) => (ids[key] = (await makePerson(rt, o)).id);
  await add("gorinov", { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"], birthDate: "1961-09-25", category: "ru_political_prisoner", status: "in_colony" });
  await add("tsyhipa", { primaryName: "Цигіпа Сергій Олександрович", alternateNames: [], birthDate: "1961-01-01", category: "ua_civilian_hostage", status: "in_colony" });
  await add("dzhelyal", { primaryName: "Джелял Наріман Енверович", alternateNames: [], birthDate: "1990-04-27", category: "ua_civilian_hostage", status: "exchanged" });
  await add("pow", { primaryName: "Мельник Богдан Іванович", alternateNames: [], birthDate: "1995-03-03", category: "ua_pow", status: "detained" });
  await add("dup-a", { primaryName: "Козырева Дарья Сергеевна", alternateNames: [], birthDate: "2006-02-02", category: "ru_political_prisoner", status: "in_colony" });
  await add("dup-b", { primaryName: "Darya Kozyreva", alternateNames: [], birthDate: "2006-02-02", category: "ru_political_prisoner", status: "in_colony" });
}, 120_000);
afterAll(async () => {
  await rt.close();
});

describe("reconcileList", () => {
  it("matches each row, explains it, and summarises the list", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    const r = await reconcileList(ctx, {
      source: "exchange list 2026-03",
      rows: [
        { name: "GORINOV ALEKSEI", birth_date: "1961-09-25" },
        { name: "Sergei Tsigipa", birth_date: "1961" },
        { name: "Nariman Dzhelyal" },
        { name: "Melnyk Bohdan Ivanovych", birth_date: "1995-03-03" },
        { name: "Ivan Ivanovich Neizvestny", birth_date: "1970-01-01" },
        { name: "Gorinov Alexey Alexandrovich" },
        { name: "Петров Пётр Петрович", birth_date: "1980-05-05" },
        { name: "Petrov Petr Petrovich", birth_date: "1980-05-05" },
      ],
    });
    const byRow = new Map(r.rows.map((x) => [x.row, x]));
    expect(byRow.get(1)).toMatchObject({ person_id: ids.gorinov, verdict: "match", matched_name: "Горинов Алексей Александрович", category: "ru_political_prisoner" });
    expect(byRow.get(1)?.explanation.join("\n")).toMatch(/birth date equal/);
    expect(byRow.get(2)).toMatchObject({ person_id: ids.tsyhipa, verdict: "match" });
    expect(byRow.get(3)).toMatchObject({ person_id: ids.dzhelyal, verdict: "match", status: "exchanged" });
    expect(byRow.get(4)).toMatchObject({ person_id: ids.pow, verdict: "match", category: "ua_pow" });
    expect(byRow.get(5)).toMatchObject({ person_id: null, verdict: "none" });
    expect(byRow.get(1)?.external_id).toMatch(/^T-/);

    expect(r.summary).toMatchObject({ rows: 8, matched: 5, unmatched: 3, unmatchedRows: [5, 7, 8] });
    expect(r.summary.byCategory).toEqual({ ru_political_prisoner: 2, ua_civilian_hostage: 2, ua_pow: 1 });
    expect(r.summary.releasedOrDeceased).toEqual([expect.objectContaining({ row: 3, person_id: ids.dzhelyal, status: "exchanged" })]);
    // Gorinov twice (rows 1 and 6), and an unregistered person twice in two scripts (rows 7 and 8).
    expect(r.summary.duplicates).toEqual([
      { rows: [1, 6], person_id: ids.gorinov, name: "Горинов Алексей Александрович" },
      { rows: [7, 8], person_id: null, name: "Петров Пётр Петрович" },
    ]);
  });

  it("keeps the sender's row numbers", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const r = await reconcileList(ctx, { rows: [{ row: 17, name: "Alexei Gorinov" }] });
    expect(r.rows[0]).toMatchObject({ row: 17, person_id: ids.gorinov });
  });

  it("is not for lawyers", async () => {
    const { ctx } = await makeUser(rt, "lawyer");
    await expect(reconcileList(ctx, { rows: [{ name: "Alexei Gorinov" }] })).rejects.toThrow(/not allowed/);
  });

  it("rejects an empty list", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    await expect(reconcileList(ctx, { rows: [] })).rejects.toThrow();
  });
});

describe("findDuplicatePeople", () => {
  it("lists the same person registered twice, once, with an explanation", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    const pairs = await findDuplicatePeople(ctx);
    expect(pairs).toHaveLength(1);
    const [p] = pairs;
    expect(new Set([p?.a.id, p?.b.id])).toEqual(new Set([ids["dup-a"], ids["dup-b"]]));
    expect(p?.verdict).toBe("match");
    expect(p?.explanation.join("\n")).toMatch(/Козырева = Kozyreva|Kozyreva = Козырева/);
  });
});

describe("list files", () => {
  const dir = mkdtempSync(join(tmpdir(), "aff-reconcile-"));

  it("reads Russian column names and keeps spreadsheet row numbers", async () => {
    const file = join(dir, "list.csv");
    writeFileSync(file, "ФИО;Дата рождения;Регион\nГоринов Алексей;25.09.1961;Москва\n;;\nDarya Kozyreva;2006;\n");
    const rows = await readReconcileFile(file);
    // Blank rows are not people; dates are read as the people import reads them.
    expect(rows).toEqual([
      { row: 2, name: "Горинов Алексей", birth_date: "1961-09-25", region: "Москва" },
      { row: 4, name: "Darya Kozyreva", birth_date: "2006", region: null },
    ]);
  });

  it("names the file when there is no name column", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "person,born\nGorinov,1961\n");
    await expect(readReconcileFile(file)).rejects.toThrow(/bad\.csv: no name column \(found: person, born; accepted: name, фио/);
  });

  it("writes the result as CSV with the explanation in one cell", () => {
    const csv = reconciliationCsv([
      { row: 2, input_name: 'Gorinov, "Alexei"', person_id: "p1", external_id: "A1", matched_name: "Горинов Алексей", score: 1, verdict: "match", explanation: ["surname: equal", "given name: equal"], category: null, status: null },
    ]);
    expect(csv).toBe('row,input_name,person_id,external_id,matched_name,score,verdict,explanation\n2,"Gorinov, ""Alexei""",p1,A1,Горинов Алексей,1.000,match,surname: equal; given name: equal\n');
  });
});
