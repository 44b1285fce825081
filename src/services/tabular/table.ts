/**
 * The one reader of tabular input — people import, counterpart lists, reconciliation and the web upload all
 * come through here: CSV in any of the encodings NGOs' files arrive in (detected, and stated in the report),
 * `,` `;` or tab (detected), XLSX (Excel date cells, any sheet by name) and JSON arrays of objects.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { excelJs } from "./excel.js";
import { undoDefuse } from "../../domain/csv.js";
import { decodeText, detectEncoding, detectSeparator, type Separator, type TextEncoding } from "./decode.js";

export interface TableRow {
  /** 1-based row number as the spreadsheet shows it (the header is usually row 1). */
  row: number;
  cells: string[];
}

export interface Table {
  file: string;
  format: "csv" | "xlsx" | "json";
  encoding: TextEncoding | null;
  separator: Separator | null;
  /** The sheet read, and every sheet of the workbook (XLSX only). */
  sheet: string | null;
  sheets: string[];
  headers: string[];
  rows: TableRow[];
}

export class TableError extends Error {
  constructor(
    readonly code: "unreadable" | "empty" | "noSheet" | "unsupported",
    readonly file: string,
    readonly params: Record<string, string> = {},
  ) {
    super(`${file}: ${code}${Object.keys(params).length ? ` (${Object.entries(params).map(([k, v]) => `${k}: ${v}`).join("; ")})` : ""}`);
  }
}

export interface OpenOptions {
  /** XLSX: the sheet to read, by name (case-insensitive) or 1-based number; default the first. */
  sheet?: string | undefined;
}

function kindOf(file: string, content: Buffer): Table["format"] {
  if (content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04) return "xlsx";
  // Junk is refused from its first bytes, before a parser runs: 20 MB of it used to hold the server for seconds.
  if (/\.xlsx$/i.test(file)) throw new TableError("unreadable", file, { reason: "it is not a zip archive" });
  if (/\.xls$/i.test(file) && content[0] === 0xd0 && content[1] === 0xcf) throw new TableError("unsupported", file, { format: "xls" });
  const start = content.subarray(0, 16).toString("utf8").replace(/^\ufeff/, "").trimStart();
  if (/\.json$/i.test(file) || start.startsWith("[")) return "json";
  return "csv";
}

/** Read a whole table from bytes (a file's content or an upload). */
export async function openTable(file: string, content: Buffer, opts: OpenOptions = {}): Promise<Table> {
  const format = kindOf(file, content);
  const table = format === "xlsx" ? await readXlsx(file, content, opts) : format === "json" ? readJson(file, content) : readCsv(file, content);
  if (!table.headers.some((h) => h.trim())) throw new TableError("empty", file);
  return table;
}

export async function readTableFile(path: string, opts: OpenOptions = {}): Promise<Table> {
  return openTable(basename(path), readFileSync(path), opts);
}

function withoutBlank(records: TableRow[]): { headers: string[]; rows: TableRow[] } {
  const filled = records.filter((r) => r.cells.some((c) => c !== ""));
  const [head, ...rows] = filled;
  return { headers: head?.cells ?? [], rows };
}

// A list row is a few hundred characters; a "row" longer than this is not a list (parsing it held the server).
const MAX_RECORD_CHARS = 64 * 1024;

function readCsv(file: string, content: Buffer): Table {
  const encoding = detectEncoding(content);
  const text = decodeText(content, encoding);
  const head = text.slice(0, MAX_RECORD_CHARS);
  if (head.includes("\u0000")) throw new TableError("unreadable", file, { reason: "binary content" });
  if (!/[\r\n]/.test(head) && text.length > MAX_RECORD_CHARS) throw new TableError("unreadable", file, { reason: "no header line in the first 64 KiB" });
  const separator = detectSeparator(text);
  let records: CsvRecord[];
  try {
    records = splitPlainCsv(text, separator) ?? parseCsv(text, separator);
  } catch (e) {
    throw new TableError("unreadable", file, { reason: (e as Error).message });
  }
  // Cells we exported with a leading apostrophe (so a spreadsheet would not run them as formulas) read back as written.
  const { headers, rows } = withoutBlank(records.map((r) => ({ row: r.info.lines, cells: r.record.map(undoDefuse) })));
  return { file, format: "csv", encoding, separator, sheet: null, sheets: [], headers, rows };
}

type CsvRecord = { record: string[]; info: { lines: number } };

/** csv-parse with the reader's options: the parser of every CSV that splitPlainCsv leaves to it. */
export function parseCsv(text: string, separator: Separator): CsvRecord[] {
  return parse(text, { delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true, info: true, bom: true, max_record_size: MAX_RECORD_CHARS }) as unknown as CsvRecord[];
}

/** Longest line splitPlainCsv takes: even at 3 UTF-8 bytes a character it is under csv-parse's record limit (bytes). */
const PLAIN_LINE_CHARS = 16 * 1024;

/**
 * The records of a CSV text that has no quote character, no BOM and one kind of line break, split directly:
 * exactly what parseCsv gives for such a text (records end at line breaks; each cell trimmed of the white space
 * String.prototype.trim removes, which is csv-parse's `trim` set; a line with no separator and nothing but white
 * space skipped; a record's line number), at a sixth of its CPU — csv-parse walks the text's UTF-8 bytes one by one,
 * 1.3 s of a 100,000-row import's importer thread (session 10). Null for any other text: parseCsv reads it.
 */
export function splitPlainCsv(text: string, separator: Separator): CsvRecord[] | null {
  if (text.includes('"') || text.startsWith("\ufeff")) return null;
  // csv-parse takes the first line break it meets as the record delimiter; a text mixing kinds goes to it.
  const cr = text.indexOf("\r");
  const lf = text.indexOf("\n");
  const first = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
  let breakWith = "\n";
  if (first !== -1) {
    if (text[first] === "\r" && text[first + 1] === "\n") {
      if (/\r(?!\n)|(?<!\r)\n/.test(text)) return null;
      breakWith = "\r\n";
    } else if (text[first] === "\r") {
      if (lf !== -1) return null;
      breakWith = "\r";
    } else if (cr !== -1) return null;
  }
  const lines = text.split(breakWith);
  const out: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > PLAIN_LINE_CHARS) return null;
    if (!line.includes(separator)) {
      const cell = line.trim();
      if (cell) out.push({ record: [cell], info: { lines: i + 1 } });
      continue;
    }
    const record = line.split(separator);
    for (let j = 0; j < record.length; j++) record[j] = record[j]!.trim();
    out.push({ record, info: { lines: i + 1 } });
  }
  return out;
}

function readJson(file: string, content: Buffer): Table {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString("utf8").replace(/^\ufeff/, ""));
  } catch (e) {
    throw new TableError("unreadable", file, { reason: (e as Error).message });
  }
  if (!Array.isArray(parsed) || parsed.some((r) => !r || typeof r !== "object" || Array.isArray(r))) throw new TableError("unreadable", file, { reason: "expected a JSON array of objects" });
  const objects = parsed as Record<string, unknown>[];
  const headers = [...new Set(objects.flatMap((r) => Object.keys(r)))];
  // Row numbers count like a spreadsheet's: the first record is "row 2", after the header.
  const rows = objects.map((o, i) => ({ row: i + 2, cells: headers.map((h) => (o[h] === null || o[h] === undefined ? "" : String(o[h]).trim())) }));
  return { file, format: "json", encoding: "utf-8", separator: null, sheet: null, sheets: [], headers, rows };
}

function isoOf(d: Date): string {
  // ExcelJS gives date cells as UTC midnight; a time of day is kept only when there is one.
  const s = d.toISOString();
  return s.endsWith("T00:00:00.000Z") ? s.slice(0, 10) : s.slice(0, 16).replace("T", " ");
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return isoOf(v);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("error" in v) return "";
    return "";
  }
  return String(v);
}

async function readXlsx(file: string, content: Buffer, opts: OpenOptions): Promise<Table> {
  const wb = new (await excelJs()).Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch (e) {
    throw new TableError("unreadable", file, { reason: (e as Error).message });
  }
  const sheets = wb.worksheets.map((w) => w.name);
  const wanted = opts.sheet?.trim();
  const ws = wanted
    ? (wb.worksheets.find((w) => w.name.toLowerCase() === wanted.toLowerCase()) ?? (/^\d+$/.test(wanted) ? wb.worksheets[Number(wanted) - 1] : undefined))
    : wb.worksheets[0];
  if (!ws) throw new TableError("noSheet", file, { sheet: wanted ?? "", sheets: sheets.join(", ") });
  const records: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cellText(cell.value).trim()));
    for (let i = 0; i < cells.length; i++) cells[i] ??= "";
    records.push({ row: row.number, cells });
  });
  const { headers, rows } = withoutBlank(records);
  return { file, format: "xlsx", encoding: null, separator: null, sheet: ws.name, sheets, headers, rows };
}
