import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig, type AppConfig } from "../config.js";
import { rowsOf } from "../db/rows.js";
import { createBackup, restoreBackup } from "../services/backup.js";
import { makePerson } from "../../test/helpers/factories.js";
import { createServerDatabase, type ServerDatabase } from "../../test/helpers/serverDatabase.js";
import { openRuntime, type Runtime } from "./runtime.js";

// The data passes over older versions' data run once per code: a start after they ran skips their scans; a
// database without the record, or with an older one (a restored or copied older database), runs them again and
// seals what it finds in clear. On PostgreSQL too (TEST_DATABASE_URL).
const dir = mkdtempSync(join(tmpdir(), "aff-data-passes-"));
let config: AppConfig;
let made: ServerDatabase | undefined;
const serverUrl = process.env.TEST_DATABASE_URL;

beforeAll(async () => {
  if (serverUrl) made = await createServerDatabase(serverUrl, "aff_passes");
  const databaseUrl = made?.url;
  config = loadConfig({}, { dataDir: join(dir, "data"), ...(databaseUrl ? { databaseUrl } : {}) });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await made?.drop();
});

/** Opens the runtime; gives what its "runtime opened" line says of the data passes. */
async function open(): Promise<{ rt: Runtime; passes: string }> {
  const lines: string[] = [];
  const log = pino({ level: "info" }, new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) }));
  const rt = await openRuntime(config, { log });
  const opened = lines.map((l) => JSON.parse(l) as { msg: string; dataPasses?: string }).find((l) => l.msg === "runtime opened");
  return { rt, passes: opened!.dataPasses! };
}

const storedName = async (rt: Runtime, id: string) => rowsOf<{ v: string }>(await rt.database.db.execute(sql`select primary_name as v from person where id = ${id}::uuid`))[0]!.v;

it("runs the passes once per code: skipped at the next start, run again on a database without the record or with an older one", async () => {
  const first = await open();
  expect(first.passes).toBe("ran");
  const p = await makePerson(first.rt, { primaryName: "Сидоренко Олена Петрівна" });
  // A value in clear the current code never writes: a start that skips the passes leaves it (which proves the skip).
  await first.rt.database.db.execute(sql`update person set primary_name = 'Сидоренко Олена Петрівна' where id = ${p.id}::uuid`);
  await first.rt.close();

  const again = await open();
  expect(again.passes).toBe("ran before for this code");
  expect(await storedName(again.rt, p.id)).toBe("Сидоренко Олена Петрівна");
  // An older version's record (its passes, its sealed columns): this code's passes run and seal it.
  await again.rt.database.db.execute(sql`update data_pass set fingerprint = 'an older version' where name = 'start-up'`);
  await again.rt.close();

  const afterOlder = await open();
  expect(afterOlder.passes).toBe("ran");
  expect(await storedName(afterOlder.rt, p.id)).toMatch(new RegExp(`^p1\\.${p.id}\\.`));
  // A database of a version before the record (no row): the same.
  await afterOlder.rt.database.db.execute(sql`update person set primary_name = 'Сидоренко Олена Петрівна' where id = ${p.id}::uuid`);
  await afterOlder.rt.database.db.execute(sql`delete from data_pass`);
  await afterOlder.rt.close();

  const withoutRecord = await open();
  expect(withoutRecord.passes).toBe("ran");
  expect(await storedName(withoutRecord.rt, p.id)).toMatch(/^p1\./);
  await withoutRecord.rt.close();
}, 120_000);

it("a restored backup brings no record: the next start runs the passes over the restored rows", async () => {
  const rt = (await open()).rt;
  try {
    const backup = await createBackup(rt.systemCtx("data passes test"));
    expect(rowsOf(await rt.database.db.execute(sql`select 1 from data_pass`)).length).toBe(1);
    await restoreBackup(rt.systemCtx("data passes test"), backup, { force: true });
    expect(rowsOf(await rt.database.db.execute(sql`select 1 from data_pass`))).toEqual([]);
  } finally {
    await rt.close();
  }
  const next = await open();
  expect(next.passes).toBe("ran");
  await next.rt.close();
}, 120_000);
