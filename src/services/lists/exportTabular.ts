/**
 * CSV and XLSX exports of a list version. Both are reproducible byte for byte: no export time is written,
 * the workbook's dates are the version's, and the zip entries' timestamps are rewritten to that date.
 */
import { excelJs } from "../tabular/excel.js";
import { csvCell } from "../../domain/csv.js";
import { bilingual, cellOf, statusLine, type ColumnKey, type ExportModel, type ExportRow } from "./exportModel.js";
import { formatListDate } from "./format.js";

/** CSV headings: stable snake_case keys (for the other side's scripts); the name is split in two columns. */
const CSV_KEY: Record<ColumnKey, string[]> = {
  no: ["no"], theirNo: ["their_no"], name: ["name_cyrillic", "name_latin"], birthDate: ["birth_date"], category: ["category"], status: ["status"],
  detainedOn: ["detained_on"], facility: ["facility"], articles: ["articles"], sentence: ["sentence"], exchangeConsent: ["exchange_consent"], notes: ["notes"],
};

function values(m: ExportModel, r: ExportRow, withReasons: boolean): (string | number)[] {
  const out: (string | number)[] = [];
  for (const c of m.columns) {
    if (c.key === "name") out.push(r.nameCyrillic, r.nameLatin);
    else if (c.key === "no") out.push(r.no);
    else out.push(cellOf(r, c.key));
  }
  if (withReasons) out.push(r.eligible ? "yes" : "no", r.reasons, r.warnings);
  return out;
}


/** RFC 4180 CSV, UTF-8 with a byte-order mark (Excel otherwise misreads Cyrillic), CRLF line ends. */
export function renderCsv(m: ExportModel): Buffer {
  const withReasons = m.scope === "all";
  const lines = [[...m.columns.flatMap((c) => CSV_KEY[c.key]), ...(withReasons ? ["eligible", "reasons", "warnings"] : [])].join(",")];
  for (const r of m.rows) lines.push(values(m, r, withReasons).map(csvCell).join(","));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join("\r\n") + "\r\n", "utf8")]);
}

export async function renderXlsx(m: ExportModel): Promise<Buffer> {
  const withReasons = m.scope === "all";
  const wb = new (await excelJs()).Workbook();
  wb.creator = "allforall";
  wb.lastModifiedBy = "allforall";
  wb.created = m.versionCreatedAt;
  wb.modified = m.versionCreatedAt;
  wb.title = `${m.listName} — v${m.version}`;
  const ws = wb.addWorksheet("List", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" },
    headerFooter: {
      // Printed copies carry the version and hash on every page too.
      oddHeader: `&L&B${xlsxEscape(m.listName)}&R${xlsxEscape(statusLine(m))}`,
      oddFooter: `&LVersion ${m.version} · SHA-256 ${m.contentHash}&RPage &P of &N`,
    },
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const titles = [
    ...m.columns.flatMap((c) => (c.key === "name" ? [`${c.title} (${m.language === "en" ? "Cyrillic" : m.language === "uk" ? "кирилиця" : "кириллица"})`, `Latin (${m.latinStandard})`] : [c.title])),
    ...(withReasons ? ["Eligible", "Not eligible because", "To check"] : []),
  ];
  ws.addRow(titles).font = { bold: true };
  const widths = [...m.columns.flatMap((c) => (c.key === "name" ? [30, 30] : [Math.max(6, Math.round(c.width * 250))])), 9, 40, 40];
  titles.forEach((_, i) => (ws.getColumn(i + 1).width = widths[i]!));
  // Strings are stored as text cells, never formulas, so XLSX needs no defusing (CSV does).
  for (const r of m.rows) ws.addRow(values(m, r, withReasons));
  ws.eachRow((row) => (row.alignment = { vertical: "top", wrapText: true }));

  // The sheet's labels in the list's language with English beside them, as the column titles; the stored time stays
  // ISO (exact, for the record), the rows' day is written as the list's other dates.
  const about = wb.addWorksheet("About");
  const facts: [string, string | number][] = [
    [bilingual(m, "web.lists.export.about.list"), m.listName],
    [bilingual(m, "web.lists.purpose"), m.purpose ?? ""],
    [bilingual(m, "web.lists.export.about.kind"), m.kind === "own" || m.kind === "counterpart" ? bilingual(m, `web.lists.kind.${m.kind}`) : m.kind],
    [bilingual(m, "web.lists.status"), statusLine(m)],
    [bilingual(m, "web.lists.export.about.version"), m.version],
    [bilingual(m, "web.lists.export.about.stored"), m.versionCreatedAt.toISOString()],
    [bilingual(m, "web.lists.export.about.asOf"), formatListDate(m.versionAsOf, m.language)],
    [bilingual(m, "web.lists.export.about.hash"), m.contentHash],
    [bilingual(m, "web.lists.export.about.rows"), m.rows.length],
    [bilingual(m, "web.lists.export.about.language"), m.language],
    ...(m.consentOverride ? ([[bilingual(m, "web.lists.consentOverride"), `${m.consentOverride.people} — ${m.consentOverride.by}, ${m.consentOverride.at}: ${m.consentOverride.reason}`]] as [string, string][]) : []),
    [bilingual(m, "web.lists.export.about.latin"), m.latinStandard],
  ];
  for (const f of facts) about.addRow(f);
  about.getColumn(1).width = m.language === "en" ? 22 : 44;
  about.getColumn(2).width = 80;
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimestamps(buf, m.versionCreatedAt);
}

function xlsxEscape(s: string): string {
  return s.replace(/&/g, "&&");
}

function dosDateTime(d: Date): { time: number; date: number } {
  // Zip stores local DOS time with 2-second resolution; UTC fields keep it machine-independent.
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

/**
 * The zip writer stamps every entry with the current time; rewrite the local and central headers'
 * DOS date/time to the version's date so two exports are identical.
 */
export function fixZipTimestamps(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, date } = dosDateTime(at);
  // End of central directory: the last 0x06054b50 signature (a comment may follow it).
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file");
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error("corrupt zip central directory");
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) === 0x04034b50) {
      out.writeUInt16LE(time, local + 10);
      out.writeUInt16LE(date, local + 12);
    }
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
