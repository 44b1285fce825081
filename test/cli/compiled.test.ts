import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { buildServer } from "../../scripts/build-server.mjs";

// `npm start` runs the compiled tree (scripts/build-server.mjs), while the rest of the suite runs the sources. The
// compiled code finds its migrations, worker scripts, public assets and fonts by relative URLs: this runs it on
// a tree of its own and walks the paths that only such a tree could get wrong.
const dir = mkdtempSync(join(tmpdir(), "aff-compiled-"));
// Inside the project (.tmp is ignored by git), where the tree's imports find node_modules.
const scratch = join(import.meta.dirname, "../../.tmp");
mkdirSync(scratch, { recursive: true });
const tree = mkdtempSync(join(scratch, "server-"));
const env = { ...process.env, DATABASE_URL: "", ALLFORALL_KEY: "compiled-test-key", LOG_LEVEL: "error" };
/** The compiled CLI, called as bin/allforall.mjs calls it. */
const boot = join(tree, "boot.mjs");
const cli = (...args: string[]) => spawnSync(process.execPath, [boot, "--data", join(dir, "data"), ...args], { encoding: "utf8", env });

beforeAll(async () => {
  await buildServer({ force: true, quiet: true, out: tree });
  writeFileSync(boot, `const { main } = await import(${JSON.stringify(pathToFileURL(join(tree, "src/cli/main.js")).href)});\nawait main(process.argv);\n`);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(tree, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("the compiled server (dist/server)", () => {
  it("holds JavaScript only, beside the migrations and worker scripts the code loads by URL", () => {
    expect(existsSync(join(tree, "src/cli/main.js"))).toBe(true);
    expect(existsSync(join(tree, "src/cli/main.ts"))).toBe(false);
    expect(existsSync(join(tree, "src/db/pgliteThread.mjs"))).toBe(true);
    expect(existsSync(join(tree, "src/db/migrations/meta/_journal.json"))).toBe(true);
    expect(existsSync(join(tree, "src/services/import/matchWorker.js"))).toBe(true);
    expect(existsSync(join(tree, "assets/fonts"))).toBe(true);
  });

  it("imports a sheet large enough for the matching worker thread", () => {
    // 2,100 rows without external ids: the importer matches them in its worker thread (matchThread.ts), which the
    // compiled tree starts from matchWorker.js rather than through tsx.
    const rows = ["№;ФИО;Дата рождения;Пол"];
    for (let i = 0; i < 2100; i++) rows.push(`${i + 1};Иванов${String.fromCharCode(1040 + (i % 32))}${i} Пётр Сергеевич;${String((i % 28) + 1).padStart(2, "0")}.${String((i % 12) + 1).padStart(2, "0")}.${1950 + (i % 50)};м`);
    const file = join(dir, "sheet.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const r = cli("import", "people", file, "--category", "ru_political_prisoner", "--lang", "en");
    expect(r.status).toBe(0);
    // Namesakes among the invented rows go to review (their lines on stderr); every row is decided, none refused.
    const done = /2100 rows: (\d+) created, 0 updated, 0 unchanged, (\d+) left for review, 0 refused/.exec(r.stdout);
    expect(done, r.stdout + r.stderr).not.toBeNull();
    expect(Number(done![1]) + Number(done![2])).toBe(2100);
    expect(Number(done![1])).toBeGreaterThan(1500);
    expect(r.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  }, 120_000);

  it("serves the public site with its stylesheet, and the staff API", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [boot, "--data", join(dir, "data"), "serve", "--port", String(port), "--host", "127.0.0.1"], { env, stdio: "ignore" });
    try {
      const base = `http://127.0.0.1:${port}`;
      let health: Response | undefined;
      for (let i = 0; i < 600 && !health?.ok; i++) {
        health = await fetch(`${base}/healthz`).catch(() => undefined);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.ok).toBe(true);
      // The home page's counts come from the person index, built in the background: 503 until it is ready.
      let answer = await fetch(`${base}/`, { headers: { "accept-language": "ru" } });
      for (let i = 0; i < 600 && answer.status === 503; i++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await fetch(`${base}/`, { headers: { "accept-language": "ru" } });
      }
      expect(answer.status).toBe(200);
      const home = await answer.text();
      const css = /href="(\/assets\/site\.css[^"]*)"/.exec(home)?.[1];
      expect(css).toBeDefined();
      expect((await fetch(`${base}${css}`)).status).toBe(200);
      expect((await fetch(`${base}/api/v1/people`)).status).toBe(401);
    } finally {
      // A stopped server still writes (its index snapshot, PGlite's files): wait for it before the folder goes.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill();
        await exited;
      }
    }
  }, 120_000);
});
