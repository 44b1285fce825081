import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { issueAppealFormToken, submitAppeal } from "../../src/services/appeals/index.js";
import { createList } from "../../src/services/lists/lists.js";
import { currentCode } from "../../src/services/secondFactor.js";
import { makeCase, makePerson, makeUser, TEST_TOTP_SECRET } from "../helpers/factories.js";
import { commitAppealsNow, FAMILY_ADDRESS } from "../helpers/appeals.js";
import { signIn, startE2E, type E2E } from "./harness.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// axe-core over the main screens: labels, names, roles, contrast, landmarks. Serious and critical findings
// fail the test. (axe is injected as a script, so this one context bypasses the CSP; the other tests keep it.)

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let e2e: E2E;
let personId: string;
let researcher: string;
let coordinator: string;
let listId: string;

beforeAll(async () => {
  e2e = await startE2E();
  researcher = (await makeUser(e2e.rt, "researcher")).email;
  const p = await makePerson(e2e.rt, { primaryName: "Горинов Алексей Александрович", alternateNames: ["Alexei Gorinov"] });
  personId = p.id;
  await makeCase(e2e.rt, p.id);
  await makePerson(e2e.rt, { primaryName: "Хоменко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", status: "detained" });
  coordinator = (await makeUser(e2e.rt, "coordinator")).email;
  // An appeal in the queue (form token issued "two minutes ago": the form refuses instant submissions).
  const anon = e2e.rt.ctx({ kind: "anonymous" });
  const token = issueAppealFormToken({ ...anon, now: () => new Date(Date.now() - 120_000) }, FAMILY_ADDRESS);
  await submitAppeal(anon, { token, heldName: "Alexei Gorinov", heldBirthDate: "1961", requests: ["legal_help"], text: "Please help." } as Parameters<typeof submitAppeal>[1], FAMILY_ADDRESS);
  await commitAppealsNow(e2e.rt);
  listId = (await createList(e2e.rt.systemCtx(), { name: "Accessibility check list", categories: ["ru_political_prisoner", "ua_civilian_hostage"] })).id;
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

  it("finds no serious or critical problems on the coordinator's screens: second factor, triage, list, reconciliation", async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const found: Record<string, string[]> = {};
    await signIn(page, e2e.base, coordinator);
    await page.getByRole("heading", { name: "Second factor" }).waitFor();
    found.secondFactor = await violations(page);
    await page.getByLabel("Code", { exact: true }).fill(currentCode(TEST_TOTP_SECRET));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.goto(`${e2e.base}/app/appeals`);
    await page.getByRole("button", { name: /Alexei Gorinov/ }).click();
    await page.getByTestId("suggestion").first().waitFor();
    found.triage = await violations(page);
    await page.goto(`${e2e.base}/app/lists/${listId}`);
    await page.getByTestId("list-rows").locator("tbody tr").first().waitFor();
    found.list = await violations(page);
    await page.goto(`${e2e.base}/app/reconciliation`);
    await page.getByRole("button", { name: "Reconcile" }).waitFor();
    found.reconciliation = await violations(page);
    expect(found).toEqual({ secondFactor: [], triage: [], list: [], reconciliation: [] });
    await context.close();
  });
});
