// A large file's rows are matched in a worker thread while the batch before them is written: the decisions must
// be exactly those of matching in the importer's own thread — same rows created, filled, left for review (with
// the same reason, candidate and score) — into an empty registry and into one that holds the people already.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePeopleRows } from "../../src/demo/generate.js";
import { importPeople, type ImportReport } from "../../src/services/import/importPeople.js";
import { MATCH_THREAD_MIN_ROWS } from "../../src/services/import/matchThread.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-import-thread-"));
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => rt.close());

const ddmmyyyy = (iso: string) => (iso.length === 10 ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : `${iso} г.`);

/** A cp1251 sheet without ids; its last 400 rows repeat earlier people (some with the year only), as a merged sheet does. */
function sheet(name: string, n: number, seed: number) {
  const rows = [...generatePeopleRows(n, seed)];
  const repeats = rows.slice(0, 400).map((r, i) => ({ ...r, birth_date: i % 3 === 0 ? r.birth_date.slice(0, 4) : r.birth_date }));
  const lines = ["№;ФИО;Дата рождения;Пол;Категория"];
  [...rows, ...repeats].forEach((r, i) => lines.push([String(i + 1), r.name, ddmmyyyy(r.birth_date), r.sex === "male" ? "м" : "ж", "политзаключённый"].join(";")));
  const path = join(dir, name);
  writeFileSync(path, iconv.encode(lines.join("\r\n") + "\r\n", "win1251"));
  return path;
}

/** What a report decided, with the ids of people this file would create (random per run) named by kind only. */
const decisions = (r: ImportReport, registry: Set<string>) => ({
  counts: [r.created, r.updated, r.unchanged, r.review, r.failed],
  review: r.reviewRows.map((x) => [x.row, x.reason, x.score, x.candidateId === null ? null : registry.has(x.candidateId) ? x.candidateId : "in-file"]),
});

describe("matching in a worker thread", () => {
  it("decides every row as matching in the importer's thread does", { timeout: 600_000 }, async () => {
    const first = sheet("first.csv", MATCH_THREAD_MIN_ROWS + 100, 31);
    const none = new Set<string>();
    // Into an empty registry (dry runs: both see the same registry).
    const inline = await importPeople(rt.systemCtx(), { path: first, dryRun: true, matchThread: false, batchSize: 700 });
    const threaded = await importPeople(rt.systemCtx(), { path: first, dryRun: true, batchSize: 700 });
    expect(inline.review).toBeGreaterThan(100);
    expect(decisions(threaded, none)).toEqual(decisions(inline, none));

    // Stored, then a second sheet (the same people and others) against the registry that now holds them.
    const stored = await importPeople(rt.systemCtx(), { path: first, batchSize: 700 });
    expect(stored.created).toBe(inline.created);
    const ids = new Set((await rt.database.db.query.person.findMany({ columns: { id: true } })).map((p) => p.id));
    const second = sheet("second.csv", MATCH_THREAD_MIN_ROWS + 100, 31);
    const again = await importPeople(rt.systemCtx(), { path: second, dryRun: true, matchThread: false, batchSize: 900 });
    const againThreaded = await importPeople(rt.systemCtx(), { path: second, dryRun: true, batchSize: 900 });
    expect(again.created).toBe(0);
    expect(decisions(againThreaded, ids)).toEqual(decisions(again, ids));
  });
});
