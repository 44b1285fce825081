// Every CSV this system writes goes through these: RFC 4180 quoting, and text a spreadsheet would run as a
// formula (a leading = + - @ tab or CR — counterpart lists and imported files are untrusted) starts with an
// apostrophe. The importer removes that apostrophe again, so an export still round-trips.

const FORMULA_START = /^[=+\-@\t\r]/;

export function defuseFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The inverse of defuseFormula, for files we read back (`'=…` → `=…`). */
export function undoDefuse(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = defuseFormula(Array.isArray(v) ? v.join("; ") : String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
