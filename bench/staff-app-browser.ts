// The staff app in Debian's Chromium against a registry (bench/staff-app.ts --browser): the first screen's bytes
// over the wire, then the three long screens of issue #13 — the list builder on the list of everyone, the people
// list, the reconciliation of a counterpart list compared with everyone — each timed from navigation to its first
// rows shown, with the elements on the page (target: < 1 s, < 5,000 elements), in Russian.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import type { Runtime } from "../src/app/runtime.js";
import { createUser } from "../src/services/accounts.js";

const elements = (page: Page) => page.evaluate(() => document.querySelectorAll("*").length);
const line = (s: string) => process.stdout.write(`${s}\n`);

export async function inBrowser(rt: Runtime, app: FastifyInstance, base: string, ids: { everyone: string; counterpart: string }) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const email = `reader-${randomBytes(3).toString("hex")}@example.org`;
    await createUser(rt.systemCtx("bench"), { email, role: "researcher", password: "bench password 12345" });
    const signIn = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password: "bench password 12345" }, remoteAddress: "10.1.2.3" });
    const cookie = signIn.cookies.find((c) => c.name === "aff_session")!.value;
    const context = await browser.newContext({ locale: "ru" });
    await context.addCookies([{ name: "aff_session", value: cookie, url: base }]);
    await context.addInitScript(() => localStorage.setItem("aff.locale", "ru"));
    // When the screen's first rows appeared, by the page's own clock (ms from its navigation): Playwright's wait runs
    // in this process, beside the server, and notices late when the server is busy.
    await context.addInitScript(() => {
      const w = window as unknown as { firstRows?: number };
      new MutationObserver((_, o) => {
        if (document.querySelector("[data-testid=list-rows] tbody tr, table.results tbody tr, [data-testid=held] tbody tr, .kpis")) {
          w.firstRows = performance.now();
          o.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();

    // The first screen (the dashboard): what crossed the wire for the app itself (HTML, scripts, styles, the
    // chunks it loads), not the API's answers.
    const sizes: Promise<{ path: string; bytes: number; encoding: string }>[] = [];
    page.on("requestfinished", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/app") && !path.startsWith("/api"))
        sizes.push(Promise.all([r.sizes(), r.response()]).then(([s, res]) => ({ path, bytes: s.responseBodySize, encoding: res?.headers()["content-encoding"] ?? "identity" })));
    });
    await page.goto(`${base}/app/`);
    await page.waitForLoadState("networkidle");
    const loaded = await Promise.all(sizes);
    line(`first screen (dashboard): ${loaded.length} files of the app, ${loaded.reduce((n, x) => n + x.bytes, 0).toLocaleString("en")} bytes over the wire (target < 200 KB)`);
    for (const f of loaded) line(`    ${f.path.padEnd(48)} ${f.bytes.toLocaleString("en").padStart(9)} bytes  ${f.encoding}`);

    // Each screen from a fresh navigation (the app's scripts cached, as for someone who has opened the app before),
    // with the requests it made, from the browser's Resource Timing (ms from the navigation; the server shares this
    // process, so Playwright's own request events arrive late when the server is busy): what waits on what.
    const short = (u: string) => {
      const x = new URL(u);
      return (x.pathname + x.search).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id").slice(0, 60);
    };
    const open = async (what: string, url: string, ready: () => Promise<unknown>) => {
      const t0 = performance.now();
      await page.goto(`${base}/app${url}`);
      await ready();
      const ms = performance.now() - t0;
      const inPage = await page.evaluate(() => (window as unknown as { firstRows?: number }).firstRows);
      line(`${what.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms to first rows shown (${inPage?.toFixed(0) ?? "?"} ms by the page's clock), ${await elements(page)} elements`);
      const entries = await page.evaluate(() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => ({ name: e.name, start: e.startTime, end: e.startTime + e.duration })));
      for (const x of entries) line(`    ${short(x.name).padEnd(62)} ${x.start.toFixed(0).padStart(5)} – ${x.end.toFixed(0).padStart(5)} ms`);
    };

    await open("dashboard (the first screen after sign-in)", "/", () => page.locator(".kpis").waitFor({ timeout: 120_000 }));

    const rows = page.getByTestId("list-rows");
    const count = rows.getByTestId("list-rows-count");
    await open("list builder, everyone (in Russian)", `/lists/${ids.everyone}`, () => count.filter({ hasText: /показаны 1–100 из/ }).waitFor({ timeout: 120_000 }));
    let t = performance.now();
    await page.getByRole("navigation", { name: "Страницы списка" }).first().getByRole("button", { name: "Дальше" }).click();
    await count.filter({ hasText: /показаны 101–200 из/ }).waitFor();
    line(`  next page: ${(performance.now() - t).toFixed(0)} ms`);
    t = performance.now();
    await rows.getByLabel("Показать").selectOption("ineligible");
    await count.filter({ hasText: /показаны 1–/ }).waitFor();
    line(`  "not eligible" filter: ${(performance.now() - t).toFixed(0)} ms, ${await elements(page)} elements`);

    await open("people list (in Russian)", "/people", () => page.locator("table.results tbody tr").first().waitFor({ timeout: 120_000 }));
    line(`  rows on the page: ${await page.locator("table.results tbody tr").count()}`);

    await open("reconciliation: their list compared with everyone", `/reconciliation?list=${ids.counterpart}`, () => page.getByTestId("held").locator("tbody tr").first().waitFor({ timeout: 120_000 }));
    line(`  rows on the page: ${await page.locator("tbody tr").count()}`);
  } finally {
    await browser.close();
  }
}
