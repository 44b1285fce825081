import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makePerson, makeUser, signInHeaders } from "../helpers/factories.js";
import { PASSWORD } from "./flows.js";
import { startE2E, type E2E } from "./harness.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

// The record screen in Russian (a coordinator assigns a lawyer, records consent with its date, a source and a health
// condition; the lawyer then finds the person), and a session that ends while someone types an edit.

let e2e: E2E;
let personId: string;
let coordinatorCookie: string;
let lawyer: { email: string; id: string; name: string };
let researcher: string;

beforeAll(async () => {
  e2e = await startE2E();
  personId = (await makePerson(e2e.rt, { primaryName: "Записова Ирина Павловна", alternateNames: [] })).id;
  const c = await makeUser(e2e.rt, "coordinator");
  coordinatorCookie = (await signInHeaders(e2e.app, c.email)).cookie.split("=")[1]!;
  const l = await makeUser(e2e.rt, "lawyer");
  lawyer = { email: l.email, id: l.user.id, name: l.user.displayName };
  researcher = (await makeUser(e2e.rt, "researcher")).email;
});

afterAll(async () => {
  await e2e?.close();
});

async function pageAs(cookie: string, locale = "ru"): Promise<Page> {
  const { context, page } = await e2e.newPage({ locale });
  await context.addCookies([{ name: "aff_session", value: cookie, url: e2e.base }]);
  await context.addInitScript((l) => localStorage.setItem("aff.locale", l), locale);
  return page;
}

describe("a person's records, in Russian", () => {
  it("assigns a lawyer, records consent (who, when, how), a source and a health condition; the lawyer then sees the person", async () => {
    const page = await pageAs(coordinatorCookie);
    await page.goto(`${e2e.base}/app/people/${personId}`);
    await page.getByRole("link", { name: "Записи и назначение" }).click();
    await page.getByRole("heading", { name: "Записи: Записова Ирина Павловна" }).waitFor();

    // Assign: the empty state first, then the lawyer by name.
    await page.getByText("Адвокат не назначен.").waitFor();
    await page.getByTestId("assign-form").getByLabel("Адвокат").selectOption({ label: lawyer.name });
    await page.getByRole("button", { name: "Назначить" }).click();
    await page.getByTestId("assignments").getByText(lawyer.name).waitFor();

    // Consent with a date as people write it; an impossible date is refused beside its field, in Russian.
    const consent = page.getByTestId("consent-form");
    await consent.getByLabel("Публичность").selectOption("full");
    await consent.getByLabel("Кто дал согласие").fill("мать, Ольга Сергеевна");
    await consent.getByLabel("Когда дано", { exact: true }).fill("31.02.2024");
    await consent.getByRole("button", { name: "Записать согласие" }).click();
    await consent.locator(".field.has-error").getByText(/дата/i).first().waitFor();
    await consent.getByLabel("Когда дано", { exact: true }).fill("12.03.2024");
    await consent.getByLabel("Как получено согласие").fill("письмом из колонии");
    await consent.getByRole("button", { name: "Записать согласие" }).click();
    await page.getByTestId("consent-records").getByText("мать, Ольга Сергеевна").waitFor();
    await page.getByTestId("consent-records").getByText(/дано 12 мар/).waitFor();

    // A new source, cited at once.
    const source = page.getByTestId("source-form");
    await source.getByLabel("Название").fill("Приговор Мещанского суда");
    await source.getByLabel("Вид").selectOption("court_record");
    await source.getByRole("button", { name: "Добавить и указать" }).click();
    await page.getByTestId("sources-form").getByRole("listitem").filter({ hasText: "Приговор Мещанского суда" }).waitFor();

    // Health: a wrong ICD-10 code comes back beside the codes field.
    const health = page.getByTestId("health-form");
    await health.getByLabel("Состояние").fill("сахарный диабет 1 типа");
    await health.getByLabel("Коды МКБ-10").fill("E10, рак");
    await health.getByRole("button", { name: "Записать" }).click();
    await health.locator(".field.has-error").waitFor();
    await health.getByLabel("Коды МКБ-10").fill("E10");
    await health.getByRole("button", { name: "Записать" }).click();
    await health.getByText("Сохранено.").waitFor();
    await page.context().close();

    const db = e2e.rt.database.db;
    // Read back through the API (names and notes may be sealed at rest).
    const rh = await signInHeaders(e2e.app, researcher);
    const stored = (await e2e.app.inject({ url: `/api/v1/people/${personId}/consents`, headers: rh })).json() as { items: { givenBy: string; givenOn: string; note: string }[] };
    expect(stored.items).toMatchObject([{ givenBy: "мать, Ольга Сергеевна", givenOn: "2024-03-12", note: "письмом из колонии" }]);
    const health1 = (await db.execute(sql`select severity from health_record where person_id = ${personId}`)) as unknown as { rows: unknown[] };
    expect(health1.rows).toHaveLength(1);

    // The lawyer now reaches the person (before the assignment the API answered 404).
    const lawyerCookie = (await signInHeaders(e2e.app, lawyer.email)).cookie.split("=")[1]!;
    const lp = await pageAs(lawyerCookie);
    await lp.goto(`${e2e.base}/app/people/${personId}`);
    await lp.getByRole("heading", { name: "Записова Ирина Павловна" }).waitFor();
    await lp.context().close();
  });
});

describe("search results added to an exchange list", () => {
  it("ticks people in the results and adds them to a draft list in one go, warning that two may be one person", async () => {
    const h = await signInHeaders(e2e.app, researcher);
    // A draft list built from another category, so it starts without these people.
    const list = (await e2e.app.inject({ method: "POST", url: "/api/v1/lists", headers: h, payload: { name: "Обмен — весна", categories: ["ua_civilian_hostage"] } })).json() as { id: string };
    const a = await makePerson(e2e.rt, { primaryName: "Двойников Пётр Ильич", alternateNames: [], birthDate: "1970-05-04" });
    const b = await makePerson(e2e.rt, { primaryName: "Двойников Пётр Ильич", alternateNames: [], birthDate: "1970-05-04", homeRegion: "RU-MOS" });
    const page = await pageAs(h.cookie.split("=")[1]!);
    await page.goto(`${e2e.base}/app/people?q=${encodeURIComponent("Двойников")}`);
    await page.getByRole("checkbox", { name: "Выбрать всех на этой странице" }).check();
    const bar = page.getByTestId("bulk-bar");
    await bar.getByText("Выбрано 2 человека").waitFor();
    await bar.getByLabel("Черновик списка обмена").selectOption({ label: "Обмен — весна" });
    await bar.getByRole("button", { name: "Добавить в список" }).click();
    await bar.getByText("Добавлено в «Обмен — весна» (новая версия списка).").waitFor();
    await bar.getByText(/один человек назван дважды/).waitFor();
    await bar.getByRole("link", { name: "сравнить" }).waitFor();
    const v2 = (await e2e.app.inject({ url: `/api/v1/lists/${list.id}/versions/2`, headers: h })).json() as { rows: { personId: string }[] };
    expect(v2.rows.map((r) => r.personId).sort()).toEqual([a.id, b.id].sort());
    await page.context().close();
  });
});

describe("a session that ends while editing", () => {
  it("asks to sign in again over the form and then saves what was typed", async () => {
    const { page, context } = await e2e.newPage({ locale: "ru" });
    await context.addInitScript(() => localStorage.setItem("aff.locale", "ru"));
    await page.goto(`${e2e.base}/app/people/${personId}/edit`);
    await page.locator("input[type=email]").fill(researcher);
    await page.locator("input[type=password]").fill(PASSWORD);
    await page.locator("form button[type=submit]").click();
    const summary = page.getByLabel("Публичное описание");
    await summary.waitFor();
    await summary.fill("Учительница из Твери, задержана за пост.");
    // The session ends on the server (expiry, sign-out elsewhere) while the form is open.
    await e2e.rt.database.db.execute(sql`delete from user_session`);
    await page.locator("form.edit-form button[type=submit]").first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "Сеанс завершился: войдите снова" }).waitFor();
    // The typed text is still there behind the dialog.
    expect(await summary.inputValue()).toBe("Учительница из Твери, задержана за пост.");
    await dialog.locator("input[type=email]").fill(researcher);
    await dialog.locator("input[type=password]").fill(PASSWORD);
    await dialog.locator("button[type=submit]").click();
    await dialog.waitFor({ state: "detached" });
    await page.waitForURL(`${e2e.base}/app/people/${personId}`);
    const stored = (await e2e.app.inject({ url: `/api/v1/people/${personId}`, headers: await signInHeaders(e2e.app, researcher) })).json() as { publicSummary: string };
    expect(stored.publicSummary).toBe("Учительница из Твери, задержана за пост.");
    await context.close();
  });
});
