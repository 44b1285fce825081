import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../bin/allforall.mjs");
const dir = mkdtempSync(join(tmpdir(), "aff-cli-officials-"));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, "--data", join(dir, "data"), ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "", ALLFORALL_KEY: "cli-test-key" } });

describe("allforall officials", () => {
  it("lists, shows and exports the demo's invented officials (ftm, csv, dossier)", () => {
    expect(run("demo").status).toBe(0);
    const list = run("officials", "list");
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/Демидова Алла Сергеевна \/ Demidova Alla Sergeevna {2}— федеральный судья, Мещанский районный суд г\. Москвы {2}\[demo\]/);
    expect(list.stdout).toContain("6 officials");
    const show = run("officials", "show", "Демидова");
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain("[invented demo record]");
    expect(show.stdout).toMatch(/\d+ cases, \d+ people, \d+ sentenced to [\d.]+ years in total/);
    expect(show.stdout).toContain("judge (first instance)");
    const ftm = run("officials", "export", "--format", "ftm");
    expect(ftm.status, ftm.stderr).toBe(0);
    const entities = ftm.stdout.trim().split("\n").map((l) => JSON.parse(l) as { schema: string });
    expect(new Set(entities.map((e) => e.schema)).size).toBe(6);
    const csv = join(dir, "officials.csv");
    expect(run("officials", "export", "--format", "csv", "--out", csv).stderr).toContain("6 officials written to");
    expect(readFileSync(csv, "utf8")).toContain("Демидова Алла Сергеевна");
    const pdf = join(dir, "dossier.pdf");
    expect(run("officials", "export", "Демидова", "--format", "pdf", "--out", pdf).status).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const bad = run("officials", "export", "--format", "pdf");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--format must be one of ftm, csv, xlsx");
    const proposals = run("officials", "propose-links");
    expect(proposals.stdout).toContain("3 links proposed for review (3 to existing officials");
  }, 480_000);
});
