import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importPeople } from "../../src/services/import/importPeople.js";
import { listPeople } from "../../src/services/people.js";
import { currentCode } from "../../src/services/secondFactor.js";
import { makePerson, makeUser, TEST_PASSWORD, TEST_TOTP_SECRET } from "../helpers/factories.js";
import { startE2E, watchConsole, type E2E } from "./harness.js";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// The Import screen in Russian: upload a Russian NGO's cp1251 sheet, map a column, dry run (nothing written),
// commit, and work a `possible` from the review list.

let e2e: E2E;
let researcher: string;
const fixture = (name: string) => join(import.meta.dirname, "../fixtures/import", name);

beforeAll(async () => {
  e2e = await startE2E();
  researcher = (await makeUser(e2e.rt, "researcher")).email;
  // Already registered with another birth date: the sheet's Gorinov is a `possible`, left for review.
  await makePerson(e2e.rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], birthDate: "1961-07-08" });
});

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  expect(leaked).toEqual([]);
});

describe("Import screen (Russian)", () => {
  it("uploads, maps, dry-runs, commits and reviews a possible match", async () => {
    const { page } = await e2e.newPage({ locale: "ru-RU" });
    const errors = watchConsole(page);
    await page.goto(`${e2e.base}/app/`);
    await page.getByLabel("Эл. почта").fill(researcher);
    await page.getByLabel("Пароль").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByRole("link", { name: "Импорт", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Импорт людей из таблицы" }).waitFor();

    await page.getByLabel("Таблица (CSV, XLSX)").setInputFiles(fixture("ovd-cp1251.csv"));
    await page.getByLabel("Категория для строк без неё").selectOption("ru_political_prisoner");
    await page.getByRole("button", { name: "Проверить (пробный прогон)" }).click();
    const report = page.getByTestId("import-report");
    await report.getByText("Пробный прогон: ничего не записано").waitFor();
    await expect(report.textContent()).resolves.toContain("windows-1251");
    // Row 8's unquoted ";" is refused, with the row and what was expected.
    await expect(page.getByTestId("import-issues").textContent()).resolves.toMatch(/ovd-cp1251\.csv:8: .*ожидается 9 ячеек/);
    expect((await listPeople(e2e.rt.systemCtx(), {})).total).toBe(1);

    // Mapping step: the region column is not to be stored this time.
    await page.getByLabel("Сохраняется как: Регион").selectOption("ignore");
    await page.getByRole("button", { name: "Проверить (пробный прогон)" }).click();
    await report.getByText(/будет создано 5, .*на проверку 1, отклонено 1/).waitFor();
    await expect(report.textContent()).resolves.toContain("Скочиленко Александра Юрьевна");

    await page.getByRole("button", { name: "Импортировать" }).click();
    await report.getByText(/Импортировано — 7 строк: создано 5, .*на проверку 1, отклонено 1/).waitFor();
    await expect(page.getByRole("link", { name: /Скачать отклонённые строки/ }).getAttribute("href")).resolves.toMatch(/^data:text\/csv/);
    expect((await listPeople(e2e.rt.systemCtx(), {})).total).toBe(6);
    const kara = (await listPeople(e2e.rt.systemCtx(), { q: "Кара-Мурза" })).rows[0]!;
    expect(kara.homeRegion).toBeNull();

    // The review list: the sheet's Gorinov (born 12.09.1961) against the registered one (08.07.1961).
    const review = page.getByTestId("import-review");
    await review.getByText("Горинов Алексей Александрович", { exact: false }).first().waitFor();
    await review.getByRole("button", { name: "Другой человек" }).click();
    await review.getByText("Решено.").waitFor();
    expect((await listPeople(e2e.rt.systemCtx(), { q: "Горинов" })).total).toBe(2);
    expect(errors).toEqual([]);
  });

  it("the sheet's Примечание is the person's staff note, shown to a coordinator on request", async () => {
    const coordinator = await makeUser(e2e.rt, "coordinator");
    const sheet = "ФИО;Дата рождения;Категория;Примечание\nЗаметкина Анна Петровна;03.04.1985;политзаключённая;семья просит не публиковать адрес\n";
    const r = await importPeople(coordinator.ctx, { file: "заметки.csv", content: Buffer.from(sheet) });
    expect(r).toMatchObject({ created: 1, failed: 0 });
    const id = (await listPeople(e2e.rt.systemCtx(), { q: "Заметкина" })).rows[0]!.id;
    const { page } = await e2e.newPage({ locale: "ru-RU" });
    const errors = watchConsole(page);
    await page.goto(`${e2e.base}/app/`);
    await page.getByLabel("Эл. почта").fill(coordinator.email);
    await page.getByLabel("Пароль").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByLabel("Код", { exact: true }).fill(currentCode(TEST_TOTP_SECRET));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("link", { name: "Импорт", exact: true }).waitFor();
    await page.goto(`${e2e.base}/app/people/${id}`);
    const note = page.getByTestId("staff-note");
    await note.getByRole("heading", { name: "Примечание сотрудников" }).waitFor();
    await expect(note.textContent()).resolves.not.toContain("семья просит");
    await note.getByRole("button", { name: "Показать примечание" }).click();
    await note.getByText("семья просит не публиковать адрес").waitFor();
    expect(errors).toEqual([]);
  });
});
