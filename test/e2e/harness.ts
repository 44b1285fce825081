import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { createServer } from "../../src/server.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

// End-to-end harness: the real server in-process on an ephemeral port, the built staff app, and Debian's
// Chromium driven by playwright-core. No browser download: CHROMIUM_PATH or /usr/bin/chromium must exist.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds dist/web once when stale; a lock directory keeps parallel test files from building at the same time. */
async function ensureWebBuilt(): Promise<void> {
  const lock = join(root, "dist/.web-build-lock");
  mkdirSync(join(root, "dist"), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a crashed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (waited > 120_000) throw new Error("timed out waiting for another test to build the staff app");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await buildWeb({ quiet: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface E2E {
  rt: TestRuntime;
  app: FastifyInstance;
  base: string;
  browser: Browser;
  /** URLs the pages tried to load from anywhere but the test server (must stay empty). */
  thirdPartyRequests: string[];
  newPage(opts?: { locale?: string; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  // Fail loudly: a skipped browser suite would look green while testing nothing.
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
  await ensureWebBuilt();
  const rt = await createTestRuntime();
  const app = await createServer(rt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const base = `http://127.0.0.1:${port}`;
  const thirdParty: string[] = [];
  return {
    thirdPartyRequests: thirdParty,
    rt,
    app,
    base,
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({ locale: opts.locale ?? "en-GB", viewport: opts.viewport ?? { width: 1280, height: 900 } });
      const page = await context.newPage();
      // Fail within the test's own timeout, with the locator that was waited for in the message.
      page.setDefaultTimeout(20_000);
      // Any request leaving the test server is a bug (no CDN, no analytics): block it and record it for the tests.
      await page.route((url) => !url.href.startsWith(base) && !url.href.startsWith("data:"), async (route) => {
        thirdParty.push(route.request().url());
        await route.abort();
      });
      return { context, page };
    },
    async close() {
      await browser.close();
      await app.close();
      await rt.close();
    },
  };
}

export { signIn, signInEnrollingTotp } from "./flows.js";

/** Collects script errors and CSP violations so a test can assert there were none (HTTP 4xx answers are expected). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}
