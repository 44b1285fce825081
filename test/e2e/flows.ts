import type { Page } from "playwright-core";
import { currentCode } from "../../src/services/secondFactor.js";

// Browser flows shared by the e2e tests and scripts/screenshots-app.ts (no vitest imports here).

export const PASSWORD = "correct horse battery staple";

/** Sign in through the staff app's form. */
export async function signIn(page: Page, base: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Sign in as an admin or coordinator for the first time: the app asks to enrol an authenticator; read the
 * secret from the page, answer with the current TOTP code, accept the recovery codes. Returns the secret.
 */
export async function signInEnrollingTotp(page: Page, base: string, email: string, password = PASSWORD): Promise<string> {
  await signIn(page, base, email, password);
  await page.getByRole("button", { name: "Show my secret key" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code", { exact: true }).fill(currentCode(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByTestId("recovery-codes").waitFor();
  await page.getByRole("button", { name: /continue/ }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  return secret;
}
