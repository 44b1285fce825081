import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockDataDir } from "../../src/db/client.js";

// Two processes on one PGlite folder corrupt it: the folder lock refuses a live owner and takes over a dead one.
const dir = mkdtempSync(join(tmpdir(), "aff-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("data folder lock", () => {
  it("refuses a folder held by a running process, takes over one left by a dead process, releases on close", () => {
    const lock = join(dir, "allforall.lock");
    writeFileSync(lock, String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    writeFileSync(lock, "2147483646");
    const unlock = lockDataDir(dir);
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    unlock();
    expect(existsSync(lock)).toBe(false);
  });
});

// Found by an adversarial run: two processes both took the lock in 1 of 70 simultaneous starts (one read the
// other's lock before its pid was written, took it for a dead owner's and replaced it).
describe("data folder lock under simultaneous starts", () => {
  it("exactly one of many processes starting together gets the lock, with and without a dead owner's lock", async () => {
    const { spawn } = await import("node:child_process");
    const { pathToFileURL } = await import("node:url");
    const moduleUrl = pathToFileURL(join(process.cwd(), "src/db/dataDirLock.ts")).href;
    // Each child waits for the same moment, tries the lock, holds it 5 s (longer than the slowest start), reports.
    const child = (folder: string, at: number) =>
      new Promise<string>((resolve) => {
        const code = `const { lockDataDir } = await import(${JSON.stringify(moduleUrl)});
          while (Date.now() < ${at}) {}
          try { const u = lockDataDir(${JSON.stringify(folder)}); console.log("got"); setTimeout(() => { u(); }, 5000); } catch { console.log("refused"); }`;
        const p = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        p.stdout.on("data", (c: Buffer) => (out += c.toString()));
        p.on("exit", () => resolve(out.trim()));
      });
    for (const stale of [false, true]) {
      for (let round = 0; round < 1; round++) {
        const folder = mkdtempSync(join(dir, "race-"));
        if (stale) writeFileSync(join(folder, "allforall.lock"), "2147483646");
        const at = Date.now() + 3000;
        const results = await Promise.all(Array.from({ length: 5 }, () => child(folder, at)));
        expect(results.filter((r) => r === "got"), `stale lock: ${stale}`).toHaveLength(1);
      }
    }
  }, 120_000);
});
