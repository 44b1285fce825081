// A backup made by an older version restores into this one: its rows lack the columns later migrations added. Each
// column a migration added as NOT NULL to a table that already held rows — with a default, or filled by the
// migration itself (0037's exchange_list_version.as_of) — is given in the restore what the migration gave the rows
// it found. Both databases (TEST_DATABASE_URL).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../test/helpers/factories.js";
import { migrationsFolder } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { restoreBackup, sealBackup, snapshotRows } from "./backup.js";
import { listBuildsSettled, setAfterChunk, setBackgroundFrom } from "./lists/background.js";
import { createList, refreshList } from "./lists/lists.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  setBackgroundFrom(2000);
  setAfterChunk(null);
  await rt?.close();
});

/** Columns a migration added as NOT NULL to a table created before it (read from the migrations themselves). */
function columnsAddedLater(): { table: string; column: string; migration: string }[] {
  const out: { table: string; column: string; migration: string }[] = [];
  for (const f of readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).sort()) {
    const text = readFileSync(join(migrationsFolder, f), "utf8");
    for (const m of text.matchAll(/ALTER TABLE "(\w+)" ADD COLUMN "(\w+)"[^;]*?NOT NULL/g)) out.push({ table: m[1]!, column: m[2]!, migration: f });
    for (const m of text.matchAll(/ALTER TABLE "(\w+)" ALTER COLUMN "(\w+)" SET NOT NULL/g)) if (!out.some((o) => o.table === m[1] && o.column === m[2])) out.push({ table: m[1]!, column: m[2]!, migration: f });
  }
  return out;
}

const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await rt.database.db.execute(query));

describe("a backup made before later migrations", () => {
  it("restores, each column added since given what its migration gave older rows", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const p = await makePerson(rt, { primaryName: "Есипенко Николай Николаевич", category: "ua_civilian_hostage", birthDate: "1966-07-23" });
    await makeCase(rt, p.id, { detainedOn: "2023-03-11" });
    // Version 1 built in the background: asked at 23:50 in Moscow on 30 November, stored the next morning.
    setBackgroundFrom(1);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    rt.setNow(new Date("2026-11-30T20:50:00.000Z"));
    const l = await createList(ctx, { name: "Гражданские заложники", categories: ["ua_civilian_hostage"] });
    rt.setNow(new Date("2026-12-01T06:00:00.000Z"));
    release();
    await listBuildsSettled();
    setAfterChunk(null);
    setBackgroundFrom(2000);
    // Version 2 built at once, at 01:30 in Moscow on 3 December (still 2 December in UTC).
    const second = await makePerson(rt, { primaryName: "Хилюк Дмитрий Викторович", category: "ua_civilian_hostage", birthDate: "1985-01-01" });
    await makeCase(rt, second.id, { detainedOn: "2022-03-01" });
    rt.setNow(new Date("2026-12-02T22:30:00.000Z"));
    await refreshList(ctx, l.id);
    const asOf = async () => (await q<{ version: number; as_of: string }>(sql`select version, as_of::text as as_of from exchange_list_version where list_id = ${l.id} order by version`)).map((r) => `${r.version}: ${r.as_of}`);
    expect(await asOf()).toEqual(["1: 2026-11-30", "2: 2026-12-03"]);

    const later = columnsAddedLater();
    expect(later.map((c) => `${c.table}.${c.column}`)).toContain("exchange_list_version.as_of");
    const snapshot = await snapshotRows(rt.database.db);
    const before = Object.fromEntries(snapshot.map((s) => [s.table, s.rows.length]));
    // As the older version wrote them: without the columns added since.
    const older = snapshot.map(({ table, rows }) => {
      const gone = later.filter((c) => c.table === table).map((c) => c.column);
      return { table, rows: gone.length ? rows.map((j) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(j) as object).filter(([k]) => !gone.includes(k))))) : rows };
    });
    expect(later.filter((c) => before[c.table]).length).toBeGreaterThanOrEqual(4);

    await restoreBackup(rt.systemCtx("backup test"), sealBackup(older, new Date(), { cipher: rt.cipher }), { force: true });
    // Every row back (and the restore's own audit entry).
    for (const { table, rows } of snapshot) expect((await q<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(`"${table}"`)}`))[0]!.n, table).toBe(rows.length + (table === "audit_event" ? 1 : 0));
    // A column with a default: the default (what ADD COLUMN … DEFAULT gave the rows there were).
    for (const { table, column } of later) {
      if (!before[table]) continue;
      const [d] = await q<{ d: string | null }>(sql`select column_default as d from information_schema.columns where table_name = ${table} and column_name = ${column}`);
      if (!d?.d || d.d.startsWith("nextval(")) continue;
      const [expected] = await q<{ v: string }>(sql.raw(`select (${d.d})::text as v`));
      const got = await q<{ v: string }>(sql.raw(`select distinct "${column}"::text as v from "${table}"`));
      expect(got, `${table}.${column}`).toEqual([expected]);
    }
    // 0037's day: the background build's from its audit entry, the other the day (Moscow) it was stored.
    expect(await asOf()).toEqual(["1: 2026-11-30", "2: 2026-12-03"]);
  });
});
