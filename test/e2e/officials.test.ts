import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { createOfficial } from "../../src/services/officials.js";
import { linkOfficialToCase } from "../../src/services/officialLinks.js";
import { setOfficialsSetting } from "../../src/services/officialsPublic.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeCase, makePerson, makeUser } from "../helpers/factories.js";
import { startE2E, watchConsole, type E2E } from "./harness.js";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

// Officials in the staff app, in Russian: create an official, link them to two cases as the judge, open their
// page (cases, people sentenced, total years), download the dossier and the FollowTheMoney export.

let e2e: E2E;
let researcher: string;
let caseA: string;

beforeAll(async () => {
  e2e = await startE2E();
  researcher = (await makeUser(e2e.rt, "researcher")).email;
  const a = await makePerson(e2e.rt, { primaryName: "Первушин Антон Игоревич", alternateNames: [], publicityConsent: "full" });
  caseA = (await makeCase(e2e.rt, a.id, { caseNumber: "1-101/2023", sentenceYears: 7 })).id;
  const b = await makePerson(e2e.rt, { primaryName: "Вторушина Мария Олеговна", alternateNames: [], sex: "female", publicityConsent: "none" });
  await makeCase(e2e.rt, b.id, { caseNumber: "1-202/2024", sentenceYears: 6, sentenceMonths: 6 });
}, 120_000);

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  expect(leaked).toEqual([]);
});

describe("officials in the staff app (Russian)", () => {
  it("creates an official, links them to two cases as judge, opens their page and exports", async () => {
    const { page, context } = await e2e.newPage({ locale: "ru-RU" });
    const errors = watchConsole(page);
    await page.goto(`${e2e.base}/app/`);
    await page.getByLabel("Эл. почта").fill(researcher);
    await page.getByLabel("Пароль").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByRole("link", { name: "Чиновники", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Чиновники" }).waitFor();
    await page.getByRole("link", { name: "Новый чиновник" }).click();

    await page.getByLabel("ФИО (кириллицей, как в документах суда)").fill("Сташина Елена Анатольевна");
    await page.getByLabel("ФИО латиницей").fill("Stashina Elena");
    await page.getByLabel("Орган (суд, управление, колония)").fill("Мещанский районный суд г. Москвы");
    await page.getByLabel("Должность", { exact: true }).fill("федеральный судья");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("heading", { level: 1, name: "Сташина Елена Анатольевна" }).waitFor();
    await page.getByText("Пока не связан ни с одним делом.").waitFor();

    for (const [typed, name] of [["Первушин", "Первушин Антон Игоревич"], ["Вторушина", "Вторушина Мария Олеговна"]] as const) {
      const form = page.getByTestId("link-to-case");
      await form.getByLabel("Человек", { exact: true }).fill(typed);
      // The search finds them by part of the name (other near spellings may be offered too): choose; their one case is
      // then chosen, and the role defaults to the judge of first instance.
      const option = form.getByLabel("Выберите человека").locator("option", { hasText: name });
      await option.waitFor({ state: "attached" });
      await form.getByLabel("Выберите человека").selectOption((await option.getAttribute("value"))!);
      await expectSelected(form.getByLabel("Дело", { exact: true }));
      expect(await form.getByLabel("Роль").inputValue()).toBe("judge_first_instance");
      await form.getByRole("button", { name: "Связать" }).click();
      await page.getByRole("link", { name }).waitFor();
    }

    const roles = page.getByTestId("official-role");
    expect(await roles.count()).toBe(2);
    expect(await roles.first().textContent()).toContain("судья первой инстанции");
    const record = page.getByTestId("official-record");
    await record.getByText("13,5").waitFor();
    expect(await record.textContent()).toMatch(/Дела\s*2/);

    // A source, graded: shown on the page and carried into the FtM export as the official's sourceUrl.
    const sources = page.getByTestId("official-sources");
    await sources.getByLabel("Источник (название)").fill("Карточка дела на сайте суда");
    await sources.getByLabel("Ссылка").fill("https://mos-gorsud.ru/rs/meshchanskij/cases/1-101-2023");
    await sources.getByLabel("Надёжность").selectOption("B");
    await sources.getByRole("button", { name: "Добавить" }).click();
    await sources.getByRole("link", { name: "Карточка дела на сайте суда" }).waitFor();

    // The case's page shows the judge too.
    await page.getByRole("link", { name: "Первушин Антон Игоревич" }).click();
    await page.getByTestId("case-officials").getByRole("link", { name: "Сташина Елена Анатольевна" }).click();
    await page.getByRole("heading", { level: 1, name: "Сташина Елена Анатольевна" }).waitFor();

    const [dossier] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Досье (PDF)" }).click()]);
    expect(dossier.suggestedFilename()).toBe("dossier-stashina-elena.pdf");
    expect(readFileSync((await dossier.path())!).subarray(0, 5).toString()).toBe("%PDF-");

    await page.getByRole("link", { name: "Чиновники", exact: true }).first().click();
    const [ftm] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^FollowTheMoney/ }).click()]);
    const lines = readFileSync((await ftm.path())!, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { schema: string; properties: Record<string, string[]> });
    expect(lines.filter((e) => e.schema === "CourtCaseParty" && e.properties.role?.[0] === "judge (first instance)")).toHaveLength(2);
    const text = JSON.stringify(lines);
    expect(text).toContain("Первушин Антон Игоревич");
    expect(lines.find((e) => e.schema === "Person" && e.properties.name?.[0] === "Сташина Елена Анатольевна")?.properties.sourceUrl).toEqual(["https://mos-gorsud.ru/rs/meshchanskij/cases/1-101-2023"]);
    // No publicity consent: her case is exported without her name.
    expect(text).not.toContain("Вторушина");
    expect(errors.join("\n")).toBe("");
    await context.close();
  });
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

describe("officials screens (axe-core)", () => {
  it("finds no serious or critical problems on the list, an official's page, the form, the link review and the public page", async () => {
    const o = await createOfficial(e2e.rt.systemCtx(), { primaryName: "Проверкина Анна Сергеевна", nameLatin: "Proverkina Anna", positions: [{ bodyName: "Басманный районный суд г. Москвы", position: "судья" }] });
    await linkOfficialToCase(e2e.rt.systemCtx(), o.id, { caseId: caseA, role: "judge_appeal", fromDate: "2023-10-01" });
    await setOfficialsSetting(e2e.rt.systemCtx(), { publicPage: true });
    const context = await e2e.browser.newContext({ bypassCSP: true, locale: "ru-RU", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const found: Record<string, string[]> = {};
    await page.goto(`${e2e.base}/app/`);
    await page.getByLabel("Эл. почта").fill(researcher);
    await page.getByLabel("Пароль").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByRole("link", { name: "Чиновники", exact: true }).waitFor();
    await page.goto(`${e2e.base}/app/officials`);
    await page.getByTestId("officials").waitFor();
    found.list = await violations(page);
    await page.goto(`${e2e.base}/app/officials/${o.id}`);
    await page.getByTestId("official-role").first().waitFor();
    found.official = await violations(page);
    await page.goto(`${e2e.base}/app/officials/new`);
    await page.getByLabel("ФИО латиницей").waitFor();
    found.form = await violations(page);
    // The same official under another spelling: refused with the existing record's name, then confirmed as a namesake.
    await page.getByLabel("ФИО (кириллицей, как в документах суда)").fill("Проверкина А.С.");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("чиновник «Проверкина Анна Сергеевна» уже есть: подтвердите, что это другой человек").waitFor();
    await page.getByLabel("Это другой человек с тем же именем: создать отдельную запись").check();
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("heading", { level: 1, name: "Проверкина А.С." }).waitFor();
    await page.goto(`${e2e.base}/app/officials/proposals`);
    await page.getByRole("button", { name: "Прочитать дела заново" }).waitFor();
    found.proposals = await violations(page);
    await page.goto(`${e2e.base}/officials?lang=ru`);
    await page.getByRole("heading", { level: 2, name: "Проверкина Анна Сергеевна" }).waitFor();
    found.publicPage = await violations(page);
    expect(found).toEqual({ list: [], official: [], form: [], proposals: [], publicPage: [] });
    await context.close();
  });
});

async function expectSelected(select: import("playwright-core").Locator): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await select.inputValue()) !== "") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nothing was chosen");
}
