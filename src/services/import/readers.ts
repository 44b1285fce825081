import { createReadStream, readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { undoDefuse } from "../../domain/csv.js";

export interface SheetRow {
  /** 1-based row number in the file (the header is row 1), as a spreadsheet shows it. */
  row: number;
  values: Record<string, string>;
}

export interface SheetReader {
  headers(): Promise<string[]>;
  rows(): AsyncIterable<SheetRow>;
  /** 0..1 progress through the file, when known. */
  progress(): number | null;
}

export function sheetKind(path: string): "csv" | "xlsx" | "json" {
  const ext = extname(path).toLowerCase();
  if (ext === ".xlsx") return "xlsx";
  if (ext === ".json") return "json";
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt") return "csv";
  throw new Error(`${path}: unsupported file type "${ext}" (use .csv, .xlsx or .json)`);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("hyperlink" in v) return String((v as { text?: string }).text ?? "");
    return "";
  }
  return String(v);
}

export function openSheet(path: string): SheetReader {
  const kind = sheetKind(path);
  return kind === "csv" ? csvReader(path) : kind === "xlsx" ? xlsxReader(path) : jsonReader(path);
}

/** A JSON array of objects with the same keys as the CSV columns (what `export people --format json` writes). */
function jsonReader(path: string): SheetReader {
  let records: Record<string, unknown>[] | null = null;
  let done = 0;
  const load = () => {
    if (records) return records;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.some((r) => !r || typeof r !== "object" || Array.isArray(r)))
      throw new Error(`${path}: expected a JSON array of objects, one per person`);
    return (records = parsed as Record<string, unknown>[]);
  };
  return {
    async headers() {
      return [...new Set(load().flatMap((r) => Object.keys(r)))];
    },
    async *rows() {
      // Row numbers count like a spreadsheet's: the first record is "row 2", after the header.
      for (const [i, r] of load().entries()) {
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(r)) values[k] = v === null || v === undefined ? "" : String(v);
        done = i + 1;
        yield { row: i + 2, values };
      }
    },
    progress: () => (records?.length ? done / records.length : null),
  };
}

function csvReader(path: string): SheetReader {
  const size = statSync(path).size;
  let read = 0;
  let headerRow: string[] | null = null;
  const delimiter = extname(path).toLowerCase() === ".tsv" ? "\t" : undefined;
  const parser = () => {
    const stream = createReadStream(path);
    stream.on("data", (chunk) => (read += chunk.length));
    return stream.pipe(
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, ...(delimiter ? { delimiter } : { delimiter: [",", ";", "\t"] }) }),
    );
  };
  return {
    async headers() {
      if (headerRow) return headerRow;
      for await (const rec of parser()) {
        headerRow = (rec as { record: string[] }).record.map((h) => h.trim());
        break;
      }
      return headerRow ?? [];
    },
    async *rows() {
      let headers: string[] | null = null;
      for await (const rec of parser()) {
        const { record, info } = rec as { record: string[]; info: { lines: number } };
        if (!headers) {
          headers = record.map((h) => h.trim());
          continue;
        }
        const values: Record<string, string> = {};
        headers.forEach((h, i) => (values[h] = undoDefuse(record[i] ?? "")));
        yield { row: info.lines, values };
      }
    },
    progress: () => (size ? Math.min(read / size, 1) : null),
  };
}

function xlsxReader(path: string): SheetReader {
  let done = 0;
  let total: number | null = null;
  const firstSheetRows = async function* () {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore" });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) yield row;
      break; // the registry is the first sheet
    }
  };
  const rowValues = (row: ExcelJS.Row): string[] => {
    const out: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (out[col - 1] = cellText(cell.value).trim()));
    return out;
  };
  return {
    async headers() {
      for await (const row of firstSheetRows()) return rowValues(row);
      return [];
    },
    async *rows() {
      let headers: string[] | null = null;
      for await (const row of firstSheetRows()) {
        const cells = rowValues(row);
        if (!headers) {
          headers = cells;
          continue;
        }
        if (cells.every((c) => !c)) continue;
        const values: Record<string, string> = {};
        headers.forEach((h, i) => (values[h] = cells[i] ?? ""));
        done++;
        yield { row: row.number, values };
      }
      total = done;
    },
    progress: () => (total ? done / total : null),
  };
}
