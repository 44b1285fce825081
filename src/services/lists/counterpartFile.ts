/**
 * Reading a list received from the other side (CSV or XLSX). Their files come with headings in Russian,
 * Ukrainian or English and in no fixed order, so columns are recognised by name, not by position.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { invalid } from "../errors.js";

export interface ReceivedRow {
  /** 1-based row number in the file, header = 1, as the other side's spreadsheet shows it. */
  row: number;
  values: Record<string, string>;
  name: string;
  birthDate: string | null;
  article: string | null;
  facility: string | null;
}

const NAME = ["фио", "ф.и.о.", "піб", "name", "full name", "fullname", "фамилия имя отчество", "прізвище ім'я по батькові"];
const BIRTH = ["дата рождения", "год рождения", "дата народження", "рік народження", "birth", "birth date", "birthdate", "date of birth", "dob", "born"];
const ARTICLE = ["статья", "стаття", "article", "articles"];
const FACILITY = ["учреждение", "место содержания", "місце утримання", "facility", "place of detention"];
const SURNAME = ["фамилия", "прізвище", "surname", "last name"];
const GIVEN = ["имя", "ім'я", "given name", "first name"];
const PATRONYMIC = ["отчество", "по батькові", "patronymic", "middle name"];

function norm(h: string): string {
  return h.trim().toLowerCase().replace(/\s+/g, " ").replace(/[’ʼ]/g, "'");
}

function find(headers: string[], names: string[]): string | undefined {
  return headers.find((h) => names.includes(norm(h)));
}

/** Dates as the other side writes them (31.12.1980, 1980-12-31, 1980) to ISO or a year. */
export function normaliseBirth(s: string): string | null {
  const t = s.trim();
  if (!t) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  m = /^(\d{4})( г\.?)?$/.exec(t);
  if (m) return m[1]!;
  return t;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    return "";
  }
  return String(v);
}

// A list row is a few hundred bytes; a "line" longer than this is not a list (and parsing it held the server).
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Junk is refused from its first bytes, before any parser runs: 20 MB of it used to hold the server for seconds.
 * XLSX must be a zip; CSV must be text whose first line, within 64 KiB, names a name column.
 */
function sniff(fileName: string, content: Buffer): void {
  if (/\.xlsx$/i.test(fileName)) {
    if (content.length < 4 || content.readUInt32LE(0) !== 0x04034b50) throw invalid(`${fileName}: not a readable XLSX file (it is not a zip archive)`);
    return;
  }
  if (!/\.(csv|tsv|txt)$/i.test(fileName)) return;
  const head = content.subarray(0, MAX_RECORD_BYTES);
  if (head.includes(0)) throw invalid(`${fileName}: not a readable CSV file (binary content)`);
  const newline = head.indexOf(0x0a);
  if (newline < 0 && content.length > MAX_RECORD_BYTES) throw invalid(`${fileName}: not a readable CSV file (no header line in the first 64 KiB)`);
  const first = head.subarray(0, newline < 0 ? head.length : newline).toString("utf8").replace(/^\ufeff/, "");
  const cells = first.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ""));
  if (!find(cells, NAME) && !find(cells, SURNAME)) throw invalid(`${fileName}: no name column found (expected one of: ${NAME.join(", ")}; or surname/given name columns)`, { headers: cells.slice(0, 50) });
}

async function records(fileName: string, content: Buffer): Promise<{ headers: string[]; rows: Record<string, string>[] }> {
  sniff(fileName, content);
  if (/\.xlsx$/i.test(fileName)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(content as unknown as ArrayBuffer);
    } catch (e) {
      throw invalid(`${fileName}: not a readable XLSX file (${(e as Error).message})`);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw invalid(`${fileName}: the workbook has no sheet`);
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c, col) => (headers[col - 1] = cellText(c.value).trim()));
    const rows: Record<string, string>[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const values: Record<string, string> = {};
      headers.forEach((h, i) => (values[h] = cellText(row.getCell(i + 1).value).trim()));
      rows.push(values);
    }
    return { headers, rows };
  }
  if (/\.(csv|tsv|txt)$/i.test(fileName)) {
    const text = content.toString("utf8").replace(/^\ufeff/, "");
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
    // Russian-locale Excel saves CSV with semicolons.
    const delimiter = /\.tsv$/i.test(fileName) ? "\t" : (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
    try {
      const rows = parse(text, { columns: (h: string[]) => h.map((x) => x.trim()), skip_empty_lines: true, trim: true, delimiter, relax_column_count: true, max_record_size: MAX_RECORD_BYTES }) as Record<string, string>[];
      return { headers: Object.keys(rows[0] ?? {}), rows };
    } catch (e) {
      throw invalid(`${fileName}: not a readable CSV file (${(e as Error).message})`);
    }
  }
  throw invalid(`${fileName}: unsupported file type (use .csv or .xlsx)`);
}

export async function readCounterpartFile(fileName: string, content: Buffer): Promise<ReceivedRow[]> {
  const { headers, rows } = await records(fileName, content);
  const name = find(headers, NAME);
  const parts = [find(headers, SURNAME), find(headers, GIVEN), find(headers, PATRONYMIC)];
  if (!name && !parts[0]) throw invalid(`${fileName}: no name column found (expected one of: ${NAME.join(", ")}; or surname/given name columns)`, { headers });
  const birth = find(headers, BIRTH);
  const article = find(headers, ARTICLE);
  const facility = find(headers, FACILITY);
  const out: ReceivedRow[] = [];
  rows.forEach((values, i) => {
    const full = name ? values[name] ?? "" : parts.map((p) => (p ? values[p] ?? "" : "")).filter(Boolean).join(" ");
    if (!full.trim()) return; // blank lines in their spreadsheet are not people
    out.push({
      row: i + 2,
      values,
      name: full.trim().replace(/\s+/g, " "),
      birthDate: birth ? normaliseBirth(values[birth] ?? "") : null,
      article: article ? values[article] || null : null,
      facility: facility ? values[facility] || null : null,
    });
  });
  if (!out.length) throw invalid(`${fileName}: no rows with a name`);
  return out;
}
