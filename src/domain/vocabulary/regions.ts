// Regions as a controlled list (ISO 3166-2 codes, regionList.ts) and the reading of free text in English, Russian
// or Ukrainian into a code: "Новосибирская обл.", "Novosibirsk Oblast", "Новосибірська область", "Крым" → a code;
// anything else → null, so the caller keeps the text as it came and flags it. Pure: the importer (#16), the
// services and the staff app's bundle all use it.
import { REGION_LIST, type RegionEntry } from "./regionList.js";

export type RegionCode = string;
export type RegionLocale = "en" | "ru" | "uk";

/**
 * How an organisation labels the subdivisions Russia occupies (an organisation setting):
 * "occupied" adds "(temporarily occupied)"; "ukraine" adds "(Ukraine)"; "plain" shows the name alone.
 */
export const occupiedLabelStyles = ["occupied", "ukraine", "plain"] as const;
export type OccupiedLabelStyle = (typeof occupiedLabelStyles)[number];

const byCode = new Map<string, RegionEntry>(REGION_LIST.map((r) => [r.code, r]));

export function isRegionCode(code: unknown): code is RegionCode {
  return typeof code === "string" && byCode.has(code);
}

export function regionEntry(code: string): RegionEntry | undefined {
  return byCode.get(code);
}

export function regionCodes(): RegionCode[] {
  return REGION_LIST.map((r) => r.code);
}

const SUFFIX: Record<Exclude<OccupiedLabelStyle, "plain">, Record<RegionLocale, string>> = {
  occupied: { en: " (temporarily occupied)", ru: " (временно оккупирована)", uk: " (тимчасово окупована)" },
  ukraine: { en: " (Ukraine)", ru: " (Украина)", uk: " (Україна)" },
};
// Sevastopol and Kyiv are cities: the Russian and Ukrainian words for "occupied" agree with the noun.
const CITY_SUFFIX: Record<RegionLocale, string> = { en: " (temporarily occupied)", ru: " (временно оккупирован)", uk: " (тимчасово окупований)" };

/** The region's name in `locale`; an occupied Ukrainian subdivision with the organisation's chosen label. */
export function regionName(locale: RegionLocale, code: string, style: OccupiedLabelStyle = "occupied"): string {
  const r = byCode.get(code);
  if (!r) return code;
  const name = r[locale];
  if (!r.occupied || style === "plain") return name;
  return name + (style === "occupied" && r.code === "UA-40" ? CITY_SUFFIX[locale] : SUFFIX[style][locale]);
}

// Words that say what kind of subdivision it is, not which one. They become a mark at the end of the key: Kyiv the
// city (UA-30) and Kyiv Oblast (UA-32), the Altai Republic and Altai Krai, differ only by them.
const KIND: Record<string, string> = {};
const kinds: Record<string, string[]> = {
  obl: ["область", "области", "областью", "обл", "області", "oblast", "obl", "region", "province"],
  rep: ["ар", "республика", "республики", "республике", "респ", "республіка", "республіки", "republic", "rep"],
  kr: ["край", "края", "крае", "krai", "kray"],
  ao: ["округ", "округа", "ао", "автономный", "автономного", "автономная", "автономной", "автономна", "автономний", "autonomous", "okrug"],
  city: ["город", "г", "гор", "федерального", "значения", "місто", "м", "city", "federal"],
};
for (const [mark, words] of Object.entries(kinds)) for (const w of words) KIND[w] = mark;
// How some sources mark occupied territory ("Crimea (occupied)", "Херсонская обл. (оккупирована)"): not a name.
const NOISE = new Set(["of", "the", "and", "occupied", "temporarily", "временно", "оккупирована", "оккупированная", "оккупирован", "оккупированный", "тимчасово", "окупована", "окупований", "окупованa"]);

// Adjective endings of Russian and Ukrainian place names ("Новосибирская", "Новосибірська", "Донецкой"): stripped
// so that the case or gender of the word does not matter.
const ENDINGS = ["ская", "ской", "ский", "ского", "ську", "ська", "ський", "ського", "ской", "цкая", "цкой", "цька", "цької", "ая", "ой", "ий", "ый", "ої", "а", "я", "і", "ы", "у", "е"];

function stem(word: string): string {
  for (const e of ENDINGS) if (word.length - e.length >= 4 && word.endsWith(e)) return word.slice(0, -e.length);
  return word;
}

/** Lower case, ё→е, apostrophes and dashes out, each word's ending stripped, kind words as sorted marks ("~obl"). */
export function regionKey(text: string): string {
  const words = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[’'`ʼ]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter((w) => w && !NOISE.has(w));
  const named = words.filter((w) => !Object.hasOwn(KIND, w)).map(stem);
  const marks = [...new Set(words.filter((w) => Object.hasOwn(KIND, w)).map((w) => `~${KIND[w]}`))].sort();
  return named.length === 0 ? "" : [...named, ...marks].join(" ");
}

const unmarked = (k: string): string => k.replace(/( ~\w+)+$/, "");

// Keys as written, and keys without the marks ("Новосибирская" alone still means the oblast); a key two regions
// share is ambiguous and answers nothing.
let index: { exact: Map<string, string | null>; loose: Map<string, string | null> } | null = null;

function put(map: Map<string, string | null>, k: string, code: string): void {
  const prior = map.get(k);
  map.set(k, prior === undefined || prior === code ? code : null);
}

function keyIndex(): { exact: Map<string, string | null>; loose: Map<string, string | null> } {
  if (index) return index;
  index = { exact: new Map(), loose: new Map() };
  for (const r of REGION_LIST)
    for (const text of [r.en, r.ru, r.uk, ...(r.aliases ?? [])]) {
      const k = regionKey(text);
      if (!k) continue;
      put(index.exact, k, r.code);
      put(index.loose, unmarked(k), r.code);
    }
  return index;
}

/** The ISO 3166-2 code of a region written as free text in any of the three languages, or null when unknown. */
export function regionFromText(text: string | null | undefined): RegionCode | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (byCode.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  const k = regionKey(trimmed);
  if (!k) return null;
  const { exact, loose } = keyIndex();
  if (exact.has(k)) return exact.get(k) ?? null;
  return loose.get(unmarked(k)) ?? null;
}

/** What to store for a region someone wrote: its code when recognised, else the text as written (flagged), or null. */
export function regionValue(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  return regionFromText(trimmed) ?? trimmed;
}

/** A stored region for display: a code by its name in `locale`, free text as written. */
export function regionText(locale: RegionLocale, value: string, style: OccupiedLabelStyle = "occupied"): string {
  return isRegionCode(value) ? regionName(locale, value, style) : value;
}
