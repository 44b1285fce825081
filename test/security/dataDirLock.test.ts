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
