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
  await e2e?.close();
});

describe("first start", () => {
  it("creates the first admin from the set-up link, refuses a short password beside the field, then signs in with TOTP", async () => {
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
    await context.close();
  });
});
