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
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRuntime, ensureDefaultOrganisation, type Runtime } from "../../app/runtime.js";
import { migrationsFolder, openDatabase, type Database } from "../../db/client.js";
import { sealPlaintextValues } from "../../db/repositories/sealedValues.js";
import { FieldCipher, newFieldKey } from "../../security/fieldCipher.js";
import { erasePerson } from "../erasure.js";
import { hashUnhashedListRows } from "./rowHashes.js";
import { verifyListVersion } from "./lists.js";
import { contentHash, type ListRowData } from "./rows.js";
import { createServerDatabase } from "../../../test/helpers/serverDatabase.js";

// The data migration of frozen list rows (migration 0027 and the start-up steps after it): a database written
// by the previous version holds list rows in clear, under a content hash over the rows themselves (scheme 1).
// After the upgrade every row is sealed, has its own hash, the printed hash still verifies — and after an
// erasure the other rows are still shown intact against their row hashes.

const serverUrl = process.env.TEST_DATABASE_URL;
let dir: string;
let database: Database;
let dropDb: (() => Promise<void>) | undefined;
let rt: Runtime;

/** A copy of the migrations folder ending before `tag` (the schema an older version left behind). */
function migrationsBefore(tag: string): string {
  const to = join(dir, "migrations");
  cpSync(migrationsFolder, to, { recursive: true });
  const journalPath = join(to, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.startsWith(tag));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return to;
}

async function migrate(folder: string): Promise<void> {
  if (database.kind === "pglite") await migratePglite(drizzlePglite(database.pglite!), { migrationsFolder: folder });
  else {
    const pool = new pg.Pool({ connectionString: currentUrl!, max: 1 });
    try {
      await migratePg(drizzlePg(pool), { migrationsFolder: folder });
    } finally {
      await pool.end();
    }
  }
}
let currentUrl: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "aff-rowhash-"));
  if (serverUrl) {
    const made = await createServerDatabase(serverUrl, "aff_rowhash");
    currentUrl = made.url;
    dropDb = made.drop;
  }
  database = await openDatabase({ url: currentUrl, migrate: false });
  await migrate(migrationsBefore("0027_seal"));
});

afterAll(async () => {
  await database?.close();
  await dropDb?.();
  rmSync(dir, { recursive: true, force: true });
});

const row = (over: Partial<ListRowData>): ListRowData => ({
  personId: null,
  nameCyrillic: null,
  nameLatin: null,
  birthDate: null,
  articles: null,
  facility: null,
  sentence: null,
  category: "ru_political_prisoner",
  status: "in_colony",
  priority: null,
  recognition: "recognised",
  eligible: true,
  reasons: [],
  warnings: [],
  received: null,
  match: null,
  ...over,
});

describe("upgrading frozen list rows stored in clear", () => {
  it("seals them, hashes each row, keeps the printed hash verifying, and after an erasure names the erased row", async () => {
    const db = database.db;
    const organisationId = await ensureDefaultOrganisation(database);
    const [a, b] = [randomUUID(), randomUUID()];
    // People as the previous version stored them (names sealed since 0023; written in clear here, sealed below).
    await db.execute(sql`insert into person (id, organisation_id, primary_name, category) values (${a}, ${organisationId}, 'Ветрова Ульяна Поликарповна', 'ru_political_prisoner'), (${b}, ${organisationId}, 'Сорокин Ермолай Кузьмич', 'ru_political_prisoner')`);
    const rows: ListRowData[] = [
      row({ personId: a, nameCyrillic: "Ветрова Ульяна Поликарповна", nameLatin: "VETROVA ULIANA", birthDate: "09.11.1983", articles: "ст. 207.3 ч. 2 УК РФ", facility: "ИК-6", sentence: "6 лет", detainedOn: "2024-02-01", exchangeConsent: "consents", priority: 42.5 }),
      row({ personId: b, nameCyrillic: "Сорокин Ермолай Кузьмич", nameLatin: "SOROKIN ERMOLAI", birthDate: "1961", priority: 12.3, eligible: false, reasons: ["released"], warnings: ["consent_unknown"] }),
      // A counterpart's row matching nobody: sealed under the field key.
      row({ nameCyrillic: "Неизвестнов Фрол", birthDate: "02.02.1980", received: { "№": "7", ФИО: "Неизвестнов Фрол" }, match: { verdict: "no_match", score: 0.1, explanation: ["нет совпадений с Неизвестнов Фрол"] }, recognition: null }),
    ];
    const listId = randomUUID();
    const versionId = randomUUID();
    await db.execute(sql`insert into exchange_list (id, organisation_id, name, status, current_version, frozen_version) values (${listId}, ${organisationId}, 'Обмен, осень', 'frozen', 1, 1)`);
    await db.execute(
      sql`insert into exchange_list_version (id, list_id, version, content_hash, row_count, eligible_count, created_by_label, created_at) values (${versionId}, ${listId}, 1, ${contentHash(rows, 1)}, 3, 2, 'admin', now())`,
    );
    for (const [i, r] of rows.entries())
      await db.execute(sql`insert into exchange_list_row (version_id, position, person_id, name_cyrillic, name_latin, birth_date, articles, facility, sentence, detained_on, exchange_consent, category, status, priority, recognition, eligible, reasons, warnings, received, match)
        values (${versionId}, ${i + 1}, ${r.personId}, ${r.nameCyrillic}, ${r.nameLatin}, ${r.birthDate}, ${r.articles}, ${r.facility}, ${r.sentence}, ${r.detainedOn ?? null}, ${r.exchangeConsent ?? null}, ${r.category}, ${r.status}, ${r.priority}, ${r.recognition}, ${r.eligible},
          ${JSON.stringify(r.reasons)}::jsonb, ${JSON.stringify(r.warnings)}::jsonb, ${r.received ? JSON.stringify(r.received) : null}::jsonb, ${r.match ? JSON.stringify(r.match) : null}::jsonb)`);

    // The upgrade: the SQL migration, then the start-up steps openPersonKeys runs (hash while in clear, then seal).
    await migrate(migrationsFolder);
    rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), organisationId);
    expect(await hashUnhashedListRows(db)).toBe(3);
    expect(await sealPlaintextValues(db)).toMatchObject({ exchange_list_row: 3 });
    expect(await hashUnhashedListRows(db)).toBe(0);

    const stored = (await db.execute(sql`select person_id::text as p, personal, row_hash from exchange_list_row order by position`)) as unknown as { rows: { p: string | null; personal: string; row_hash: string }[] };
    expect(stored.rows.map((r) => r.personal.slice(0, 3))).toEqual(["p1.", "p1.", "v1."]);
    expect(stored.rows[0]!.personal.startsWith(`p1.${a}.`)).toBe(true);
    const dump = JSON.stringify(((await db.execute(sql`select row_to_json(x)::text as j from exchange_list_row x`)) as unknown as { rows: unknown[] }).rows);
    for (const w of ["Ветрова", "VETROVA", "Сорокин", "Неизвестнов", "207.3", "ИК-6", "09.11.1983"]) expect(dump, w).not.toContain(w);

    // Opened, the rows are what they were: the printed (scheme 1) hash is recomputed and matches.
    const ctx = rt.systemCtx("upgrade test");
    expect(await verifyListVersion(ctx, listId, 1)).toMatchObject({ hashScheme: 1, verified: true, summary: "intact: all 3 rows match the content hash" });

    // The SQL migration left no clear value in dead row versions once the table is rewritten (as start-up does).
    await db.execute(sql`vacuum full exchange_list_row`);

    // Erased: the printed hash of an old version can no longer be recomputed, but the other rows are checked.
    await erasePerson(ctx, a, "request (test)");
    const after = await verifyListVersion(ctx, listId, 1);
    expect(after).toMatchObject({ verified: false, erasedRows: [1], changedRows: [] });
    expect(after.summary).toMatch(/^row 1 erased on request, the other 2 intact; this version was stored before row hashes/);
  });
});
