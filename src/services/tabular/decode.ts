// Which encoding a CSV arrived in. Russian Excel saves Windows-1251; old systems KOI8-R; everything newer UTF-8
// (with a BOM when Excel saves "CSV UTF-8"); Excel's "Unicode text" is UTF-16 LE with a BOM.
import iconv from "iconv-lite";

export type TextEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "windows-1251" | "koi8-r";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Lower-case Cyrillic letters: text decoded with the wrong 8-bit table comes out mostly upper case or symbols. */
function cyrillicScore(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x430 && c <= 0x44f) n++;
  }
  return n;
}

export function detectEncoding(buf: Buffer): TextEncoding {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return "utf-8-bom";
  if (buf[0] === 0xff && buf[1] === 0xfe) return "utf-16le";
  try {
    utf8.decode(buf);
    return "utf-8";
  } catch {
    // Not UTF-8: one of the two Cyrillic 8-bit tables. A sample is enough to tell them apart.
    const sample = buf.subarray(0, 64 * 1024);
    return cyrillicScore(iconv.decode(sample, "koi8-r")) > cyrillicScore(iconv.decode(sample, "win1251")) ? "koi8-r" : "windows-1251";
  }
}

export function decodeText(buf: Buffer, encoding: TextEncoding): string {
  switch (encoding) {
    case "utf-8":
      return buf.toString("utf8");
    case "utf-8-bom":
      return buf.subarray(3).toString("utf8");
    case "utf-16le":
      return buf.subarray(2).toString("utf16le");
    case "windows-1251":
      return iconv.decode(buf, "win1251");
    case "koi8-r":
      return iconv.decode(buf, "koi8-r");
  }
}

export type Separator = "," | ";" | "\t";

/** The separator of the header line (outside quotes): whichever of ; tab , occurs most; a comma when none does. */
export function detectSeparator(text: string): Separator {
  const counts: Record<Separator, number> = { ";": 0, "\t": 0, ",": 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) {
      if (counts[";"] + counts["\t"] + counts[","] > 0) break;
    } else if (!quoted && (c === ";" || c === "\t" || c === ",")) counts[c]++;
  }
  const best = (Object.keys(counts) as Separator[]).sort((a, b) => counts[b] - counts[a])[0]!;
  return counts[best] > 0 ? best : ",";
}
