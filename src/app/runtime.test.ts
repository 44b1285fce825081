import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { openRuntime } from "./runtime.js";
import { makePerson } from "../../test/helpers/factories.js";

describe("openRuntime and the field key", () => {
  it("creates the key for a new database and refuses to replace a lost one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-runtime-"));
    const config = loadConfig({}, { dataDir: join(dir, "data"), databaseUrl: undefined });
    const log = pino({ level: "silent" });
    const first = await openRuntime(config, { log });
    const sealed = first.cipher.seal("family contact");
    await first.close();

    const again = await openRuntime(config, { log });
    expect(again.cipher.open(sealed)).toBe("family contact");
    await again.close();

    rmSync(config.keyFile);
    await expect(openRuntime(config, { log })).rejects.toThrow(/key file .* is missing, but the database already holds data/);
  }, 60_000);
});

describe("openRuntime and the person key store", () => {
  it("refuses a key store that lacks a person's key, and drops the keys of people no longer in the database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-runtime-"));
    const config = loadConfig({}, { dataDir: join(dir, "data"), databaseUrl: undefined });
    const log = pino({ level: "silent" });
    const rt = await openRuntime(config, { log });
    const kept = await makePerson(rt, { primaryName: "Сидоров Пётр" });
    const lost = await makePerson(rt, { primaryName: "Петренко Олена" });
    await rt.close();
    const keys = readFileSync(config.personKeyFile, "utf8");
    // A key of nobody: deleted at start-up.
    const again = await openRuntime(config, { log });
    again.personKeys.createMany(["00000000-0000-4000-8000-000000000001"]);
    await again.close();
    const third = await openRuntime(config, { log });
    expect(third.personKeys.ids().sort()).toEqual([kept.id, lost.id].sort());
    await third.close();
    // A person without a key: refused.
    writeFileSync(config.personKeyFile, keys.split("\n").filter((l) => !l.startsWith(lost.id)).join("\n"));
    await expect(openRuntime(config, { log })).rejects.toThrow(/1 people have no data key/);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe("openRuntime of a cluster worker (migrate: false)", () => {
  it("leaves the data passes to whoever migrates: a name an older version stored in clear is sealed by the next full open only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aff-runtime-"));
    const config = loadConfig({}, { dataDir: join(dir, "data"), databaseUrl: undefined });
    const log = pino({ level: "silent" });
    const rt = await openRuntime(config, { log });
    const p = await makePerson(rt, { primaryName: "Сидоров Пётр" });
    await rt.database.db.execute(sql`update person set primary_name = 'Сидоров Пётр' where id = ${p.id}::uuid`);
    // As an older version's database: no record that this code's data passes ran (src/app/dataPasses.ts).
    await rt.database.db.execute(sql`delete from data_pass`);
    await rt.close();
    const stored = async (r: Awaited<ReturnType<typeof openRuntime>>) =>
      ((await r.database.db.execute(sql`select primary_name from person where id = ${p.id}::uuid`)) as unknown as { rows: { primary_name: string }[] }).rows[0]!.primary_name;
    const worker = await openRuntime(config, { log, migrate: false });
    expect(await stored(worker)).toBe("Сидоров Пётр");
    await worker.close();
    const primary = await openRuntime(config, { log });
    expect(await stored(primary)).toMatch(/^p1\./);
    await primary.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
