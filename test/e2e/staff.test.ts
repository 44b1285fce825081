import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeCase, makePerson, makeUser } from "../helpers/factories.js";
import { signIn, startE2E, watchConsole, type E2E } from "./harness.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// The staff app in a real browser against the real server: sign-in, search across transliterations,
// editing a case with server-side validation, and switching the language.

let e2e: E2E;
let researcher: string;
let gorinovId: string;

beforeAll(async () => {
  e2e = await startE2E();
  researcher = (await makeUser(e2e.rt, "researcher")).email;
  const g = await makePerson(e2e.rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], homeRegion: "Moscow", statusSince: "2022-07-08" });
  gorinovId = g.id;
  await makeCase(e2e.rt, g.id, {
    caseNumber: "12201450001000123",
    changes: [
      { date: "2022-09-19", stage: "appeal", outcome: "upheld" },
      { date: "2025-03-03", stage: "parole_refused" },
    ],
  });
  await makePerson(e2e.rt, { primaryName: "Скочиленко Александра Юрьевна", alternateNames: [], sex: "female", birthDate: "1990-09-13", homeRegion: "Saint Petersburg", status: "released", statusSince: "2024-08-01" });
  await makePerson(e2e.rt, { primaryName: "Хоменко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", status: "detained", homeRegion: "Kherson Oblast" });
}, 120_000);

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  // Nothing may be loaded from a third party (fonts, scripts, analytics).
  expect(leaked).toEqual([]);
});

describe("staff app", () => {
  it("refuses a wrong password, then signs in and shows the dashboard", async () => {
    const { page, context } = await e2e.newPage();
    const errors = watchConsole(page);
    await signIn(page, e2e.base, researcher, "not the password at all");
    await page.getByText("The email or password is wrong.").waitFor();
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.locator(".kpi strong").first().textContent()).toBe("3");
    // Charts are drawn: SVG marks exist for the article chart.
    await page.getByRole("heading", { name: "Most common articles" }).waitFor();
    expect(await page.locator("svg.svg-chart rect").count()).toBeGreaterThan(3);
    expect(errors.join("\n")).toBe("");
    await context.close();
  });

  it("finds a Cyrillic name from a different transliteration as you type, and opens the person", async () => {
    const { page, context } = await e2e.newPage();
    await signIn(page, e2e.base, researcher);
    await page.getByRole("link", { name: "People", exact: true }).click();
    await page.getByLabel("Find a person").fill("Alexey Gorinov");
    const row = page.getByRole("link", { name: "Горинов Алексей Александрович" });
    await page.getByText("1 person", { exact: true }).waitFor();
    await row.waitFor();
    expect(await page.locator("table.results tbody tr").count()).toBe(1);
    expect(await page.locator("table.results .badge.match").count()).toBe(1);
    expect(page.url()).toContain("q=Alexey+Gorinov");
    // A partial word in Latin letters finds the Cyrillic name too.
    await page.getByLabel("Find a person").fill("skochil");
    await page.getByRole("link", { name: "Скочиленко Александра Юрьевна" }).waitFor();
    await page.getByLabel("Find a person").fill("Gorinov");
    await row.click();
    await page.getByRole("heading", { level: 1, name: "Горинов Алексей Александрович" }).waitFor();
    await page.getByText("Art. 207.3 part 2, Russian Criminal Code").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/people/${gorinovId}`);
    await context.close();
  });

  it("edits a case: the server's validation error appears beside the field, then the change is saved", async () => {
    const { page, context } = await e2e.newPage();
    await signIn(page, e2e.base, researcher);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.goto(`${e2e.base}/app/people/${gorinovId}`);
    await page.getByRole("link", { name: "Edit case" }).click();
    const years = page.getByLabel("Years");
    await years.waitFor();
    expect(await years.inputValue()).toBe("7");
    await years.fill("60");
    await page.getByLabel("Article", { exact: true }).fill("207,3");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Some fields need attention").waitFor();
    // Both errors are tied to their inputs (aria-describedby), so a screen reader reads them with the field.
    expect(await years.getAttribute("aria-invalid")).toBe("true");
    const yearsError = await page.locator(`#${await years.getAttribute("aria-describedby")}`).textContent();
    expect(yearsError).toMatch(/50/);
    expect(await page.getByText("expected an article number such as 207.3").count()).toBe(1);
    await years.fill("8");
    await page.getByLabel("Article", { exact: true }).fill("207.3");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { level: 1, name: "Горинов Алексей Александрович" }).waitFor();
    await page.getByTestId("case").getByText("8 years, general regime colony", { exact: true }).waitFor();
    const person = await e2e.app.inject({ url: `/api/v1/people/${gorinovId}`, headers: { cookie: `aff_session=${await sessionOf(researcher)}` } });
    expect(person.json().cases[0].sentence.years).toBe(8);
    await context.close();
  });

  it("switches the language: labels, plural forms and dates follow, and the choice is remembered", async () => {
    const { page, context } = await e2e.newPage();
    await signIn(page, e2e.base, researcher);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByLabel("Language").selectOption("ru");
    await page.getByRole("heading", { name: "Обзор" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    await page.getByRole("link", { name: "Люди" }).click();
    await page.getByText("3 человека").waitFor();
    await page.goto(`${e2e.base}/app/people/${gorinovId}`);
    await page.getByRole("heading", { name: "Уголовные дела" }).waitFor();
    // Russian date format for the status date (8 июля 2022 г. → "8 июл. 2022 г." in medium style).
    expect(await page.locator(".person-head").textContent()).toMatch(/с 8 июл/);
    // The release-date working is rendered from the server's message codes in Russian legal usage, dates in
    // Russian; nothing of the English text remains.
    const release = page.getByTestId("release");
    await release.locator("details summary").first().click();
    await release
      .getByText("СИЗО: 26 апр. 2022 г. – 7 июл. 2022 г. (73 дня) × 1,5 [колония общего режима] = зачёт 109,5 дня (п. «б» ч. 3.1 ст. 72 УК РФ).", { exact: true })
      .waitFor();
    await release.getByText(/^Условно-досрочное освобождение \(п\. «б» ч\. 3 ст\. 79 УК РФ\)/).waitFor();
    expect(await release.textContent()).not.toMatch(/days credit|Verdict|working day/);
    // The chain of court decisions, visible without opening the working, in Russian.
    const chain = release.getByTestId("decision-chain");
    await chain.getByText("Судебные решения (дело 1)").waitFor();
    expect(await chain.textContent()).toMatch(/приговор первой инстанции.*апелляция.*оставлен без изменения.*в УДО отказано.*повторное ходатайство — с 3 сент\. 2025 г\./s);
    await page.getByTestId("priority").getByText("публичность: неизвестна").waitFor();
    await page.getByLabel("Язык").selectOption("uk");
    await page.getByRole("heading", { name: "Кримінальні справи" }).waitFor();
    await expect.poll(() => release.getByTestId("release-working").textContent()).toContain("= зараховано 109,5 дня (п. «б» ч. 3.1 ст. 72 КК РФ).");
    await page.reload();
    await page.getByRole("heading", { name: "Кримінальні справи" }).waitFor();
    await context.close();
  });

  it("shows a volunteer only what their role may see: no cases, no timeline, no editing", async () => {
    const volunteer = (await makeUser(e2e.rt, "volunteer")).email;
    const { page, context } = await e2e.newPage();
    const errors = watchConsole(page);
    await signIn(page, e2e.base, volunteer);
    await page.getByRole("link", { name: "People", exact: true }).click();
    await page.getByText("3 people").waitFor();
    await page.goto(`${e2e.base}/app/people/${gorinovId}`);
    await page.getByRole("heading", { level: 1, name: "Горинов Алексей Александрович" }).waitFor();
    await page.getByRole("heading", { name: "Names and spellings" }).waitFor();
    expect(await page.getByRole("heading", { name: "Criminal cases" }).count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Status history" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Edit" }).count()).toBe(0);
    expect(await page.getByText("12201450001000123").count()).toBe(0);
    // Screens their role cannot use are not offered.
    expect(await page.getByRole("link", { name: "Appeals" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Exchange lists" }).count()).toBe(0);
    expect(errors.join("\n")).toBe("");
    await context.close();
  });

  it("works on a phone-sized screen: the menu folds into a button", async () => {
    const { page, context } = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, e2e.base, researcher);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    const people = page.getByRole("link", { name: "People", exact: true });
    expect(await people.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Menu" }).click();
    await people.click();
    await page.getByRole("heading", { name: "People" }).waitFor();
    await context.close();
  });
});

/** A session of `email` (the cookie's value: sessions are never accepted as bearer tokens). */
async function sessionOf(email: string): Promise<string> {
  const res = await e2e.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password: "correct horse battery staple" } });
  return res.cookies.find((c) => c.name === "aff_session")!.value;
}
