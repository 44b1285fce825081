/** What negotiators need from a list: consent before transmission, composition warnings, their own № and notes. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../../test/helpers/factories.js";
import { counterpartReport, importCounterpartList } from "./counterpart.js";
import { exportListVersion } from "./export.js";
import { freezeList } from "./lifecycle.js";
import { createList, getList, getListVersion } from "./lists.js";

let rt: TestRuntime;
let dir: string;
beforeAll(async () => {
  rt = await createTestRuntime();
  dir = mkdtempSync(join(tmpdir(), "aff-negotiators-"));
});
afterAll(async () => {
  await rt.close();
  if (!process.env.KEEP_PDF) rmSync(dir, { recursive: true, force: true });
});

const pdfText = (bytes: Buffer, name: string) => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  // Reading order, whitespace folded: a heading wrapped inside its narrow cell reads as one phrase.
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
};

describe("lists for negotiators", () => {
  it("a list for transmission is not frozen with unknown consent unless a coordinator records why; the export says so", async () => {
    const coord = await makeUser(rt, "coordinator");
    await makePerson(rt, { primaryName: "Согласная Анна Петровна", alternateNames: [], sex: "female", exchangeConsent: "consents" });
    const unknown = await makePerson(rt, { primaryName: "Неспрошенный Иван Ильич", alternateNames: [], exchangeConsent: "unknown" });
    const l = await createList(coord.ctx, { name: "Transmission", categories: ["ru_political_prisoner"], personIds: [] });
    await expect(freezeList(coord.ctx, l.id)).rejects.toMatchObject({ kind: "invalid", details: { people: [expect.objectContaining({ personId: unknown.id, exchangeConsent: "unknown" })] } });
    await expect(freezeList(coord.ctx, l.id, { consentReason: "ok" })).rejects.toThrow(/too short/);
    const reason = "Family confirmed consent by phone on 2026-11-20; written form on its way.";
    await freezeList(coord.ctx, l.id, { consentReason: reason });
    expect((await getList(coord.ctx, l.id)).consentOverride).toMatchObject({ reason, people: 1 });
    const text = pdfText((await exportListVersion(coord.ctx, l.id, { format: "pdf" })).bytes, "consent.pdf");
    expect(text).toContain("без записанного согласия на обмен: 1 / without recorded consent to exchange: 1");
    expect(text).toContain("НЕИЗВЕСТНО");
  });

  it("warns when someone is added by hand outside the list's categories (a POW on a civilians' list)", async () => {
    const coord = await makeUser(rt, "coordinator");
    const pow = await makePerson(rt, { primaryName: "Коваленко Тарас Іванович", alternateNames: [], category: "ua_pow", exchangeConsent: "consents" });
    const l = await createList(coord.ctx, { name: "Civilians", categories: ["ua_civilian_hostage"], personIds: [pow.id], language: "uk" });
    const { rows } = await getListVersion(coord.ctx, l.id);
    const row = rows.find((r) => r.personId === pow.id)!;
    expect(row.warnings).toContain("category_outside_purpose");
    // Ukrainian list: Ukrainian labels; a Ukrainian name in the KMU 2010 spelling.
    const text = pdfText((await exportListVersion(coord.ctx, l.id, { format: "pdf" })).bytes, "uk.pdf");
    expect(text).toContain("Згода на обмін / Exchange consent");
    expect(text).toContain("Kovalenko Taras Ivanovych");
    expect(text).toContain("Український військовополонений".slice(0, 10));
  });

  it("an English list writes the sentence in English, as the decisions in force have it", async () => {
    const coord = await makeUser(rt, "coordinator");
    const p = await makePerson(rt, { primaryName: "Английский Пётр", alternateNames: [], exchangeConsent: "consents" });
    await makeCase(rt, p.id, { changes: [{ date: "2023-03-01", stage: "cassation", term: { years: 6, months: 0, days: 0 } }] });
    const l = await createList(coord.ctx, { name: "EN", categories: ["ru_political_prisoner"], personIds: [p.id], language: "en" });
    const row = (await getListVersion(coord.ctx, l.id)).rows.find((r) => r.personId === p.id)!;
    expect(row.sentence).toBe("6 years, general regime colony, verdict 2022-07-08");
    expect(row.detainedOn).toBe("2022-04-26");
  });

  it("a counterpart list keeps their № and notes in the composition report and the export", async () => {
    const coord = await makeUser(rt, "coordinator");
    await makePerson(rt, { primaryName: "Петренко Олег Миколайович", alternateNames: [], birthDate: "1980-01-01", category: "ua_civilian_hostage" });
    const file = ["№;ФИО;Дата рождения;Примечание", "17;Петренко Олег Миколайович;01.01.1980;задержан в Мелитополе", "18;Неизвестный Некто;02.02.1970;нет данных"].join("\n");
    const imported = await importCounterpartList(coord.ctx, { name: "Theirs", fileName: "их.csv", content: Buffer.from(file) });
    const report = await counterpartReport(coord.ctx, imported.id);
    expect(report.possibleMatches.concat(report.duplicates, report.alreadyFree, report.deceased)).toBeDefined();
    const csv = (await exportListVersion(coord.ctx, imported.id, { format: "csv", scope: "all" })).bytes.toString("utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^\ufeffno,their_no,name_cyrillic,.*,notes,eligible/);
    expect(csv).toContain("задержан в Мелитополе");
    expect(csv).toMatch(/\n1,17,Петренко/);
    const text = pdfText((await exportListVersion(coord.ctx, imported.id, { format: "pdf", scope: "all" })).bytes, "theirs.pdf");
    expect(text).toContain("№ в их списке");
    expect(text).toContain("нет данных");
  });
});
