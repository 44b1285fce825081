// Sentences as verdicts and spreadsheets phrase them: "4 года 6 месяцев колонии общего режима", "7y6m strict",
// "пять лет строгого режима", "2 года условно", "штраф 500 000 руб.", "12 років позбавлення волі суворого режиму".
import type { SentenceRegime } from "../../db/schema/enums.js";

export interface ParsedSentence {
  /** A real term in custody; null for a suspended sentence, a fine or anything else kept as written. */
  years: number;
  months: number;
  regime: SentenceRegime | null;
  suspended: boolean;
  fineRub: number | null;
}

const REGIME_WORDS: [RegExp, SentenceRegime][] = [
  [/settlement|поселени|поселенн/u, "colony_settlement"],
  [/general|общего|загальн/u, "general"],
  [/strict|строгого|суворого|посилен/u, "strict"],
  [/special|особого|особлив/u, "special"],
  [/prison|тюрьм|тюрем|в'язниц/u, "prison"],
  [/educational|воспитательн|виховн/u, "educational"],
];

const NUMBER_WORDS: Record<string, number> = {};
([
  [1, "один одного одна одну"], [2, "два двух две дві двох"], [3, "три трех трьох"], [4, "четыре четырех чотири чотирьох"],
  [5, "пять пяти п'ять п'яти"], [6, "шесть шести шість шести"], [7, "семь семи сім семи"], [8, "восемь восьми вісім восьми"],
  [9, "девять девяти дев'ять дев'яти"], [10, "десять десяти"], [11, "одиннадцать одиннадцати одинадцять"], [12, "двенадцать двенадцати дванадцять"],
  [13, "тринадцать тринадцяти тринадцять"], [14, "четырнадцать чотирнадцять"], [15, "пятнадцать п'ятнадцять"], [16, "шестнадцать шістнадцять"],
  [17, "семнадцать сімнадцять"], [18, "восемнадцать вісімнадцять"], [19, "девятнадцать дев'ятнадцять"], [20, "двадцать двадцяти двадцять"],
] as [number, string][]).forEach(([n, words]) => {
  for (const w of words.split(" ")) NUMBER_WORDS[w] = n;
});

function digitsFromWords(s: string): string {
  // "двадцать пять" first, then single words.
  return s
    .replace(/двадцат[ьи] пят[ьи]|двадцят[ьи] п'ят[ьи]/gu, "25")
    .replace(/[a-zа-яёіїєґ']+/gu, (w) => (NUMBER_WORDS[w] !== undefined ? String(NUMBER_WORDS[w]) : w));
}

/** null when the text is not a sentence we can read as data (it is then kept as written). */
export function parseSentence(text: string): ParsedSentence | null {
  const s = digitsFromWords(text.toLowerCase().replace(/ё/g, "е").replace(/[’ʼ]/g, "'"));
  const suspended = /условн|умовн|suspended|probation/u.test(s);
  // The fine is read and cut off first, so its digits ("500 000 р.") are never taken for a term.
  let fineRub: number | null = null;
  const at = s.search(/штраф|fine/u);
  let rest = s;
  if (at >= 0) {
    const f = /^(?:штраф[а-яі]*|fine)\D{0,20}?(\d[\d \u00a0\u202f]*)(\s*(?:тыс|тис|k\b|thousand))?/u.exec(s.slice(at));
    if (f) {
      fineRub = Number(f[1]!.replace(/\D/g, "")) * (f[2] ? 1000 : 1);
      rest = s.slice(0, at) + s.slice(at + f[0].length);
    }
  }
  const y = /(\d{1,2})\s*(?:y\b|y(?=\d)|yrs?|years?|г\.|года?|лет|рок(?:и|ів)?|рік|р\.)/u.exec(rest);
  const m = /(\d{1,2})\s*(?:m\b|mo\b|months?|мес|місяц)/u.exec(rest);
  if (!y && !m) return fineRub ? { years: 0, months: 0, regime: null, suspended: false, fineRub } : suspended ? { years: 0, months: 0, regime: null, suspended, fineRub: null } : null;
  const regime = REGIME_WORDS.find(([re]) => re.test(s))?.[1] ?? null;
  return { years: y ? Number(y[1]) : 0, months: m ? Number(m[1]) : 0, regime, suspended, fineRub };
}
