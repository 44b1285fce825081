// ExcelJS loaded on first use (src/services/firstUse.ts): importing it cost every server process about a quarter of a
// second of CPU at start-up, before the person index could begin, and most processes never touch a workbook.
import type ExcelJS from "exceljs";
import { onFirstUse } from "../firstUse.js";

export const excelJs: () => Promise<typeof ExcelJS> = onFirstUse(() => import("exceljs").then((m) => (m as unknown as { default: typeof ExcelJS }).default));
