import { transliterate } from "../domain/names/index.js";
import type { PersonCategory } from "../db/schema/enums.js";
import { RU_FEMALE, RU_MALE, RU_SURNAMES, UA_FEMALE, UA_MALE, UA_SURNAMES, type Weighted } from "./nameFrequencies.js";

// Deterministic generator of invented people for demos, tests and benchmarks.

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32: small, fast, good enough for synthetic data
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export type Rng = ReturnType<typeof rng>;

function weightedPicker(list: readonly Weighted[]) {
  const total = list.reduce((s, [, w]) => s + w, 0);
  return (r: Rng) => {
    let x = r() * total;
    for (const [v, w] of list) if ((x -= w) < 0) return v;
    return list[list.length - 1]![0];
  };
}
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const pickers = {
  ruSurname: weightedPicker(RU_SURNAMES),
  uaSurname: weightedPicker(UA_SURNAMES),
  ruMale: weightedPicker(RU_MALE),
  ruFemale: weightedPicker(RU_FEMALE),
  uaMale: weightedPicker(UA_MALE),
  uaFemale: weightedPicker(UA_FEMALE),
};

export function feminineSurname(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return surname + "а";
  if (/ский$/.test(surname)) return surname.replace(/ский$/, "ская");
  if (/ський$/.test(surname)) return surname.replace(/ський$/, "ська");
  return surname; // -енко, -ук, -ик and most Ukrainian surnames do not change
}

export function patronymic(fatherName: string, female: boolean, ukrainian: boolean): string {
  const special: Record<string, [string, string]> = {
    Илья: ["Ильич", "Ильинична"],
    Никита: ["Никитич", "Никитична"],
    Яков: ["Яковлевич", "Яковлевна"],
    Петро: ["Петрович", "Петрівна"],
    Михайло: ["Михайлович", "Михайлівна"],
    Дмитро: ["Дмитрович", "Дмитрівна"],
    Микола: ["Миколайович", "Миколаївна"],
    Дмитрий: ["Дмитриевич", "Дмитриевна"],
    Павел: ["Павлович", "Павловна"],
    Павло: ["Павлович", "Павлівна"],
    Михаил: ["Михайлович", "Михайловна"],
    Лев: ["Львович", "Львовна"],
    Пётр: ["Петрович", "Петровна"],
  };
  const sp = special[fatherName];
  if (sp) return female ? sp[1] : sp[0];
  if (ukrainian) {
    if (fatherName.endsWith("ій")) return fatherName.slice(0, -1) + (female ? "ївна" : "йович");
    return fatherName + (female ? "івна" : "ович");
  }
  if (fatherName.endsWith("ий")) return fatherName.slice(0, -2) + (female ? "ьевна" : "ьевич");
  if (fatherName.endsWith("ей") || fatherName.endsWith("ай")) return fatherName.slice(0, -1) + (female ? "евна" : "евич");
  if (fatherName.endsWith("ь")) return fatherName.slice(0, -1) + (female ? "евна" : "евич"); // Игорь → Игоревич
  return fatherName + (female ? "овна" : "ович");
}

export interface GeneratedName {
  surname: string;
  given: string;
  patronymic: string;
  sex: "male" | "female";
  ukrainian: boolean;
}

export function generateName(r: Rng, ukrainian: boolean): GeneratedName {
  const female = r() < 0.18; // most people held are men
  const father = ukrainian ? pickers.uaMale(r) : pickers.ruMale(r);
  const surnameBase = ukrainian ? pickers.uaSurname(r) : pickers.ruSurname(r);
  return {
    surname: female ? feminineSurname(surnameBase) : surnameBase,
    given: ukrainian ? (female ? pickers.uaFemale(r) : pickers.uaMale(r)) : female ? pickers.ruFemale(r) : pickers.ruMale(r),
    patronymic: patronymic(father, female, ukrainian),
    sex: female ? "female" : "male",
    ukrainian,
  };
}

export const REGIONS = ["Moscow", "Saint Petersburg", "Krasnodar Krai", "Sverdlovsk Oblast", "Bashkortostan", "Tatarstan", "Novosibirsk Oblast", "Crimea (occupied)", "Zaporizhzhia Oblast (occupied)", "Kherson Oblast (occupied)", "Donetsk Oblast (occupied)", "Luhansk Oblast (occupied)", "Perm Krai", "Khabarovsk Krai", "Vladimir Oblast", "Mordovia", "Chelyabinsk Oblast", "Rostov Oblast", "Kaliningrad Oblast", "Tver Oblast"];
const RU_ARTICLES = ["207.3:2", "280.3:1", "205.2:2", "275", "275.1", "280.4:3", "282.2:2", "284.1:1", "212:1", "318:1", "354.1:3", "361", "205.5:2"];
const UA_ARTICLES = ["205.5:2", "275", "276", "205:1", "281:2", "222.1:1"];
const REGIMES = ["general", "general", "general", "strict", "strict", "special", "colony_settlement", "prison"];
const FACILITIES = ["ИК-6 Владимирская область", "ИК-7 Карелия", "ИК-2 Мордовия", "СИЗО-1 Москва «Матросская тишина»", "СИЗО-2 Симферополь", "ИК-3 Хабаровский край", "ИК-11 Башкортостан", "СИЗО-1 Таганрог", "ИК-10 Мордовия", "ИК-1 Тверская область", "ИК-4 Пермский край", "ИК-5 Краснодарский край"];

export interface GeneratedRow {
  external_id: string;
  name: string;
  name_alt: string;
  sex: string;
  birth_date: string;
  region: string;
  category: PersonCategory;
  articles: string;
  status: string;
  facility: string;
  sentence: string;
  detained_on: string;
}

export function titleCase(s: string): string {
  return s.replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

function isoDay(r: Rng, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(r() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Registry rows in the import format, realistic enough to exercise matching and import (Cyrillic primary, Latin spellings). */
export function* generatePeopleRows(count: number, seed = 1, prefix = "GEN"): Generator<GeneratedRow> {
  const r = rng(seed);
  for (let i = 1; i <= count; i++) {
    const x = r();
    const category: PersonCategory = x < 0.55 ? "ru_political_prisoner" : x < 0.75 ? "ua_civilian_hostage" : x < 0.85 ? "ua_pow" : x < 0.9 ? "ua_serviceman_convicted" : x < 0.95 ? "ru_persecuted_not_detained" : x < 0.98 ? "held_in_ukraine" : "other";
    const ukrainian = category.startsWith("ua_");
    const n = generateName(r, ukrainian);
    const cyr = `${n.surname} ${n.given} ${n.patronymic}`;
    const latin = titleCase(`${transliterate(n.given, ukrainian ? "ua2010" : "bgn")} ${transliterate(n.surname, ukrainian ? "ua2010" : "bgn")}`);
    const fullDate = r() < 0.8;
    const birth = isoDay(r, 1950, 2004);
    const detained = isoDay(r, 2014, 2025);
    const years = 1 + Math.floor(r() * 20);
    yield {
      external_id: `${prefix}-${String(i).padStart(6, "0")}`,
      name: cyr,
      name_alt: r() < 0.7 ? latin : "",
      sex: n.sex,
      birth_date: fullDate ? birth : birth.slice(0, 4),
      region: pick(r, REGIONS),
      category,
      articles: category === "held_in_ukraine" ? "" : pick(r, ukrainian ? UA_ARTICLES : RU_ARTICLES),
      status: pick(r, ["in_colony", "in_colony", "in_colony", "sentenced", "on_trial", "under_investigation", "detained", "released", "exchanged"]),
      facility: pick(r, FACILITIES),
      sentence: `${years}y${r() < 0.3 ? `${Math.floor(r() * 12)}m` : ""} ${pick(r, REGIMES)}`,
      detained_on: detained,
    };
  }
}
