// Screenshots of the staff app's main screens for the README: `npx tsx scripts/screenshots-app.ts`.
// Runs the real server on an in-memory database with the invented demo data, drives Debian's Chromium,
// and writes docs/screenshots/app-*.png. Nothing leaves the machine. The screens are shown in Russian, as the people
// who use them daily read them; the labels the script clicks come from the message catalogue.
import { mkdirSync } from "node:fs";
import pino from "pino";
import { chromium, type Page } from "playwright-core";
import { buildRuntime, ensureDefaultOrganisation } from "../src/app/runtime.js";
import { openDatabase } from "../src/db/client.js";
import { loadDemo } from "../src/demo/loadDemo.js";
import { FieldCipher, newFieldKey } from "../src/security/fieldCipher.js";
import { createUser } from "../src/services/accounts.js";
import { freezeList, signOffList } from "../src/services/lists/lifecycle.js";
import { createList } from "../src/services/lists/lists.js";
import { listPeople } from "../src/services/people.js";
import { createServer } from "../src/server.js";
import { currentCode } from "../src/services/secondFactor.js";
import { t, type MessageKey } from "../src/i18n/index.js";
import { PASSWORD } from "../test/e2e/flows.js";
import { buildWeb } from "./build-web.mjs";
import { seedWorkflows } from "./screenshots-seed.js";

const OUT = new URL("../docs/screenshots/", import.meta.url);
mkdirSync(OUT, { recursive: true });

await buildWeb({ quiet: true });
const database = await openDatabase({});
const organisationId = await ensureDefaultOrganisation(database);
const rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), organisationId);
await loadDemo(rt.systemCtx("demo"));
await createUser(rt.systemCtx(), { email: "researcher@example.org", role: "researcher", password: PASSWORD });
await createUser(rt.systemCtx(), { email: "coordinator@example.org", role: "coordinator", password: PASSWORD });
const seeded = await seedWorkflows(rt);

const app = await createServer(rt);
await app.listen({ port: 0, host: "127.0.0.1" });
const addr = app.server.address();
const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

const T = (key: MessageKey) => t("ru", key);

async function newRussianPage(viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "ru-RU", deviceScaleFactor });
  await context.addInitScript(() => localStorage.setItem("aff.locale", "ru"));
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.getByLabel(T("web.signIn.email")).fill(email);
  await page.getByLabel(T("web.signIn.password")).fill(PASSWORD);
  await page.getByRole("button", { name: T("web.signIn.submit") }).click();
}

async function shot(page: Page, name: string, fullPage = true) {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: new URL(`app-${name}.png`, OUT).pathname, fullPage });
  process.stdout.write(`docs/screenshots/app-${name}.png\n`);
}

try {
  const page = await newRussianPage({ width: 1280, height: 860 });
  await signIn(page, "researcher@example.org");
  await page.getByRole("heading", { name: T("web.dashboard.title") }).waitFor();
  await shot(page, "dashboard");

  await page.getByRole("link", { name: T("web.nav.people"), exact: true }).click();
  await page.getByLabel(T("web.search.label")).fill("Smirnov");
  await page.locator("table.results tbody tr").first().waitFor();
  await page.waitForTimeout(400);
  await shot(page, "search", false);

  const people = await listPeople(rt.systemCtx(), { limit: 100 });
  const withCase = seeded.personId ?? people.rows[0]!.id;
  await page.goto(`${base}/app/people/${withCase}`);
  await page.getByRole("heading", { name: T("web.person.cases") }).waitFor();
  await shot(page, "person");

  const cpage = await newRussianPage({ width: 1280, height: 860 });
  // First sign-in of a coordinator: enrolment of the second factor (QR code), then the usual screens.
  await signIn(cpage, "coordinator@example.org");
  await cpage.getByRole("button", { name: T("web.totp.enrolStart") }).click();
  await cpage.getByTestId("totp-secret").waitFor();
  await shot(cpage, "totp-enrol", false);
  const secret = (await cpage.getByTestId("totp-secret").textContent())!.trim();
  await cpage.getByLabel(T("web.totp.code"), { exact: true }).fill(currentCode(secret));
  await cpage.getByRole("button", { name: T("web.totp.submit") }).click();
  await cpage.getByRole("button", { name: T("web.totp.continue") }).click();
  await cpage.getByRole("heading", { name: T("web.dashboard.title") }).waitFor();
  await cpage.goto(`${base}/app/appeals`);
  await cpage.waitForTimeout(800);
  await cpage.locator(".queue-list button").first().click().catch(() => undefined);
  await cpage.waitForTimeout(800);
  await shot(cpage, "triage", false);
  await cpage.goto(`${base}/app/lists${seeded.listId ? `/${seeded.listId}` : ""}`);
  await cpage.waitForTimeout(1200);
  await shot(cpage, "lists", false);

  // The outcome form: a list frozen and signed off by a second coordinator; the one in the browser signs second.
  const second = await createUser(rt.systemCtx(), { email: "coordinator-2@example.org", role: "coordinator", password: PASSWORD });
  const secondCtx = rt.ctx({ kind: "user", userId: second.id, organisationId, role: "coordinator", label: "coordinator-2@example.org" });
  const outcomeList = await createList(secondCtx, { name: "Демо-обмен — ст. 207.3", categories: ["ru_political_prisoner"], filters: { article: "207.3" } });
  await freezeList(secondCtx, outcomeList.id);
  await signOffList(secondCtx, outcomeList.id);
  await cpage.goto(`${base}/app/lists/${outcomeList.id}`);
  await cpage.getByRole("button", { name: T("web.lists.signOff") }).click();
  const outcome = cpage.getByTestId("list-outcome");
  await outcome.getByRole("group", { name: T("web.lists.outcome.freed") }).locator("input").nth(0).check();
  await outcome.getByLabel(T("web.lists.outcome.source")).fill("Заявление Уполномоченного по правам человека, 20 ноября 2026 г.");
  await cpage.waitForLoadState("networkidle");
  await outcome.screenshot({ path: new URL("app-list-outcome.png", OUT).pathname });
  process.stdout.write("docs/screenshots/app-list-outcome.png\n");
  await cpage.goto(`${base}/app/reconciliation${seeded.counterpartId ? `?list=${seeded.counterpartId}` : ""}`);
  await cpage.waitForTimeout(800);
  await shot(cpage, "reconciliation");
  // A person's records (lawyers assigned, consent records, health, priority facts, sources) and "my work".
  await cpage.goto(`${base}/app/people/${withCase}/records`);
  await cpage.getByTestId("consent-records").waitFor();
  await shot(cpage, "records", false);
  await cpage.goto(`${base}/app/my-work`);
  await cpage.getByRole("heading", { name: T("web.myWork.title") }).waitFor();
  await shot(cpage, "my-work", false);

  const ppage = await newRussianPage({ width: 390, height: 844 }, 2);
  await signIn(ppage, "researcher@example.org");
  await ppage.getByRole("heading", { name: T("web.dashboard.title") }).waitFor();
  await ppage.goto(`${base}/app/people/${withCase}`);
  await ppage.getByRole("heading", { name: T("web.person.cases") }).waitFor();
  await shot(ppage, "person-phone-ru", false);
} finally {
  await browser.close();
  await app.close();
  await rt.close();
}
