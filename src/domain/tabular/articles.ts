// Articles of the Russian Criminal Code, the Code of Administrative Offences and the Ukrainian Criminal Code in
// the forms lawyers write them: "п. «д» ч. 2 ст. 207.3 УК РФ", "ч. 1 ст. 207.3 УК", "ст. 20.3.3 КоАП РФ",
// "ч. 2 ст. 111 КК України", several in one cell, attempts "ч. 3 ст. 30, ч. 1 ст. 205 УК РФ" (art. 30 kept as an
// article of its own, as the verdict writes it), and the registry format's short forms "207.3:2", "205.2(2)".
import type { LegalCode } from "../../db/schema/enums.js";

export interface ParsedArticle {
  code: LegalCode;
  article: string;
  part: string | null;
  paragraph: string | null;
}

export type ArticlesResult = { value: ParsedArticle[] } | { error: "article"; piece: string };

const CODE_WORDS: [RegExp, LegalCode][] = [
  [/^(?:коап|кoап|koap|cao|купап)(?:\s*(?:рф|україни|украины))?/u, "RU_CAO"],
  [/^(?:кк|kk)(?:\s*(?:україни|украины|ua))?/u, "UA_CC"],
  [/^(?:ук|uk|cc|ck)(?:\s*(?:рф|rf|россии|ru))?/u, "RU_CC"],
];

// One reference: optional paragraph, optional part, "ст." and the number; or "Part 1 Art. 280.3".
const REF = /(?:(?:пп?|пункт[а-я]*|п\/п)\.?\s*«?\s*([а-яёa-z])\s*»?\s*,?\s*)?(?:(?:ч|часть|части|частина|частини|part|p)\.?\s*(\d{1,2}(?:\.\d)?)\s*,?\s*)?(?:ст|статья|статьи|статья|стаття|статті|art|article)\.?\s*(\d{1,3}(?:\.\d{1,2}){0,2})(?:\s*(?:ч|part)\.?\s*(\d{1,2}))?/gu;
const MORE = /^\s*(?:,|и|та)\s*(\d{1,3}(?:\.\d{1,2}){0,2})(?![\d.])/u;
// The registry format's short forms, one per piece.
const SHORT = /^(\d{1,3}(?:\.\d{1,2}){0,2})(?:\s*(?::|\(|part|ч\.?)\s*(\d{1,2}(?:\.\d)?)\)?)?$/u;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[«»"“”„']/g, "")
    .replace(/ст\s*\.\s*ст\s*\./g, "ст.")
    .replace(/\s+/g, " ")
    .trim();
}

/** Which code a stretch of text after a reference names, if any (it applies back to references before it). */
function codeIn(text: string): LegalCode | null {
  const t = text.replace(/^[\s,;.]+/, "");
  for (const [re, code] of CODE_WORDS) if (re.test(t)) return code;
  return null;
}

export function parseArticles(text: string, defaultCode: LegalCode = "RU_CC"): ArticlesResult {
  const out: ParsedArticle[] = [];
  for (const piece of text.split(";").map((p) => p.trim()).filter(Boolean)) {
    const s = normalise(piece);
    const refs = [...s.matchAll(REF)];
    if (refs.length === 0) {
      // Short forms, comma-separated: "207.3:2, 280.3".
      for (const bare of s.split(",").map((x) => x.replace(/\s*(?:ук рф|ук|uk rf|rf cc)$/u, "").trim()).filter(Boolean)) {
        const m = SHORT.exec(bare);
        if (!m) return { error: "article", piece: piece.trim() };
        out.push({ code: /^\d+\.\d+\.\d+$/.test(m[1]!) ? "RU_CAO" : defaultCode, article: m[1]!, part: m[2] ?? null, paragraph: null });
      }
      continue;
    }
    // Everything outside the references must be a code name, punctuation or "и"/"та"; anything else is unread.
    let pending: ParsedArticle[] = [];
    let last = 0;
    const leftovers: string[] = [s.slice(0, refs[0]!.index)];
    refs.forEach((m, i) => {
      const end = i + 1 < refs.length ? refs[i + 1]!.index! : s.length;
      let between = s.slice(m.index! + m[0].length, end);
      pending.push({ code: defaultCode, article: m[3]!, part: m[2] ?? m[4] ?? null, paragraph: m[1] ?? null });
      // "ст.ст. 280, 282": further numbers after the first belong to the same "ст.".
      for (let more = MORE.exec(between); more; more = MORE.exec(between)) {
        pending.push({ code: defaultCode, article: more[1]!, part: null, paragraph: null });
        between = between.slice(more[0].length);
      }
      const code = codeIn(between);
      if (code) {
        for (const p of pending) p.code = code;
        out.push(...pending);
        pending = [];
      }
      leftovers.push(between);
      last = end;
    });
    void last;
    for (const p of pending) if (/^\d+\.\d+\.\d+$/.test(p.article)) p.code = "RU_CAO";
    out.push(...pending);
    const rest = leftovers
      .join(" ")
      .replace(/україни|украины|россии|коап|купап|кк|ук|рф|koap|uk|rf|cc|(?<![а-яіa-z])(?:и|та|and)(?![а-яіa-z])/gu, " ")
      .replace(/[\s,.;:()\-–—]+/g, "");
    if (rest) return { error: "article", piece: piece.trim() };
  }
  return { value: out };
}

export function formatArticle(a: { code?: string; article: string; part: string | null; paragraph?: string | null }): string {
  const p = a.paragraph ? `п. «${a.paragraph}» ` : "";
  const part = a.part ? `ч. ${a.part} ` : "";
  const code = a.code === "RU_CAO" ? " КоАП РФ" : a.code === "UA_CC" ? " КК України" : " УК РФ";
  return `${p}${part}ст. ${a.article}${code}`;
}
