/**
 * Negotiation-ready PDF: A4 landscape table with bilingual names, version and content hash on every page,
 * "page X of Y". Reproducible: dates and the document ID come from the version, fonts are embedded from
 * the repository; only the /ExportedAt entry of the document information differs between two exports.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pdfKit } from "../pdfkit.js";
import { asOfLine, bilingual, cellOf, documentId, statusLine, type ExportModel, type ExportRow } from "./exportModel.js";

const FONT_DIR = fileURLToPath(new URL("../../../assets/fonts/", import.meta.url));
// DejaVu covers Cyrillic (Russian and Ukrainian letters) and Latin with diacritics (BGN's ë).
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts() {
  fonts ??= { regular: readFileSync(FONT_DIR + "DejaVuSansCondensed.ttf"), bold: readFileSync(FONT_DIR + "DejaVuSansCondensed-Bold.ttf") };
  return fonts;
}

const MARGIN = 36;
const HEADER_H = 54;
const FOOTER_H = 30;
const FONT_SIZE = 7.5;
const PAD = 3;
/** Relative width of the reasons column of the internal ("all") export. */
const REASONS_WIDTH = 0.16;

function fixedDate(d: Date): Date {
  // PDF dates have one-second precision; drop the milliseconds so the info string is stable.
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function eligibilityText(r: ExportRow): string {
  const head = r.eligible ? "eligible" : `NOT ELIGIBLE: ${r.reasons}`;
  return r.warnings ? `${head}. Check: ${r.warnings}` : head;
}

export async function renderPdf(m: ExportModel): Promise<Buffer> {
  const f = loadFonts();
  const PDFDocument = await pdfKit();
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margins: { top: MARGIN + HEADER_H, bottom: MARGIN + FOOTER_H, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: false,
    info: {
      Title: `${m.listName} — v${m.version}`,
      Subject: `Exchange list, version ${m.version}, sha256 ${m.contentHash}`,
      Creator: "allforall",
      Producer: "allforall (PDFKit)",
      CreationDate: fixedDate(m.versionCreatedAt),
      ModDate: fixedDate(m.versionCreatedAt),
      // The one field that records when this copy was made; a fixed width keeps every byte offset stable.
      ExportedAt: m.exportedAt.toISOString(),
    } as PDFKit.DocumentInfo,
  });
  // PDFKit derives the ID from the info (which includes ExportedAt); fix it from the version instead.
  const id = documentId(m);
  (doc as unknown as { _id: Buffer })._id = id;
  doc.registerFont("body", f.regular);
  doc.registerFont("bold", f.bold);

  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const withReasons = m.scope === "all";
  const titles: string[] = [...m.columns.map((c) => c.title), ...(withReasons ? ["Включение / Eligibility"] : [])];
  const colW = m.columns.map((c) => c.width);
  const sum = colW.reduce((a, b) => a + b, 0);
  const rel = withReasons ? [...colW.map((w) => (w / sum) * (1 - REASONS_WIDTH)), REASONS_WIDTH] : colW.map((w) => w / sum);
  const nameAt = m.columns.findIndex((c) => c.key === "name");

  doc.addPage();
  const tableW = doc.page.width - 2 * MARGIN;
  const widths = rel.map((r) => r * tableW);
  // No column's title is cut inside a word ("№ в их с|писке", "задер|жания" once were, in the narrower columns of a
  // counterpart's or the internal export): a column narrower than its title's longest word takes the difference from
  // the names' column, the widest.
  doc.font("bold").fontSize(FONT_SIZE);
  const needs = titles.map((t) => Math.max(...t.split(/\s+/).map((word) => doc.widthOfString(word))) + 2 * PAD + 0.5);
  widths.forEach((w, i) => {
    const short = needs[i]! - w;
    if (short > 0 && i !== nameAt && widths[nameAt]! - short >= needs[nameAt]!) {
      widths[i] = w + short;
      widths[nameAt] = widths[nameAt]! - short;
    }
  });
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const cells = (r: ExportRow): string[] => [...m.columns.map((c) => (c.key === "name" ? "" : cellOf(r, c.key))), ...(withReasons ? [eligibilityText(r)] : [])];

  // Every text broken into lines between words here (wrapWords), before PDFKit lays it out.
  const headerTitles = titles.map((t, i) => wrapWords(doc, t, widths[i]! - 2 * PAD));

  const drawHeaderRow = (): void => {
    const y = doc.y;
    doc.font("bold").fontSize(FONT_SIZE);
    const h = Math.max(...headerTitles.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    doc.rect(MARGIN, y, tableW, h).fillColor("#e8e8e8").fill().fillColor("black");
    let x = MARGIN;
    headerTitles.forEach((t, i) => {
      doc.text(t, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, lineBreak: true });
      x += widths[i]!;
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };

  /** A row's texts broken into their cells' lines: the other cells, then the name in Cyrillic (bold) and in Latin. */
  const laidOut = (r: ExportRow): { cells: string[]; cyrillic: string; latin: string } => {
    doc.font("body").fontSize(FONT_SIZE);
    const texts = cells(r).map((t, i) => (i === nameAt ? "" : wrapWords(doc, t, widths[i]! - 2 * PAD)));
    const latin = wrapWords(doc, r.nameLatin, widths[nameAt]! - 2 * PAD);
    doc.font("bold");
    const cyrillic = wrapWords(doc, r.nameCyrillic, widths[nameAt]! - 2 * PAD);
    return { cells: texts, cyrillic, latin };
  };

  const rowHeight = (row: ReturnType<typeof laidOut>): number => {
    doc.font("body").fontSize(FONT_SIZE);
    let h = 0;
    row.cells.forEach((t, i) => {
      if (i !== nameAt) h = Math.max(h, doc.heightOfString(t || " ", { width: widths[i]! - 2 * PAD }));
    });
    doc.font("bold");
    const nameH = doc.heightOfString(row.cyrillic || " ", { width: widths[nameAt]! - 2 * PAD });
    doc.font("body");
    h = Math.max(h, nameH + doc.heightOfString(row.latin || " ", { width: widths[nameAt]! - 2 * PAD }));
    return h + 2 * PAD;
  };

  const drawRow = (r: ExportRow, shade: boolean): void => {
    const row = laidOut(r);
    const h = rowHeight(row);
    if (doc.y + h > bottom()) {
      doc.addPage();
      drawHeaderRow();
    }
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, tableW, h).fillColor("#f6f6f6").fill().fillColor("black");
    if (withReasons && !r.eligible) doc.rect(MARGIN, y, 3, h).fillColor("#b00000").fill().fillColor("black");
    let x = MARGIN;
    row.cells.forEach((t, i) => {
      const w = widths[i]! - 2 * PAD;
      if (i === nameAt) {
        doc.font("bold").fontSize(FONT_SIZE).text(row.cyrillic, x + PAD, y + PAD, { width: w });
        doc.font("body").text(row.latin, x + PAD, doc.y, { width: w });
      } else {
        doc.font("body").fontSize(FONT_SIZE).text(t, x + PAD, y + PAD, { width: w });
      }
      x += widths[i]!;
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + tableW, y + h).lineWidth(0.3).strokeColor("#999999").stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };

  doc.y = doc.page.margins.top;
  if (m.purpose) doc.font("body").fontSize(9).text(m.purpose, MARGIN, doc.y, { width: tableW }).moveDown(0.5);
  drawHeaderRow();
  m.rows.forEach((r, i) => drawRow(r, i % 2 === 1));
  if (!m.rows.length) doc.font("body").fontSize(10).text("(no rows)", MARGIN, doc.y + 10);

  // Page furniture last, when the page count is known. Margins are lifted so writing there adds no page.
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    const w = doc.page.width - 2 * MARGIN;
    doc.font("bold").fontSize(13).fillColor("black").text(m.listName, MARGIN, MARGIN, { width: w, lineBreak: false, ellipsis: true });
    doc.font("body").fontSize(8.5).fillColor(m.scope === "all" || !m.frozen ? "#b00000" : "#333333");
    doc.text(statusLine(m), MARGIN, MARGIN + 18, { width: w, lineBreak: false });
    // Two languages make this line long: a smaller type rather than words cut at the page's edge.
    const facts = `${bilingual(m, "web.lists.rows", { count: m.rows.length })} · ${bilingual(m, "web.lists.export.names")} (${m.latinStandard}) · ${asOfLine(m)}`;
    doc.fillColor("#333333").fontSize(Math.max(6, Math.min(8.5, (8.5 * w) / doc.widthOfString(facts))));
    doc.text(facts, MARGIN, MARGIN + 30, { width: w, lineBreak: false });
    const fy = doc.page.height - MARGIN - 14;
    doc.moveTo(MARGIN, fy - 4).lineTo(MARGIN + w, fy - 4).lineWidth(0.5).strokeColor("#666666").stroke();
    doc.font("body").fontSize(7.5).fillColor("#333333");
    doc.text(`${bilingual(m, "web.lists.version", { n: m.version })} · SHA-256 ${m.contentHash}`, MARGIN, fy, { width: w * 0.75, lineBreak: false });
    doc.text(bilingual(m, "web.lists.export.page", { n: i - range.start + 1, total }), MARGIN + w * 0.75, fy, { width: w * 0.25, align: "right", lineBreak: false });
    doc.page.margins = saved;
  }
  doc.end();
  return done;
}

/**
 * `text` broken into lines between words to fit `width` in the document's current font and size. PDFKit's own
 * wrapping cut a word that would have fitted on the next line when little room was left on the current one ("№ в их
 * с|писке" at a column 33 pt wide); lines that fit are left whole by it. A word wider than the line is left to PDFKit.
 */
export function wrapWords(doc: PDFKit.PDFDocument, text: string, width: number): string {
  return text
    .split("\n")
    .map((paragraph) => {
      const lines: string[] = [];
      let line = "";
      for (const word of paragraph.split(" ")) {
        const longer = line ? `${line} ${word}` : word;
        if (line && doc.widthOfString(longer) > width - 0.01) {
          lines.push(line);
          line = word;
        } else line = longer;
      }
      lines.push(line);
      return lines.join("\n");
    })
    .join("\n");
}
