// An import talks to the database per batch, never per row: creating, filling (matched without an id) and updating
// (by external_id) 5,000 people — each with a facility of its own — takes as many SQL statements as 100 people.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person, statusEvent } from "../../src/db/schema/person.js";
import { generatePeopleRows } from "../../src/demo/generate.js";
import { importPeople } from "../../src/services/import/importPeople.js";
import { countStatements } from "../helpers/statements.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-import-statements-"));
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => rt.close());

const ddmmyyyy = (iso: string) => (iso.length === 10 ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : `${iso} г.`);

/** A cp1251 sheet with Russian headers; `extra` adds the columns a second sheet brings (status, facility, court). */
function sheet(name: string, n: number, seed: number, opts: { ids?: string; extra?: boolean; status?: string }) {
  const head = ["№", ...(opts.ids ? ["Код"] : []), "ФИО", "Дата рождения", "Пол", "Категория", ...(opts.extra ? ["Статус", "Место содержания", "Суд"] : [])];
  const lines = [head.join(";")];
  let i = 0;
  for (const r of generatePeopleRows(n, seed, opts.ids)) {
    i++;
    const cells = [String(i), ...(opts.ids ? [r.external_id] : []), r.name, ddmmyyyy(r.birth_date), r.sex === "male" ? "м" : "ж", "политзаключённый"];
    if (opts.extra) cells.push(opts.status ?? "в колонии", `ИК-${seed}-${i} (${r.facility})`, `${r.region} суд`);
    lines.push(cells.join(";"));
  }
  const path = join(dir, name);
  writeFileSync(path, iconv.encode(lines.join("\r\n") + "\r\n", "win1251"));
  return path;
}

/** Statements of the four kinds of import of `n` rows: create, fill (no ids), create and update by id. */
async function statementsFor(n: number, seed: number) {
  const counter = countStatements(rt.database);
  const run = async (path: string) => {
    const before = counter.count();
    const report = await importPeople(rt.systemCtx(), { path, batchSize: 10_000 });
    return { report, statements: counter.count() - before };
  };
  try {
    const created = await run(sheet(`new-${n}.csv`, n, seed, {}));
    const filled = await run(sheet(`more-${n}.csv`, n, seed, { extra: true }));
    const byId = await run(sheet(`ids-${n}.csv`, n, seed + 1, { ids: `ID${seed}`, extra: true }));
    const changed = await run(sheet(`ids-again-${n}.csv`, n, seed + 1, { ids: `ID${seed}`, extra: true, status: "освобождён" }));
    return { created, filled, byId, changed };
  } finally {
    counter.stop();
  }
}

describe("import statements", () => {
  it("does not grow with the rows: 5,000 rows take a few statements per batch, like 100", { timeout: 600_000 }, async () => {
    const small = await statementsFor(100, 7);
    const large = await statementsFor(5000, 8);
    // The imports did what they say (most rows of the generator are different people; namesakes go to review).
    expect(large.created.report.created).toBeGreaterThan(4500);
    expect(large.filled.report).toMatchObject({ created: 0 });
    // Rows with a year-only birth date (a fifth of the generator's) go to review rather than fill.
    expect(large.filled.report.updated).toBeGreaterThan(3500);
    expect(large.byId.report).toMatchObject({ created: 5000, failed: 0 });
    expect(large.changed.report).toMatchObject({ created: 0, updated: 5000 });
    const counts = (x: Awaited<ReturnType<typeof statementsFor>>) => [x.created.statements, x.filled.statements, x.byId.statements, x.changed.statements];
    const [s, l] = [counts(small), counts(large)];
    console.log(`statements for 100 rows: ${s.join(", ")}; for 5,000 rows: ${l.join(", ")}`);
    // A few statements per batch and per kind of write (which kinds occur depends on the rows, not on their number).
    for (const n of [...s, ...l]) expect(n).toBeLessThanOrEqual(30);
    // Each status change is recorded (one bulk insert, not 5,000).
    expect((await rt.database.db.select({ n: count() }).from(statusEvent))[0]!.n).toBeGreaterThan(14_000);
    expect((await rt.database.db.select({ n: count() }).from(person))[0]!.n).toBeLessThan(11_000);
  });
});
