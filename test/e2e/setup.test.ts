import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issueSetupInvitation } from "../../src/services/accounts.js";
import { startE2E, type E2E } from "./harness.js";
import { signInEnrollingTotp } from "./flows.js";

// A browser test shares two cores with the rest of `npm test`: give each step room.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

// First start: the one-time link (token in the #fragment) creates the first admin, who then signs in and must
// enrol a second factor before the app opens.

let e2e: E2E;
let token: string;

beforeAll(async () => {
  e2e = await startE2E();
  token = (await issueSetupInvitation(e2e.rt.systemCtx("setup"), e2e.rt.organisationId))!;
}, 120_000);

afterAll(async () => {
  const leaked = e2e?.thirdPartyRequests ?? [];
  await e2e?.close();
  // Nothing may be loaded from a third party (fonts, scripts, analytics).
  expect(leaked).toEqual([]);
});

describe("first start", () => {
  it("creates the first admin from the set-up link (short password refused beside the field), enrols TOTP, invites a researcher", async () => {
    expect(token).toBeTruthy();
    const { page, context } = await e2e.newPage();
    await page.goto(`${e2e.base}/app/setup#${token}`);
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    await page.getByLabel("Email").fill("first.admin@example.org");
    await page.getByLabel("Your name").fill("First Admin");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Repeat the password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    const password = page.getByLabel("Password", { exact: true });
    await page.getByText(/at least \d+ characters/).waitFor();
    expect(await password.getAttribute("aria-invalid")).toBe("true");
    await password.fill("a long and memorable passphrase");
    await page.getByLabel("Repeat the password").fill("a long and memorable passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Account created" }).waitFor();
    // The token leaves the address bar once used.
    expect(page.url()).not.toContain(token);

    await signInEnrollingTotp(page, e2e.base, "first.admin@example.org", "a long and memorable passphrase");
    await page.getByText("first.admin@example.org · administrator").waitFor();
    // The link works once.
    await page.goto(`${e2e.base}/app/setup#${token}`);
    await page.getByText("This link is not valid any more.").waitFor();

    // The admin invites a researcher; the invitation link creates their account with that role.
    await page.goto(`${e2e.base}/app/`);
    await page.getByRole("link", { name: "Accounts" }).click();
    await page.getByLabel("Email").fill("new.researcher@example.org");
    await page.getByLabel("Role", { exact: true }).selectOption("researcher");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const link = (await page.getByTestId("invite-link").textContent())!.trim();
    expect(link).toMatch(/\/app\/invite#/);
    await context.close();

    const invited = await e2e.newPage();
    await invited.page.goto(link);
    await invited.page.getByText("You are invited as researcher.").waitFor();
    await invited.page.getByLabel("Password", { exact: true }).fill("another long passphrase");
    await invited.page.getByLabel("Repeat the password").fill("another long passphrase");
    await invited.page.getByRole("button", { name: "Create account" }).click();
    await invited.page.getByRole("heading", { name: "Account created" }).waitFor();
    await invited.page.getByRole("button", { name: "Sign in" }).click();
    await invited.page.getByLabel("Email").fill("new.researcher@example.org");
    await invited.page.getByLabel("Password").fill("another long passphrase");
    await invited.page.getByRole("button", { name: "Sign in" }).click();
    await invited.page.getByText("new.researcher@example.org · researcher").waitFor();
    // Researchers have no accounts screen.
    expect(await invited.page.getByRole("link", { name: "Accounts" }).count()).toBe(0);
    await invited.context.close();
  });
});
