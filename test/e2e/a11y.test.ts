import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { makeCase, makePerson, makeUser } from "../helpers/factories.js";
import { signIn, startE2E, type E2E } from "./harness.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// axe-core over the main screens: labels, names, roles, contrast, landmarks. Serious and critical findings
// fail the test. (axe is injected as a script, so this one context bypasses the CSP; the other tests keep it.)

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let e2e: E2E;
let personId: string;
let researcher: string;

beforeAll(async () => {
  e2e = await startE2E();
  researcher = (await makeUser(e2e.rt, "researcher")).email;
  const p = await makePerson(e2e.rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"] });
  personId = p.id;
  await makeCase(e2e.rt, p.id);
  await makePerson(e2e.rt, { primaryName: "Хоменко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", status: "detained" });
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

describe("accessibility (axe-core)", () => {
  it("finds no serious or critical problems on sign-in, dashboard, search, person page and case editor", async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const found: Record<string, string[]> = {};
    await page.goto(`${e2e.base}/app/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    found.signIn = await violations(page);
    await signIn(page, e2e.base, researcher);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    found.dashboard = await violations(page);
    await page.goto(`${e2e.base}/app/people?q=Gorinov`);
    await page.locator("table.results tbody tr").first().waitFor();
    found.search = await violations(page);
    await page.goto(`${e2e.base}/app/people/${personId}`);
    await page.getByRole("heading", { name: "Criminal cases" }).waitFor();
    found.person = await violations(page);
    await page.getByRole("link", { name: "Edit case" }).click();
    await page.getByLabel("Years").waitFor();
    found.caseEditor = await violations(page);
    expect(found).toEqual({ signIn: [], dashboard: [], search: [], person: [], caseEditor: [] });
    await context.close();
  });
});
