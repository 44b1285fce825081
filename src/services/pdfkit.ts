// PDFKit loaded on first use (src/services/firstUse.ts): a server process that never writes a PDF does not pay for
// loading it at start-up.
import type PDFKit from "pdfkit";
import { onFirstUse } from "./firstUse.js";

export const pdfKit: () => Promise<typeof PDFKit> = onFirstUse(() => import("pdfkit").then((m) => (m as unknown as { default: typeof PDFKit }).default));
