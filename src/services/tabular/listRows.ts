// Lists of names (a counterpart's list, a list to reconcile) read through the one tabular reader and the one
// header dictionary: a full-name column or surname/given name/patronymic columns, a birth date in any of the
// forms the people import reads, and the article, facility and region when present.
import { parseDateCell } from "../../domain/tabular/dates.js";
import { acceptedHeaders, fieldOfHeader, type Field } from "../../domain/tabular/headers.js";
import { invalid } from "../errors.js";
import { TableError, type Table } from "./table.js";

export interface ListRow {
  /** 1-based row number as the sender's spreadsheet shows it. */
  row: number;
  /** Every cell by its header, as written. */
  values: Record<string, string>;
  name: string;
  /** ISO date or year when readable, else the cell as written (the matcher then ignores it). */
  birthDate: string | null;
  region: string | null;
  article: string | null;
  facility: string | null;
}

/** A table error as the services' "invalid" error, naming the file. */
export function tableInvalid(e: unknown): never {
  if (!(e instanceof TableError)) throw e;
  const { file } = e;
  const p = e.params;
  if (e.code === "unreadable") throw invalid(`${file}: cannot be read as CSV, XLSX or JSON (${p.reason ?? ""})`);
  if (e.code === "empty") throw invalid(`${file}: no header row`);
  if (e.code === "noSheet") throw invalid(`${file}: no sheet "${p.sheet ?? ""}"; the workbook has: ${p.sheets ?? ""}`);
  throw invalid(`${file}: old .xls workbooks cannot be read; save it as .xlsx or CSV`);
}

export function listRowsOf(table: Table, today: string): ListRow[] {
  const at = new Map<Field, number>();
  table.headers.forEach((h, i) => {
    const f = fieldOfHeader(h);
    if (f && !at.has(f)) at.set(f, i);
  });
  if (!at.has("name") && !at.has("surname") && at.has("given_name")) at.set("name", at.get("given_name")!);
  if (!at.has("name") && !at.has("surname"))
    throw invalid(`${table.file}: no name column (found: ${table.headers.join(", ") || "—"}; accepted: ${acceptedHeaders("name").join(", ")}, or surname + given name columns)`, { headers: table.headers });
  const cell = (cells: string[], f: Field) => {
    const i = at.get(f);
    return i === undefined ? "" : (cells[i] ?? "").trim();
  };
  return table.rows.map((r) => {
    const values: Record<string, string> = {};
    table.headers.forEach((h, i) => (values[h] = r.cells[i] ?? ""));
    const name = at.has("name") ? cell(r.cells, "name") : [cell(r.cells, "surname"), cell(r.cells, "given_name"), cell(r.cells, "patronymic")].filter(Boolean).join(" ");
    const birth = cell(r.cells, "birth_date");
    const parsed = birth ? parseDateCell(birth, "birth", today) : null;
    return {
      row: r.row,
      values,
      name: name.replace(/\s+/g, " ").trim(),
      birthDate: parsed ? ("value" in parsed ? parsed.value : birth) : null,
      region: cell(r.cells, "region") || null,
      article: cell(r.cells, "articles") || null,
      facility: cell(r.cells, "facility") || null,
    };
  });
}
