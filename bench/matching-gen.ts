/**
 * Data generator for the reconcile bench (bench/matching.ts): a registry of people with
 * Russian, Ukrainian and Crimean Tatar names at realistic frequencies (both scripts, birth
 * dates, namesakes) and an incoming list of noisy variants with known truth, plus people who
 * are not registered. Seeded (mulberry32): every run measures the same data.
 */
import { transliterate, type Standard } from "../src/domain/names/transliterate.js";
import { givenByRussianForm, type GivenName } from "../src/domain/names/givenNames.js";
import * as D from "./matching-data.js";
import { rng } from "../src/demo/generate.js";
import { romanize, SCHEME_WEIGHTS, type Scheme } from "./matching-schemes.js";

let R: () => number = rng(42); // reseeded by generate()
const chance = (p: number): boolean => R() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(R() * xs.length)]!;
const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== "");

/** Zipf-like sampler (s≈1): the first names on each list are far more frequent. */
function zipf<T>(xs: readonly T[], s = 1): () => T {
  const w = xs.map((_, i) => 1 / Math.pow(i + 1, s));
  const total = w.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const x of w) cum.push((acc += x / total));
  return () => {
    const r = R();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return xs[lo]!;
  };
}

type Lang = "ru" | "uk" | "crh";
type Sex = "male" | "female";
export interface Person {
  id: string;
  lang: Lang;
  sex: Sex;
  surname: string; // in the person's own language, already in the sex's form
  given: string; // Russian form (table display) or Crimean Tatar name
  father: string; // father's given name, Russian form
  birth: { y: number; m: number; d: number };
  yearOnly: boolean;
  region: string;
  category: string;
  /** Diagnostics: the surname came from the syllable generator (not the frequency list). */
  tail?: boolean;
  /** Diagnostics: a generated namesake, given this person's full name. */
  twinOf?: string;
}

// Calibrated so that the most common surnames have about their real share: Smirnov ≈ 1.6–1.9%
// of Russians (35% of Russians drawn from the head list, Zipf 0.6), Melnyk ≈ 0.4% of Ukrainians
// (8% from the head list, Zipf 0.5). Everyone else gets a surname from the syllable generator.
// Generator version 1 (the figures in docs/matching.md before 2026-11-25) drew 25% of Ukrainians
// from the head list (Melnyk 1.2%, three times its real share) and every Crimean Tatar from a list of
// 24 surnames (the commonest, Джелял, held by one Crimean Tatar in six; three in four sharing surname
// and given name with another registered person, against one in three of Russians).
export interface Calibration {
  ruHeadShare: number;
  uaHeadShare: number;
  /** Share of Crimean Tatars drawn from the surname list (1 in version 1); the rest get generated surnames. */
  crhHeadShare: number;
}
export const CALIBRATIONS: Record<1 | 2 | 3, Calibration> = {
  1: { ruHeadShare: 0.35, uaHeadShare: 0.25, crhHeadShare: 1 },
  2: { ruHeadShare: 0.35, uaHeadShare: 0.08, crhHeadShare: 0.35 },
  3: { ruHeadShare: 0.35, uaHeadShare: 0.08, crhHeadShare: 0.35 },
};
let CAL: Calibration = CALIBRATIONS[2];
/**
 * Version 3 (2026-12-04, frozen before the matcher was tuned on it): people as in version 2, but every
 * Latin spelling comes from published schemes outside the matcher (bench/matching-schemes.ts: iuliia,
 * cyrillic-to-translit-js, national tables), eighteen of them, and rows also get a space moved, added or
 * dropped. Versions 1 and 2 wrote Latin with the matcher's own `transliterate`.
 */
let VERSION: 1 | 2 | 3 = 2;
const ruSurname = zipf(words(D.RU_SURNAMES), 0.6);
const uaSurname = zipf(words(D.UA_SURNAMES), 0.5);
const crhSurname = zipf(words(D.CRIMEAN_TATAR_SURNAMES), 0.8);
const maleGiven = zipf(words(D.MALE_GIVEN), 0.8);
const femaleGiven = zipf(words(D.FEMALE_GIVEN), 0.8);
const crhMale = zipf(words(D.CRIMEAN_TATAR_MALE), 0.8);

function rareSurname(lang: Lang): string {
  let s = "";
  const syll = 1 + Math.floor(R() * 2.2);
  for (let i = 0; i < syll; i++) s += pick(D.ONSETS) + pick(D.NUCLEI);
  s += pick(lang === "uk" ? D.UA_SUFFIXES : D.RU_SUFFIXES);
  return s[0]!.toUpperCase() + s.slice(1);
}

function femaleSurname(s: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(s)) return s + "а";
  if (/ский$/.test(s)) return s.slice(0, -2) + "ая";
  if (/ський$/.test(s)) return s.slice(0, -2) + "а";
  if (/(ый|ий|ой)$/.test(s)) return s.slice(0, -2) + "ая";
  return s;
}

function makePerson(id: string): Person {
  // Crimean Tatars are a small share of the people such registries hold (a few hundred of many thousands).
  const lang: Lang = chance(0.02) ? "crh" : chance(0.46) ? "uk" : "ru";
  const sex: Sex = chance(0.85) ? "male" : "female";
  let tail = false;
  const rare = (l: Lang): string => ((tail = true), rareSurname(l));
  let surname =
    lang === "crh"
      ? CAL.crhHeadShare >= 1 || chance(CAL.crhHeadShare) ? crhSurname() : rare("ru")
      : lang === "uk" ? (chance(CAL.uaHeadShare) ? uaSurname() : rare("uk")) : chance(CAL.ruHeadShare) ? ruSurname() : rare("ru");
  if (sex === "female") surname = femaleSurname(surname);
  const given = sex === "female" ? femaleGiven() : lang === "crh" && chance(0.7) ? crhMale() : maleGiven();
  const father = lang === "crh" && chance(0.7) ? crhMale() : maleGiven();
  const y = 1950 + Math.floor(Math.pow(R(), 0.8) * 56);
  const category = lang === "uk" ? (chance(0.3) ? "ua_pow" : "ua_civilian") : "ru_political_prisoner";
  return {
    id, lang, sex, surname, given, father, region: pick(D.REGIONS), category, yearOnly: chance(0.08), tail,
    birth: { y, m: 1 + Math.floor(R() * 12), d: 1 + Math.floor(R() * 28) },
  };
}

// --- rendering a person's name in a language and script --------------------------------

const UK_TO_RU: Record<string, string> = { і: "и", ї: "и", є: "е", ґ: "г", "'": "" };
function surnameIn(p: Person, lang: "ru" | "uk"): string {
  const own = p.lang === "uk" ? "uk" : "ru";
  if (lang === own || p.lang === "crh") return p.surname;
  if (lang === "ru") return [...p.surname].map((c) => UK_TO_RU[c] ?? c).join("").replace(/ськ(ий|а)$/, (_, e: string) => (e === "а" ? "ская" : "ский"));
  // Russian surname in Ukrainian spelling: и between consonants → і, ы → и, э/ё → е.
  return p.surname
    .replace(/([бвгджзклмнпрстфхцчшщ])и(?=[бвгджзклмнпрстфхцчшщ])/g, "$1і")
    .replace(/ы/g, "и")
    .replace(/[эё]/g, "е")
    .replace(/ский$/, "ський")
    .replace(/ская$/, "ська");
}

function givenIn(name: string, lang: "ru" | "uk"): string {
  const g: GivenName | undefined = givenByRussianForm(name);
  return lang === "uk" && g ? g.ukrainian : name;
}

const IRREGULAR_PATRONYMICS: Record<"ru" | "uk", Record<string, [string, string]>> = {
  ru: { Павел: ["Павлович", "Павловна"], Лев: ["Львович", "Львовна"], Яков: ["Яковлевич", "Яковлевна"] },
  uk: { Лев: ["Львович", "Львівна"], Яків: ["Якович", "Яківна"] },
};

function patronymic(fatherRu: string, sex: Sex, lang: "ru" | "uk"): string {
  const f = givenIn(fatherRu, lang);
  // Irregular patronymics: Павел → Павлович, Лев → Львович, Яков → Яковлевич (Ukrainian Якович).
  const irregular = IRREGULAR_PATRONYMICS[lang][f];
  if (irregular) return sex === "male" ? irregular[0] : irregular[1];
  if (lang === "uk") {
    if (f === "Микола") return sex === "male" ? "Миколайович" : "Миколаївна";
    if (f === "Ілля") return sex === "male" ? "Ілліч" : "Іллівна";
    if (/ій$/.test(f)) return sex === "male" ? f + "ович" : f.slice(0, -1) + "ївна";
    if (/[оа]$/.test(f)) return f.slice(0, -1) + (sex === "male" ? "ович" : "івна");
    if (/ь$/.test(f)) return f + (sex === "male" ? "ович" : "івна").replace(/^і/, "і");
    return f + (sex === "male" ? "ович" : "івна");
  }
  const base = f.replace(/ё/g, "е");
  const m = sex === "male";
  if (f === "Илья") return m ? "Ильич" : "Ильинична";
  if (f === "Дмитрий") return m ? "Дмитриевич" : "Дмитриевна";
  if (/ий$/.test(base)) return base.slice(0, -2) + (m ? "ьевич" : "ьевна");
  if (/[еа]й$/.test(base)) return base.slice(0, -1) + (m ? "евич" : "евна");
  if (/[ая]$/.test(base)) return base.slice(0, -1) + (m ? "ич" : "ична");
  if (/ь$/.test(base)) return base.slice(0, -1) + (m ? "евич" : "евна");
  return base + (m ? "ович" : "овна");
}

const cap = (s: string): string => s.split(/([- ])/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join("");
const STDS: Standard[] = ["icao", "bgn", "gost", "loc", "ua2010", "popular", "german"];

interface Parts {
  surname: string;
  given: string;
  patronymic: string | null;
}

function partsOf(p: Person, lang: "ru" | "uk"): Parts {
  return { surname: surnameIn(p, lang), given: givenIn(p.given, lang), patronymic: p.lang === "crh" && chance(0.5) ? null : patronymic(p.father, p.sex, lang) };
}

function render(parts: Parts, order: "gps" | "sgp" | "comma", latin: Standard | null, caps: boolean): string {
  const tr = (s: string): string => (latin ? cap(transliterate(s, latin).replace(/[`']/g, "")) : s);
  const s = tr(parts.surname);
  const g = tr(parts.given);
  const pt = parts.patronymic ? tr(parts.patronymic) : null;
  const gp = pt ? `${g} ${pt}` : g;
  let out = order === "gps" ? `${gp} ${s}` : order === "sgp" ? `${s} ${gp}` : `${s}, ${gp}`;
  if (caps) out = out.toUpperCase();
  return out;
}

function registryNames(p: Person): string[] {
  const own = p.lang === "uk" ? "uk" : "ru";
  const parts = partsOf(p, own);
  const names = [render(parts, "sgp", null, false)];
  if (VERSION === 3) {
    if (chance(0.5)) names.push(renderScheme(parts, "gps", chance(0.6) ? (own === "uk" ? "ua2010" : "icao") : "popular", false, own === "uk", p.sex === "male"));
    return names;
  }
  if (chance(0.5)) names.push(render(parts, "gps", chance(0.6) ? "icao" : "popular", false));
  return names;
}

/** Version 3: Latin from a scheme outside the matcher (bench/matching-schemes.ts). */
function renderScheme(parts: Parts, order: "gps" | "sgp" | "comma", scheme: Scheme | null, caps: boolean, uk: boolean, male: boolean): string {
  if (scheme === null) return render(parts, order, null, caps);
  const tr = (w: string, isMale: boolean): string => cap(w.split(/([- ])/).map((x) => (/[- ]/.test(x) ? x : romanize(x, scheme, uk, isMale))).join(""));
  // Lithuanian/Latvian endings go on masculine words only (a female given name or surname keeps its -a).
  return render({ surname: tr(parts.surname, male), given: tr(parts.given, male), patronymic: parts.patronymic ? tr(parts.patronymic, male) : null }, order, null, caps);
}

const SCHEME_TOTAL = SCHEME_WEIGHTS.reduce((a, [, w]) => a + w, 0);
function pickScheme(p: Person, uk: boolean): Scheme {
  let r = R() * SCHEME_TOTAL;
  let scheme: Scheme = "icao";
  for (const [s, w] of SCHEME_WEIGHTS) {
    if ((r -= w) < 0) {
      scheme = s;
      break;
    }
  }
  // The Ukrainian scheme spells Ukrainian forms; Crimean Tatar Latin spells Crimean Tatars' names.
  if (scheme === "ua2010" && !uk) return "icao";
  if (scheme === "crimean-tatar" && p.lang !== "crh") return "turkish";
  return scheme;
}

/** A space moved by one letter (Deni sRiabov), added inside a word (Patr ushev) or dropped (IljaBaranow). */
function spaceNoise(name: string, kind: "space-moved" | "space-added" | "words-joined"): string {
  const words = name.split(" ");
  if (kind === "space-added") {
    const long = words.map((w, i) => ({ w, i })).filter(({ w }) => [...w].length >= 6);
    if (long.length === 0) return name;
    const { w, i } = pick(long);
    const letters = [...w];
    const at = 2 + Math.floor(R() * (letters.length - 3));
    words[i] = letters.slice(0, at).join("") + " " + letters.slice(at).join("");
    return words.join(" ");
  }
  if (words.length < 2) return name;
  const k = Math.floor(R() * (words.length - 1));
  const [a, b] = [words[k]!.replace(/,$/, ""), words[k + 1]!];
  const comma = words[k]!.endsWith(",") ? "," : "";
  if (kind === "words-joined") {
    const second = chance(0.5) ? b : b[0]!.toLowerCase() + b.slice(1);
    words.splice(k, 2, a + comma + second);
    return words.join(" ");
  }
  if (comma !== "" || [...a].length < 3 || [...b].length < 3) return name;
  // Move the space one letter left or right: "Denis Riabov" → "Deni sRiabov" / "DenisR iabov".
  if (chance(0.5)) words.splice(k, 2, a.slice(0, -1), a.slice(-1) + b);
  else words.splice(k, 2, a + b[0], b.slice(1));
  return words.join(" ");
}

function typo(s: string): string {
  const tokens = s.split(" ");
  const candidates = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.replace(/[^\p{L}]/gu, "").length >= 5);
  if (candidates.length === 0) return s;
  const { t, i } = pick(candidates);
  const letters = [...t];
  const pos = 1 + Math.floor(R() * (letters.length - 2));
  const alphabet = /[\u0400-\u04FF]/.test(t) ? [..."абвгдеёжзийклмнопрстуфхцчшщыьэюя"] : [..."abcdefghijklmnopqrstuvwxyz"];
  const op = Math.floor(R() * 4);
  if (op === 0) letters[pos] = pick(alphabet);
  else if (op === 1) letters.splice(pos, 1);
  else if (op === 2) letters.splice(pos, 0, pick(alphabet));
  else [letters[pos], letters[pos - 1]] = [letters[pos - 1]!, letters[pos]!];
  tokens[i] = letters.join("");
  return tokens.join(" ");
}

const DIMINUTIVES: Record<string, string> = { Александр: "Саша", Алексей: "Лёша", Дмитрий: "Дима", Евгений: "Женя", Михаил: "Миша", Владимир: "Володя", Сергей: "Серёжа", Николай: "Коля" };

/** Version 3: one incoming-list spelling, with the scheme and the kinds of noise it carries. */
function noisyNameV3(p: Person): { name: string; scheme: Scheme | null; noise: string[] } {
  const noise: string[] = [];
  const own: "ru" | "uk" = p.lang === "uk" ? "uk" : "ru";
  const lang = p.lang !== "crh" && chance(0.25) ? (own === "ru" ? "uk" : "ru") : own;
  if (lang !== own) noise.push("other-language");
  const parts = partsOf(p, lang);
  if (chance(0.5) && parts.patronymic) {
    parts.patronymic = null;
    noise.push("no-patronymic");
  }
  if (lang === "ru" && chance(0.03) && DIMINUTIVES[parts.given]) {
    parts.given = DIMINUTIVES[parts.given]!;
    noise.push("diminutive");
  }
  const scheme = chance(0.55) ? pickScheme(p, lang === "uk") : null;
  const r = R();
  const order = r < 0.45 ? "gps" : r < 0.85 ? "sgp" : "comma";
  if (order !== "gps") noise.push(order === "sgp" ? "surname-first" : "comma");
  const caps = chance(0.12);
  if (caps) noise.push("caps");
  let name = renderScheme(parts, order, scheme, caps, lang === "uk", p.sex === "male");
  if (chance(0.2)) {
    const t = typo(name);
    if (t !== name) noise.push("typo");
    name = t;
  }
  const s = R();
  const kind = s < 0.03 ? "space-moved" : s < 0.06 ? "space-added" : s < 0.09 ? "words-joined" : null;
  if (kind) {
    const t = spaceNoise(name, kind);
    if (t !== name) noise.push(kind);
    name = t;
  }
  return { name, scheme, noise };
}

/** One incoming-list spelling of a person, with typical noise. */
function noisyName(p: Person): string {
  const own: "ru" | "uk" = p.lang === "uk" ? "uk" : "ru";
  const lang = p.lang !== "crh" && chance(0.25) ? (own === "ru" ? "uk" : "ru") : own;
  const parts = partsOf(p, lang);
  if (chance(0.5)) parts.patronymic = null;
  if (lang === "ru" && chance(0.03) && DIMINUTIVES[parts.given]) parts.given = DIMINUTIVES[parts.given]!;
  const latin = chance(0.55) ? pick(STDS) : null;
  const r = R();
  const order = r < 0.45 ? "gps" : r < 0.85 ? "sgp" : "comma";
  let name = render(parts, order, latin, chance(0.12));
  if (chance(0.25)) name = typo(name);
  return name;
}

export const iso = (b: Person["birth"]): string => `${b.y}-${String(b.m).padStart(2, "0")}-${String(b.d).padStart(2, "0")}`;

/**
 * The list's birth date: full 60 %, year only 20 %, day/month swapped or year off by one ~6 %, none ~14 %.
 * `dated` is the same row in a list where every row carries a date (the list: full or year-only dates
 * with errors): the undated rows give the year only.
 */
function listBirth(p: Person): { birth: string | null; dated: string } {
  const r = R();
  if (r < 0.6) return { birth: iso(p.birth), dated: iso(p.birth) };
  if (r < 0.8) return { birth: String(p.birth.y), dated: String(p.birth.y) };
  if (r < 0.85 && p.birth.d <= 12) {
    const swapped = iso({ y: p.birth.y, m: p.birth.d, d: p.birth.m });
    return { birth: swapped, dated: swapped };
  }
  if (r < 0.88) {
    const off = iso({ ...p.birth, y: p.birth.y + (chance(0.5) ? 1 : -1) });
    return { birth: off, dated: off };
  }
  return { birth: null, dated: String(p.birth.y) };
}

// --- build data -----------------------------------------------------------------------------

export interface Row {
  name: string;
  birth: string | null;
  /** The row's date in a list where every row is dated (year only where `birth` is null). */
  birthIfDated: string;
  /** Region column, when the list has one for this row (sometimes not the registry's: people are moved). */
  region: string | null;
  truth: string | null;
  /** Version 3: the Latin scheme of the row (null: Cyrillic) and the kinds of noise it carries. */
  scheme?: Scheme | null;
  noise?: string[];
}

function listRegion(p: Person): string | null {
  if (!chance(0.6)) return null;
  return chance(0.9) ? p.region : pick(D.REGIONS);
}

export interface BenchData {
  registry: Person[];
  rows: Row[];
  registryNamesList: Array<{ p: Person; names: string[] }>;
  /** Rows (the first ones) whose person is not registered. */
  decoys: number;
}

export function generate(people: number, listRows: number, seed: number, version: 1 | 2 | 3 = 2): BenchData {
  R = rng(seed);
  CAL = CALIBRATIONS[version];
  VERSION = version;
  const noisy = (p: Person): { name: string; scheme?: Scheme | null; noise?: string[] } => (version === 3 ? noisyNameV3(p) : { name: noisyName(p) });
  const registry: Person[] = [];
  for (let i = 0; i < people; i++) {
    const p = makePerson(`P${i}`);
    // Namesakes: 3% share the full name of an earlier person but are someone else (other birth date).
    if (i > 0 && chance(0.03)) {
      const twin = registry[Math.floor(R() * registry.length)]!;
      Object.assign(p, { lang: twin.lang, sex: twin.sex, surname: twin.surname, given: twin.given, father: chance(0.5) ? twin.father : p.father, tail: twin.tail, twinOf: twin.id });
    }
    registry.push(p);
  }
  const rows: Row[] = [];
  const decoys = Math.round(listRows * 0.1);
  for (let i = 0; i < listRows; i++) {
    if (i < decoys) {
      // Not in the registry; half of them carry a registered person's name (a namesake).
      const p = makePerson(`X${i}`);
      if (chance(0.5)) {
        const twin = pick(registry);
        Object.assign(p, { lang: twin.lang, sex: twin.sex, surname: twin.surname, given: twin.given, father: chance(0.5) ? twin.father : p.father, tail: twin.tail, twinOf: twin.id });
      }
      const n = noisy(p);
      const b = listBirth(p);
      rows.push({ ...n, birth: b.birth, birthIfDated: b.dated, region: listRegion(p), truth: null });
    } else {
      const p = pick(registry);
      const n = noisy(p);
      const b = listBirth(p);
      rows.push({ ...n, birth: b.birth, birthIfDated: b.dated, region: listRegion(p), truth: p.id });
    }
  }
  const registryNamesList = registry.map((p) => ({ p, names: registryNames(p) }));
  return { registry, rows, registryNamesList, decoys };
}
