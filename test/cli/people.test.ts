import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../bin/allforall.mjs");
const dir = mkdtempSync(join(tmpdir(), "aff-cli-"));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, "--data", join(dir, "data"), ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "", ALLFORALL_KEY: "cli-test-key" } });

describe("allforall CLI: import, export, demo", () => {
  it("lists its commands", () => {
    const r = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const c of ["serve", "import", "export", "demo"]) expect(r.stdout).toContain(c);
  });

  it("imports the good rows, reports bad ones as file:row:column: reason and exits 2; export round-trips", () => {
    const csv = join(dir, "people.csv");
    writeFileSync(csv, "external_id,name,category,birth_date\nA-1,Горинов Алексей,ru_political_prisoner,1961-07-08\nA-2,Nobody,alien,1990\n");
    const r = run("import", "people", csv, "--lang", "en");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("people.csv:3: category “alien” — expected a category such as");
    expect(r.stdout).toContain("2 rows: 1 created, 0 updated, 0 unchanged, 0 left for review, 1 refused");

    const out = join(dir, "out.csv");
    const e = run("export", "people", "--out", out);
    expect(e.status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("A-1,Горинов Алексей,,,1961-07-08");

    const d = run("demo");
    expect(d.stdout).toMatch(/demo data loaded: \d+ invented people/);
  }, 300_000);

  it("reads an NGO's cp1251 sheet and an XLSX sheet by name; --dry-run writes nothing; the report speaks Russian", () => {
    const fixtures = join(import.meta.dirname, "../fixtures/import");
    const refused = run("import", "people", join(fixtures, "ovd-cp1251.csv"), "--lang", "ru");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("ovd-cp1251.csv: нет колонки категории и не указан --category. Найдены заголовки: №, ФИО, Дата рождения");
    const dry = run("import", "people", join(fixtures, "ovd-cp1251.csv"), "--category", "политзаключённый", "--dry-run", "--lang", "ru");
    expect(dry.stderr).toContain("ovd-cp1251.csv: csv, кодировка windows-1251, разделитель ;");
    // "Горинов Алексей" imported above with another birth date: a namesake to check, not a new record.
    expect(dry.stdout).toContain("7 строк: создано 5, обновлено 0, без изменений 0, на проверку 1, отклонено 1");
    expect(dry.stdout).toContain("пробный прогон: ничего не записано");
    const x = run("import", "people", join(fixtures, "two-sheets.xlsx"), "--sheet", "Заключённые", "--lang", "uk");
    expect(x.status).toBe(0);
    expect(x.stdout).toContain("3 рядки: створено 3");
    const m = run("import", "people", join(fixtures, "odd-headers.csv"), "--map", join(fixtures, "odd-headers.map.json"), "--category", "ru_political_prisoner", "--lang", "en");
    expect(m.stdout).toContain("1 row: 1 created");
  }, 120_000);

  it("says clearly when the file does not exist", () => {
    const r = run("import", "people", join(dir, "missing.csv"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("missing.csv: no such file");
  });
});

describe("allforall people merge", () => {
  it("asks for a choice where both records differ, then merges the second into the first by external id", () => {
    const csv = join(dir, "two.csv");
    writeFileSync(csv, "external_id,name,category,birth_date,region\nM-1,Горинов Алексей Александрович,ru_political_prisoner,1961-07-08,Москва\nM-2,Gorinov Aleksei,ru_political_prisoner,1961-07-08,Moscow\n");
    expect(run("import", "people", csv).status).toBe(0);
    const refused = run("people", "merge", "M-1", "M-2");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("--choose FIELD=survivor|merged");
    const r = run("people", "merge", "M-1", "M-2", "--choose", "externalId=survivor", "--choose", "homeRegion=survivor", "--choose", "primaryName=survivor");
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^merged [0-9a-f-]{36} into [0-9a-f-]{36}/);
    const out = join(dir, "after.csv");
    expect(run("export", "people", "--out", out).status).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toContain("M-1,Горинов Алексей Александрович");
    expect(text).not.toContain("M-2,");
  }, 120_000);
});
