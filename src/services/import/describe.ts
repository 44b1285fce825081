// The import report as lines of text in the reader's language (CLI), and the refused rows as a CSV to fix.
import { readFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { defuseFormula } from "../../domain/csv.js";
import { t, type Locale } from "../../i18n/index.js";
import type { ImportReport } from "./importPeople.js";
import { renderIssue, renderMessage } from "./messages.js";

export function describeImport(locale: Locale, r: ImportReport): string[] {
  const sep = r.separator === "\t" ? "tab" : r.separator ?? "—";
  const columns = r.columns.map((c) => `${c.header || "?"}→${c.field ?? "—"}`).join(", ");
  const lines = [t(locale, "import.read", { file: r.file, format: r.format, encoding: r.encoding ?? "—", separator: sep, sheet: r.sheet ?? "—", columns })];
  for (const w of r.warnings) lines.push(renderMessage(locale, w));
  for (const i of r.issues) lines.push(renderIssue(locale, i));
  for (const c of r.conflicts) lines.push(t(locale, "import.conflict", { file: c.file, row: String(c.row), column: c.column, stored: c.stored, value: c.value }));
  for (const rv of r.reviewRows) lines.push(`${r.file}:${rv.row}: ${rv.name} — ${rv.reason}${rv.score !== null ? ` (${rv.score.toFixed(2)})` : ""}`);
  return lines;
}

/** The refused rows with the file's own header and one more column saying what was wrong, to fix and upload again. */
export function refusedRowsCsv(locale: Locale, r: ImportReport): string {
  const why = new Map<number, string[]>();
  for (const i of r.issues) why.set(i.row, [...(why.get(i.row) ?? []), renderIssue(locale, i)]);
  const errorHeader = locale === "ru" ? "Ошибка" : locale === "uk" ? "Помилка" : "Error";
  return stringify([[...r.headers, errorHeader], ...r.refusedRows.map((x) => [...r.headers.map((_, i) => x.cells[i] ?? ""), (why.get(x.row) ?? []).join("; ")])], { delimiter: ";", cast: { string: defuseFormula } });
}

/** A mapping file: JSON {"header": "field"} or lines `header = field` (# comments). */
export function readMapFile(path: string): Record<string, string> {
  const text = readFileSync(path, "utf8").replace(/^\ufeff/, "");
  if (text.trimStart().startsWith("{")) return JSON.parse(text) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const l = line.trim();
    if (!l || l.startsWith("#")) continue;
    const at = l.lastIndexOf("=");
    if (at > 0) out[l.slice(0, at).trim()] = l.slice(at + 1).trim();
  }
  return out;
}
