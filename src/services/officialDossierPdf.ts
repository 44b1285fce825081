import { regionText } from "../domain/vocabulary/regions.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pdfKit } from "./pdfkit.js";
import type { ExportOfficial } from "./officialExportModel.js";
import { ROLE_LABELS } from "./officialFtm.js";

// A sanctions dossier on one official, in the layout sanctions teams ask for: identifiers, positions held, each
// case (date, role, person — only with publicity consent —, articles, sentence) and the sources with their grade.

const FONT_DIR = fileURLToPath(new URL("../../assets/fonts/", import.meta.url));
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const loadFonts = () => (fonts ??= { regular: readFileSync(FONT_DIR + "DejaVuSansCondensed.ttf"), bold: readFileSync(FONT_DIR + "DejaVuSansCondensed-Bold.ttf") });

export async function renderDossierPdf(o: ExportOfficial, now: Date): Promise<Buffer> {
  const f = loadFonts();
  const PDFDocument = await pdfKit();
  const doc = new PDFDocument({ size: "A4", margins: { top: 48, bottom: 48, left: 48, right: 48 }, info: { Title: `Dossier: ${o.primaryName}`, Creator: "allforall", Producer: "allforall (PDFKit)" } });
  doc.registerFont("body", f.regular);
  doc.registerFont("bold", f.bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const h = (t: string) => doc.moveDown(0.6).font("bold").fontSize(12).text(t).moveDown(0.2).font("body").fontSize(10);
  const line = (label: string, value: string | null | undefined) => {
    if (value) doc.font("bold").text(`${label}: `, { continued: true }).font("body").text(value);
  };

  doc.font("bold").fontSize(16).text(o.primaryName);
  if (o.nameLatin) doc.font("body").fontSize(12).text(o.nameLatin);
  if (o.isDemo) doc.moveDown(0.3).font("bold").fontSize(10).fillColor("#b00").text("INVENTED RECORD (demo data) — not a real person").fillColor("black");
  doc.font("body").fontSize(10).moveDown(0.5);

  h("Identifiers / Идентификация");
  line("Name (Cyrillic)", o.primaryName);
  line("Name (Latin)", o.nameLatin);
  line("Other spellings", o.alternateNames.join("; "));
  line("Date of birth", o.birthDate ?? "unknown");

  h("Positions / Должности");
  if (!o.positions.length) doc.text("—");
  for (const p of o.positions) doc.text(`• ${[p.rank, p.position, p.body?.name, p.region ? regionText("en", p.region) : null].filter(Boolean).join(", ")} (${p.fromDate ?? "?"} – ${p.toDate ?? "…"})`);

  h(`Cases / Дела (${o.roles.length})`);
  if (!o.roles.length) doc.text("—");
  for (const r of o.roles) {
    const c = r.case;
    doc.font("bold").text(`${c.verdictOn ?? r.fromDate ?? "date unknown"} — ${ROLE_LABELS[r.role] ?? r.role}`);
    doc.font("body");
    line("Person", c.victimName ?? "not named (no publicity consent)");
    line("Case", [c.caseNumber ? `№ ${c.caseNumber}` : null, c.court].filter(Boolean).join(", "));
    line("Articles", c.articles.join("; "));
    line("Sentence", c.sentence);
    doc.moveDown(0.3);
  }

  h("Sources / Источники");
  if (!o.sources.length) doc.text("—");
  for (const s of o.sources) doc.text(`• [${s.reliability}] ${s.title}${s.url ? ` — ${s.url}` : ""}`);

  doc.moveDown(1).fontSize(8).fillColor("#555").text(`Prepared with allforall on ${now.toISOString().slice(0, 10)}. Reliability grades: A completely reliable … F cannot be judged.`);
  doc.end();
  return done;
}
