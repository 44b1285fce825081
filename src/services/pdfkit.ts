// PDFKit loaded on first use (see src/services/tabular/excel.ts): a server process that never writes a PDF does not pay
// for loading it at start-up.
import type PDFKit from "pdfkit";

let loading: Promise<typeof PDFKit> | null = null;

export function pdfKit(): Promise<typeof PDFKit> {
  return (loading ??= import("pdfkit").then((m) => (m as unknown as { default: typeof PDFKit }).default));
}
