import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, ne } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person } from "../db/schema/person.js";
import { loadDemo } from "../demo/loadDemo.js";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { validateFtm } from "../../test/helpers/ftm.js";
import { exportDossier, exportOfficials } from "./officialExport.js";
import { loadExportModel } from "./officialExportModel.js";
import { toFtm, type FtmEntity } from "./officialFtm.js";
import { proposeOfficialLinks } from "./officialLinks.js";

let rt: TestRuntime;
let entities: FtmEntity[];
let unconsented: string[];

beforeAll(async () => {
  rt = await createTestRuntime();
  await loadDemo(rt.systemCtx("demo"));
  const body = (await exportOfficials(rt.systemCtx(), { format: "ftm" })).body.toString("utf8");
  entities = body.trim().split("\n").map((l) => JSON.parse(l) as FtmEntity);
  unconsented = (await rt.database.db.select({ name: person.primaryName }).from(person).where(and(eq(person.organisationId, rt.organisationId), ne(person.publicityConsent, "full")))).map((r) => r.name);
}, 120_000);
afterAll(async () => {
  await rt.close();
});

describe("FollowTheMoney export of the demo registry", () => {
  it("validates against the schema: every property exists on its schema, every reference points to an exported entity", () => {
    expect(new Set(entities.map((e) => e.schema))).toEqual(new Set(["Person", "PublicBody", "Position", "Occupancy", "CourtCase", "CourtCaseParty"]));
    expect(validateFtm(entities)).toEqual([]);
  });

  it("the validator catches an unknown property, a dangling reference and a reference outside the range", () => {
    const party = entities.find((e) => e.schema === "CourtCaseParty")!;
    const occ = entities.find((e) => e.schema === "Occupancy")!;
    const broken = [
      ...entities.filter((e) => e !== party && e !== occ),
      { ...party, properties: { ...party.properties, judgeName: ["x"], case: ["aff-case-missing"] } },
      { ...occ, properties: { ...occ.properties, post: party.properties.party! } },
    ];
    const problems = validateFtm(broken).join("\n");
    expect(problems).toContain('no property "judgeName"');
    expect(problems).toContain("not an exported entity");
    expect(problems).toContain("outside the range Position");
  });

  it("marks invented officials and keeps ids stable between exports", async () => {
    const officials = entities.filter((e) => e.schema === "Person" && e.id.startsWith("aff-official-"));
    expect(officials.length).toBeGreaterThanOrEqual(6);
    for (const o of officials) expect(o.properties.summary?.[0]).toMatch(/Invented/);
    const again = toFtm(rt.organisationId, await loadExportModel(rt.database.db, rt.organisationId));
    expect(again.map((e) => e.id)).toEqual(entities.map((e) => e.id));
  });

  it("names only people with full publicity consent, in every export", async () => {
    expect(unconsented.length).toBeGreaterThan(0);
    const defendants = entities.filter((e) => e.schema === "CourtCaseParty" && e.properties.role?.[0] === "defendant");
    expect(defendants.length).toBeGreaterThan(0);
    const csv = (await exportOfficials(rt.systemCtx(), { format: "csv" })).body.toString("utf8");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportOfficials(rt.systemCtx(), { format: "xlsx" })).body as never);
    const xlsx = JSON.stringify(wb.getWorksheet("Officials")!.getSheetValues());
    const ftm = JSON.stringify(entities);
    const model = await loadExportModel(rt.database.db, rt.organisationId);
    for (const name of unconsented) for (const [what, text] of Object.entries({ csv, xlsx, ftm, model: JSON.stringify(model) })) expect(text, `${what} names ${name}`).not.toContain(name);
    // Every official's dossier PDF, as text: unconsented people are described, never named.
    const dir = mkdtempSync(join(tmpdir(), "aff-dossier-"));
    let described = 0;
    for (const o of model) {
      const file = join(dir, `${o.id}.pdf`);
      writeFileSync(file, (await exportDossier(rt.systemCtx(), o.id, { format: "pdf" })).body);
      const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(text).toContain(o.primaryName);
      for (const name of unconsented) expect(text, `dossier of ${o.primaryName} names ${name}`).not.toContain(name);
      if (text.includes("not named (no publicity consent)")) described++;
    }
    expect(described).toBeGreaterThan(0);
  });

  it("the demo leaves free-text judges for the link review, matched to the invented judge's record", async () => {
    const r = await proposeOfficialLinks(rt.systemCtx());
    expect(r.toExisting).toBe(3);
  });
});
