// The issue's sheets, as NGOs keep them (test/fixtures/import, written before the reader and never edited to
// pass), import without editing; nobody is created twice.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseArticle, criminalCase, custodyPeriod } from "../../src/db/schema/case.js";
import { importReview } from "../../src/db/schema/importReview.js";
import { person } from "../../src/db/schema/person.js";
import { auditEvent } from "../../src/db/schema/audit.js";
import { readPersonSensitive } from "../../src/services/personSensitive.js";
import { describeImport } from "../../src/services/import/describe.js";
import { ImportRefused, importPeople } from "../../src/services/import/importPeople.js";
import { renderIssue, renderMessage } from "../../src/services/import/messages.js";
import { readMapFile } from "../../src/services/import/describe.js";
import { decideImportReview, listImportReviews } from "../../src/services/import/review.js";
import { getPerson, listPeople } from "../../src/services/people.js";
import { computePersonReleaseDates } from "../../src/services/releaseDate.js";
import { makeUser } from "../helpers/factories.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

const fixture = (name: string) => join(import.meta.dirname, "../fixtures/import", name);
let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => rt.close());

const people = async () => (await rt.database.db.select({ n: count() }).from(person))[0]!.n;
const find = async (q: string) => {
  const list = await listPeople(rt.systemCtx(), { q });
  expect(list.total, q).toBe(1);
  const d = await getPerson(rt.systemCtx(), list.rows[0]!.id);
  return { ...d, ...d.person };
};

describe("a Russian NGO's cp1251 CSV (№;ФИО;Дата рождения;Пол;Регион;Статья;Приговор;Дата задержания;Место содержания)", () => {
  it("needs a category: refused with the headers found and the accepted names", async () => {
    const e = await importPeople(rt.systemCtx(), { path: fixture("ovd-cp1251.csv") }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportRefused);
    const text = renderMessage("ru", (e as ImportRefused).reason);
    expect(text).toContain("ovd-cp1251.csv: нет колонки категории");
    expect(text).toContain("№, ФИО, Дата рождения, Пол, Регион");
    expect(text).toContain("категория");
    expect(await people()).toBe(0);
  });

  it("dry run: reports what would happen and writes nothing", async () => {
    const r = await importPeople(rt.systemCtx(), { path: fixture("ovd-cp1251.csv"), category: "политзаключённый", dryRun: true });
    expect(r).toMatchObject({ encoding: "windows-1251", separator: ";", rows: 7, created: 6, failed: 1, review: 0, dryRun: true });
    expect(await people()).toBe(0);
  });

  it("imports every row with --category, reading dates, sex, articles and sentences as written", async () => {
    const r = await importPeople(rt.systemCtx(), { path: fixture("ovd-cp1251.csv"), category: "ru_political_prisoner" });
    // Row 8 lists two articles with ";" inside a ";"-separated file without quotes: every later cell has moved
    // one column right, so the row is refused whole (once), never stored in the wrong fields.
    expect(r.issues.map((i) => renderIssue("ru", i))).toEqual([expect.stringMatching(/^ovd-cp1251\.csv:8: \* «7;Орлова Мария Викторовна;.*» — ожидается 9 ячеек, как в заголовке, а не 10 \(вероятно, в ячейке разделитель «;» без кавычек\)$/)]);
    expect(r).toMatchObject({ rows: 7, created: 6, failed: 1 });
    expect(describeImport("ru", r)[0]).toContain("кодировка windows-1251, разделитель ;");
    const gorinov = await find("Горинов");
    expect(gorinov).toMatchObject({ birthDate: "1961-09-12", sex: "male", homeRegion: "RU-MOW", category: "ru_political_prisoner" });
    expect(gorinov.facility?.name).toBe("ИК-3 Владимирская область");
    expect(gorinov.cases[0]).toMatchObject({ detainedOn: "2022-04-26", sentenceYears: 7, regime: "general", articles: [expect.objectContaining({ code: "RU_CC", article: "207.3", part: "2" })] });
    // No custody periods in the sheet: the detention date becomes SIZO to the verdict, marked inferred.
    expect(gorinov.cases[0]!.custodyPeriods).toEqual([expect.objectContaining({ kind: "sizo", fromDate: "2022-04-26", toDate: null, inferred: true })]);
    expect((await find("Скочиленко")).cases[0]!.articles).toEqual([expect.objectContaining({ article: "207.3", part: "2", paragraph: "д" })]);
    expect((await find("Скочиленко")).birthDate).toBe("1990-09-12");
    const kara = await find("Кара-Мурза");
    expect(kara.cases[0]).toMatchObject({ sentenceYears: 25, regime: "strict" });
    expect(kara.cases[0]!.articles.map((a) => `${a.article}:${a.part ?? ""}`).sort()).toEqual(["207.3:2", "280.4:2", "284.1:"]);
    const ivanov = await find("Иванов Пётр");
    expect(ivanov).toMatchObject({ birthYear: 1985, birthDate: null, sex: "male" });
    expect(ivanov.cases[0]).toMatchObject({ fineRub: 500000, sentenceYears: null, articles: [expect.objectContaining({ code: "RU_CAO", article: "20.3.3" })] });
    const petrova = await find("Петрова");
    expect(petrova).toMatchObject({ sex: "female", birthDate: "1993-03-05" });
    expect(petrova.cases[0]).toMatchObject({ sentenceYears: 4, sentenceMonths: 6, regime: "general" });
    expect(petrova.cases[0]!.articles.map((a) => `${a.article}:${a.part}`)).toEqual(["30:3", "205:1"]);
    const sidorov = await find("Сидоров");
    expect(sidorov.cases[0]).toMatchObject({ sentenceYears: null, verdict: "2 года условно" });
  });

  it("a second sheet about the same people, without ids, creates nobody it knows: fills empty fields, leaves the uncertain for review", async () => {
    const before = await people();
    const r = await importPeople(rt.systemCtx(), { path: fixture("ovd-again-cp1251.csv"), category: "ru_political_prisoner" });
    // Orlova's row was refused in the first sheet, so she is new here; everyone else is known.
    expect(r).toMatchObject({ rows: 5, created: 1, failed: 0, review: 1, conflicts: [] });
    expect(await people()).toBe(before + 1);
    const gorinov = await find("Горинов");
    expect(gorinov.cases[0]).toMatchObject({ verdictOn: "2022-07-08", court: "Мещанский районный суд г. Москвы", detainedOn: "2022-04-26" });
    expect(gorinov.homeRegion).toBe("RU-MOW");
    expect((await find("Скочиленко")).cases[0]!.verdictOn).toBe("2023-11-16");
    // Sidorov by birth year only: a match the importer may not trust alone.
    expect(r.reviewRows).toEqual([expect.objectContaining({ row: 5, reason: "matchWithoutBirthDate" })]);

    const again = await importPeople(rt.systemCtx(), { path: fixture("ovd-again-cp1251.csv"), category: "ru_political_prisoner" });
    expect(again).toMatchObject({ created: 0, updated: 0, review: 0 });
    const first = await importPeople(rt.systemCtx(), { path: fixture("ovd-cp1251.csv"), category: "ru_political_prisoner" });
    expect(first).toMatchObject({ created: 0, updated: 0 });
    expect(await people()).toBe(before + 1);
  });

  it("a value that differs from the registry's is reported and never overwritten", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "aff-conflict-")), "moved.csv");
    writeFileSync(path, "ФИО;Дата рождения;Регион;Суд\nГоринов Алексей Александрович;12.09.1961;Владимирская область;Другой суд\n");
    const r = await importPeople(rt.systemCtx(), { path, category: "ru_political_prisoner" });
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(r.conflicts).toEqual([
      expect.objectContaining({ row: 2, column: "Регион", stored: "RU-MOW", value: "Владимирская область" }),
      expect.objectContaining({ row: 2, column: "Суд", stored: "Мещанский районный суд г. Москвы", value: "Другой суд" }),
    ]);
    expect((await find("Горинов")).homeRegion).toBe("RU-MOW");
  });

  it("the review list is worked: same person fills, different person creates", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    const items = await listImportReviews(ctx);
    const sidorov = items.find((i) => i.inputName.startsWith("Сидоров"))!;
    expect(sidorov.candidate?.name).toBe("Сидоров Илья Андреевич");
    const before = await people();
    await decideImportReview(ctx, { id: sidorov.id, decision: "same" });
    expect(await people()).toBe(before);
    const ivanov = (await listImportReviews(ctx)).find((i) => i.inputName.startsWith("Иванов"))!;
    const made = await decideImportReview(ctx, { id: ivanov.id, decision: "different" });
    expect(made.personId).toBeTruthy();
    expect(await people()).toBe(before + 1);
    await expect(decideImportReview(ctx, { id: ivanov.id, decision: "same" })).rejects.toThrow(/already been decided/);
  });

  it("a row left for review keeps its note sealed there; deciding it gives the person the note", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    // Sidorov again with another birth date: a `possible`, not created.
    const sheet = "ФИО;Дата рождения;Категория;Примечание\nСидоров Илья Андреевич;06.11.1979;политзаключённый;адвокат Петров, тел. в деле\n";
    const r = await importPeople(ctx, { file: "заметки.csv", content: Buffer.from(sheet) });
    expect(r).toMatchObject({ created: 0, review: 1 });
    const stored = await rt.database.db.select().from(importReview).where(eq(importReview.file, "заметки.csv"));
    // The whole row is sealed: name, birth date and note (a seized folder shows none of them).
    for (const secret of ["адвокат", "Сидоров", "1979-11-06"]) expect(JSON.stringify(stored), JSON.stringify(stored)).not.toContain(secret);
    const item = (await listImportReviews(ctx)).find((i) => i.file === "заметки.csv")!;
    expect(item.draft.note).toBeNull();
    const made = await decideImportReview(ctx, { id: item.id, decision: "different" });
    expect((await readPersonSensitive(ctx, made.personId!)).staffNote).toBe("адвокат Петров, тел. в деле");
  });
});

describe("other encodings and shapes", () => {
  it("KOI8-R with surname, given name and patronymic in three columns and categories in words", async () => {
    const r = await importPeople(rt.systemCtx(), { path: fixture("registry-koi8r.csv") });
    expect(r).toMatchObject({ encoding: "koi8-r", separator: ";", created: 3, failed: 0 });
    expect((await find("Смирнов Алексей")).primaryName).toBe("Смирнов Алексей Николаевич");
    expect((await find("Кузнецова")).birthDate).toBe("1975-01-21");
    expect((await find("Попов Дмитрий")).primaryName).toBe("Попов Дмитрий");
  });

  it("UTF-8 with BOM: verdict date, court, judge and consent columns (applied for a coordinator)", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const r = await importPeople(ctx, { path: fixture("consents-utf8-bom.csv") });
    expect(r).toMatchObject({ encoding: "utf-8-bom", separator: ",", created: 2, failed: 0, review: 0 });
    const volkov = await find("Волков");
    expect(volkov).toMatchObject({ publicityConsent: "full", exchangeConsent: "consents" });
    expect(volkov.cases[0]).toMatchObject({ verdictOn: "2023-03-15", court: "Мещанский районный суд г. Москвы", judge: "Иванова О. В.", sentenceYears: 5, sentenceMonths: 6 });
    expect(volkov.cases[0]!.custodyPeriods).toEqual([expect.objectContaining({ fromDate: "2022-06-01", toDate: "2023-03-15", inferred: true })]);
    // The imported facts give a release date, and its working says the SIZO period is an assumption.
    const dates = await computePersonReleaseDates(rt.systemCtx(), volkov.id, { asOf: "2024-01-01" });
    const computed = dates.cases.find((c) => c.status === "computed");
    expect(computed && "result" in computed ? computed.result.warningLines.map((w) => w.code) : []).toContain("release.warn.detentionInferred");
    expect(dates.current?.releaseDate).toBeTruthy();
    // The Примечание column is the person's staff note: sealed at rest, opened only by the audited sensitive read.
    // Sealed under Volkov's own key (erasure makes its copies unreadable too).
    const stored = (await rt.database.db.execute(sql`select staff_note_enc as enc from person where id = ${volkov.id}`)) as unknown as { rows: { enc: string }[] };
    expect(stored.rows[0]!.enc.startsWith(`p1.${volkov.id}.`)).toBe(true);
    expect(stored.rows[0]!.enc).not.toContain("семья");
    expect((await readPersonSensitive(ctx, volkov.id)).staffNote).toBe("семья на связи");
    const reads = await rt.database.db.select().from(auditEvent).where(and(eq(auditEvent.type, "person.sensitiveRead"), eq(auditEvent.targetId, volkov.id)));
    expect(reads.map((a) => a.detail)).toEqual([{ fields: ["person.staffNote"] }]);
    expect(JSON.stringify(reads)).not.toContain("семья");
  });

  it("consent columns from a researcher are not applied but left for review", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    // Names are sealed: the earlier import's Volkov is found among the opened names, then deleted by id.
    const earlier = (await rt.database.db.select({ id: person.id, name: person.primaryName }).from(person)).filter((p) => p.name === "Волков Сергей Петрович");
    if (earlier.length) await rt.database.db.delete(person).where(inArray(person.id, earlier.map((p) => p.id)));
    const r = await importPeople(ctx, { path: fixture("consents-utf8-bom.csv") });
    expect(r.created).toBe(1); // Belova is already there (same full birth date): filled, not created
    const volkov = await find("Волков");
    expect(volkov).toMatchObject({ publicityConsent: "none", exchangeConsent: "unknown" });
    expect(r.reviewRows.filter((x) => x.reason === "consent").map((x) => x.row)).toContain(2);
    const item = (await listImportReviews(ctx)).find((i) => i.reason === "consent" && i.inputName.startsWith("Волков"))!;
    await expect(decideImportReview(ctx, { id: item.id, decision: "applied" })).rejects.toThrow(/coordinator/);
    const { ctx: coord } = await makeUser(rt, "coordinator");
    await decideImportReview(coord, { id: item.id, decision: "applied" });
    expect(await find("Волков")).toMatchObject({ publicityConsent: "full", exchangeConsent: "consents" });
  });

  it("tab-separated with English headers", async () => {
    const r = await importPeople(rt.systemCtx(), { path: fixture("english.tsv") });
    expect(r).toMatchObject({ separator: "\t", created: 2, failed: 0 });
    expect((await find("Фёдорова")).birthDate).toBe("1983-06-30");
    expect((await find("Фёдорова")).cases[0]).toMatchObject({ fineRub: 300000 });
    expect((await find("Kozlov")).cases[0]).toMatchObject({ sentenceYears: 8, sentenceMonths: 6, regime: "strict", detainedOn: "2022-05-05" });
  });

  it("a Ukrainian organisation's sheet: Ukrainian headers, sex and categories in Ukrainian, UA Criminal Code", async () => {
    const r = await importPeople(rt.systemCtx(), { path: fixture("ukrainian.csv") });
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ encoding: "utf-8", created: 5, failed: 0 });
    expect(await find("Шевченко Олена")).toMatchObject({ sex: "female", category: "ua_civilian_hostage", homeRegion: "UA-65", birthDate: "1979-02-14" });
    const kovalenko = await find("Коваленко Микола");
    expect(kovalenko).toMatchObject({ sex: "male", birthDate: "1968-05-02" });
    expect((await readPersonSensitive(rt.systemCtx(), kovalenko.id)).staffNote).toBe("викрадений з дому");
    // The same sheet again, its note changed: a conflict reported with the file's value, the stored note not shown nor overwritten.
    const again = await importPeople(rt.systemCtx(), { file: "ukrainian-2.csv", content: Buffer.from(readFileSync(fixture("ukrainian.csv"), "utf8").replace("викрадений з дому", "звільнений")) });
    expect(again.created).toBe(0);
    expect(again.conflicts).toContainEqual(expect.objectContaining({ column: "Примітка", stored: "…", value: "звільнений" }));
    expect((await readPersonSensitive(rt.systemCtx(), kovalenko.id)).staffNote).toBe("викрадений з дому");
    expect(await find("Бондаренко")).toMatchObject({ category: "ua_pow", birthYear: 1995 });
    const t = await find("Ткаченко");
    expect(t).toMatchObject({ category: "held_in_ukraine" });
    expect(t.cases[0]!.articles).toEqual([expect.objectContaining({ code: "UA_CC", article: "111", part: "2" })]);
    expect((await find("Мельник")).cases[0]).toMatchObject({ sentenceYears: 12, regime: "strict" });
  });

  it("XLSX: the people on a second sheet with Excel date cells and bare serials (--sheet)", async () => {
    const e = await importPeople(rt.systemCtx(), { path: fixture("two-sheets.xlsx") }).catch((x: unknown) => x);
    expect(renderMessage("en", (e as ImportRefused).reason)).toMatch(/two-sheets\.xlsx: no name column\. Headers found: Всего/);
    const r = await importPeople(rt.systemCtx(), { path: fixture("two-sheets.xlsx"), sheet: "Заключённые" });
    expect(r).toMatchObject({ format: "xlsx", sheet: "Заключённые", sheets: ["Сводка", "Заключённые"], created: 3, failed: 0 });
    const m = await find("Михайлов Артём");
    expect(m.birthDate).toBe("1986-05-23");
    expect(m.cases[0]).toMatchObject({ detainedOn: "2022-03-15", verdictOn: "2023-02-01" });
    const a = await find("Андреев Кирилл");
    expect(a.birthDate).toBe("1990-01-01");
    expect(a.cases[0]!.detainedOn).toBe("2022-06-20");
  });

  it("headers nobody could guess, with a mapping file", async () => {
    const r = await importPeople(rt.systemCtx(), { path: fixture("odd-headers.csv"), map: readMapFile(fixture("odd-headers.map.json")), category: "ru_political_prisoner" });
    expect(r).toMatchObject({ created: 1, failed: 0 });
    expect((await find("Лебедев Роман")).facility?.name).toBe("ИК-2 Мордовия");
  });
});

describe("refused rows", () => {
  it("say file, row, column, value and what was expected — once per bad cell, in the user's language", async () => {
    const before = await people();
    const r = await importPeople(rt.systemCtx(), { path: fixture("refused.csv") });
    expect(r).toMatchObject({ rows: 5, created: 0, failed: 5 });
    expect(await people()).toBe(before);
    const ru = r.issues.map((i) => renderIssue("ru", i));
    expect(ru).toEqual([
      "refused.csv:2: Дата рождения «31.02.1980» — ожидается дата вида 12.09.1961, 12 сентября 1961, 1961-09-12 или год (1961)",
      "refused.csv:3: Пол «не знаю» — ожидается м/ж, муж./жен., m/f, male/female, ч/ж, чоловіча/жіноча",
      expect.stringMatching(/^refused\.csv:4: Статья «госизмена» — ожидается статьи вида .*не удалось прочесть «госизмена»/),
      "refused.csv:5: ФИО пусто — ожидается имя человека (обязательная колонка)",
      "refused.csv:6: Дата рождения «12.09.15» — ожидается год из четырёх цифр (двузначный год здесь подходит к двум векам)",
      expect.stringMatching(/^refused\.csv:6: Категория «шпион» — ожидается категория/),
    ]);
    expect(renderIssue("uk", r.issues[1]!)).toBe("refused.csv:3: Пол «не знаю» — очікується ч/ж, чоловіча/жіноча, м/ж, муж./жен., m/f, male/female");
    expect(r.refusedRows.map((x) => x.row)).toEqual([2, 3, 4, 5, 6]);
  });
});

describe("storage", () => {
  it("keeps no review row twice and every stored case has its articles", async () => {
    const keys = await rt.database.db.select({ k: importReview.draftKey }).from(importReview);
    expect(new Set(keys.map((k) => k.k)).size).toBe(keys.length);
    const withoutArticles = await rt.database.db.select({ n: count() }).from(criminalCase);
    expect(withoutArticles[0]!.n).toBeGreaterThan(0);
    expect((await rt.database.db.select({ n: count() }).from(caseArticle))[0]!.n).toBeGreaterThan(0);
    expect((await rt.database.db.select({ n: count() }).from(custodyPeriod).where(eq(custodyPeriod.inferred, true)))[0]!.n).toBeGreaterThan(0);
  });
});
