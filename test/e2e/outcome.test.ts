import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { currentCode } from "../../src/services/secondFactor.js";
import { createList } from "../../src/services/lists/lists.js";
import { freezeList, signOffList } from "../../src/services/lists/lifecycle.js";
import { makeExchangeCandidates, makeUser, signInHeaders, TEST_TOTP_SECRET } from "../helpers/factories.js";
import { signIn, startE2E, watchConsole, type E2E } from "./harness.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// Recording an exchange list's outcome in the staff app: a frozen list waits for its second sign-off; once signed
// off, the coordinator ticks who was freed, is refused by the server without a source, confirms, and the people
// ticked move to their new status while the one not ticked is reported as left behind.

let e2e: E2E;
let coordinator: string;
let listId: string;
let gorinovId: string;
let karaMurzaId: string;

beforeAll(async () => {
  e2e = await startE2E();
  ({ gorinovId, karaMurzaId } = await makeExchangeCandidates(e2e.rt));
  // Built, frozen and signed off once by another coordinator; the browser's coordinator gives the second signature.
  const a = await makeUser(e2e.rt, "coordinator");
  const b = await makeUser(e2e.rt, "coordinator");
  coordinator = a.email;
  listId = (await createList(a.ctx, { name: "Winter exchange", categories: ["ru_political_prisoner"], allForAll: true })).id;
  await freezeList(a.ctx, listId);
  await signOffList(b.ctx, listId);
}, 120_000);

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  // Nothing may be loaded from a third party (fonts, scripts, analytics).
  expect(leaked).toEqual([]);
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious or critical axe-core findings inside the outcome card (axe evaluated over the DevTools protocol, under the CSP). */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run({ include: [["[data-testid=list-outcome]"]] }, { resultTypes: ["violations"] });
  });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("exchange list outcome", () => {
  it("records who was freed after the second sign-off; their status changes, the one not freed is left behind", async () => {
    const { page } = await e2e.newPage();
    const errors = watchConsole(page);
    await signIn(page, e2e.base, coordinator);
    await page.getByLabel("Code", { exact: true }).fill(currentCode(TEST_TOTP_SECRET));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    await page.goto(`${e2e.base}/app/lists/${listId}`);
    const outcome = page.getByTestId("list-outcome");
    await outcome.getByText("(1 of 2 so far)").waitFor();
    await page.getByRole("button", { name: "Sign off" }).click();
    await page.locator(".badge", { hasText: "signed off" }).waitFor();

    // Both are eligible and nobody is ticked at first; "tick everyone" ticks both, and Gorinov was not freed this time.
    await outcome.getByLabel(/Кара-Мурза/).waitFor();
    expect(await outcome.getByLabel(/Кара-Мурза/).isChecked()).toBe(false);
    await outcome.getByRole("button", { name: "Tick everyone on the list" }).click();
    expect(await outcome.getByLabel(/Кара-Мурза/).isChecked()).toBe(true);
    await outcome.getByLabel(/Горинов/).uncheck();
    await outcome.getByLabel("Date carried out", { exact: true }).fill("20.11.2026");
    await outcome.getByLabel("New status").selectOption("released");
    expect(await axeProblems(page)).toEqual([]);

    // No source: the server refuses, and its message appears beside the field.
    await outcome.getByRole("button", { name: "Record the outcome…" }).click();
    await outcome.getByText("1 person moves to “Released” as of 20 Nov 2026.").waitFor();
    await outcome.getByText("Eligible people left behind: 1.").waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await outcome.getByRole("button", { name: "Confirm and record" }).click();
    await outcome.locator(".field.has-error .error").waitFor();
    expect(await outcome.getByLabel(/^Source/).getAttribute("aria-invalid")).toBe("true");

    await outcome.getByLabel(/^Source/).fill("https://example.org/news/2026-11-20-release");
    await outcome.getByRole("button", { name: "Record the outcome…" }).click();
    await outcome.getByRole("button", { name: "Confirm and record" }).click();
    await outcome.getByRole("status").filter({ hasText: "Outcome recorded." }).waitFor();
    await page.locator(".badge", { hasText: "carried out" }).waitFor();
    expect(await outcome.getByTestId("outcome-moved").textContent()).toMatch(/Кара-Мурза Владимир Владимирович.*: In a penal colony → Released/);
    expect(await outcome.getByTestId("outcome-left-behind").textContent()).toContain("Горинов Алексей Александрович");
    expect(await axeProblems(page)).toEqual([]);

    // The person's page shows the new status; the one left behind keeps theirs.
    await outcome.getByTestId("outcome-moved").getByRole("link", { name: /Кара-Мурза/ }).click();
    await page.getByRole("heading", { level: 1, name: "Кара-Мурза Владимир Владимирович" }).waitFor();
    await page.locator(".person-head .status", { hasText: "Released" }).waitFor();
    const h = await signInHeaders(e2e.app, coordinator);
    const person = async (id: string) => (await e2e.app.inject({ url: `/api/v1/people/${id}`, headers: h })).json() as { status: string; statusSince: string };
    expect(await person(karaMurzaId)).toMatchObject({ status: "released", statusSince: "2026-11-20" });
    expect((await person(gorinovId)).status).toBe("in_colony");
    expect(errors.join("\n")).toBe("");
  });
});
