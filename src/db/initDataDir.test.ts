import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.js";
import { openToOthers } from "./dataDirLock.js";
import { initDataDir } from "./initDataDir.js";

/** Opens the folder as the application would and counts its people (a migrated, working database). */
async function peopleIn(data: string): Promise<number> {
  const database = await openDatabase({ dataDir: data });
  try {
    const r = await database.db.execute(sql`select count(*)::int as n from person`);
    return (r as unknown as { rows: { n: number }[] }).rows[0]!.n;
  } finally {
    await database.close();
  }
}

describe("initDataDir", () => {
  it("creates the database of a new folder in a child process, and leaves an existing one alone", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "aff-initdir-")), "data");
    await initDataDir(data);
    expect(existsSync(join(data, "PG_VERSION"))).toBe(true);
    expect(existsSync(join(data, "allforall.lock"))).toBe(false);
    const version = statSync(join(data, "PG_VERSION")).mtimeMs;
    await initDataDir(data);
    expect(statSync(join(data, "PG_VERSION")).mtimeMs).toBe(version);
    expect(await peopleIn(data)).toBe(0);
  }, 60_000);

  it("a folder left half-made (no PG_VERSION) is made again, and the user's other files in it stay", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "aff-initdir-")), "data");
    mkdirSync(join(data, "base", "1"), { recursive: true });
    writeFileSync(join(data, "base", "1", "garbage"), "half-written");
    writeFileSync(join(data, "notes.txt"), "mine");
    await initDataDir(data);
    expect(existsSync(join(data, "base", "1", "garbage"))).toBe(false);
    expect(readFileSync(join(data, "notes.txt"), "utf8")).toBe("mine");
    expect(readdirSync(dirname(data)).filter((n) => n.includes(".init-"))).toEqual([]);
    expect(await peopleIn(data)).toBe(0);
  }, 60_000);
});

describe("data folder modes", () => {
  it("the folder is 0700 and its files 0600 after creation, opening and closing, whatever the umask", async () => {
    const previous = process.umask(0);
    try {
      const data = join(mkdtempSync(join(tmpdir(), "aff-mode-")), "data");
      await initDataDir(data);
      expect(openToOthers(data)).toEqual([]);
      // A folder copied or restored with loose modes is tightened at start-up.
      chmodSync(data, 0o777);
      chmodSync(join(data, "PG_VERSION"), 0o666);
      const database = await openDatabase({ dataDir: data });
      expect(statSync(data).mode & 0o777).toBe(0o700);
      expect(statSync(join(data, "PG_VERSION")).mode & 0o777).toBe(0o600);
      await database.db.execute(sql`create table mode_probe (x text)`);
      await database.db.execute(sql`insert into mode_probe values ('x')`);
      await database.close();
      expect(openToOthers(data)).toEqual([]);
    } finally {
      process.umask(previous);
    }
  }, 60_000);

  // A folder this user cannot tighten (another owner's, left open) is refused at start-up, not used open. Needs a
  // second account: run as root, the child opens a root-owned 0777 folder as "nobody".
  it.skipIf(process.getuid?.() !== 0)("a folder whose modes cannot be fixed (another owner) is refused with a clear message", () => {
    const base = mkdtempSync(join(tmpdir(), "aff-owner-"));
    chmodSync(base, 0o777);
    const data = join(base, "data");
    mkdirSync(data);
    chmodSync(data, 0o777);
    const client = pathToFileURL(join(process.cwd(), "src/db/client.ts")).href;
    const code = `const { openDatabase } = await import(${JSON.stringify(client)});
      try { await openDatabase({ dataDir: ${JSON.stringify(data)} }); console.log("opened"); } catch (e) { console.log(String(e.message)); }`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { uid: 65534, gid: 65534, env: { ...process.env, HOME: base, TMPDIR: base }, encoding: "utf8", timeout: 60_000 });
    expect(r.stdout.trim(), r.stderr).toMatch(/^cannot restrict the data folder: chmod 700 .*data failed \(EPERM\); run allforall as the folder's owner/);
    // Nothing was made in it, and no lock was left behind.
    expect(readdirSync(data)).toEqual([]);
  }, 90_000);
});

