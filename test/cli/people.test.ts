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
    const r = run("import", "people", csv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("people.csv:3:category: expected one of:");
    expect(r.stdout).toContain("2 rows: 1 created, 0 updated, 0 unchanged, 1 failed");

    const out = join(dir, "out.csv");
    const e = run("export", "people", "--out", out);
    expect(e.status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("A-1,Горинов Алексей,,,1961-07-08");

    const d = run("demo");
    expect(d.stdout).toMatch(/demo data loaded: \d+ invented people/);
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
