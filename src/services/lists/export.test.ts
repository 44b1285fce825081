import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../../test/helpers/factories.js";
import { RU_SURNAMES } from "../../demo/nameFrequencies.js";
import { exportListVersion } from "./export.js";
import { freezeList, signOffList } from "./lifecycle.js";
import { createList } from "./lists.js";

let rt: TestRuntime;
let dir: string;
let listId: string;
let coord: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  rt = await createTestRuntime();
  dir = mkdtempSync(join(tmpdir(), "aff-lists-"));
  const a = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", exchangeConsent: "consents", facilityName: "ИК-3 УФСИН России по Владимирской области" });
  await makeCase(rt, a.id);
  // A passport spelling on record wins over transliteration.
  await makePerson(rt, { primaryName: "Кара-Мурза Владимир Владимирович", alternateNames: [], latinName: "Vladimir Kara-Murza", exchangeConsent: "consents" });
  await makePerson(rt, { primaryName: "Шевченко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", exchangeConsent: "consents", birthDate: "1975" });
  await makePerson(rt, { primaryName: "Отказов Пётр Ёлкин", alternateNames: [], exchangeConsent: "refuses" });
  // Enough people to spill onto several pages.
  // Different people (surname and birth date): namesakes would rightly stop the freeze as probable duplicates.
  for (const [i, [surname]] of RU_SURNAMES.slice(0, 45).entries())
    await makePerson(rt, { primaryName: `${surname} Юрий Петрович`, alternateNames: [], birthDate: `${1950 + i}-0${1 + (i % 9)}-1${i % 10}`, exchangeConsent: "consents" });
  coord = await makeUser(rt, "coordinator");
  const l = await createList(coord.ctx, { name: "Обмен / Exchange 2026-11", purpose: "Request for the release of civilians and political prisoners.", categories: ["ru_political_prisoner", "ua_civilian_hostage"], allForAll: true });
  listId = l.id;
  await freezeList(coord.ctx, listId);
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exportAt(when: string, format: "pdf" | "xlsx" | "csv", scope: "eligible" | "all" = "eligible") {
  rt.setNow(new Date(when));
  return exportListVersion(coord.ctx, listId, { format, scope });
}

describe("list exports", () => {
  it("PDF: bilingual names, version and hash on every page, rendered to PNG", async () => {
    const f = await exportAt("2026-11-24T10:00:00.000Z", "pdf");
    expect(f.fileName).toMatch(/-v1-[0-9a-f]{8}\.pdf$/);
    const pdf = join(dir, "list.pdf");
    writeFileSync(pdf, f.bytes);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("Горинов Алексей Александрович");
    expect(text).toContain("Gorinov Aleksei Aleksandrovich");
    expect(text).toContain("Шевченко Олена Петрівна");
    expect(text).toContain("Shevchenko Olena Petrivna");
    expect(text).toContain("ч. 2 ст. 207.3 УК РФ");
    expect(text).toContain("ИК-3 УФСИН");
    // People who refuse are never in the transmissible export.
    expect(text).not.toContain("Отказов");
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      // A Russian list's furniture is in Russian with English beside it, as its column titles (it was English only).
      expect(p).toContain(`Версия 1 / Version 1 · SHA-256 ${f.contentHash}`);
      expect(p).toContain(`Страница ${i + 1} из ${pages.length} / Page ${i + 1} of ${pages.length}`);
      expect(p).toContain("Замороженная версия 1 / Frozen version 1");
      expect(p).toMatch(/\d+ человека? \/ \d+ people · имена кириллицей и латиницей \/ names in Cyrillic and in Latin/);
    });
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdf, join(dir, "page")]);
    const png = readdirSync(dir).find((n) => n.startsWith("page") && n.endsWith(".png"))!;
    expect(png).toBeDefined();
    const bytes = readFileSync(join(dir, png));
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(join(dir, png)).size).toBeGreaterThan(5000);
  });

  it("PDF: two exports of a frozen version differ only in the export timestamp, even across sign-off", async () => {
    const a = await exportAt("2026-11-24T10:00:00.000Z", "pdf");
    // The list moves on (signed off) between the two exports; the document of the version does not.
    await signOffList(coord.ctx, listId);
    await signOffList((await makeUser(rt, "coordinator")).ctx, listId);
    const b = await exportAt("2026-12-01T18:30:45.123Z", "pdf");
    expect(a.bytes.equals(b.bytes)).toBe(false);
    // The export time is the only ISO timestamp in the file (PDF dates use the D:YYYYMMDD… form).
    const stamp = /\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\)/g;
    expect(a.bytes.toString("latin1").match(stamp)).toEqual(["(2026-11-24T10:00:00.000Z)"]);
    const mask = (buf: Buffer) => buf.toString("latin1").replace(stamp, "(masked)");
    expect(mask(a.bytes)).toBe(mask(b.bytes));
  });

  it("XLSX and CSV: reproducible byte for byte, same rows as the PDF", async () => {
    const x1 = await exportAt("2026-11-24T10:00:00.000Z", "xlsx");
    const x2 = await exportAt("2026-12-24T11:11:11.111Z", "xlsx");
    expect(x1.bytes.equals(x2.bytes)).toBe(true);
    const c1 = await exportAt("2026-11-24T10:00:00.000Z", "csv");
    const c2 = await exportAt("2027-01-01T00:00:00.000Z", "csv");
    expect(c1.bytes.equals(c2.bytes)).toBe(true);
    const csv = c1.bytes.toString("utf8");
    expect(csv.startsWith("\ufeffno,name_cyrillic,name_latin,birth_date,category,status,detained_on,facility,articles,sentence,exchange_consent")).toBe(true);
    // Birth dates as the other dates on a Russian list: DD.MM.YYYY (they once stayed ISO beside DD.MM.YYYY detentions).
    expect(csv).toContain("Горинов Алексей Александрович,Gorinov Aleksei Aleksandrovich,08.07.1961,");
    expect(csv).toContain(",26.04.2022,");
    expect(csv).toContain("согласен(а)");
    expect(csv).not.toContain("Отказов");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x1.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("List")!;
    expect(ws.rowCount - 1).toBe(csv.trim().split("\r\n").length - 1);
    expect(ws.headerFooter.oddFooter).toContain(x1.contentHash);
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(["Согласие на обмен / Exchange consent", "Дата задержания / Detained", "Категория / Category"]));
    // The About sheet speaks the list's language too, English beside it; its day as the list's other dates.
    const about = new Map<string, unknown>();
    wb.getWorksheet("About")!.eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
    expect([...about.keys()]).toEqual(expect.arrayContaining(["Список / List", "Вид / Kind", "Версия / Version", "Строк / Rows", "Имена латиницей / Latin names"]));
    expect(about.get("Вид / Kind")).toBe("наш список / our list");
    expect(String(about.get("Строки по состоянию на / Rows as of"))).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(about.get("SHA-256 содержимого / Content SHA-256")).toBe(x1.contentHash);
    expect([...about.keys()].some((k) => /^[A-Za-z ()-]+$/.test(k))).toBe(false);
  });

  it("the internal export shows everyone with the reasons, marked as not for transmission", async () => {
    const c = await exportAt("2026-11-24T10:00:00.000Z", "csv", "all");
    const line = c.bytes.toString("utf8").split("\r\n").find((l) => l.includes("Отказов"))!;
    expect(line).toMatch(/,no,refuses to be exchanged/);
    const p = await exportAt("2026-11-24T10:00:00.000Z", "pdf", "all");
    const pdf = join(dir, "internal.pdf");
    writeFileSync(pdf, p.bytes);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("ВНУТРЕННИЙ — с людьми, которых не запрашивают (и причинами). Не передавать. / INTERNAL");
    expect(text).toContain("Отказов");
    const researcher = await makeUser(rt, "researcher");
    await expect(exportListVersion(researcher.ctx, listId, { format: "csv" })).rejects.toThrow(/not allowed to export/);
  });
});
