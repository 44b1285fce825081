import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type Runtime } from "../../src/app/runtime.js";
import { loadConfig, type AppConfig } from "../../src/config.js";
import { appeal } from "../../src/db/schema/appeal.js";
import { person } from "../../src/db/schema/person.js";
import { sealPersonRow } from "../../src/db/schema/sealed.js";
import { loadFieldCipher } from "../../src/security/keyStore.js";
import { ERASED_VALUE, openSealed } from "../../src/security/personKeys.js";
import { createUser } from "../../src/services/accounts.js";
import { assignAppealLawyer, linkAppealToPerson } from "../../src/services/appeals/actions.js";
import { commitHeldAppeals } from "../../src/services/appeals/hold.js";
import { storeIncomingAppeal } from "../../src/services/appeals/intake.js";
import { HOUR_MS } from "../../src/services/appeals/intakeKeys.js";
import { assignPerson } from "../../src/services/assignments.js";
import { createBackup, readBackup, restoreBackup } from "../../src/services/backup.js";
import { erasePerson } from "../../src/services/erasure.js";
import { saveGenevaRecord } from "../../src/services/geneva.js";
import { addCase, createPerson } from "../../src/services/people.js";
import { citeSource, createSource, recordConsent, recordHealth } from "../../src/services/personRecords.js";
import { setPriorityFacts } from "../../src/services/priority.js";
import { freezeList } from "../../src/services/lists/lifecycle.js";
import { createList, verifyListVersion } from "../../src/services/lists/lists.js";
import { createServerDatabase, type ServerDatabase } from "../helpers/serverDatabase.js";
import { currentWalSegment, filesUnder, grepBytes, readFiles, scanColumnsWithoutKey, serverFiles } from "./seized.js";

// The seized-folder test (issue #20): a demo person with distinctive values of every kind the registry keeps
// about someone — names, case texts, consent and source notes, health (severity, flag, details), the Geneva
// record, the staff note, priority facts, a frozen list row, a family's appeal about her (linked), a lawyer
// assigned — is written through the services, the server stops cleanly, and an adversary without the keys looks
// for them: in every file of the data folder (tables and WAL), in a data backup, and in every text column of
// every table read through the database itself (long values are stored compressed, so a grep of the files
// alone would miss them). Then the person is erased, and the copies that outlive the rows (WAL, the older
// backup) no longer open — even for someone who holds the field key.
// PGlite: its files; PostgreSQL (TEST_DATABASE_URL): the database's files and WAL read through the server.

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
  // Health details (under her key), the Geneva record (under her key), the organisation's staff note (under her key).
  condition: "Кукуевская чахотка позвоночника",
  healthNote: "кровохарканье после этапа в Мухоярск",
  genevaToInform: "Зюзюкин Агафон Феофилактович",
  genevaAddress: "Большие Кукуевки, улица Хрюмова, дом 7",
  genevaMarks: "родинка в форме Квакши",
  staffNote: "звонил брат Агафон из Мухоярска, просил не звонить матери",
  // A family's appeal about her: the held person as the family wrote it (appeal.held_*, under her key once linked).
  heldName: "Зюзюкину Евпраксию",
  heldBirthDate: "14.03.1979",
  heldWhere: "ИК-7 Мухоярского края",
  heldArticle: "по статье о Хрюмове",
  heldSince: "с февраля, Кукуево",
};
/** The family's own contact and words in that appeal (under her key once the appeal is linked to her). */
const family = { contact: "matryona.zyuzyukina@example.org", letter: "Мою дочь Евпраксию Зюзюкину увезли в Мухоярск" };
/** The source's own note (field key: a source is shared by many people, and erasure does not delete it). */
const sourceOwnNote = "канал сестры Зюзюкиной, пишет из Мухоярска";
/** What must be found nowhere: each value, a distinctive piece of the long one, the family's contact and words. */
const needles = [...Object.entries(values).filter(([k]) => k !== "summary").map(([, v]) => v), "Квакшинский меморандум", "Пантелеймоном Гугуевым", family.contact, family.letter, sourceOwnNote];
/** The clear facts the registry keeps unsealed on purpose (docs/security.md, "Not sealed, and why"). */
const BIRTH_DATE = "1979-03-14";

let dir: string;
let config: AppConfig;
let made: ServerDatabase | undefined;
let personId: string;
let lawyerId: string;
let olderBackup: string;
let listId: string;
let walFrom = "";

const quiet = () => pino({ level: "silent" });

type Query = (q: string) => Promise<Record<string, unknown>[]>;

/** Run `fn` on the database as someone without the keys would: straight on the data folder, or on the server. */
async function withoutKeys<T>(fn: (query: Query) => Promise<T>): Promise<T> {
  if (config.databaseUrl) {
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    try {
      return await fn(async (q) => (await c.query(q)).rows as Record<string, unknown>[]);
    } finally {
      await c.end();
    }
  }
  const db = new PGlite(config.dataDir);
  try {
    return await fn(async (q) => (await db.query<Record<string, unknown>>(q)).rows);
  } finally {
    await db.close();
  }
}

/** The data folder's files (PGlite) or the database's files and WAL on the server (PostgreSQL, as a superuser). */
async function seizedFiles(): Promise<[string, Buffer][] | undefined> {
  if (!config.databaseUrl) return [...readFiles(filesUnder(config.dataDir))];
  return serverFiles(config.databaseUrl, walFrom);
}

async function demoPerson(rt: Runtime): Promise<void> {
  const ctx = rt.systemCtx("seized-folder test");
  const p = await createPerson(ctx, {
    primaryName: values.primaryName,
    alternateNames: [values.alternate],
    latinName: values.latinName,
    sex: "female",
    birthDate: BIRTH_DATE,
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
  const src = await createSource(ctx, { kind: "url", title: "OVD-Info", url: "https://example.org/s", reliability: "B", note: sourceOwnNote });
  await citeSource(ctx, personId, { sourceId: src.id, note: values.sourceNote });
  await recordHealth(ctx, personId, { condition: values.condition, icd10: ["A15"], note: values.healthNote, severity: "critical", preventsServing: true });
  await saveGenevaRecord(ctx, personId, { data: { surname: "Зюзюкина", personToInform: values.genevaToInform, correspondenceAddress: values.genevaAddress, distinguishingMarks: values.genevaMarks } });
  // The staff note comes from an imported sheet's Примечание column (src/services/import/store.ts seals it so).
  await rt.database.db.update(person).set(sealPersonRow(person, personId, { staffNoteEnc: values.staffNote })).where(eq(person.id, personId));
  await setPriorityFacts(ctx, personId, { minorChildren: 3, conditions: [{ kind: "torture", verified: true }] });
  // A lawyer works on her (the assignment is a keyed hash: the lawyer's id must be nowhere beside her).
  const lawyer = await createUser(ctx, { email: "advokat.kukuev@example.org", role: "lawyer", password: "Кукуевский адвокат 2025" });
  lawyerId = lawyer.id;
  await assignPerson(ctx, personId, { userId: lawyerId });
  // Her mother's appeal: held for the hour, committed, then linked to her by triage.
  await storeIncomingAppeal(rt.database.db, ctx, {
    organisationId: rt.organisationId,
    channel: "web",
    language: "ru",
    heldName: values.heldName,
    heldBirthDate: values.heldBirthDate,
    heldWhere: values.heldWhere,
    heldArticle: values.heldArticle,
    heldSince: values.heldSince,
    contact: { method: "email", value: family.contact, safetyNote: null, name: "Матрёна" },
    text: { body: family.letter },
    event: { kind: "submitted", audit: "appeal.submitted", detail: {} },
  });
  expect(await commitHeldAppeals(ctx, new Date(ctx.now().getTime() + HOUR_MS))).toBe(1);
  const [a] = await rt.database.db.select({ id: appeal.id }).from(appeal);
  await linkAppealToPerson(ctx, a!.id, { personId });
  await assignAppealLawyer(ctx, a!.id, { userId: lawyerId });
  // On a frozen exchange list (its row: names, birth date, articles, facility, sentence — sealed under her key).
  const other = await createPerson(ctx, { primaryName: "Пахомов Ипполит Ильич", category: "ru_political_prisoner", status: "in_colony" });
  const list = await createList(ctx, { name: "Обмен, весна", categories: ["ru_political_prisoner"], personIds: [personId, other.id], filters: { region: "Нигде" } });
  listId = list.id;
  await freezeList(ctx, listId, { version: 1, consentReason: "test: consent not asked" });
  // Opened, the values are all there (the services and pages still show them).
  expect((await rt.people.indexOf(rt.organisationId)).ordered("name").find((e) => e.id === personId)?.primaryName).toBe(values.primaryName);
  const [held] = await rt.database.db.select({ heldName: appeal.heldName, heldWhere: appeal.heldWhere }).from(appeal);
  expect(held).toEqual({ heldName: values.heldName, heldWhere: values.heldWhere });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "aff-seized-"));
  let databaseUrl: string | undefined;
  if (serverUrl) {
    made = await createServerDatabase(serverUrl, "aff_seized");
    databaseUrl = made.url;
    walFrom = await currentWalSegment(databaseUrl);
  }
  config = loadConfig({}, { dataDir: join(dir, "data"), ...(databaseUrl ? { databaseUrl } : {}) });

  const rt: Runtime = await openRuntime(config, { log: quiet() });
  try {
    await demoPerson(rt);
    olderBackup = join(dir, "older.backup");
    writeFileSync(olderBackup, await createBackup(rt.systemCtx("seized-folder test")));
  } finally {
    await rt.close();
  }
}, 240_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await made?.drop();
});

/** Every sealed value of a backup's rows opened as far as the keys at hand allow: person keys, then the field key. */
function openedBackupText(file: string): { text: string; personSealed: string[]; fieldOpened: Map<string, string> } {
  const field = loadFieldCipher({ keyFile: config.keyFile });
  const { lines } = readBackup(readFileSync(file), { cipher: field });
  const personSealed: string[] = [];
  const fieldOpened = new Map<string, string>();
  const parts: string[] = [JSON.stringify(lines)];
  for (const l of lines)
    for (const [col, v] of Object.entries(l.r)) {
      if (typeof v !== "string") continue;
      if (v.startsWith(`p1.${personId}.`)) personSealed.push(v), parts.push(openSealed(v));
      else if (v.startsWith("v1.")) {
        try {
          const opened = field.open(v);
          fieldOpened.set(`${l.t}.${col}`, (fieldOpened.get(`${l.t}.${col}`) ?? "") + opened);
          parts.push(opened);
        } catch {
          /* not a field-sealed text (binary content) */
        }
      }
    }
  return { text: parts.join("\n"), personSealed, fieldOpened };
}

describe("a seized data folder, its WAL and a backup, without the keys", () => {
  it("no file of the data folder or the database (tables, TOAST, WAL) holds a name or value of the person", async () => {
    const files = await seizedFiles();
    if (!files) return expect.soft(serverUrl, "PostgreSQL: this role may not read the server's files").toBeUndefined();
    expect(files.some(([f]) => f.includes("pg_wal"))).toBe(true);
    expect(grepBytes(files, needles)).toEqual([]);
    // The same search does find the person's sealed values in the files (so it would find the names in clear).
    expect(grepBytes(files, [`p1.${personId}.`]).length).toBeGreaterThan(0);
    // The keys are beside the folder, never in it.
    expect(files.filter(([f]) => /\.key/.test(f))).toEqual([]);
  }, 120_000);

  it("every text column of every table, read through the database without the keys, holds none of them", async () => {
    const scan = await withoutKeys((query) => scanColumnsWithoutKey(query, needles, personId));
    expect(scan.columns).toBeGreaterThan(50);
    // The person's values are there, sealed under their key, and nowhere in clear; nor is her lawyer's id.
    expect(scan.sealedFound).toBeGreaterThanOrEqual(Object.keys(values).length);
    expect(scan.hits).toEqual([]);
    // Every value of every person-sealed column (names, case texts, notes, health severity, flag and details,
    // Geneva record, staff note, priority facts, list rows, a linked appeal's held_*) is sealed — including those
    // that are no distinctive word ("critical", "true", "3", "torture").
    expect(scan.clearInSealedColumns).toEqual([]);
    // Who works on her: her assignment, the appeal about her (its row and history) and the audit entries about
    // either name the lawyer by a keyed hash, or sealed, only.
    const beside = await withoutKeys(async (query) => [
      ...(await query(`select row_to_json(a)::text as v from person_assignment a where person_id = '${personId}'`)),
      ...(await query(`select row_to_json(a)::text as v from appeal a where linked_person_id = '${personId}'`)),
      ...(await query(`select row_to_json(e)::text as v from appeal_event e join appeal a on a.id = e.appeal_id where a.linked_person_id = '${personId}'`)),
      ...(await query(`select row_to_json(e)::text as v from audit_event e join appeal a on a.id::text = e.target_id where a.linked_person_id = '${personId}'`)),
      ...(await query(`select row_to_json(e)::text as v from audit_event e where target_id = '${personId}'`)),
    ]);
    expect(beside.length).toBeGreaterThan(5);
    expect(beside.filter((r) => String(r.v).includes(lawyerId))).toEqual([]);
  });

  it("a data backup opened with the field key still shows none of them (they need the person key store)", () => {
    const field = loadFieldCipher({ keyFile: config.keyFile });
    const { lines } = readBackup(readFileSync(olderBackup), { cipher: field });
    const text = JSON.stringify(lines);
    expect(text).toContain(`p1.${personId}.`);
    expect(needles.filter((w) => text.toLowerCase().includes(w.toLowerCase()))).toEqual([]);
    // Not sealed, on purpose (docs/security.md): her birth date — filters and duplicate detection use it.
    expect(text).toContain(BIRTH_DATE);
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
    // The files and the WAL — which still hold her sealed values from before — show none in clear.
    const files = await seizedFiles();
    if (files) expect(grepBytes(files, needles)).toEqual([]);

    // The older backup still holds her sealed values; with the field key, every value sealed under it opened too,
    // none of hers opens any more.
    const older = openedBackupText(olderBackup);
    expect(older.personSealed.length).toBeGreaterThanOrEqual(Object.keys(values).length);
    expect(new Set(older.personSealed.map((v) => openSealed(v)))).toEqual(new Set([ERASED_VALUE]));
    const found = needles.filter((w) => older.text.toLowerCase().includes(w.toLowerCase()));
    // What the field key still opens in an older backup is the source's own note (shared by many people; erasure
    // leaves sources) — documented in docs/security.md under "Not protected yet". Nothing of hers: the linked
    // appeal's held_*, the family's contact and letter are under her key.
    expect(found).toEqual([sourceOwnNote]);
    expect([...older.fieldOpened].filter(([, t]) => t.includes(sourceOwnNote)).map(([c]) => c)).toEqual(["source.note"]);
    // Her row of the frozen list, as the older backup holds it, is among them: it no longer opens.
    const { lines } = readBackup(readFileSync(olderBackup), { cipher: loadFieldCipher({ keyFile: config.keyFile }) });
    const listRow = lines.find((l) => l.t === "exchange_list_row" && l.r.person_id === personId);
    expect(String(listRow?.r.personal)).toMatch(new RegExp(`^p1\\.${personId}\\.`));
    expect(openSealed(String(listRow!.r.personal))).toBe(ERASED_VALUE);
    // A fresh process that loads the key store from disk has no key for them either.
    const fresh = await openRuntime(config, { log: quiet() });
    try {
      expect(fresh.personKeys.has(personId)).toBe(false);
      expect(openSealed(older.personSealed[0]!)).toBe(ERASED_VALUE);
      // The frozen version keeps her row as a placeholder with its hash: the rest still verifies.
      const check = await verifyListVersion(fresh.systemCtx("seized-folder test"), listId, 1);
      expect(check).toMatchObject({ verified: true, erasedRows: [expect.any(Number)], changedRows: [] });
      expect(check.summary).toMatch(/^row \d erased on request, the other 1 intact$/);
      // The older backup restored over the database does not bring her back: her rows and her linked appeal are
      // left out (their key is gone), the others are there.
      await restoreBackup(fresh.systemCtx("seized-folder test"), readFileSync(olderBackup), { force: true });
      const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
      const people = rowsOf(await fresh.database.db.execute(sql`select id::text as id from person`)).map((r) => String(r.id));
      expect(people).toHaveLength(1);
      expect(people).not.toContain(personId);
      expect(rowsOf(await fresh.database.db.execute(sql`select count(*)::int as n from appeal`))[0]?.n).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
