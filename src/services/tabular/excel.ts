// ExcelJS (and PDFKit, src/services/pdfkit.ts) loaded on first use: importing it cost every server process about a
// quarter of a second of CPU at start-up, before the person index could begin, and most processes never touch a workbook.
import type ExcelJS from "exceljs";

let loading: Promise<typeof ExcelJS> | null = null;

export function excelJs(): Promise<typeof ExcelJS> {
  return (loading ??= import("exceljs").then((m) => (m as unknown as { default: typeof ExcelJS }).default));
}
