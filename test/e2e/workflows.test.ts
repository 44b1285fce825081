import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { createUser } from "../../src/services/accounts.js";
import { importMailMessages } from "../../src/services/appeals/index.js";
import { makeExchangeCandidates } from "../helpers/factories.js";
import { commitAppealsNow } from "../helpers/appeals.js";
import { PASSWORD } from "./flows.js";
import { signInEnrollingTotp, startE2E, watchConsole, type E2E } from "./harness.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// Coordinator workflows in a real browser: an appeal sent through the public form is triaged in the staff app;
// an exchange list is built, changed by hand, compared between versions and exported; a counterpart list is
// reconciled. The coordinator enrols an authenticator on first sign-in (their role requires a second factor).

let e2e: E2E;
let coordinator: { context: BrowserContext; page: Page };
let gorinovId: string;

beforeAll(async () => {
  e2e = await startE2E();
  ({ gorinovId } = await makeExchangeCandidates(e2e.rt));
  // Created without a factor (makeUser would enrol a fixed test secret): the first sign-in goes through enrolment.
  const email = "coordinator-e2e@example.org";
  await createUser(e2e.rt.systemCtx(), { email, role: "coordinator", password: PASSWORD });
  coordinator = await e2e.newPage();
  await signInEnrollingTotp(coordinator.page, e2e.base, email);
}, 120_000);

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  // Nothing may be loaded from a third party (fonts, scripts, analytics).
  expect(leaked).toEqual([]);
});

describe("coordinator workflows", () => {
  it("triages an appeal from the public form: the matcher suggests the registered person, one click links them", async () => {
    // The family's side: the public form, no JavaScript needed.
    const { page: family, context } = await e2e.newPage();
    await family.goto(`${e2e.base}/appeal?lang=en`);
    await family.getByLabel("Full name").fill("Alexei Gorinov");
    await family.getByLabel("Date of birth").fill("08.07.1961");
    // The form refuses answers typed faster than a person could (a bot check).
    await family.waitForTimeout(3_200);
    await family.getByRole("button", { name: "Send the appeal" }).click();
    await family.getByRole("heading", { name: "Your appeal has been received" }).waitFor();
    await context.close();
    // Appeals are held until their hour is over, then committed in shuffled order: commit as the hour would.
    await commitAppealsNow(e2e.rt);

    const page = coordinator.page;
    const errors = watchConsole(page);
    await page.getByRole("link", { name: "Appeals" }).click();
    await page.getByRole("heading", { name: "Appeals triage" }).waitFor();
    await page.getByRole("button", { name: /Alexei Gorinov/ }).click();
    const suggestion = page.getByTestId("suggestion").filter({ hasText: "Горинов Алексей Александрович" });
    await suggestion.waitFor();
    expect(await suggestion.locator(".badge.match").count()).toBe(1);
    await suggestion.getByRole("button", { name: "This is the person" }).click();
    await page.getByText("Done.").waitFor();
    await page.locator("#appeal-title + .badge", { hasText: "added to the registry" }).waitFor();

    const appeals = await e2e.app.inject({ url: "/api/v1/appeals?status=added_to_registry", headers: await headers(page) });
    expect(appeals.json().items.map((a: { linkedPersonId: string }) => a.linkedPersonId)).toEqual([gorinovId]);
    // The person's page lists the appeal now.
    await page.goto(`${e2e.base}/app/people/${gorinovId}`);
    await page.getByTestId("appeals").getByRole("link", { name: "Alexei Gorinov" }).waitFor();
    expect(errors.join("\n")).toBe("");
  });

  it("an e-mailed appeal without a name: staff fill in who it is about and the matcher's suggestion appears", async () => {
    const raw = Buffer.from(
      ["From: family@example.org", "To: appeals@example.org", "Subject: Please help", "Message-ID: <e2e-1@example.org>", "Date: Mon, 23 Nov 2026 10:00:00 +0000", "Content-Type: text/plain; charset=utf-8", "", "My brother was arrested in Moscow last spring."].join("\r\n"),
    );
    await importMailMessages(e2e.rt.systemCtx("mail"), [raw]);
    await commitAppealsNow(e2e.rt);
    const page = coordinator.page;
    await page.goto(`${e2e.base}/app/appeals`);
    await page.getByRole("button", { name: /name not given/ }).click();
    await page.getByText("Nobody in the registry matches.").waitFor();
    const editor = page.locator(".about-editor");
    await editor.getByLabel("Name").fill("Kara-Murza Vladimir");
    await editor.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("suggestion").filter({ hasText: "Кара-Мурза Владимир Владимирович" }).waitFor();
  });

  it("records a recognition assessment; the same coordinator is refused the decision (four eyes)", async () => {
    const page = coordinator.page;
    await page.goto(`${e2e.base}/app/people/${gorinovId}`);
    const section = page.getByTestId("recognition");
    await section.getByText("Not assessed yet.").waitFor();
    await section.getByRole("button", { name: "Record an assessment" }).click();
    await section.getByRole("button", { name: "Save" }).click();
    // Nothing examined and no summary: the server's messages appear in the form.
    await section.getByText("Some fields need attention").waitFor();
    const criterionA = section.getByRole("group", { name: /\(a\)/ });
    await criterionA.getByLabel("criterion met").check();
    await criterionA.getByLabel("Reasoning (with sources)").fill("Sentenced for words against the war (art. 207.3): freedom of expression.");
    await section.getByLabel("Summary").fill("Meets criterion (a).");
    await section.getByRole("button", { name: "Save" }).click();
    await section.getByText("awaiting a second reviewer").waitFor();
    await section.getByRole("button", { name: "Decide" }).click();
    await section.getByLabel("Reason").fill("Agree.");
    await section.locator("form").getByRole("button", { name: "Decide" }).click();
    await section.getByRole("alert").filter({ hasText: /author|four|own/i }).waitFor();
  });

  it("builds an exchange list, removes a person by hand, shows the version diff, freezes, signs off and exports a CSV", async () => {
    const page = coordinator.page;
    await page.getByRole("link", { name: "Exchange lists" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Autumn exchange");
    await page.getByRole("button", { name: "Create and build" }).click();
    await page.getByRole("heading", { level: 1, name: "Autumn exchange" }).waitFor();
    const rows = page.getByTestId("list-rows").locator("tbody tr");
    await rows.filter({ hasText: "Кара-Мурза Владимир Владимирович" }).waitFor();
    expect(await rows.count()).toBe(2);

    await rows.filter({ hasText: "Горинов" }).getByRole("button", { name: "Remove from list" }).click();
    const diff = page.getByTestId("list-diff");
    await diff.waitFor();
    // Removed by hand: the person stays on the list, ineligible, with the reason — the diff shows the change.
    await diff.getByText(/Горинов Алексей Александрович/).waitFor();
    expect(await diff.textContent()).toMatch(/Eligible: yes → no/);

    // Freeze the version, then sign it off (two different coordinators are needed; this is the first).
    await page.getByRole("button", { name: "Freeze this version" }).click();
    await page.locator(".badge", { hasText: "frozen" }).first().waitFor();
    expect(await page.getByRole("button", { name: "Remove from list" }).count()).toBe(0);
    await page.getByRole("button", { name: "Sign off" }).click();
    await page.getByText(/coordinator-e2e@example\.org \(/).waitFor();

    await page.getByLabel("Format").selectOption("csv");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv).toContain("Kara-Murza");
    expect(csv).not.toContain("Gorinov");
  });

  it("reconciles a counterpart list: composition chart and the row that matches nobody", async () => {
    const page = coordinator.page;
    await page.getByRole("link", { name: "Reconciliation" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Their list, November");
    await page.getByLabel("Counterpart list file").setInputFiles({
      name: "their.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("ФИО,Дата рождения\nGorinov Aleksei,08.07.1961\nВладимир Кара-Мурза,07.09.1981\nНикто Никтоевич Никтов,01.01.1970\n"),
    });
    await page.getByLabel("Compare with our list").selectOption({ label: "Autumn exchange" });
    await page.getByRole("button", { name: "Reconcile" }).click();
    await page.getByRole("heading", { name: "Composition of their list" }).waitFor();
    const unmatched = page.getByTestId("unmatched");
    await unmatched.getByText("Никто Никтоевич Никтов").waitFor();
    expect(await unmatched.locator("tbody tr").count()).toBe(1);
    expect(await page.locator(".chart svg.svg-chart rect").count()).toBeGreaterThan(1);
  });

  it("in Russian: rows matched to people we hold, the list's own duplicates, the file's row numbers, and the CSV", async () => {
    const page = coordinator.page;
    const errors = watchConsole(page);
    await page.getByLabel("Language").selectOption("ru");
    await page.getByRole("link", { name: "Сверка" }).click();
    await page.getByLabel("Название", { exact: true }).fill("Их список, декабрь");
    await page.getByLabel("Файл списка").setInputFiles({
      name: "их.csv",
      mimeType: "text/csv",
      // Line 1 is the header: the rows are 2–5 in their spreadsheet, and so they must be on the screen.
      buffer: Buffer.from("ФИО,Дата рождения\nGorinov Aleksei,08.07.1961\nНикто Никтоевич Никтов,01.01.1970\nВладимир Кара-Мурза,07.09.1981\nНикто Никтоевич Никтов,01.01.1970\n"),
    });
    await page.getByRole("button", { name: "Сверить" }).click();
    await page.getByRole("heading", { name: "Состав их списка" }).waitFor();
    const firstCells = (testId: string) => page.getByTestId(testId).locator("tbody tr td:first-child").allTextContents();
    const held = page.getByTestId("held");
    await held.getByRole("link", { name: "Gorinov Aleksei" }).waitFor();
    expect(await held.getByRole("link", { name: "Gorinov Aleksei" }).getAttribute("href")).toContain(`/people/${gorinovId}`);
    expect(await firstCells("held")).toEqual(["2", "4"]);
    expect(await firstCells("duplicates")).toEqual(["3", "5"]);
    expect(await firstCells("unmatched")).toEqual(["3", "5"]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Скачать результат (CSV)" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    expect(csv.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual(["2", "3", "4", "5"]);
    expect(csv).toContain(gorinovId);
    await page.getByLabel("Язык").selectOption("en");
    expect(errors).toEqual([]);
  });
});

/** The coordinator's session cookie and CSRF token, for checking results through the API. */
async function headers(page: Page): Promise<Record<string, string>> {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "aff_session")!;
  return { cookie: `aff_session=${session.value}` };
}
