import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { loadDemo } from "../../src/demo/loadDemo.js";
import { seedWorkflows } from "../../scripts/screenshots-seed.js";
import { latinName } from "../../src/services/lists/format.js";
import { makePerson, makeUser, signInHeaders } from "../helpers/factories.js";
import { startE2E, type E2E } from "./harness.js";
import { isPersonSealed, openSealed } from "../../src/security/personKeys.js";

// Every staff screen and public page in Russian and in Ukrainian, with the demo data, an error state of each form and
// an empty state: a visible English word outside the allow-list fails, and so does a page wider than a 390 px phone.

/**
 * Technical tokens and proper names that are the same in every language. "English" is the language switcher's
 * entry, which names each language in itself on purpose; "Gorinov"/"Horinov" are the search hint's example spellings.
 */
const TOKENS = new Set(
  ("allforall API URL CSV XLSX PDF JSON UTF QR TOTP ISO ID IP ICAO BGN PCGN GOST SHA UTC HTTPS HTTP CC BY AGPL FtM FollowTheMoney " +
    "Creative Commons Signal Telegram WhatsApp Viber Tor Browser JavaScript cookie OpenAPI SVG PNG ICRC English Gorinov Horinov").split(" "),
);

interface Finding {
  page: string;
  words: string[];
}

let e2e: E2E;
let names = new Set<string>();
let personId: string;
let caseId: string;
let listId: string;
let counterpartId: string;
let cookie: string;
let emptyPersonId: string;
let otherPersonId: string;
let officialId: string;

beforeAll(async () => {
  e2e = await startE2E();
  await loadDemo(e2e.rt.systemCtx("demo"));
  const seeded = await seedWorkflows(e2e.rt);
  personId = seeded.personId!;
  listId = seeded.listId!;
  counterpartId = seeded.counterpartId!;
  const db = e2e.rt.database.db;
  const c = (await db.execute(sql`select id from criminal_case where person_id = ${personId} limit 1`)) as unknown as { rows: { id: string }[] };
  caseId = c.rows[0]!.id;
  // A person with nothing recorded: the record screens' empty states.
  emptyPersonId = (await makePerson(e2e.rt, { primaryName: "Пустова Анна Михайловна", alternateNames: [] })).id;
  const other = (await db.execute(sql`select id from person where id <> ${personId} and id <> ${emptyPersonId} order by primary_name limit 1`)) as unknown as { rows: { id: string }[] };
  otherPersonId = other.rows[0]!.id;
  const off = (await db.execute(sql`select id from official order by created_at limit 1`)) as unknown as { rows: { id: string }[] };
  officialId = off.rows[0]!.id;
  // Proper names in Latin letters (people's spellings, facilities, officials, e-mail local parts) are allowed.
  const texts = (await db.execute(sql`select name as t from person_name union all select primary_name from person union all select coalesce(latin_name, '') from person union all select name from facility union all select email from app_user union all select held_name from appeal where held_name is not null`)) as unknown as { rows: { t: string | null }[] };
  // People's names are sealed at rest under their own keys: opened here as the app would.
  for (const r of texts.rows) if (r.t && isPersonSealed(r.t)) r.t = openSealed(r.t);
  // The held person's name in an appeal is sealed with the field key.
  for (const r of texts.rows) if (r.t?.startsWith("v1.")) r.t = e2e.rt.cipher.open(r.t);
  // Names as the exports write them in Latin letters (transliterated), and officials' names, are proper names too.
  const latin = texts.rows.map((r) => (r.t && /[А-Яа-яЁёІіЇїЄєҐґ]/.test(r.t) ? latinName(r.t) : ""));
  const officials = (await db.execute(sql`select name as t from official_name`).catch(() => ({ rows: [] }))) as unknown as { rows: { t: string }[] };
  names = new Set([...texts.rows.map((r) => r.t ?? ""), ...latin, ...officials.rows.map((r) => r.t)].flatMap((t) => t.split(/[^A-Za-z]+/)).filter((w) => w.length > 1).map((w) => w.toLowerCase()));
  const { email } = await makeUser(e2e.rt, "admin", "crawl.admin@example.org");
  cookie = (await signInHeaders(e2e.app, email)).cookie.split("=")[1]!;
}, 240_000);

afterAll(async () => {
  await e2e?.close();
});

/** Latin words on the page that are neither allowed tokens nor proper names from the data. */
async function englishOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // Visible text, plus labels read aloud (aria-label) and placeholders. Code samples (the open-data schema's field
    // names and values, which are a file format) are technical tokens.
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const c of Array.from(body.querySelectorAll("code, pre, kbd, samp"))) c.remove();
    document.body.append(body);
    body.style.position = "absolute";
    const parts = [body.innerText];
    body.remove();
    for (const el of Array.from(document.querySelectorAll("[aria-label],[placeholder],[title]")))
      for (const a of ["aria-label", "placeholder", "title"]) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    for (const o of Array.from(document.querySelectorAll("select option"))) parts.push((o as HTMLOptionElement).text);
    return parts.join("\n");
  });
  const cleaned = text
    .replace(/\b[\w.+-]+@[\w.-]+\.\w+\b/g, " ") // e-mail addresses
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/\botpauth:\/\/\S+/g, " ")
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27,}\b/gi, " ") // ids
    .replace(/\b(?:RU|UA)-[A-Z0-9]{2,3}\b/g, " ")
    .replace(/\b[A-Z]{2,}-\d[\w-]*/g, " ") // record identifiers (DEMO-0001)
    .replace(/\b[\w-]+\.(?:csv|xlsx|pdf|json|png)\b/gi, " ") // file names in Latin letters
    .replace(/\.(?:csv|xlsx|pdf|json|png)\b/gi, " ") // and others' extensions
    .replace(/\b(?:windows|koi8)-[\w-]+/gi, " "); // character encodings
  const words = cleaned.match(/[A-Za-z]{2,}/g) ?? [];
  return [...new Set(words.filter((w) => !TOKENS.has(w) && !names.has(w.toLowerCase()) && !/^[A-Z2-7]{16,}$/.test(w)))];
}

/** Calendar dates left in ISO form (1988-03-19) on a Russian or Ukrainian screen: birth dates on the list and reconciliation rows once were. */
async function isoDatesOn(page: Page): Promise<string[]> {
  return page.evaluate(() => [...new Set(document.body.innerText.match(/\b(?:19|20)\d\d-\d\d-\d\d\b/g) ?? [])].slice(0, 5));
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function staffPage(locale: "ru" | "uk", width = 1280): Promise<Page> {
  const { context, page } = await e2e.newPage({ locale, viewport: { width, height: 900 } });
  await context.addCookies([{ name: "aff_session", value: cookie, url: e2e.base }]);
  await context.addInitScript((l) => localStorage.setItem("aff.locale", l), locale);
  return page;
}

const settle = async (page: Page) => {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector("[role=status].loading, p.loading"), undefined, { timeout: 10_000 }).catch(() => undefined);
};

const STAFF = () => [
  "/app/",
  "/app/people",
  "/app/my-work",
  "/app/people?q=Нетакогочеловека",
  `/app/people/${personId}`,
  `/app/people/${personId}/edit`,
  `/app/people/${personId}/cases/${caseId}`,
  `/app/people/${personId}/records`,
  `/app/people/${emptyPersonId}/records`,
  "/app/people/new",
  "/app/appeals",
  "/app/lists",
  `/app/lists/${listId}`,
  "/app/reconciliation",
  `/app/reconciliation?list=${counterpartId}`,
  "/app/users",
  "/app/officials",
  "/app/officials/new",
  "/app/officials/proposals",
  `/app/officials/${officialId}`,
  `/app/officials/${officialId}/edit`,
  "/app/duplicates",
  "/app/import",
  `/app/merge?survivor=${personId}&merged=${otherPersonId}`,
  "/app/no-such-screen",
];

/** Screens seen before signing in: the sign-in form (and its error), a set-up or invitation link that no longer works. */
const SIGNED_OUT = ["/app/", "/app/invite#no-such-token"];

const PUBLIC = () => ["/", "/people", "/people?q=Нетакогочеловека", `/people/${personId}`, "/stats", "/letters", "/open-data", "/appeal", "/no-such-page"];

describe.each(["ru", "uk"] as const)("in %s", (locale) => {
  it("no staff screen shows an English word, in its filled, error and empty states, and none overflows a 390 px phone", async () => {
    const findings: Finding[] = [];
    const wide: string[] = [];
    for (const width of [1280, 390]) {
      const page = await staffPage(locale, width);
      for (const url of STAFF()) {
        await page.goto(`${e2e.base}${url}`);
        await settle(page);
        // Error states: send each form as it stands (empty or unchanged), so the server's messages show.
        if (width === 1280 && /\/(new|edit)$|\/cases\//.test(url)) {
          const save = page.locator("form.edit-form button[type=submit]").first();
          if (await save.count()) {
            if (url.endsWith("/new")) await save.click();
            else {
              await page.locator("form.edit-form input").first().fill("");
              await save.click();
            }
            await page.locator(".form-error, .field.has-error").first().waitFor({ timeout: 10_000 }).catch(() => undefined);
          }
        }
        // The Import screen with a sheet read: the report, the column mapping (its choices once were raw field codes
        // such as birth_date) and the refused rows' messages.
        if (width === 1280 && url === "/app/import") {
          await page.locator("input[type=file]").setInputFiles(fileURLToPath(new URL("../fixtures/import/ovd-cp1251.csv", import.meta.url)));
          await page.locator("main form select").first().selectOption("ru_political_prisoner");
          await page.locator("main form button[type=submit]").first().click();
          await page.getByTestId("import-report").waitFor();
        }
        // The record screen's forms, each sent empty: every one shows its error in the language of the screen.
        if (width === 1280 && url.endsWith("/records")) {
          const forms = page.locator("form.edit-form");
          for (let i = 0; i < (await forms.count()); i++) {
            await forms.nth(i).locator("button[type=submit]").click();
            await forms.nth(i).locator(".form-error, .field.has-error, [role=status]").first().waitFor({ timeout: 10_000 }).catch(() => undefined);
          }
        }
        const words = width === 1280 ? await englishOn(page) : [];
        if (words.length) findings.push({ page: url, words });
        const iso = width === 1280 ? await isoDatesOn(page) : [];
        if (iso.length) findings.push({ page: `${url} (ISO dates)`, words: iso });
        if ((await overflow(page)) > 1) wide.push(`${url}: ${await overflow(page)} px too wide`);
        // On a phone the header folds into a menu button: it must not eat the screen (it once took ~275 px).
        const header = width === 390 ? await page.evaluate(() => document.querySelector("header.top")?.getBoundingClientRect().height ?? 0) : 0;
        if (header > 120) wide.push(`${url}: header ${Math.round(header)} px tall on a phone`);
      }
      await page.context().close();
    }
    for (const width of [1280, 390]) {
      const { context, page } = await e2e.newPage({ locale, viewport: { width, height: 900 } });
      await context.addInitScript((l) => localStorage.setItem("aff.locale", l), locale);
      for (const url of SIGNED_OUT) {
        await page.goto(`${e2e.base}${url}`);
        await settle(page);
        if (url === "/app/" && width === 1280) {
          // The sign-in form's error state: a wrong password.
          await page.locator("input[type=email]").fill("nobody@example.org");
          await page.locator("input[type=password]").fill("not the password");
          await page.locator("form button[type=submit]").click();
          await page.locator(".form-error, [role=alert]").first().waitFor({ timeout: 10_000 }).catch(() => undefined);
        }
        const words = width === 1280 ? await englishOn(page) : [];
        if (words.length) findings.push({ page: `${url} (signed out)`, words });
        if ((await overflow(page)) > 1) wide.push(`${url} (signed out): ${await overflow(page)} px too wide`);
      }
      await context.close();
    }
    expect({ findings, wide }).toEqual({ findings: [], wide: [] });
  }, 300_000);

  it("no public page shows an English word, and none overflows a 390 px phone", async () => {
    const findings: Finding[] = [];
    const wide: string[] = [];
    for (const width of [1280, 390]) {
      const { context, page } = await e2e.newPage({ locale, viewport: { width, height: 900 } });
      for (const url of PUBLIC()) {
        await page.goto(`${e2e.base}${url}${url.includes("?") ? "&" : "?"}lang=${locale}`);
        await page.waitForLoadState("load");
        if (url === "/appeal" && width === 1280) {
          // The form's error state: sent without the required answers.
          const send = page.locator("form button[type=submit]").first();
          if (await send.count()) {
            await send.click();
            await page.waitForLoadState("load");
          }
        }
        const words = width === 1280 ? await englishOn(page) : [];
        if (words.length) findings.push({ page: url, words });
        if ((await overflow(page)) > 1) wide.push(`${url}: ${await overflow(page)} px too wide`);
      }
      await context.close();
    }
    expect({ findings, wide }).toEqual({ findings: [], wide: [] });
  }, 300_000);
});
