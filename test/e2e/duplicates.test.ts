import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { currentCode } from "../../src/services/secondFactor.js";
import { makePerson, makeUser, TEST_TOTP_SECRET, TEST_PASSWORD } from "../helpers/factories.js";
import { startE2E, watchConsole, type E2E } from "./harness.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// One person, one record, in Russian: the create form warns about a probable duplicate, the duplicates screen
// lists the pair, the merge screen joins them, and the one remaining record carries both spellings.

let e2e: E2E;
let coordinator: string;
let gorinovId: string;

beforeAll(async () => {
  e2e = await startE2E();
  coordinator = (await makeUser(e2e.rt, "coordinator")).email;
  gorinovId = (await makePerson(e2e.rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], birthDate: "1961-07-08" })).id;
});

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  expect(leaked).toEqual([]);
});

describe("duplicates in the staff app (Russian)", () => {
  it("warns at creation, lists the pair, merges it, and shows one record with both spellings", async () => {
    const { page } = await e2e.newPage({ locale: "ru-RU" });
    const errors = watchConsole(page);
    await page.goto(`${e2e.base}/app/`);
    await page.getByLabel("Эл. почта").fill(coordinator);
    await page.getByLabel("Пароль").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByLabel("Код", { exact: true }).fill(currentCode(TEST_TOTP_SECRET));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("link", { name: "Дубликаты" }).waitFor();

    // The same person in Latin letters with the same birth date: refused with the explanation and two choices.
    await page.goto(`${e2e.base}/app/people/new`);
    await page.getByLabel("Имя (как в документах)").fill("Gorinov Aleksei Aleksandrovich");
    await page.getByLabel("Дата рождения", { exact: true }).fill("08.07.1961");
    await page.getByRole("button", { name: "Сохранить" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Возможно, этот человек уже есть в реестре" });
    await dialog.waitFor();
    await dialog.getByRole("link", { name: "Открыть: Горинов Алексей Александрович" }).waitFor();
    expect(await dialog.locator(".explanation li").count()).toBeGreaterThan(0);
    await dialog.getByRole("button", { name: "Это другой человек: создать" }).waitFor();

    // With another birth date in the same year it is only possible: saved, and said.
    await page.getByLabel("Дата рождения", { exact: true }).fill("02.03.1961");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("heading", { name: "Запись создана. Возможно, это тот же человек, что:" }).waitFor();
    await page.getByRole("link", { name: "Перейти к новой записи" }).click();
    await page.getByRole("heading", { name: "Gorinov Aleksei Aleksandrovich" }).waitFor();
    const newId = page.url().split("/").pop()!;

    // The duplicates screen lists the pair; merge, keeping the Cyrillic name and the full birth date.
    await page.getByRole("link", { name: "Дубликаты" }).click();
    await page.getByRole("heading", { name: "Вероятные дубликаты" }).waitFor();
    await page.getByRole("link", { name: "Объединить" }).first().click();
    await page.getByRole("heading", { name: "Объединение двух записей" }).waitFor();
    await page.getByRole("radio", { name: "Горинов Алексей Александрович" }).check();
    // Dates are shown as the locale writes them (8 июл. 1961 г.), not as stored.
    await page.getByRole("radio", { name: /июл/ }).check();
    await page.getByRole("button", { name: "Объединить" }).click();

    // One record remains, under whichever id was kept, with both spellings.
    await page.waitForURL(/\/app\/people\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Горинов Алексей Александрович" }).waitFor();
    const names = page.getByTestId("names");
    await names.getByText("Gorinov Aleksei Aleksandrovich").waitFor();
    await names.getByText("Горинов Алексей Александрович").waitFor();
    const kept = page.url().split("/").pop()!;
    expect([gorinovId, newId]).toContain(kept);
    // The merged-away id leads to the kept record.
    const gone = kept === gorinovId ? newId : gorinovId;
    await page.goto(`${e2e.base}/app/people/${gone}`);
    await page.waitForURL(new RegExp(`/app/people/${kept}$`));
    const people = await e2e.rt.database.db.execute(`select count(*)::int as n from person where id in ('${gorinovId}', '${newId}')`);
    expect((people as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
    expect(errors.join("\n")).toBe("");
  });
});
