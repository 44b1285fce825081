import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { caseArticle, criminalCase } from "../../db/schema/case.js";
import { person, personName } from "../../db/schema/person.js";
import { getPerson, listPeople } from "../people.js";
import { verifyAuditChain } from "../audit.js";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeUser } from "../../../test/helpers/factories.js";
import { MatchIndex } from "../../domain/names/index.js";
import { ImportRefused, importPeople } from "./importPeople.js";
import { renderIssue, renderMessage } from "./messages.js";
import { exportPeople } from "./exportPeople.js";

let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-import-"));
const file = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => rt.close());

const HEADER = "external_id,name,name_alt,sex,birth_date,region,category,articles,status,facility,sentence";

describe("importPeople", () => {
  it("imports good rows, reports bad rows with file, row, column and reason, and keeps the good ones", async () => {
    const path = file(
      "registry.csv",
      [
        HEADER,
        'OVD-1,Горинов Алексей Александрович,"Alexei Gorinov; GORINOV ALEKSEI",male,1961-07-08,Moscow,ru_political_prisoner,207.3:2,in_colony,ИК-3 Владимирская область,7y general',
        "OVD-2,Скочиленко Александра Юрьевна,Sasha Skochilenko,female,1990,Saint Petersburg,ru_political_prisoner,207.3:2,released,,7y general",
        "OVD-3,Bad Date,,male,1999-02-30,,ru_political_prisoner,,,,",
        "OVD-4,Spy,,male,1980,,spy,,,,",
        "OVD-5,Unknown Article,,male,1980,,ru_political_prisoner,treason,,,",
        ",No Id,,male,1980,,other,,,,",
        "OVD-1,Duplicate Of One,,male,1961,,ru_political_prisoner,,,,",
      ].join("\n"),
    );
    const report = await importPeople(rt.systemCtx(), { path });
    // A row without an id is no longer refused: the matcher decides whether it is someone we know.
    expect(report).toMatchObject({ rows: 7, created: 3, updated: 0, failed: 4 });
    expect(report.issues.map((i) => renderIssue("en", i))).toEqual([
      "registry.csv:4: birth_date “1999-02-30” — expected a date such as 12.09.1961, 12 September 1961, 1961-09-12 or a year (1961)",
      expect.stringMatching(/^registry\.csv:5: category “spy” — expected a category such as/),
      expect.stringMatching(/^registry\.csv:6: articles “treason” — expected articles such as .*\(could not read “treason”\)$/),
      "registry.csv:8: external_id “OVD-1” — expected an id not already used in row 2",
    ]);
    const list = await listPeople(rt.systemCtx(), { q: "Gorinov" });
    expect(list.total).toBe(1);
    const detail = await getPerson(rt.systemCtx(), list.rows[0]!.id);
    expect(detail.names.map((n) => n.name)).toEqual(["Горинов Алексей Александрович", "Alexei Gorinov", "GORINOV ALEKSEI"]);
    expect(detail.cases[0]).toMatchObject({ sentenceYears: 7, regime: "general", articles: [expect.objectContaining({ article: "207.3", part: "2" })] });
    expect(detail.facility?.name).toBe("ИК-3 Владимирская область");
    const skochilenko = (await listPeople(rt.systemCtx(), { q: "Skochilenko" })).rows[0]!;
    expect(skochilenko).toMatchObject({ birthYear: 1990, birthDate: null, status: "released" });
  });

  it("is idempotent by external_id: a re-import updates changed rows and never duplicates", async () => {
    const before = await rt.database.db.select({ n: count() }).from(person);
    const path = file(
      "registry2.csv",
      [
        HEADER,
        'OVD-1,Горинов Алексей Александрович,"Alexei Gorinov; GORINOV ALEKSEI",male,1961-07-08,Moscow,ru_political_prisoner,207.3:2,in_colony,ИК-3 Владимирская область,7y general',
        "OVD-2,Скочиленко Александра Юрьевна,Sasha Skochilenko,female,1990,Saint Petersburg,ru_political_prisoner,207.3:2,exchanged,,7y general",
      ].join("\n"),
    );
    const report = await importPeople(rt.systemCtx(), { path });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 0 });
    const after = await rt.database.db.select({ n: count() }).from(person);
    expect(after[0]!.n).toBe(before[0]!.n);
    const p = (await listPeople(rt.systemCtx(), { q: "Skochilenko" })).rows[0]!;
    const detail = await getPerson(rt.systemCtx(), p.id);
    expect(detail.timeline.map((e) => e.status)).toEqual(["released", "exchanged"]);
    // the import's own case was replaced, not duplicated
    expect(await rt.database.db.select({ n: count() }).from(criminalCase).where(eq(criminalCase.personId, p.id))).toEqual([{ n: 1 }]);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("reads XLSX with the same columns", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("registry");
    ws.addRow(HEADER.split(","));
    ws.addRow(["X-1", "Джелял Наріман Енверович", "Nariman Dzhelyal", "male", new Date("1980-04-27T00:00:00Z"), "Crimea (occupied)", "ua_civilian_hostage", "281:2", "exchanged", "", "17y strict"]);
    ws.addRow(["X-2", "", "", "male", "1980", "", "other", "", "", "", ""]);
    const path = join(dir, "registry.xlsx");
    await wb.xlsx.writeFile(path);
    const report = await importPeople(rt.systemCtx(), { path });
    expect(report).toMatchObject({ created: 1, failed: 1 });
    expect(report.issues.map((i) => renderIssue("en", i))).toEqual(["registry.xlsx:3: name is empty — expected the person's name (this column is required)"]);
    const p = (await listPeople(rt.systemCtx(), { q: "Dzhelyal" })).rows[0]!;
    expect(p).toMatchObject({ birthDate: "1980-04-27", category: "ua_civilian_hostage" });
  });

  it("refuses a file without the required columns and stores nothing", async () => {
    const before = await rt.database.db.select({ n: count() }).from(person);
    const e = await importPeople(rt.systemCtx(), { path: file("wrong.csv", "person,dob\nA,1990\n") }).catch((x: unknown) => x);
    expect(renderMessage("en", (e as ImportRefused).reason)).toMatch(/^wrong\.csv: no name column\. Headers found: person, dob\. Accepted: a full-name column \(name, фио/);
    expect(await rt.database.db.select({ n: count() }).from(person)).toEqual(before);
  });

  it("round-trips: export then import into an empty registry gives the same export", async () => {
    const out1 = join(dir, "out1.json");
    await exportPeople(rt.systemCtx(), { format: "json", out: out1 });
    const other = await createTestRuntime();
    try {
      const report = await importPeople(other.systemCtx(), { path: out1 });
      expect(report.failed).toBe(0);
      const out2 = join(dir, "out2.json");
      await exportPeople(other.systemCtx(), { format: "json", out: out2 });
      const sort = (p: string) => (JSON.parse(readFileSync(p, "utf8")) as { external_id: string }[]).sort((a, b) => a.external_id.localeCompare(b.external_id));
      expect(sort(out2)).toEqual(sort(out1));
      expect(await other.database.db.select({ n: count() }).from(personName)).toEqual(await rt.database.db.select({ n: count() }).from(personName));
      expect(await other.database.db.select({ n: count() }).from(caseArticle)).toEqual(await rt.database.db.select({ n: count() }).from(caseArticle));
    } finally {
      await other.close();
    }
  });

  it("refuses roles without import permission", async () => {
    const { ctx } = await makeUser(rt, "volunteer");
    await expect(importPeople(ctx, { path: file("x.csv", HEADER + "\n") })).rejects.toThrow(/not allowed/);
  });

  it("a researcher's file may not set consent (it would publish profiles without a consent record): the person is created without it, the consent left for a coordinator", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    const path = file("согласия.csv", "external_id,name,category,publicity_consent\nCONS-1,Публичнова Анна,ru_political_prisoner,full\n");
    const r = await importPeople(ctx, { path });
    expect(r).toMatchObject({ created: 1, review: 1 });
    expect(r.reviewRows).toEqual([expect.objectContaining({ row: 2, reason: "consent" })]);
    expect(r.warnings.map((w) => w.key)).toContain("import.consentNotApplied");
    const p = (await listPeople(rt.systemCtx(), { q: "Публичнова" })).rows[0]!;
    expect(p.publicityConsent).toBe("none");
    const { ctx: coordinator } = await makeUser(rt, "coordinator");
    expect(await importPeople(coordinator, { path })).toMatchObject({ created: 0, updated: 1 });
    expect((await listPeople(rt.systemCtx(), { q: "Публичнова" })).rows[0]!.publicityConsent).toBe("full");
  });

  it("a re-import leaves a row waiting for review in review even when the matcher no longer retrieves its candidate", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const path = file("повтор.csv", "ФИО;Дата рождения\nЗабытов Игорь Семёнович;03.04.1972\nЗабытов Игорь Семёнович;\n");
    expect(await importPeople(ctx, { path, category: "ru_political_prisoner" })).toMatchObject({ created: 1, review: 1 });
    // In a registry grown tenfold the candidate can sit in a block too big to scan: the undated row finds nobody.
    const best = MatchIndex.prototype.best;
    const spy = vi.spyOn(MatchIndex.prototype, "best").mockImplementation(function (this: MatchIndex, evidence, limit) {
      return evidence.birthDate ? best.call(this, evidence, limit) : [];
    });
    try {
      expect(await importPeople(ctx, { path, category: "ru_political_prisoner" })).toMatchObject({ created: 0 });
    } finally {
      spy.mockRestore();
    }
    expect((await listPeople(rt.systemCtx(), { q: "Забытов" })).total).toBe(1);
  });
});
