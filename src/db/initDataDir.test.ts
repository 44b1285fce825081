import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.js";
import { initDataDir } from "./initDataDir.js";

describe("initDataDir", () => {
  it("creates the database of a new folder in a child process, and leaves an existing one alone", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "aff-initdir-")), "data");
    await initDataDir(data);
    expect(existsSync(join(data, "PG_VERSION"))).toBe(true);
    expect(existsSync(join(data, "allforall.lock"))).toBe(false);
    const version = statSync(join(data, "PG_VERSION")).mtimeMs;
    await initDataDir(data);
    expect(statSync(join(data, "PG_VERSION")).mtimeMs).toBe(version);
    const database = await openDatabase({ dataDir: data });
    try {
      const r = await database.db.execute(sql`select count(*)::int as n from person`);
      expect((r as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  }, 60_000);
});
