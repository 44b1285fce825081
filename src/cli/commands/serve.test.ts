import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("allforall serve --workers", () => {
  it("is refused on the embedded database, which one process owns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-serve-"));
    try {
      const env = { ...process.env, DATABASE_URL: "", ALLFORALL_KEY: "00".repeat(32) };
      const run = promisify(execFile)(process.execPath, ["bin/allforall.mjs", "--data", join(dir, "data"), "serve", "--workers", "2"], { env });
      await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("--workers needs PostgreSQL") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a wrong appeal channel setting at start-up, before it listens (the server's code loads while the database opens)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-serve-"));
    try {
      const env = { ...process.env, DATABASE_URL: "", ALLFORALL_KEY: "00".repeat(32), ALLFORALL_IMAP_INTERVAL: "1" };
      const run = promisify(execFile)(process.execPath, ["bin/allforall.mjs", "--data", join(dir, "data"), "serve", "--port", "0"], { env });
      await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("ALLFORALL_IMAP_INTERVAL: expected seconds"), stdout: expect.not.stringContaining("allforall is serving") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
