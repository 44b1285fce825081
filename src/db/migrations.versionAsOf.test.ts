// Migration 0037: each stored version gets the day its rows were computed for. Versions stored before it: a build in
// the background said its day in the audit entry that stored the version; any other was computed on the day (Moscow)
// it was stored. Both databases (TEST_DATABASE_URL).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase, type Database } from "./client.js";
import { createServerDatabase } from "../../test/helpers/serverDatabase.js";

const serverUrl = process.env.TEST_DATABASE_URL;
let dir: string;
let database: Database;
let url: string | undefined;
let dropDb: (() => Promise<void>) | undefined;

/** The migrations folder up to (not including) `tag`, or all of it. */
function migrationsBefore(tag: string | null): string {
  const to = join(dir, `migrations-${tag ?? "all"}`);
  cpSync(migrationsFolder, to, { recursive: true });
  const journalPath = join(to, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  if (tag) journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag.startsWith(tag)));
  writeFileSync(journalPath, JSON.stringify(journal));
  return to;
}

async function migrate(folder: string): Promise<void> {
  if (database.kind === "pglite") return void (await migratePglite(drizzlePglite(database.pglite!), { migrationsFolder: folder }));
  const pool = new pg.Pool({ connectionString: url!, max: 1 });
  try {
    await migratePg(drizzlePg(pool), { migrationsFolder: folder });
  } finally {
    await pool.end();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "aff-asof-"));
  if (serverUrl) ({ url, drop: dropDb } = await createServerDatabase(serverUrl, "aff_asof"));
  database = await openDatabase({ url, migrate: false });
  await migrate(migrationsBefore("0037_version_as_of"));
});

afterAll(async () => {
  await database?.close();
  await dropDb?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("migration 0037: the day a version's rows were computed for", () => {
  it("takes a background build's day from the audit entry that stored it, and otherwise the day (Moscow) it was stored", async () => {
    const db = database.db;
    const org = randomUUID();
    const list = randomUUID();
    await db.execute(sql`insert into organisation (id, slug, name) values (${org}, ${`org-${org.slice(0, 8)}`}, 'Комитет')`);
    await db.execute(sql`insert into exchange_list (id, organisation_id, name) values (${list}, ${org}, 'Заложники, все')`);
    const version = (n: number, at: string) =>
      db.execute(sql`insert into exchange_list_version (list_id, version, content_hash, row_count, eligible_count, created_by_label, created_at)
        values (${list}, ${n}, ${`h${n}`}, 4, 4, 'Координатор', ${at}::timestamptz)`);
    const audit = (detail: object) =>
      db.execute(sql`insert into audit_event (at, actor_label, type, target_type, target_id, detail, prev_hash, hash)
        values (now(), 'Координатор', 'exchangeList.versioned', 'exchangeList', ${list}, ${JSON.stringify(detail)}::jsonb, 'p', 'h')`);
    // 1: built at once, stored at 01:30 in Moscow on 1 December (still 30 November in UTC).
    await version(1, "2026-11-30T22:30:00Z");
    // 2: asked for on 30 November, built in the background and stored on 2 December.
    await version(2, "2026-12-02T06:00:00Z");
    await audit({ builtInBackground: true, asOf: "2026-11-30", newVersion: true, version: 2 });
    // 3: a background build of the next day found nothing changed (no version of its own), then one stored at once.
    await audit({ builtInBackground: true, asOf: "2026-12-03", newVersion: false, version: 2 });
    await version(3, "2026-12-04T09:00:00Z");
    await migrate(migrationsBefore(null));
    const rows = ((await db.execute(sql`select version, as_of::text as "asOf" from exchange_list_version where list_id = ${list} order by version`)) as unknown as { rows: { version: number; asOf: string }[] }).rows;
    expect(rows).toEqual([
      { version: 1, asOf: "2026-12-01" },
      { version: 2, asOf: "2026-11-30" },
      { version: 3, asOf: "2026-12-04" },
    ]);
  });
});
