import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createServerDatabase } from "../../test/helpers/serverDatabase.js";
import { migrationsFolder, openDatabase } from "./client.js";
import { grantRuntimeRole } from "./runtimeRole.js";

const serverUrl = process.env.TEST_DATABASE_URL;

// Several hosts against one PostgreSQL (`serve --workers` on each): each host's first worker migrates, at the same
// moment after an upgrade. Each must wait for the other's migrations and then find nothing left to run — neither
// fail on the other's tables nor run a migration twice.
describe.runIf(serverUrl)("migrations run by several processes at once (PostgreSQL)", () => {
  const migrations = readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).length;

  /** Three openers at once on `url`: every one succeeds, and each migration is recorded once. */
  async function openTogether(url: string): Promise<void> {
    const opened = await Promise.allSettled([1, 2, 3].map(() => openDatabase({ url, migrate: true })));
    for (const o of opened) if (o.status === "fulfilled") await o.value.close();
    expect(opened.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; distinct: string }>(
        "select count(*) as n, count(distinct created_at) as distinct from drizzle.__drizzle_migrations",
      );
      expect(rows[0]).toEqual({ n: String(migrations), distinct: String(migrations) });
    } finally {
      await client.end();
    }
  }

  it("a fresh database: every opener succeeds, each migration ran once", async () => {
    const database = await createServerDatabase(serverUrl!, "review2_migrations");
    try {
      await openTogether(database.url);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it("an upgrade (the last migrations left to run): every opener succeeds, each migration ran once", async () => {
    const database = await createServerDatabase(serverUrl!, "review2_migrations");
    const older = mkdtempSync(join(tmpdir(), "review2-migrations-"));
    try {
      // The database as an older version left it: the migrations but the last eight.
      cpSync(migrationsFolder, older, { recursive: true });
      const journalFile = join(older, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: unknown[] };
      writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, -8) }));
      const pool = new pg.Pool({ connectionString: database.url });
      await migrate(drizzle(pool), { migrationsFolder: older }).finally(() => pool.end());
      await openTogether(database.url);
    } finally {
      rmSync(older, { recursive: true, force: true });
      await database.drop();
    }
  }, 60_000);

  it("the owner's grants to the server's role, made by several hosts at once, all succeed", async () => {
    const database = await createServerDatabase(serverUrl!, "review2_migrations");
    const role = `review2_role_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create role ${role}`);
    const owners = await Promise.all([1, 2, 3].map(() => openDatabase({ url: database.url, migrate: false })));
    try {
      await openDatabase({ url: database.url }).then((d) => d.close());
      for (let round = 0; round < 5; round++) {
        const granted = await Promise.allSettled(owners.map((o) => grantRuntimeRole(o.db, role)));
        expect(granted.filter((g) => g.status === "rejected").map((g) => String((g as PromiseRejectedResult).reason))).toEqual([]);
      }
    } finally {
      for (const o of owners) await o.close();
      await database.drop();
      await admin.query(`drop role ${role}`).finally(() => admin.end());
    }
  }, 60_000);
});
