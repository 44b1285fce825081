// Generates the frozen evaluation set for reading appeals written in running text (docs/appeals.md):
// letters in Russian and Ukrainian, the held people's names in every grammatical case (declined with the
// petrovich and shevchenko libraries, not with the reader's own code), one to three people per letter, birth
// dates in the forms families write them, typos. The output is committed as test/fixtures/appeals/texts.json
// and never regenerated to make a test pass.
//   npx tsx bench/appeal-texts-gen.ts [--seed 7] [--count 180] > test/fixtures/appeals/texts.json
import petrovich from "petrovich";
import * as shevchenko from "shevchenko";
import { generateName, pick, rng, type GeneratedName, type Rng } from "../src/demo/generate.js";

type Lang = "ru" | "uk";
type Case = "nominative" | "genitive" | "dative" | "accusative" | "instrumental" | "prepositional";
type Order = "SGP" | "GPS" | "GS" | "SG";

interface Expected {
  name: string;
  birthYear: number | null;
  birthDate: string | null;
}

export interface AppealText {
  id: string;
  language: Lang;
  text: string;
  people: Expected[];
  relation: string | null;
  facility: string | null;
  articles: string[];
  cases: Case[];
  typo: boolean;
}

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
const MONTHS_UK = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"];

async function decline(n: GeneratedName, c: Case, lang: Lang): Promise<GeneratedName> {
  if (c === "nominative") return n;
  if (lang === "uk" && n.ukrainian) {
    const input = { gender: n.sex === "female" ? "feminine" : "masculine", givenName: n.given, patronymicName: n.patronymic, familyName: n.surname } as const;
    const fn = { genitive: shevchenko.inGenitive, dative: shevchenko.inDative, accusative: shevchenko.inAccusative, instrumental: shevchenko.inAblative, prepositional: shevchenko.inLocative }[c];
    const out = await fn(input as never);
    return { ...n, given: out.givenName ?? n.given, patronymic: out.patronymicName ?? n.patronymic, surname: out.familyName ?? n.surname };
  }
  const out = petrovich({ gender: n.sex, first: n.given, middle: n.patronymic, last: n.surname }, c);
  return { ...n, given: out.first ?? n.given, patronymic: out.middle ?? n.patronymic, surname: out.last ?? n.surname };
}

function render(n: GeneratedName, order: Order): string {
  switch (order) {
    case "SGP":
      return `${n.surname} ${n.given} ${n.patronymic}`;
    case "GPS":
      return `${n.given} ${n.patronymic} ${n.surname}`;
    case "GS":
      return `${n.given} ${n.surname}`;
    case "SG":
      return `${n.surname} ${n.given}`;
  }
}

function expectedName(n: GeneratedName, order: Order): string {
  return order === "SGP" || order === "GPS" ? `${n.surname} ${n.given} ${n.patronymic}` : `${n.surname} ${n.given}`;
}

function birthPhrase(r: Rng, lang: Lang, y: number, m: number, d: number): { text: string; full: boolean } {
  const dd = String(d).padStart(2, "0");
  const mm = String(m).padStart(2, "0");
  const ru = [
    { text: `${y} г.р.`, full: false },
    { text: `${y} года рождения`, full: false },
    { text: `${String(y).slice(2)} года рождения`, full: false },
    { text: `${dd}.${mm}.${y} г.р.`, full: true },
    { text: `родился ${d} ${MONTHS_RU[m - 1]} ${y} года`, full: true },
    { text: `дата рождения ${dd}.${mm}.${y}`, full: true },
    { text: `${y}г.р.`, full: false },
  ];
  const uk = [
    { text: `${y} р.н.`, full: false },
    { text: `${y} року народження`, full: false },
    { text: `${dd}.${mm}.${y} р.н.`, full: true },
    { text: `народився ${d} ${MONTHS_UK[m - 1]} ${y} року`, full: true },
    { text: `дата народження ${dd}.${mm}.${y}`, full: true },
    { text: `${y}р.н.`, full: false },
  ];
  return pick(r, lang === "ru" ? ru : uk);
}

const FACILITIES_RU = ["ИК-3 во Владимирской области", "СИЗО-1 Симферополь", "СИЗО-2 г. Таганрог", "ИК-6 Мордовия", "ИК-7 в Сегеже", "СИЗО-1 «Матросская тишина»", "ИК-17 Мурманская область", "СИЗО-5 Москва"];
const FACILITIES_UK = ["СІЗО-2 Таганрог", "СІЗО-1 Сімферополь", "ВК-10 в Мордовії", "СІЗО-1 Курськ", "колонії ВК-6 у Новозибкові", "СІЗО-3 Кизел"];
const ARTICLES = [["ч. 2 ст. 207.3", "207.3:2"], ["ст. 280.3", "280.3"], ["ч. 2 ст. 205.2", "205.2:2"], ["ст. 275", "275"], ["ч. 1 ст. 208", "208:1"], ["ст. 276", "276"]] as const;

const RELATIONS_RU: Record<string, [string, string]> = {
  сын: ["моему сыну", "мой сын"],
  брат: ["моему брату", "мой брат"],
  муж: ["моему мужу", "мой муж"],
  отец: ["моему отцу", "мой отец"],
};
const RELATIONS_RU_F: Record<string, [string, string]> = { дочь: ["моей дочери", "моя дочь"], жена: ["моей жене", "моя жена"], сестра: ["моей сестре", "моя сестра"], мама: ["моей маме", "моя мама"] };
const RELATIONS_UK: Record<string, [string, string]> = { син: ["моєму сину", "мій син"], брат: ["моєму брату", "мій брат"], чоловік: ["моєму чоловіку", "мій чоловік"], батько: ["моєму батькові", "мій батько"] };
const RELATIONS_UK_F: Record<string, [string, string]> = { донька: ["моїй доньці", "моя донька"], дружина: ["моїй дружині", "моя дружина"], сестра: ["моїй сестрі", "моя сестра"], мама: ["моїй мамі", "моя мама"] };

/** One letter's main sentence for the first person, by grammatical case. */
function mainSentence(lang: Lang, c: Case, name: string, rel: [string, string] | null, born: string): string {
  const ru: Record<Case, string> = {
    nominative: `${rel ? rel[1][0]!.toUpperCase() + rel[1].slice(1) : "Политзаключённый"} ${name}, ${born}, находится в заключении`,
    genitive: `Прошу помочь в освобождении ${name}, ${born}`,
    dative: `Прошу помочь ${rel ? rel[0] + " " : ""}${name}, ${born}`,
    accusative: `Прошу включить в списки на обмен ${name}, ${born}`,
    instrumental: `Пишу вам в связи с ${name}, ${born}, с которым нет связи уже полгода`,
    prepositional: `Пишу вам о ${name}, ${born}`,
  };
  const uk: Record<Case, string> = {
    nominative: `${rel ? rel[1][0]!.toUpperCase() + rel[1].slice(1) : "Цивільний"} ${name}, ${born}, перебуває в полоні`,
    genitive: `Прошу допомогти у звільненні ${name}, ${born}`,
    dative: `Прошу допомогти ${rel ? rel[0] + " " : ""}${name}, ${born}`,
    accusative: `Прошу включити до списків на обмін ${name}, ${born}`,
    instrumental: `Пишу вам у зв'язку з ${name}, ${born}, з яким немає зв'язку вже пів року`,
    prepositional: `Пишу вам щодо ситуації з ${name}, ${born}`,
  };
  return (lang === "ru" ? ru : uk)[c];
}

/** A realistic typo in a filler word or, sometimes, one letter of a name. */
function typo(r: Rng, s: string): string {
  const words = s.split(" ");
  const i = Math.floor(r() * words.length);
  const w = words[i]!;
  if (w.length < 5) return s;
  const j = 1 + Math.floor(r() * (w.length - 3));
  words[i] = r() < 0.5 ? w.slice(0, j) + w.slice(j + 1) : w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2);
  return words.join(" ");
}

export async function generateTexts(seed: number, count: number): Promise<AppealText[]> {
  const r = rng(seed);
  const cases: Case[] = ["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"];
  const orders: Order[] = ["SGP", "SGP", "GPS", "GS", "SG"];
  const out: AppealText[] = [];
  for (let i = 0; i < count; i++) {
    const lang: Lang = i % 2 === 0 ? "ru" : "uk";
    const c = cases[Math.floor(i / 2) % cases.length]!;
    const nPeople = r() < 0.7 ? 1 : r() < 0.7 ? 2 : 3;
    const people: Expected[] = [];
    const parts: string[] = [];
    const caseList: Case[] = [];
    let relation: string | null = null;
    const greeting = lang === "ru" ? pick(r, ["Здравствуйте!", "Добрый день.", "Здравствуйте, уважаемые правозащитники!", ""]) : pick(r, ["Добрий день!", "Вітаю.", "Шановні правозахисники!", ""]);
    if (greeting) parts.push(greeting);
    const facility = pick(r, lang === "ru" ? FACILITIES_RU : FACILITIES_UK);
    const article = pick(r, ARTICLES);
    for (let k = 0; k < nPeople; k++) {
      const ukrainianName = lang === "uk" ? r() < 0.85 : r() < 0.25;
      const n = generateName(r, ukrainianName);
      const order = pick(r, orders);
      const y = 1950 + Math.floor(r() * 55);
      const m = 1 + Math.floor(r() * 12);
      const d = 1 + Math.floor(r() * 28);
      const born = birthPhrase(r, lang, y, m, d);
      const kc = k === 0 ? c : pick(r, cases);
      caseList.push(kc);
      const declined = await decline(n, kc, lang);
      const name = render(declined, order);
      people.push({ name: expectedName(n, order), birthYear: y, birthDate: born.full ? `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` : null });
      if (k === 0) {
        const rels = lang === "ru" ? (n.sex === "female" ? RELATIONS_RU_F : RELATIONS_RU) : n.sex === "female" ? RELATIONS_UK_F : RELATIONS_UK;
        const relKey = r() < 0.7 ? pick(r, Object.keys(rels)) : null;
        relation = relKey;
        parts.push(mainSentence(lang, kc, name, relKey ? rels[relKey]! : null, born.text) + ".");
      } else {
        const ru: Record<Case, string> = {
          nominative: `Вместе с ним задержан ${name}, ${born.text}.`,
          genitive: `Также прошу не забыть ${name}, ${born.text}, его задержали вместе с ним.`,
          dative: `Такой же приговор вынесли ${name}, ${born.text}.`,
          accusative: `Вместе с ним осудили ${name}, ${born.text}.`,
          instrumental: `Его этапировали вместе с ${name}, ${born.text}.`,
          prepositional: `Прошу также узнать о ${name}, ${born.text}.`,
        };
        const uk: Record<Case, string> = {
          nominative: `Разом з ним затримано ${name}, ${born.text}.`,
          genitive: `Також прошу не забути ${name}, ${born.text}, його затримали разом з ним.`,
          dative: `Такий самий вирок винесли ${name}, ${born.text}.`,
          accusative: `Разом з ним засудили ${name}, ${born.text}.`,
          instrumental: `Його етапували разом з ${name}, ${born.text}.`,
          prepositional: `Прошу також дізнатися про долю ${name}, ${born.text}.`,
        };
        parts.push((lang === "ru" ? ru : uk)[kc]);
      }
    }
    parts.push(
      lang === "ru"
        ? pick(r, [`Сейчас он в ${facility}, осуждён по ${article[0]} УК РФ.`, `Содержится в ${facility}. Обвиняют по ${article[0]} УК РФ.`, `Находится в ${facility}, статья ${article[0]} УК.`])
        : pick(r, [`Зараз перебуває у ${facility}, засуджений за ${article[0]} КК РФ.`, `Утримується в ${facility}. Звинувачують за ${article[0]} КК РФ.`]),
    );
    parts.push(lang === "ru" ? pick(r, ["Помогите, пожалуйста.", "Заранее спасибо.", "Мы не знаем, что делать.", "С уважением, семья."]) : pick(r, ["Допоможіть, будь ласка.", "Заздалегідь дякую.", "Ми не знаємо, що робити.", "З повагою, родина."]));
    let text = parts.join(" ");
    const withTypo = r() < 0.3;
    if (withTypo) text = typo(r, text);
    out.push({ id: `${lang}-${String(i + 1).padStart(3, "0")}`, language: lang, text, people, relation, facility, articles: [article[1]], cases: caseList, typo: withTypo });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const texts = await generateTexts(arg("--seed", 7), arg("--count", 180));
  process.stdout.write(JSON.stringify({ generatedBy: "bench/appeal-texts-gen.ts --seed 7 --count 180", texts }, null, 1) + "\n");
}
