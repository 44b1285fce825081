import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type Runtime } from "../../src/app/runtime.js";
import { loadConfig, type AppConfig } from "../../src/config.js";
import { loadFieldCipher } from "../../src/security/keyStore.js";
import { ERASED_VALUE, openSealed } from "../../src/security/personKeys.js";
import { createBackup, readBackup } from "../../src/services/backup.js";
import { erasePerson } from "../../src/services/erasure.js";
import { addCase, createPerson } from "../../src/services/people.js";
import { citeSource, createSource, recordConsent, recordHealth } from "../../src/services/personRecords.js";
import { setPriorityFacts } from "../../src/services/priority.js";
import { sealedTables } from "../../src/db/repositories/sealedValues.js";
import { freezeList } from "../../src/services/lists/lifecycle.js";
import { createList, verifyListVersion } from "../../src/services/lists/lists.js";

// The seized-folder test (issue #20): a demo person with distinctive values is written through the services,
// the server stops cleanly, and then an adversary without the keys looks for them — in every file of the data
// folder (tables and WAL), in a data backup, and in every text column of every table read through the database
// itself (long values are stored compressed, so a grep of the files alone would miss them). Then the person is
// erased, and the copies that outlive the rows (WAL, the older backup) can no longer be opened.
// PGlite: files and database; PostgreSQL (TEST_DATABASE_URL): the database and the backup (its files are the
// server's, not ours).

const serverUrl = process.env.TEST_DATABASE_URL;
const LONG = "Квакшинский меморандум о переписке с Пантелеймоном Гугуевым. ".repeat(70);
const values = {
  primaryName: "Зюзюкина Евпраксия Феофилактовна",
  alternate: "Zyuzyukina Evpraksiya",
  latinName: "ZIUZIUKINA EVPRAKSIIA",
  publicSummary: "Учительница из Кукуева, задержанная за пост о Хрюмове",
  sentenceText: "шесть лет по делу Кукуевского кружка",
  caseNumber: "1-4242/2025-ЭВП",
  court: "Кукуевский районный суд",
  judge: "Пафнутьева Жозефина Ждановна",
  prosecutor: "Ермолаев-Щукин Прокопий",
  investigatingBody: "СО по Кукуевскому району Мухосранска",
  verdict: "виновна по делу о Квакшинском меморандуме",
  bans: "запрет Перепелкинских собраний",
  summary: LONG,
  givenBy: "тётя Акулина Поликарповна",
  consentNote: "согласие получено Фомой Кукушкиным",
  sourceNote: "свидетельство Онуфрия Гаврилова",
};
/** What must be found nowhere: each value, and a distinctive piece of the long one. */
const needles = [...Object.entries(values).filter(([k]) => k !== "summary").map(([, v]) => v), "Квакшинский меморандум", "Пантелеймоном Гугуевым"];

let dir: string;
let config: AppConfig;
let dbName: string | undefined;
let personId: string;
let olderBackup: string;
let listId: string;

const quiet = () => pino({ level: "silent" });

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Needles found in these files, as raw UTF-8 bytes (file → needle). */
function grepFiles(files: string[], words: string[]): string[] {
  const hits: string[] = [];
  for (const f of files) {
    if (!statSync(f).size) continue;
    const bytes = readFileSync(f);
    for (const w of words) if (bytes.includes(Buffer.from(w, "utf8"))) hits.push(`${f}: ${w}`);
  }
  return hits;
}

/** Every text, varchar and JSON column of every table, read without any key, searched for the needles. */
async function scanColumnsWithoutKey(query: (q: string) => Promise<Record<string, unknown>[]>): Promise<{ hits: string[]; columns: number; sealedFound: number; clearInSealedColumns: string[] }> {
  const sealedColumns = new Set((await sealedTables()).flatMap((t) => t.columns.map((c) => `${t.name}.${c}`)));
  const clearInSealedColumns: string[] = [];
  const cols = await query(
    `select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY') order by 1, 2`,
  );
  const hits: string[] = [];
  let sealedFound = 0;
  for (const c of cols) {
    const [t, col] = [String(c.table_name), String(c.column_name)];
    for (const r of await query(`select "${col}"::text as v from "${t}" where "${col}" is not null`)) {
      const v = String(r.v);
      for (const w of needles) if (v.toLowerCase().includes(w.toLowerCase())) hits.push(`${t}.${col}: ${w}`);
      if (personId && v.includes(`p1.${personId}.`)) sealedFound++;
      if (sealedColumns.has(`${t}.${col}`) && !v.startsWith("p1.")) clearInSealedColumns.push(`${t}.${col}: ${v.slice(0, 40)}`);
    }
  }
  return { hits, columns: cols.length, sealedFound, clearInSealedColumns };
}

async function scanDatabase(): Promise<Awaited<ReturnType<typeof scanColumnsWithoutKey>>> {
  if (config.databaseUrl) {
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    try {
      return await scanColumnsWithoutKey(async (q) => (await c.query(q)).rows as Record<string, unknown>[]);
    } finally {
      await c.end();
    }
  }
  const db = new PGlite(config.dataDir);
  try {
    return await scanColumnsWithoutKey(async (q) => (await db.query<Record<string, unknown>>(q)).rows);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "aff-seized-"));
  let databaseUrl: string | undefined;
  if (serverUrl) {
    dbName = `aff_seized_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  config = loadConfig({}, { dataDir: join(dir, "data"), ...(databaseUrl ? { databaseUrl } : {}) });

  const rt: Runtime = await openRuntime(config, { log: quiet() });
  try {
    const ctx = rt.systemCtx("seized-folder test");
    const p = await createPerson(ctx, {
      primaryName: values.primaryName,
      alternateNames: [values.alternate],
      latinName: values.latinName,
      sex: "female",
      birthDate: "1979-03-14",
      category: "ru_political_prisoner",
      status: "in_colony",
      publicSummary: values.publicSummary,
      sentenceText: values.sentenceText,
    });
    personId = p.id;
    await addCase(ctx, personId, {
      caseNumber: values.caseNumber,
      court: values.court,
      judge: values.judge,
      prosecutor: values.prosecutor,
      investigatingBody: values.investigatingBody,
      verdict: values.verdict,
      bans: values.bans,
      summary: values.summary,
      detainedOn: "2024-02-01",
      articles: [{ code: "RU_CC", article: "207.3", part: "2" }],
      custodyPeriods: [],
    });
    await recordConsent(ctx, personId, { publicity: "full", givenBy: values.givenBy, note: values.consentNote });
    const src = await createSource(ctx, { kind: "url", title: "OVD-Info", url: "https://example.org/s", reliability: "B" });
    await citeSource(ctx, personId, { sourceId: src.id, note: values.sourceNote });
    await recordHealth(ctx, personId, { condition: "туберкулёз", icd10: ["A15"], severity: "critical", preventsServing: true });
    await setPriorityFacts(ctx, personId, { minorChildren: 3, conditions: [{ kind: "torture", verified: true }] });
    // On a frozen exchange list (its row: names, birth date, articles, facility, sentence — sealed under her key).
    const other = await createPerson(ctx, { primaryName: "Пахомов Ипполит Ильич", category: "ru_political_prisoner", status: "in_colony" });
    const list = await createList(ctx, { name: "Обмен, весна", categories: ["ru_political_prisoner"], personIds: [personId, other.id], filters: { region: "Нигде" } });
    listId = list.id;
    await freezeList(ctx, listId, { version: 1, consentReason: "test: consent not asked" });
    // Opened, the values are all there (the services and pages still show them).
    expect((await rt.people.indexOf(rt.organisationId)).ordered("name").find((e) => e.id === personId)?.primaryName).toBe(values.primaryName);
    olderBackup = join(dir, "older.backup");
    writeFileSync(olderBackup, await createBackup(ctx));
  } finally {
    await rt.close();
  }
}, 240_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (dbName && serverUrl) {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
});

describe("a seized data folder, its WAL and a backup, without the keys", () => {
  it.skipIf(!!serverUrl)("no file of the data folder (tables, WAL, everything) holds a name or value of the person", () => {
    const files = filesUnder(config.dataDir);
    expect(files.some((f) => f.includes("pg_wal"))).toBe(true);
    expect(grepFiles(files, needles)).toEqual([]);
    // The same search does find the person's sealed values in the files (so it would find the names in clear).
    expect(grepFiles(files, [`p1.${personId}.`]).length).toBeGreaterThan(0);
    // The keys are beside the folder, never in it.
    expect(files.filter((f) => /\.key/.test(f))).toEqual([]);
  });

  it("every text column of every table, read through the database without the keys, holds none of them", async () => {
    const scan = await scanDatabase();
    expect(scan.columns).toBeGreaterThan(50);
    // The person's values are there, sealed under their key, and nowhere in clear.
    expect(scan.sealedFound).toBeGreaterThanOrEqual(Object.keys(values).length);
    expect(scan.hits).toEqual([]);
    // Every value of every person-sealed column (names, case texts, notes, health severity and flag, priority facts)
    // is sealed — including those that are no distinctive word ("critical", "true", "3", "torture").
    expect(scan.clearInSealedColumns).toEqual([]);
  });

  it("a data backup opened with the field key still shows none of them (they need the person key store)", () => {
    const field = loadFieldCipher({ keyFile: config.keyFile });
    const { lines } = readBackup(readFileSync(olderBackup), { cipher: field });
    const text = JSON.stringify(lines);
    expect(text).toContain(`p1.${personId}.`);
    expect(needles.filter((w) => text.toLowerCase().includes(w.toLowerCase()))).toEqual([]);
  });
});

describe("erasure is cryptographic", () => {
  it("after erasure the person's key is gone: values left in the WAL and in the older backup cannot be opened", async () => {
    const rt = await openRuntime(config, { log: quiet() });
    try {
      await erasePerson(rt.systemCtx("seized-folder test"), personId, "request of the person (test)");
    } finally {
      await rt.close();
    }
    // The key store (beside the field key, outside the data folder) no longer names the person.
    expect(readFileSync(config.personKeyFile, "utf8")).not.toContain(personId);
    if (!serverUrl) expect(grepFiles(filesUnder(config.dataDir), needles)).toEqual([]);

    // The older backup still holds the sealed values, but nothing opens them any more, even with the field key.
    const field = loadFieldCipher({ keyFile: config.keyFile });
    const { lines } = readBackup(readFileSync(olderBackup), { cipher: field });
    const sealed = lines.flatMap((l) => Object.values(l.r)).filter((v): v is string => typeof v === "string" && v.startsWith(`p1.${personId}.`));
    expect(sealed.length).toBeGreaterThanOrEqual(Object.keys(values).length);
    expect(new Set(sealed.map((v) => openSealed(v)))).toEqual(new Set([ERASED_VALUE]));
    // Her row of the frozen list, as the older backup holds it, is among them: it no longer opens.
    const listRow = lines.find((l) => l.t === "exchange_list_row" && l.r.person_id === personId);
    expect(String(listRow?.r.personal)).toMatch(new RegExp(`^p1\\.${personId}\\.`));
    expect(openSealed(String(listRow!.r.personal))).toBe(ERASED_VALUE);
    // A fresh process that loads the key store from disk has no key for them either.
    const fresh = await openRuntime(config, { log: quiet() });
    try {
      expect(fresh.personKeys.has(personId)).toBe(false);
      expect(openSealed(sealed[0]!)).toBe(ERASED_VALUE);
      // The frozen version keeps her row as a placeholder with its hash: the rest still verifies.
      const check = await verifyListVersion(fresh.systemCtx("seized-folder test"), listId, 1);
      expect(check).toMatchObject({ verified: true, erasedRows: [expect.any(Number)], changedRows: [] });
      expect(check.summary).toMatch(/^row \d erased on request, the other 1 intact$/);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
