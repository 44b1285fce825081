import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, signInHeaders } from "../helpers/factories.js";
import { startE2E, watchConsole, type E2E } from "./harness.js";

// The API-token part of the Accounts screen, in Russian: create (the token shown once, with its copy button),
// the token works, the list shows it, revoke after a confirmation, and it stops working at once.

let e2e: E2E;
let cookie: string;

beforeAll(async () => {
  e2e = await startE2E();
  const { email } = await makeUser(e2e.rt, "admin", "tokens.admin@example.org");
  cookie = (await signInHeaders(e2e.app, email)).cookie.split("=")[1]!;
}, 240_000);

afterAll(async () => {
  await e2e?.close();
});

describe("API tokens in the staff app", () => {
  it("creates a token shown once, lists it and revokes it — in Russian", async () => {
    const { page, context } = await e2e.newPage({ locale: "ru" });
    const errors = watchConsole(page);
    await context.addCookies([{ name: "aff_session", value: cookie, url: e2e.base }]);
    await context.addInitScript(() => localStorage.setItem("aff.locale", "ru"));
    await page.goto(`${e2e.base}/app/users`);
    const form = page.getByTestId("new-api-token");
    await form.getByRole("heading", { name: "Новый API-токен" }).waitFor();
    // Without a name: the form says what is missing, nothing is created.
    await form.getByRole("button", { name: "Создать токен" }).click();
    await form.getByText("Назовите токен: для чего он?").waitFor();
    await form.getByLabel("Название (для чего он)").fill("Сверка с «Мемориалом»");
    await form.getByLabel("мониторинг: показатели работы сервера, с другой машины").check();
    await form.getByLabel("Действует с ролью").selectOption("researcher");
    await form.getByLabel("Действует по (необязательно)", { exact: true }).fill("31.12.2027");
    await form.getByRole("button", { name: "Создать токен" }).click();
    await form.getByText("Скопируйте токен сейчас: он показывается только один раз").waitFor();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^aff_/);

    const use = () => fetch(`${e2e.base}/api/v1/people`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await use()).toBe(200);

    const list = page.getByTestId("api-token-list");
    const item = list.getByRole("listitem").filter({ hasText: "Сверка с «Мемориалом»" });
    await item.getByText("действует", { exact: true }).waitFor();
    expect(await item.textContent()).toMatch(/registry:read, metrics.*исследователь.*действует по 31 дек\. 2027/);
    await item.getByRole("button", { name: "Отозвать" }).click();
    await item.getByText("Отозвать токен «Сверка с «Мемориалом»»? Всё, что им пользуется, сразу перестанет работать.").waitFor();
    await item.getByRole("button", { name: "Отозвать" }).click();
    await list.getByRole("listitem").filter({ hasText: "Сверка с «Мемориалом»" }).getByText("отозван", { exact: true }).waitFor();
    expect(await use()).toBe(401);
    // The token's text is nowhere on the page any more once the list reloads (only the creation answer held it).
    await page.reload();
    await page.getByTestId("api-token-list").waitFor();
    expect(await page.content()).not.toContain(token);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
