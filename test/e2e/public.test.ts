import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeCase, makePerson } from "../helpers/factories.js";
import { startE2E, type E2E } from "./harness.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// The public site in a real browser with JavaScript switched off: a profile shows only what consent allows.

let e2e: E2E;
let full: string;
let anonymised: string;
let none: string;

beforeAll(async () => {
  e2e = await startE2E();
  const f = await makePerson(e2e.rt, {
    externalId: "INTERNAL-REF-7731",
    primaryName: "Горинов Алексей Александрович",
    alternateNames: ["Alexei Gorinov"],
    birthDate: "1961-07-08",
    citizenship: "Russia",
    publicityConsent: "full",
    exchangeConsent: "refuses",
    publicSummary: "Municipal deputy sentenced for words against the war.",
  });
  full = f.id;
  await makeCase(e2e.rt, f.id, { caseNumber: "CASE-NO-99182", judge: "Judge Secretname" });
  anonymised = (await makePerson(e2e.rt, { primaryName: "Скрытова Анна Игоревна", alternateNames: [], sex: "female", publicityConsent: "anonymised", publicSummary: "A teacher detained in 2023." })).id;
  none = (await makePerson(e2e.rt, { primaryName: "Тайнов Пётр Ильич", alternateNames: [], publicityConsent: "none" })).id;
}, 120_000);

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  // Nothing may be loaded from a third party (fonts, scripts, analytics).
  expect(leaked).toEqual([]);
});

describe("public profile", () => {
  it("shows the consented fields and nothing internal; anonymised profiles have no name; no consent is a 404", async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);

    const res = await page.goto(`${e2e.base}/people/${full}?lang=en`);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: /Горинов Алексей Александрович/ }).waitFor();
    const text = (await page.locator("body").innerText()).replace(/\s+/g, " ");
    expect(text).toContain("Municipal deputy sentenced for words against the war.");
    expect(text).toContain("1961");
    for (const internal of ["INTERNAL-REF-7731", "CASE-NO-99182", "Judge Secretname", "08.07.1961", "8 July 1961", "1961-07-08", "refuses", "Russia,"]) expect(text).not.toContain(internal);
    const html = await page.content();
    expect(html).not.toMatch(/<script/i);

    const anon = await page.goto(`${e2e.base}/people/${anonymised}?lang=en`);
    expect(anon?.status()).toBe(200);
    const anonText = await page.locator("body").innerText();
    expect(anonText).not.toContain("Скрытова");
    expect(anonText).toContain("anonymised");

    const hidden = await page.goto(`${e2e.base}/people/${none}?lang=en`);
    expect(hidden?.status()).toBe(404);
    expect(await page.locator("body").innerText()).not.toContain("Тайнов");
    await context.close();
  });
});
