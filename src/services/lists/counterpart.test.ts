import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makePerson, makeUser } from "../../../test/helpers/factories.js";
import { counterpartReport, counterpartReportRows, importCounterpartList } from "./counterpart.js";
import { readCounterpartFile } from "./counterpartFile.js";
import { createList, diffListVersions, getListVersion } from "./lists.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("counterpart lists", () => {
  it("reads semicolon CSV with Russian headings and XLSX with split name columns", async () => {
    const csv = Buffer.from("\ufeffФИО;Дата рождения;Статья\nИванов Иван Иванович;01.02.1980;275\n;;\n", "utf8");
    const rows = await readCounterpartFile("их список.csv", csv);
    expect(rows).toEqual([expect.objectContaining({ row: 2, name: "Иванов Иван Иванович", birthDate: "1980-02-01", article: "275" })]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Лист1");
    ws.addRow(["Фамилия", "Имя", "Отчество", "Год рождения"]);
    ws.addRow(["Петров", "Пётр", "Петрович", 1975]);
    const x = await readCounterpartFile("list.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(x[0]).toMatchObject({ name: "Петров Пётр Петрович", birthDate: "1975" });
    await expect(readCounterpartFile("a.csv", Buffer.from("foo,bar\n1,2\n"))).rejects.toThrow(/no name column/);
  });

  it("matches their list against the registry and reports composition, duplicates, the already free and who is missing", async () => {
    const coord = await makeUser(rt, "coordinator");
    const gorinov = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"], birthDate: "1961-07-08", exchangeConsent: "consents" });
    const civilian = await makePerson(rt, { primaryName: "Шевченко Олена Петрівна", alternateNames: [], sex: "female", birthDate: "1975-03-02", category: "ua_civilian_hostage", exchangeConsent: "consents" });
    const soldier = await makePerson(rt, { primaryName: "Сидоров Николай Павлович", alternateNames: [], birthDate: "1990-05-05", category: "held_in_ukraine" });
    const freed = await makePerson(rt, { primaryName: "Кузьмин Денис Олегович", alternateNames: [], birthDate: "1985-09-09", status: "exchanged" });
    const ours = await createList(coord.ctx, { name: "Ours", categories: ["ru_political_prisoner", "ua_civilian_hostage"], filters: { exchangeConsent: ["consents"] } });

    const file = [
      "ФИО,Дата рождения,Учреждение",
      "Gorinov Alexei Alexandrovich,08.07.1961,IK-3",
      "Сидоров Николай Павлович,05.05.1990,",
      "Сидоров Николай Павлович,05.05.1990,",
      "Кузьмин Денис Олегович,09.09.1985,",
      "Неизвестный Человек Без Записи,01.01.1970,",
    ].join("\n");
    const imported = await importCounterpartList(coord.ctx, { name: "Their list, 2026-11-20", fileName: "their.csv", content: Buffer.from(file), comparedWithListId: ours.id });
    const { rows } = await getListVersion(coord.ctx, imported.id);
    expect(rows.map((r) => r.personId)).toEqual([gorinov.id, soldier.id, soldier.id, freed.id, null]);
    expect(rows[0]).toMatchObject({ eligible: true, category: "ru_political_prisoner", nameLatin: "Gorinov Alexei Alexandrovich", match: { verdict: "match" } });
    expect(rows[4]).toMatchObject({ eligible: false, reasons: ["not_in_registry"] });

    const report = await counterpartReport(coord.ctx, imported.id);
    expect(report.total).toBe(5);
    expect(report.byGroup).toEqual({
      "political prisoners": 2,
      "held in Ukraine (servicemen, collaborators)": 2,
      "unknown (not in the registry)": 1,
    });
    expect(report.duplicates.map((d) => d.personId)).toEqual([soldier.id, soldier.id]);
    expect(report.duplicates.map((d) => d.row)).toEqual(["3", "4"]);
    expect(report.alreadyFree.map((d) => d.personId)).toEqual([freed.id]);
    expect(report.missingFromTheirs!.map((d) => d.personId)).toEqual([civilian.id]);

    // A corrected file from them is a new version of the same list, with a diff.
    const file2 = file.replace("\nНеизвестный Человек Без Записи,01.01.1970,", "") + "\nШевченко Олена Петрівна,02.03.1975,";
    const v2 = await importCounterpartList(coord.ctx, { listId: imported.id, fileName: "their-v2.csv", content: Buffer.from(file2) });
    expect(v2.version.version).toBe(2);
    const d = await diffListVersions(coord.ctx, imported.id, 1, 2);
    expect(d.added.map((r) => r.personId)).toEqual([civilian.id]);
    expect(d.removed.map((r) => r.nameCyrillic)).toEqual(["Неизвестный Человек Без Записи"]);
    expect((await counterpartReport(coord.ctx, imported.id)).missingFromTheirs).toEqual([]);

    const volunteer = await makeUser(rt, "volunteer");
    await expect(importCounterpartList(volunteer.ctx, { name: "x", fileName: "a.csv", content: Buffer.from(file) })).rejects.toThrow(/not allowed/);
  });

  it("reads the report's sections a page at a time, the pages together being the whole section", async () => {
    const coord = await makeUser(rt, "coordinator");
    const names = ["Белов Артём Ильич", "Волков Борис Денисович", "Громов Виктор Егорович", "Дьяков Глеб Жанович", "Ершов Давид Захарович"];
    const ours: { id: string }[] = [];
    for (const [i, name] of names.entries()) ours.push(await makePerson(rt, { primaryName: name, alternateNames: [], birthDate: `19${70 + i}-0${i + 1}-1${i}`, category: "ua_civilian_hostage", exchangeConsent: "consents" }));
    const list = await createList(coord.ctx, { name: "Гражданские", categories: ["ua_civilian_hostage"], filters: { exchangeConsent: ["consents"] } });
    const file = ["ФИО,Дата рождения", "Белов Артём Ильич,10.01.1970", "Неизвестный Один Первый,01.01.1960", "Неизвестный Два Второй,02.02.1961", "Неизвестный Три Третий,03.03.1962"].join("\n");
    const theirs = await importCounterpartList(coord.ctx, { name: "Их список", fileName: "их.csv", content: Buffer.from(file), comparedWithListId: list.id });

    // Civilians of the tests before are on our list too: all of them but Белов are missing from theirs.
    const onOurs = (await getListVersion(coord.ctx, list.id)).rows.filter((r) => r.eligible).map((r) => r.personId!);
    expect(onOurs).toEqual(expect.arrayContaining(ours.map((p) => p.id)));
    const whole = await counterpartReport(coord.ctx, theirs.id);
    expect(whole.counts).toMatchObject({ held: 1, unmatched: 3, missingFromTheirs: onOurs.length - 1 });
    expect(whole.missingFromTheirs!.map((r) => r.personId)).toEqual(onOurs.filter((id) => id !== ours[0]!.id));
    const first = await counterpartReport(coord.ctx, theirs.id, undefined, { limit: 2 });
    expect(first.counts).toEqual(whole.counts);
    expect(first.missingFromTheirs).toEqual(whole.missingFromTheirs!.slice(0, 2));
    expect(first.unmatched).toEqual(whole.unmatched.slice(0, 2));
    expect(first.held).toEqual(whole.held);
    for (const section of ["missingFromTheirs", "unmatched"] as const) {
      const pages = [];
      for (let offset = 0; offset < whole.counts[section]; offset += 2) {
        const page = await counterpartReportRows(coord.ctx, theirs.id, { section, offset, limit: 2 });
        expect(page.total).toBe(whole.counts[section]);
        pages.push(...page.rows);
      }
      expect(pages).toEqual(whole[section]);
    }
    expect((await counterpartReportRows(coord.ctx, theirs.id, { section: "missingFromTheirs", offset: 10, limit: 2 })).rows).toEqual([]);
    await expect(counterpartReportRows(coord.ctx, list.id, { section: "held" })).rejects.toThrow(/counterpart/);
  });

  // Found by an adversarial run: a 20 MB junk upload held the server for 4.5–9 s.
  it("20 MB of junk is refused from its first bytes, quickly, with a clear reason", async () => {
    const { randomBytes } = await import("node:crypto");
    const junk = randomBytes(20 * 1024 * 1024);
    const oneLine = Buffer.concat([Buffer.from("ФИО,дата рождения\n"), Buffer.alloc(20 * 1024 * 1024, "x")]);
    for (const [fileName, content, reason] of [
      ["их-список.xlsx", junk, /not a zip archive/],
      ["их-список.csv", junk, /binary content|no header line/],
      ["их-список.csv", Buffer.alloc(20 * 1024 * 1024, "a"), /no header line/],
      ["их-список.csv", oneLine, /cannot be read/],
    ] as const) {
      const t0 = performance.now();
      await expect(readCounterpartFile(fileName, content)).rejects.toThrow(reason);
      expect(performance.now() - t0, fileName).toBeLessThan(1500);
    }
  });
});
