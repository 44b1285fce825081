/**
 * Latin spellings for the reconcile bench (generator version 3), made WITHOUT the matcher's own tables:
 * the Russian schemes come from the `iuliia` package (20 published schemes, among them MVD 310-1997
 * in its French form, the Soviet/Russian passport spelling of 1997–2010: Janna, Iouliia, Chevtchouk,
 * Tchaikovskii), the Ukrainian national 2010 scheme from `cyrillic-to-translit-js` (preset "uk").
 * No npm package implements the Polish, Czech, Slovak, Spanish, Italian, Lithuanian, Latvian, Turkish
 * or Crimean Tatar practice for Russian and Ukrainian names, so those are small tables here, written
 * from those languages' published conventions (Polish Siergiej Chruszczow, Czech Sergej Chruščov,
 * Spanish Serguéi Jruschov, Italian Sergej Krusciov, Lithuanian Sergejus Chruščiovas, Latvian Sergejs
 * Hruščovs, Turkish Sergey Kruşçov, Crimean Tatar Latin Celâl, Çiygoz) — independent of
 * src/domain/names, which must learn to read them.
 */
import iuliia from "iuliia";
import CyrillicToTranslit from "cyrillic-to-translit-js";

export type Scheme =
  | "icao" | "bgn" | "gost" | "loc" | "popular" | "mvd310" | "ua2010" | "german"
  | "french" | "polish" | "czech" | "slovak" | "spanish" | "italian" | "lithuanian" | "latvian" | "turkish" | "crimean-tatar";

export const SCHEME_LABELS: Record<Scheme, string> = {
  icao: "ICAO 9303 (iuliia)", bgn: "BGN/PCGN (iuliia)", gost: "GOST 7.79 B (iuliia)", loc: "ALA-LC (iuliia)",
  popular: "Wikipedia/English (iuliia)", mvd310: "MVD 310 English (iuliia)", ua2010: "Ukrainian 2010 (cyrillic-to-translit-js)",
  german: "German", french: "French / Soviet passport (iuliia MVD 310 fr)", polish: "Polish", czech: "Czech", slovak: "Slovak",
  spanish: "Spanish", italian: "Italian", lithuanian: "Lithuanian", latvian: "Latvian", turkish: "Turkish", "crimean-tatar": "Crimean Tatar Latin",
};

const IULIIA: Partial<Record<Scheme, unknown>> = {
  icao: iuliia.ICAO_DOC_9303, bgn: iuliia.BGN_PCGN, gost: iuliia.GOST_779_ALT, loc: iuliia.ALA_LC, popular: iuliia.WIKIPEDIA,
  mvd310: iuliia.MVD_310, french: iuliia.MVD_310_FR,
};
// A CommonJS module whose typings declare an ES default export: take the function either way.
type Translit = (config?: { preset: "ru" | "uk" | "mn" }) => { transform(input: string): string };
const mod = CyrillicToTranslit as unknown as Translit | { default: Translit };
const UK2010 = (typeof mod === "function" ? mod : mod.default)({ preset: "uk" });

// iuliia reads Russian: Ukrainian letters are passed to it as the nearest Russian reading.
const UK_FOR_RU: Record<string, string> = { і: "и", ї: "йи", є: "е", ґ: "г", "'": "", "’": "" };
const RU_VOWELS = "аеёиоуыэюяіїє";
const FRONT = "еёиіїєюяь";

type Table = (cyr: string, i: number, ctx: Ctx) => string | undefined;
interface Ctx {
  uk: boolean;
  prev: string;
  next: string;
  initial: boolean;
  afterVowel: boolean;
  final: boolean;
}

const BASE: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", з: "z", и: "i", і: "i", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p",
  р: "r", с: "s", т: "t", у: "u", ф: "f", ъ: "", ь: "", э: "e", "'": "", "’": "",
};

/** A table: letter → spelling, with the e/ё/ю/я rules most national schemes share (j- initially and after vowels). */
function national(letters: Record<string, string>, iot: { j: string; soft: string }, extra?: Table): Table {
  return (c, i, ctx) => {
    const x = extra?.(c, i, ctx);
    if (x !== undefined) return x;
    const iotated: Record<string, string> = { е: "e", ё: "o", ю: "u", я: "a", є: "e", ї: "i" };
    if (c in iotated && c !== "е") {
      const v = iotated[c]!;
      if (c === "ї") return iot.j + "i";
      if (ctx.initial || ctx.afterVowel || c === "є") return iot.j + v;
      return iot.soft + v;
    }
    if (c === "е") return ctx.initial || ctx.afterVowel ? iot.j + "e" : "e";
    if (c === "г" && ctx.uk && letters.hUk) return letters.hUk;
    if (c === "и" && ctx.uk) return letters.yUk ?? "y";
    return letters[c] ?? BASE[c];
  };
}

const POLISH = national(
  { в: "w", ж: "ż", й: "j", х: "ch", ц: "c", ч: "cz", ш: "sz", щ: "szcz", ы: "y", hUk: "h" },
  { j: "j", soft: "i" },
  (c, _i, ctx) => {
    if (c === "е" && !ctx.initial && !ctx.afterVowel && !"жцчшщл".includes(ctx.prev)) return "ie";
    if (c === "и" && "жцш".includes(ctx.prev)) return "y";
    if (c === "л") return FRONT.includes(ctx.next) ? "l" : "ł";
    if ((c === "ё" || c === "ю" || c === "я") && "жчшщл".includes(ctx.prev)) return { ё: "o", ю: "u", я: "a" }[c];
    return undefined;
  },
);
const CZECH_LETTERS = { ж: "ž", й: "j", х: "ch", ц: "c", ч: "č", ш: "š", щ: "šč", ы: "y", hUk: "h" };
const CZECH = national(CZECH_LETTERS, { j: "j", soft: "j" }, (c, _i, ctx) => {
  if (c === "е" && "дтн".includes(ctx.prev)) return "ě";
  if ((c === "ё" || c === "ю" || c === "я") && "жчшщ".includes(ctx.prev)) return { ё: "o", ю: "u", я: "a" }[c];
  return undefined;
});
const SLOVAK = national(CZECH_LETTERS, { j: "j", soft: "j" }, (c, _i, ctx) =>
  (c === "ё" || c === "ю" || c === "я") && "жчшщ".includes(ctx.prev) ? { ё: "o", ю: "u", я: "a" }[c] : undefined,
);
const SPANISH = national({ ж: "zh", й: "i", х: "j", ц: "ts", ч: "ch", ш: "sh", щ: "sch", ы: "y" }, { j: "y", soft: "i" }, (c, _i, ctx) => {
  if (c === "г" && "еиіє".includes(ctx.next)) return ctx.uk ? "h" : "gu"; // Guennadi
  if ((c === "и" || c === "ы") && ctx.next === "й") return "i"; // Dmitri, Jodorkovski
  if (c === "й" && ctx.final && "иы".includes(ctx.prev)) return "";
  return undefined;
});
const ITALIAN = national({ ж: "zh", й: "j", х: "ch", ц: "z", ы: "y" }, { j: "i", soft: "i" }, (c, _i, ctx) => {
  const backVowel = "аоуыэ".includes(ctx.next);
  if (c === "ч") return backVowel ? "ci" : "c"; // Gorbaciov, Ciaikovskij
  if (c === "ш" || c === "щ") return backVowel ? "sci" : "sc"; // Scevcenko
  if ((c === "ё" || c === "ю" || c === "я") && "чшщ".includes(ctx.prev)) return { ё: "io", ю: "iu", я: "ia" }[c];
  if (c === "г" && "еиіє".includes(ctx.next)) return ctx.uk ? "h" : "gh";
  if (c === "к" && "еиіє".includes(ctx.next)) return "ch";
  return undefined;
});
const BALTIC_LETTERS = { ж: "ž", й: "j", ц: "c", ч: "č", ш: "š", щ: "šč", ы: "y", hUk: "h" };
const LITHUANIAN = national({ ...BALTIC_LETTERS, х: "ch" }, { j: "j", soft: "i" });
const LATVIAN = national({ ...BALTIC_LETTERS, х: "h" }, { j: "j", soft: "j" });
const TURKISH = national({ ж: "j", й: "y", х: "h", ц: "ts", ч: "ç", ш: "ş", щ: "şç", ы: "ı", hUk: "h" }, { j: "y", soft: "y" });
const CRIMEAN_TATAR = national({ ж: "j", й: "y", х: "h", ц: "ts", ч: "ç", ш: "ş", щ: "şç", ы: "ı" }, { j: "y", soft: "y" }, (c, _i, ctx) => {
  if (c === "д" && ctx.next === "ж") return "c"; // дж = c (Celâl, Cemil); the ж is skipped below
  if (c === "ж" && ctx.prev === "д") return "";
  if (c === "ъ") return "";
  if (ctx.next === "ъ" && c === "г") return "ğ";
  if (ctx.next === "ъ" && c === "к") return "q";
  if (ctx.next === "ъ" && c === "н") return "ñ";
  if (!ctx.initial && !ctx.afterVowel && c === "я") return "â";
  if (!ctx.initial && !ctx.afterVowel && c === "ю") return "ü";
  if (!ctx.initial && !ctx.afterVowel && c === "ё") return "ö";
  return undefined;
});
const GERMAN = national({ в: "w", ж: "sch", з: "s", й: "j", х: "ch", ц: "z", ч: "tsch", ш: "sch", щ: "schtsch", ы: "y" }, { j: "j", soft: "j" }, (c, _i, ctx) => {
  if (c === "с" && !ctx.initial && ctx.afterVowel && RU_VOWELS.includes(ctx.next)) return "ss"; // Tarassow
  if ((c === "и" || c === "ы") && ctx.next === "й" && ctx.uk === false) return "i";
  if (c === "й" && ctx.final && "иы".includes(ctx.prev)) return "";
  return undefined;
});

const TABLES: Partial<Record<Scheme, Table>> = {
  polish: POLISH, czech: CZECH, slovak: SLOVAK, spanish: SPANISH, italian: ITALIAN, lithuanian: LITHUANIAN, latvian: LATVIAN,
  turkish: TURKISH, "crimean-tatar": CRIMEAN_TATAR, german: GERMAN,
};

function byTable(word: string, table: Table, uk: boolean): string {
  const s = word.toLowerCase();
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    // "#" at the word's edges: "".includes("") would be true in the tables' tests.
    const prev = s[i - 1] ?? "#";
    const ctx: Ctx = {
      uk, prev, next: s[i + 1] ?? "#", initial: i === 0, afterVowel: RU_VOWELS.includes(prev) || prev === "ь" || prev === "ъ" || prev === "'",
      final: i === s.length - 1,
    };
    out += table(c, i, ctx) ?? c;
  }
  return out;
}

/** Lithuanian and Latvian give names a nominative ending: Vladimiras Putinas, Vladimirs Putins. */
function balticEnding(latin: string, scheme: "lithuanian" | "latvian", male: boolean): string {
  if (!male) return latin;
  if (scheme === "latvian") {
    if (/(ij|yj|oj)$/.test(latin)) return latin.replace(/(ij|yj|oj)$/, "ijs");
    if (/j$/.test(latin)) return latin + "s";
    return /[bcčdfghklmnprsštvzž]$/.test(latin) ? latin + "s" : latin;
  }
  if (/(ij|yj)$/.test(latin)) return latin.replace(/(ij|yj)$/, "is");
  if (/j$/.test(latin)) return latin + "us";
  return /[bcčdfghklmnprsštvzž]$/.test(latin) ? latin + "as" : latin;
}

/**
 * One Cyrillic word (a surname, given name or patronymic) in a scheme, lower case. `uk` marks a
 * Ukrainian-language spelling; `male` adds the Lithuanian/Latvian nominative endings.
 */
export function romanize(word: string, scheme: Scheme, uk: boolean, male: boolean): string {
  const lower = word.toLowerCase();
  if (scheme === "ua2010") return UK2010.transform(lower).toLowerCase().replace(/['’]/g, "");
  const iu = IULIIA[scheme];
  if (iu) {
    const ru = uk ? [...lower].map((c) => UK_FOR_RU[c] ?? c).join("") : lower;
    return (iuliia.translate(ru, iu as never) as string)
      .normalize("NFD")
      .replace(/\u0361/g, "") // ALA-LC ligature ties (i͡a)
      .normalize("NFC")
      .replace(/ё/g, "ë")
      .replace(/['’ʹʺ`]/g, "");
  }
  const table = TABLES[scheme]!;
  const latin = byTable(lower, table, uk);
  return scheme === "lithuanian" || scheme === "latvian" ? balticEnding(latin, scheme, male) : latin;
}

/** Schemes a list may use, with weights (passport and English spellings remain the commonest). */
export const SCHEME_WEIGHTS: Array<[Scheme, number]> = [
  ["icao", 2], ["popular", 2], ["bgn", 1], ["gost", 1], ["loc", 1], ["mvd310", 1], ["ua2010", 2], ["german", 1],
  ["french", 2], ["polish", 1], ["czech", 1], ["slovak", 0.5], ["spanish", 1], ["italian", 1], ["lithuanian", 1], ["latvian", 1],
  ["turkish", 1], ["crimean-tatar", 1],
];
