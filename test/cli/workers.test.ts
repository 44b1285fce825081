import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createServerDatabase } from "../helpers/serverDatabase.js";
import { freePort } from "../../bench/load-stats.js";

const serverUrl = process.env.TEST_DATABASE_URL;

function status(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
  });
}

// `serve --workers 2` on PostgreSQL: one worker listens at once, the other joins the port once its person index is
// ready (src/cli/rotation.ts), so no search is refused once the first index is ready.
describe.runIf(serverUrl)("allforall serve --workers 2", () => {
  it("starts and lets the second worker listen only once the first's index is ready, and answers every search from the first ready index on", async () => {
    const database = await createServerDatabase(serverUrl!, "aff_workers");
    const dir = mkdtempSync(join(tmpdir(), "aff-workers-"));
    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: database.url, ALLFORALL_KEY: "11".repeat(32), LOG_LEVEL: "info", ALLFORALL_INDEX_SNAPSHOT: "off" };
    const child = spawn(process.execPath, ["bin/allforall.mjs", "--data", join(dir, "data"), "serve", "--workers", "2", "--port", String(port), "--host", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (b: Buffer) => (log += b.toString()));
    child.stderr.on("data", (b: Buffer) => (log += b.toString()));
    try {
      const statuses: number[] = [];
      const until = Date.now() + 60_000;
      // Every worker listening (the cluster logs each), polling search meanwhile.
      while ((log.match(/Server listening at/g) ?? []).length < 2 && Date.now() < until) {
        statuses.push(await status(port, `/people?q=${encodeURIComponent("Иванов")}`));
        await new Promise((r) => setTimeout(r, 20));
      }
      const lines = log.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { pid: number; msg: string; time: number });
      const listened = lines.filter((l) => l.msg.startsWith("Server listening at"));
      expect(listened).toHaveLength(2);
      // The second to listen had its index built before it listened; every search after the first answer was answered.
      const second = listened[1]!;
      const order = lines.filter((l) => l.pid === second.pid).map((l) => l.msg);
      expect(order.indexOf("person index built")).toBeGreaterThanOrEqual(0);
      expect(order.indexOf("person index built")).toBeLessThan(order.indexOf(second.msg));
      // On 2 cores the second worker starts only once the first's build has ended (its start competed with it).
      const firstBuilt = lines.find((l) => l.pid === listened[0]!.pid && l.msg === "person index built")!;
      const secondOpened = lines.find((l) => l.pid === second.pid && l.msg === "runtime opened")!;
      if (availableParallelism() < 4) expect(secondOpened.time).toBeGreaterThanOrEqual(firstBuilt.time);
      const answered = statuses.filter((s) => s !== 0);
      const first = answered.findIndex((s) => s !== 503);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(answered.slice(first).filter((s) => s === 503)).toEqual([]);
      expect(log.match(/allforall is serving on/g)).toHaveLength(1);
      // The primary opens no database: the first worker migrates, runs the data passes and prints the set-up link;
      // the second opens the database once the first has, and skips them (src/cli/databaseOpening.ts).
      const opened = lines.filter((l) => l.msg === "runtime opened") as unknown as { pid: number; time: number; dataPasses: string }[];
      expect(opened.map((l) => l.pid)).toEqual([listened[0]!.pid, second.pid]);
      expect(opened.map((l) => l.dataPasses)).toEqual(["ran", "left to the first worker"]);
      expect(log.match(/First start: create the admin account at/g)).toHaveLength(1);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  }, 90_000);

  // The first worker migrates; when it stops before the database is migrated and checked (here: a wrong appeal
  // channel setting, read just after) the whole server stops with its error, and no worker is started again.
  it("stops with the first worker's error when that worker cannot open the database or refuses a setting", async () => {
    const database = await createServerDatabase(serverUrl!, "aff_workers");
    const dir = mkdtempSync(join(tmpdir(), "aff-workers-"));
    const run = (env: Record<string, string>) =>
      promisify(execFile)(process.execPath, ["bin/allforall.mjs", "--data", join(dir, "data"), "serve", "--workers", "2", "--port", "0"], {
        env: { ...process.env, ALLFORALL_KEY: "11".repeat(32), LOG_LEVEL: "warn", ALLFORALL_INDEX_SNAPSHOT: "off", ...env },
        timeout: 40_000,
      });
    try {
      await expect(run({ DATABASE_URL: database.url, ALLFORALL_IMAP_INTERVAL: "1" })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/ALLFORALL_IMAP_INTERVAL: expected seconds[^]*the server did not start/),
      });
      const missing = new URL(database.url);
      missing.pathname = `${missing.pathname}_missing`;
      const failed = run({ DATABASE_URL: missing.toString() });
      await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/does not exist[^]*the server did not start/) });
      const { stderr } = (await failed.catch((e: unknown) => e)) as { stderr: string };
      expect(stderr).not.toContain("starting another");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  }, 90_000);
});
