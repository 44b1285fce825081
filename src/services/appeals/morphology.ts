import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Az from "az";
import petrovich from "petrovich";
import type { GrammaticalCase, NameReading } from "../../domain/appeals/readText.js";
import { allGivenNames } from "../../domain/names/givenNames.js";
import { feminineSurname, patronymic } from "../../demo/generate.js";
import { onFirstUse } from "../firstUse.js";
import { RU_SURNAMES, UA_SURNAMES } from "../../demo/nameFrequencies.js";

// How a word of a letter can be read as part of a name, from well-kept libraries rather than our own rules.
// Analysis by synthesis: a nominative guessed from the written word is kept only when a declension library
// declines it into exactly that word — petrovich for Russian, shevchenko for Ukrainian. Which guesses to try is
// learned from the same libraries (how endings change when they decline the surnames of the frequency tables
// and patronymics of every given name), so the guesses only choose what to ask; the libraries decide. Az.js
// (a morphological analyser over the OpenCorpora dictionary, the JavaScript port of pymorphy2) says whether the
// Russian dictionary knows a word as a surname, which makes that reading stronger.
// Readings are cached per word; the dictionaries and learned endings are loaded once, on first use.

type Lang = "ru" | "uk" | "en";
type Role = NameReading["role"];
type Sex = "male" | "female";

interface UkName {
  givenName?: string;
  patronymicName?: string;
  familyName?: string;
}
type UkDecline = (input: UkName & { gender: "masculine" | "feminine" }) => Promise<UkName>;
type UkCases = Record<Exclude<GrammaticalCase, "nom">, UkDecline>;
// shevchenko (and the classifier model it loads) on first use: importing it cost every server process a third of a
// second of CPU at start-up, and only reading an appeal's text declines Ukrainian names.
const ukCasesOf: () => Promise<UkCases> = onFirstUse(() =>
  import("shevchenko").then((shevchenko) => ({
    gen: shevchenko.inGenitive as unknown as UkDecline,
    dat: shevchenko.inDative as unknown as UkDecline,
    acc: shevchenko.inAccusative as unknown as UkDecline,
    ins: shevchenko.inAblative as unknown as UkDecline,
    loc: shevchenko.inLocative as unknown as UkDecline,
  })));
const RU_CASES = { gen: "genitive", dat: "dative", acc: "accusative", ins: "instrumental", loc: "prepositional" } as const;
const OBLIQUE = ["gen", "dat", "acc", "ins", "loc"] as const;
type Oblique = (typeof OBLIQUE)[number];

const PATRONYMIC = /(ович|евич|ьович|йович|ич|івна|ївна|овна|евна|ична|инична)$/u;
const FEMININE_PATRONYMIC = /(на|ична)$/u;
const CACHE_LIMIT = 50_000;

// A failed load is tried again at the next use (src/services/firstUse.ts), as every library loaded on first use.
const loadAz = onFirstUse(
  () =>
    new Promise<void>((resolve, reject) => {
      const dir = join(dirname(createRequire(import.meta.url).resolve("az/package.json")), "dicts");
      Az.Morph.init(dir, (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
    }),
);

const norm = (s: string) => s.toLowerCase().replace(/[’ʼ]/g, "'");
const capitalise = (s: string) =>
  s
    .split("-")
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : p))
    .join("-");

let givenIndex: Map<string, Sex> | null = null;
/** Every given name in the name tables, Russian and Ukrainian form, lower case → sex. */
function givenNames(): Map<string, Sex> {
  if (givenIndex) return givenIndex;
  givenIndex = new Map();
  for (const g of allGivenNames()) for (const f of [g.display, g.ukrainian]) if (/^[А-ЯЁІЇЄҐа-яёіїєґ'’-]+$/u.test(f)) givenIndex.set(norm(f), g.sex);
  return givenIndex;
}

type FormReading = NameReading & { library: "ru" | "uk" };
/**
 * Every case form of every given name in the tables, declined forwards by petrovich (Russian) and shevchenko
 * (Ukrainian): given names have fleeting vowels (Павел → Павла, Лев → Льва) that guessing cannot undo. Built again
 * after a failure (shevchenko's load failing), as a library loaded on first use is loaded again.
 */
const givenNameForms = onFirstUse(async () => {
  const forms = new Map<string, FormReading[]>();
  const add = (form: string | null, r: FormReading) => {
    if (!form) return;
    const k = norm(form);
    forms.set(k, [...(forms.get(k) ?? []), r]);
  };
  for (const [name, sex] of givenNames()) {
    const lemma = capitalise(name);
    for (const c of OBLIQUE) {
      add(await russianDecliner("given", lemma, sex, c), { role: "given", lemma, case: c, sex, score: 0.9, library: "ru" });
      add(await ukrainianDecliner("given", lemma, sex, c), { role: "given", lemma, case: c, sex, score: 0.9, library: "uk" });
    }
  }
  return forms;
});

/** The nominatives the Russian dictionary gives the word as a surname (empty: it does not know it as one). */
function azSurnames(word: string): Set<string> {
  const out = new Set<string>();
  for (const p of Az.Morph(word)) {
    const tag = p.tag as unknown as Record<string, unknown>;
    if (!tag.Surn || tag.plur) continue;
    const nom = p.inflect(["nomn"]);
    if (nom) out.add(norm(nom.word));
  }
  return out;
}

const endingShares = new Map<string, Record<Sex, Map<string, number>>>();
/**
 * How common a surname's last two letters are among Russian and Ukrainian surnames (by frequency): breaks ties
 * between nominatives that decline alike (Гончаренко and "Гончаренк" both give Гончаренка).
 */
function surnameEndingShare(lemma: string, sex: Sex | null, language: Lang): number {
  let shares = endingShares.get(language);
  if (!shares) {
    shares = { male: new Map(), female: new Map() };
    // A Ukrainian letter is more often about a Ukrainian surname, a Russian one about a Russian surname.
    const weighted: [string, number][] = [
      ...RU_SURNAMES.map(([n, w]): [string, number] => [n, language === "uk" ? w / 4 : w]),
      ...UA_SURNAMES.map(([n, w]): [string, number] => [n, language === "uk" ? w * 4 : w]),
    ];
    for (const s of ["male", "female"] as const) {
      const m = shares[s];
      for (const [name, weight] of weighted) {
        const e = norm(s === "male" ? name : feminineSurname(name)).slice(-3);
        m.set(e, (m.get(e) ?? 0) + weight);
      }
      // Log scale: a rarer ending (-ник beside the many -енко) still counts; one never seen counts nothing.
      const max = Math.log1p(Math.max(...m.values()));
      for (const [e, v] of m) m.set(e, Math.log1p(v) / max);
    }
    endingShares.set(language, shares);
  }
  const e = norm(lemma).slice(-3);
  return sex ? (shares[sex].get(e) ?? 0) : Math.max(shares.male.get(e) ?? 0, shares.female.get(e) ?? 0);
}

/** Declines one name part of a person of `sex` into case `c`; null when the library cannot. */
type Decliner = (role: Role, nominative: string, sex: Sex, c: Oblique) => Promise<string | null> | string | null;

const PETROVICH_FIELD = { given: "first", patronymic: "middle", surname: "last" } as const;
const russianDecliner: Decliner = (role, nominative, sex, c) => {
  const field = PETROVICH_FIELD[role];
  try {
    return (petrovich({ gender: sex, [field]: nominative }, RU_CASES[c]) as Record<string, string | undefined>)[field] ?? null;
  } catch {
    return null;
  }
};
const SHEVCHENKO_FIELD = { given: "givenName", patronymic: "patronymicName", surname: "familyName" } as const;
const ukrainianDecliner: Decliner = async (role, nominative, sex, c) => {
  const field = SHEVCHENKO_FIELD[role];
  // Outside the try: a library that fails to load is an error, not a word without readings.
  const cases = await ukCasesOf();
  try {
    return (await cases[c]({ gender: sex === "male" ? "masculine" : "feminine", [field]: nominative }))[field] ?? null;
  } catch {
    return null;
  }
};

interface Rule {
  /** The end of an oblique form and what replaces it in the nominative (Мельника: "а" → ""). */
  oblique: string;
  nominative: string;
  role: Role;
  sex: Sex;
  case: Oblique;
}

/**
 * Which endings change how, learned from the libraries themselves: every surname in the frequency tables and
 * a patronymic of every given name is declined forwards, and the change at the end of each form is kept. A
 * written word is then only tried against the nominatives these changes can give — tens of library calls a
 * word instead of hundreds — and each one is still checked by declining it.
 */
async function learnRules(decline: Decliner): Promise<Map<string, Rule[]>> {
  const rules = new Map<string, Rule[]>();
  const seen = new Set<string>();
  const learn = async (nominative: string, role: Role, sex: Sex) => {
    for (const c of OBLIQUE) {
      const form = await decline(role, nominative, sex, c);
      if (!form) continue;
      const n = norm(nominative);
      const f = norm(form);
      let p = 0;
      while (p < n.length && p < f.length && n[p] === f[p]) p++;
      // Keep one letter of context so "а" after к and after н are told apart only when they differ.
      const rule: Rule = { oblique: f.slice(p), nominative: n.slice(p), role, sex, case: c };
      const key = `${rule.oblique}|${rule.nominative}|${role}|${sex}|${c}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rules.set(rule.oblique, [...(rules.get(rule.oblique) ?? []), rule]);
    }
  };
  for (const [name] of [...RU_SURNAMES, ...UA_SURNAMES]) {
    await learn(name, "surname", "male");
    await learn(feminineSurname(name), "surname", "female");
  }
  for (const g of allGivenNames()) {
    if (g.sex !== "male") continue;
    for (const father of [g.display, g.ukrainian]) {
      for (const ukrainian of [false, true]) {
        await learn(patronymic(father, false, ukrainian), "patronymic", "male");
        await learn(patronymic(father, true, ukrainian), "patronymic", "female");
      }
    }
  }
  return rules;
}

const learned = new Map<Decliner, Promise<Map<string, Rule[]>>>();
const rulesFor = (d: Decliner) => {
  let r = learned.get(d);
  if (!r) learned.set(d, (r = learnRules(d)));
  return r;
};

/**
 * Oblique-case readings of surnames and patronymics (given names come from their own table of forms): a
 * nominative is guessed with a learned change of ending and kept only if the library declines it back into
 * exactly the written word. A surname is stronger when the Russian dictionary knows it and when its ending is
 * common among surnames.
 */
async function synthesisReadings(word: string, decline: Decliner, dictionarySurnames: Set<string>, language: Lang): Promise<NameReading[]> {
  const lower = norm(word);
  const out: NameReading[] = [];
  const given = givenNames();
  const rules = await rulesFor(decline);
  const tried = new Set<string>();
  for (let l = 0; l <= 4 && l < lower.length - 1; l++) {
    for (const rule of rules.get(lower.slice(lower.length - l)) ?? []) {
      const h = lower.slice(0, lower.length - l) + rule.nominative;
      if (given.has(h)) continue;
      const role: Role = PATRONYMIC.test(h) ? "patronymic" : "surname";
      if (role !== rule.role) continue;
      const key = `${h}|${rule.sex}|${rule.case}`;
      if (tried.has(key)) continue;
      tried.add(key);
      const form = await decline(role, capitalise(h), rule.sex, rule.case);
      if (!form || norm(form) !== lower) continue;
      // A surname that stays as written in an oblique case is possible (Коваль, Шевченко) but the weaker reading.
      const indeclinable = h === lower ? 0.1 : 0;
      const score = role === "surname" ? 0.5 + (dictionarySurnames.has(h) ? 0.2 : 0) + 0.2 * surnameEndingShare(h, rule.sex, language) - indeclinable : 0.9;
      out.push({ role, lemma: capitalise(h), case: rule.case, sex: rule.sex, score });
    }
  }
  return out;
}

/** The word as written, read as a nominative; and a known given name left undeclined in any case. */
function asWritten(word: string, surnameHint: boolean, language: Lang): NameReading[] {
  const lower = norm(word);
  const out: NameReading[] = [];
  const sex = givenNames().get(lower) ?? null;
  if (sex) {
    out.push({ role: "given", lemma: capitalise(lower), case: "nom", sex, score: 0.9 });
    // Families often leave a Ukrainian given name undeclined in a Russian sentence ("с Кравчуком Дмитро").
    for (const c of OBLIQUE) out.push({ role: "given", lemma: capitalise(lower), case: c, sex, score: 0.5 });
  } else if (PATRONYMIC.test(lower)) {
    out.push({ role: "patronymic", lemma: capitalise(lower), case: "nom", sex: FEMININE_PATRONYMIC.test(lower) ? "female" : "male", score: 0.85 });
  } else out.push({ role: "surname", lemma: capitalise(lower), case: "nom", sex: null, score: 0.5 + (surnameHint ? 0.2 : 0) + 0.2 * surnameEndingShare(lower, null, language) });
  return out;
}

function dedupe(rs: NameReading[]): NameReading[] {
  const best = new Map<string, NameReading>();
  for (const r of rs) {
    const k = `${r.role}|${r.lemma}|${r.case}|${r.sex}`;
    const old = best.get(k);
    if (!old || r.score > old.score) best.set(k, r);
  }
  return [...best.values()];
}

const cache = new Map<string, NameReading[]>();

/** Readings of each word, for a letter in `language`. */
export async function nameReadings(words: readonly string[], language: Lang): Promise<Map<string, NameReading[]>> {
  await loadAz();
  const out = new Map<string, NameReading[]>();
  for (const w of words) {
    const key = `${language}|${w}`;
    let rs = cache.get(key);
    if (!rs) {
      const dictionary = azSurnames(w);
      const hint = dictionary.size > 0;
      // Петром is Пётр in a Russian letter and Петро in a Ukrainian one.
      const forms = ((await givenNameForms()).get(norm(w)) ?? []).map(({ library, ...r }) => ({ ...r, score: r.score + (library === language ? 0.05 : 0) }));
      rs = [...asWritten(w, hint, language), ...forms];
      // A Russian letter declines even Ukrainian names the Russian way; a Ukrainian one mixes both.
      rs.push(...(await synthesisReadings(w, russianDecliner, dictionary, language)));
      if (language === "uk" || /[іїєґ']/iu.test(w)) rs.push(...(await synthesisReadings(w, ukrainianDecliner, dictionary, language)));
      rs = dedupe(rs);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, rs);
    }
    out.set(w, rs);
  }
  return out;
}
