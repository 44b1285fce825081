// The staff app's heavy requests at registry scale (issue #13): creating exchange lists, reading a version a page
// at a time, and exporting a list of about 1,000 people as PDF and XLSX — through the services, in one process on PGlite.
//
//   npx tsx bench/staff-app.ts --registry /tmp/i13/reg100kk
//
// --registry DIR: a registry kept by `bench/load.ts --registry DIR` (data folder, key, per-person keys); it is
// copied to a temporary folder first and never changed. Without it, --people N (default 20,000) are generated and
// imported first (slow at 100,000: about as long as the import itself).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pino from "pino";
import { openRuntime } from "../src/app/runtime.js";
import { loadConfig } from "../src/config.js";
import { findUserById } from "../src/db/repositories/users.js";
import { personCategories } from "../src/domain/vocabulary/enums.js";
import type { Actor } from "../src/services/context.js";
import { createUser } from "../src/services/accounts.js";
import { createList, getList, getListVersionPage } from "../src/services/lists/lists.js";
import { exportListVersion } from "../src/services/lists/export.js";
import { buildRegistry } from "./load-registry.js";
import { buildWeb } from "../scripts/build-web.mjs";
import { createServer } from "../src/server.js";
import type { Runtime } from "../src/app/runtime.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = arg("registry");
const PEOPLE = Number(arg("people") ?? 20_000);
/** --browser: also open the list builder on the whole-registry list in Chromium, in Russian (elements, time to first page). */
const BROWSER = process.argv.includes("--browser");

const dir = mkdtempSync(join(tmpdir(), "aff-staff-bench-"));
const data = join(dir, "data");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ALLFORALL_DATA: data,
  ALLFORALL_KEY: REGISTRY ? readFileSync(join(REGISTRY, "key"), "utf8").trim() : randomBytes(32).toString("hex"),
  LOG_LEVEL: "error",
};

async function timed<T>(what: string, f: () => Promise<T>, note: (r: T) => string = () => ""): Promise<T> {
  const t = performance.now();
  const r = await f();
  const ms = performance.now() - t;
  process.stdout.write(`${what.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms  ${note(r)}\n`);
  return r;
}

/**
 * The staff app in Debian's Chromium against this registry: the first screen's bytes over the wire, then the list
 * builder on the list of everyone — time from navigation to the first page shown, elements on the page, the next
 * page and the "not eligible" filter.
 */
async function inBrowser(rt: Runtime, listId: string, total: number) {
  const { chromium } = await import("playwright-core");
  await buildWeb({ quiet: true });
  const app = await createServer(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const email = `reader-${randomBytes(3).toString("hex")}@example.org`;
    await createUser(rt.systemCtx("bench"), { email, role: "researcher", password: "bench password 12345" });
    const signIn = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password: "bench password 12345" }, remoteAddress: "10.1.2.3" });
    const cookie = signIn.cookies.find((c) => c.name === "aff_session")!.value;
    const context = await browser.newContext({ locale: "ru" });
    await context.addCookies([{ name: "aff_session", value: cookie, url: base }]);
    await context.addInitScript(() => localStorage.setItem("aff.locale", "ru"));
    const page = await context.newPage();
    // The first screen (the dashboard): what crossed the wire for the app itself (HTML, scripts, styles).
    const sizes: Promise<{ url: string; bytes: number; encoding: string }>[] = [];
    page.on("requestfinished", (r) => {
      if (new URL(r.url()).pathname.startsWith("/app")) sizes.push(Promise.all([r.sizes(), r.response()]).then(([s, res]) => ({ url: r.url(), bytes: s.responseBodySize, encoding: res?.headers()["content-encoding"] ?? "identity" })));
    });
    await page.goto(`${base}/app/`);
    await page.waitForLoadState("networkidle");
    const loaded = await Promise.all(sizes);
    process.stdout.write(`first screen (dashboard): ${loaded.length} files of the app, ${loaded.reduce((n, x) => n + x.bytes, 0).toLocaleString("en")} bytes (${[...new Set(loaded.map((x) => x.encoding))].join(", ")})\n`);

    const t0 = performance.now();
    await page.goto(`${base}/app/lists/${listId}`);
    const count = page.getByTestId("list-rows").getByTestId("list-rows-count");
    await count.filter({ hasText: /показаны 1–100 из/ }).waitFor({ timeout: 120_000 });
    const shown = performance.now() - t0;
    const nodes = await page.evaluate(() => document.querySelectorAll("*").length);
    process.stdout.write(`list builder, ${total.toLocaleString("en")} rows, in Russian: first page shown ${shown.toFixed(0)} ms after navigation, ${nodes} elements\n`);
    let t = performance.now();
    await page.getByRole("navigation", { name: "Страницы списка" }).first().getByRole("button", { name: "Дальше" }).click();
    await count.filter({ hasText: /показаны 101–200 из/ }).waitFor();
    process.stdout.write(`  next page: ${(performance.now() - t).toFixed(0)} ms\n`);
    t = performance.now();
    await page.getByTestId("list-rows").getByLabel("Показать").selectOption("ineligible");
    await count.filter({ hasText: /показаны 1–/ }).waitFor();
    process.stdout.write(`  "not eligible" filter: ${(performance.now() - t).toFixed(0)} ms, ${await page.evaluate(() => document.querySelectorAll("*").length)} elements\n`);
  } finally {
    await browser.close();
    await app.close();
  }
}

try {
  if (REGISTRY) {
    cpSync(join(REGISTRY, "data"), data, { recursive: true });
    if (existsSync(join(REGISTRY, "data.key.people"))) cpSync(join(REGISTRY, "data.key.people"), `${data}.key.people`);
  } else {
    const reg = await buildRegistry(dir, PEOPLE, env);
    process.stdout.write(`registry: ${reg.ids.length} people imported in ${reg.importSeconds.toFixed(1)} s\n`);
  }
  const rt = await openRuntime(loadConfig(env, { logLevel: "error" }), { log: pino({ level: "error" }) });
  try {
    const created = await createUser(rt.systemCtx("bench"), { email: `bench-${randomBytes(3).toString("hex")}@example.org`, role: "coordinator", password: "bench password 12345" });
    const user = (await findUserById(rt.database.db, created.id))!;
    const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role: "coordinator", label: user.email };
    const ctx = rt.ctx(actor);
    const rows = (id: string) => getList(ctx, id).then((l) => `${l.versions[0]!.rowCount} rows, ${l.versions[0]!.eligibleCount} eligible`);

    // A round's typical list: one category of one region; a filter that keeps nobody; a category whole; everyone.
    const typical = await timed("create: civilians from Zaporizhzhia region", () => createList(ctx, { name: "Гражданские, Запорожская область", categories: ["ua_civilian_hostage"], filters: { region: "Запорожская" } }), (r) => r.id);
    process.stdout.write(`    ${await rows(typical.id)}\n`);
    const none = await timed("create: civilians who consent (none recorded: filtered to 0)", () => createList(ctx, { name: "Гражданские, согласны", categories: ["ua_civilian_hostage"], filters: { exchangeConsent: ["consents"] } }), (r) => r.id);
    process.stdout.write(`    ${await rows(none.id)}\n`);
    const pows = await timed("create: all-for-all, prisoners of war", () => createList(ctx, { name: "Военнопленные", categories: ["ua_pow"], allForAll: true }), (r) => r.id);
    process.stdout.write(`    ${await rows(pows.id)}\n`);
    const everyone = await timed("create: all-for-all, every category", () => createList(ctx, { name: "Все на всех", categories: [...personCategories], allForAll: true }), (r) => r.id);
    const total = (await getList(ctx, everyone.id)).versions[0]!.rowCount;
    process.stdout.write(`    ${await rows(everyone.id)}\n`);

    for (const [what, q] of [
      ["first page", { offset: 0, limit: 100 }],
      ["page in the middle", { offset: Math.floor(total / 2), limit: 100 }],
      ["last page", { offset: Math.max(0, total - 100), limit: 100 }],
      ["not eligible, page 3", { offset: 200, limit: 100, show: "ineligible" as const }],
      ["with warnings, page in the middle", { offset: Math.floor(total / 4), limit: 100, show: "warnings" as const }],
    ] as const)
      await timed(`version page (everyone): ${what}`, () => getListVersionPage(ctx, everyone.id, 1, q), (r) => `${r.rows.length} rows of ${r.total}`);

    for (const format of ["pdf", "xlsx", "csv"] as const)
      for (const scope of ["eligible", "all"] as const)
        await timed(`export the 1,043-person list: ${format}, ${scope}`, () => exportListVersion(ctx, typical.id, { format, scope }), (r) => `${r.bytes.length.toLocaleString("en")} bytes`);

    if (BROWSER) await inBrowser(rt, everyone.id, total);
  } finally {
    await rt.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
