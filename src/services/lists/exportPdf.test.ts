import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { pdfKit } from "../pdfkit.js";
import { wrapWords } from "./exportPdf.js";

const BOLD = fileURLToPath(new URL("../../../assets/fonts/DejaVuSansCondensed-Bold.ttf", import.meta.url));

describe("wrapWords", () => {
  it("breaks lines between words only, each line within the width, at every width a word fits", async () => {
    const doc = new (await pdfKit())({ size: "A4" });
    doc.registerFont("bold", BOLD);
    doc.font("bold").fontSize(7.5);
    const titles = ["№ в их списке / Their No.", "Дата задержания / Detained", "Согласие на обмен / Exchange consent", "Учреждение / Facility"];
    for (const title of titles) {
      const words = title.split(" ");
      const widest = Math.max(...words.map((w) => doc.widthOfString(w)));
      // 33.28 pt is where PDFKit's own wrapping cut "с|писке".
      for (let width = Math.ceil(widest); width <= 120; width += 0.37) {
        const lines = wrapWords(doc, title, width).split("\n");
        expect(lines.join(" ")).toBe(title);
        for (const line of lines) expect(doc.widthOfString(line)).toBeLessThanOrEqual(width);
        // As few lines as whole words allow: no line could have taken the next line's first word.
        for (let i = 0; i + 1 < lines.length; i++) expect(doc.widthOfString(`${lines[i]} ${lines[i + 1]!.split(" ")[0]}`)).toBeGreaterThan(width - 0.01);
      }
    }
    doc.end();
  });
});
