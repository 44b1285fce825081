// Reading an appeal written in running text (an e-mail, a Telegram message): who it is about, born when, held
// where, under which articles, since when, and who writes. Pure: the grammatical analysis of each capitalised
// word (which name it can be, in which case, and its nominative) is handed in by the caller, who gets it from
// morphology libraries — this file never declines a name by its own rules. Every fact keeps the span of text
// it was read from, so a coordinator can see where it came from and correct it.

export type NameRole = "surname" | "given" | "patronymic";
export type GrammaticalCase = "nom" | "gen" | "dat" | "acc" | "ins" | "loc";

/** One way to read a word as part of a person's name. */
export interface NameReading {
  role: NameRole;
  /** The nominative form, capitalised as a name. */
  lemma: string;
  case: GrammaticalCase;
  sex: "male" | "female" | null;
  /** 0..1: how likely this reading is (a dictionary name scores higher than a guessed surname). */
  score: number;
}

export type Readings = (word: string) => readonly NameReading[];

export interface Span {
  start: number;
  end: number;
  /** The text exactly as written. */
  text: string;
}

export interface ReadPerson {
  /** "Surname Given Patronymic" in the nominative, as the registry stores names. */
  name: string;
  surname: string | null;
  given: string | null;
  patronymic: string | null;
  sex: "male" | "female" | null;
  case: GrammaticalCase;
  span: Span;
  /** "YYYY-MM-DD" or "YYYY". */
  birthDate: string | null;
  birthSpan: Span | null;
}

export interface AppealFacts {
  people: ReadPerson[];
  facilities: { value: string; span: Span }[];
  /** "207.3:2" (article:part), as the registry stores them. */
  articles: { value: string; span: Span }[];
  detentionDate: { value: string; span: Span } | null;
  /** The sender's relation to the (first) person, in the nominative: "сын", "мама", "брат", "син"… */
  relation: { value: string; span: Span } | null;
  /** A name signed under the letter («С уважением, Мария Иванова»): who writes, not who is held. */
  signedBy: { value: string; span: Span } | null;
}

const WORD = /[A-ZА-ЯЁЇІЄҐ][a-zа-яёїієґ'’ʼ-]*[a-zа-яёїієґ]/gu;
const CASES: GrammaticalCase[] = ["nom", "gen", "dat", "acc", "ins", "loc"];

interface Token {
  word: string;
  start: number;
  end: number;
  /** First word of a sentence: capitalised anyway, so weak evidence of a name. */
  sentenceStart: boolean;
}

/** Runs of capitalised words separated by nothing but spaces: where names can be. */
function capitalisedRuns(text: string): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  let prevEnd = -1;
  for (const m of text.matchAll(WORD)) {
    const start = m.index!;
    const between = prevEnd >= 0 ? text.slice(prevEnd, start) : null;
    const before = text.slice(Math.max(0, start - 3), start);
    const sentenceStart = start === 0 || /[.!?…]\s*$|^\s*$/.test(before) || /\n\s*$/.test(text.slice(0, start));
    const tok = { word: m[0], start, end: start + m[0].length, sentenceStart };
    if (between !== null && /^[ \t\u00a0]+$/.test(between)) run.push(tok);
    else {
      if (run.length) runs.push(run);
      run = [tok];
    }
    prevEnd = tok.end;
  }
  if (run.length) runs.push(run);
  return runs;
}

type Pattern = NameRole[];
// The orders in which Russians and Ukrainians write a name.
const PATTERNS: Pattern[] = [
  ["surname", "given", "patronymic"],
  ["given", "patronymic", "surname"],
  ["given", "patronymic"],
  ["given", "surname"],
  ["surname", "given"],
];

interface Candidate {
  from: number;
  to: number;
  score: number;
  picks: NameReading[];
  case: GrammaticalCase;
}

function bestReading(readings: readonly NameReading[], role: NameRole, c: GrammaticalCase, sex: "male" | "female"): NameReading | null {
  let best: NameReading | null = null;
  for (const r of readings) if (r.role === role && r.case === c && (r.sex === null || r.sex === sex) && (!best || r.score > best.score)) best = r;
  return best;
}

/** The best reading of a run of words as one name: a pattern, one case for all its words, one sex. */
function bestName(tokens: Token[], readings: Readings): Candidate | null {
  let best: Candidate | null = null;
  const rs = tokens.map((t) => readings(t.word));
  for (const pattern of PATTERNS) {
    for (let from = 0; from + pattern.length <= tokens.length; from++) {
      for (const [c, sex] of CASES.flatMap((c) => [[c, "male"], [c, "female"]] as const)) {
        const picks: NameReading[] = [];
        let score = 0;
        for (let k = 0; k < pattern.length; k++) {
          const r = bestReading(rs[from + k]!, pattern[k]!, c, sex);
          if (!r) break;
          picks.push(r);
          // A capitalised first word of a sentence is a weak surname: "Прошу", "Цивільний".
          score += tokens[from + k]!.sentenceStart && r.role === "surname" ? r.score * 0.5 : r.score;
        }
        if (picks.length < pattern.length) continue;
        // A name needs a dictionary given name or a patronymic: two guessed surnames are not a person.
        if (!picks.some((p) => p.role !== "surname")) continue;
        // Longer names explain more of the text; nominative is the default reading of any word, so prefer others.
        score += 0.3 * pattern.length + (c === "nom" ? 0 : 0.01);
        if (!best || score > best.score) best = { from, to: from + pattern.length, score, picks, case: c };
      }
    }
  }
  return best;
}

const RU_MONTHS = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"];
const UK_MONTHS = ["січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листопад", "груд"];
const MONTH_WORD = /^(январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]|січ(ня|ень)|лют(ого|ий)|берез(ня|ень)|квіт(ня|ень)|трав(ня|ень)|черв(ня|ень)|лип(ня|ень)|серп(ня|ень)|верес(ня|ень)|жовт(ня|ень)|листопада?|груд(ня|ень))$/i;

function monthOf(word: string): number | null {
  const w = word.toLowerCase();
  if (!MONTH_WORD.test(w)) return null;
  for (let i = 0; i < 12; i++) if (w.startsWith(RU_MONTHS[i]!) || w.startsWith(UK_MONTHS[i]!)) return i + 1;
  return null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date written as a family writes it: 12.09.1961, 12 сентября 1961, 12 вересня 1961. */
function readDate(s: string): { value: string; index: number; length: number } | null {
  const num = /\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/.exec(s);
  const words = /\b(\d{1,2})\s+([а-яёіїєґ]+)\s+(\d{4})\b/i.exec(s);
  const cands: { value: string; index: number; length: number }[] = [];
  if (num) {
    const [d, m, y] = [Number(num[1]), Number(num[2]), Number(num[3])];
    if (d >= 1 && d <= 31 && m >= 1 && m <= 12) cands.push({ value: `${y}-${pad(m)}-${pad(d)}`, index: num.index, length: num[0].length });
  }
  if (words) {
    const m = monthOf(words[2]!);
    const d = Number(words[1]);
    if (m && d >= 1 && d <= 31) cands.push({ value: `${words[3]}-${pad(m)}-${pad(d)}`, index: words.index, length: words[0].length });
  }
  cands.sort((a, b) => a.index - b.index);
  return cands[0] ?? null;
}

const BIRTH_YEAR = [
  /\b((?:19|20)\d{2})[.\s]*(?:г\.?\s*р\.?|года?\s+рождения|р\.?\s*н\.?|року\s+народження|рік\s+народження)/iu,
  /\b(\d{2})[.\s]*(?:г\.?\s*р\.?|года?\s+рождения|р\.?\s*н\.?|року\s+народження)(?![а-яіїєґ])/iu,
];
const BIRTH_CUE = /(г\.?\s*р\.?|рождени|родил|р\.?\s*н\.?|народж|народи)/iu;

/** The birth date written just after a name ("1961 г.р.", "12.09.1961 г.р.", "61 года рождения", "народився …"). */
function birthAfter(text: string, from: number, to: number, now: Date): { value: string; span: Span } | null {
  const window = text.slice(from, to);
  const date = readDate(window);
  if (date && BIRTH_CUE.test(window.slice(Math.max(0, date.index - 40), date.index + date.length + 12))) {
    const start = from + date.index;
    let end = start + date.length;
    const tail = /^\s*(?:г\.?\s*р\.?|р\.?\s*н\.?|года?|року)?/iu.exec(text.slice(end));
    if (tail) end += tail[0].length;
    return { value: date.value, span: { start, end, text: text.slice(start, end).trim() } };
  }
  for (const re of BIRTH_YEAR) {
    const m = re.exec(window);
    if (!m) continue;
    let year = Number(m[1]);
    if (m[1]!.length === 2) {
      // "85 года рождения": the century that makes an age between 0 and 100 this year.
      const yy = now.getUTCFullYear() % 100;
      year += year > yy ? 1900 : 2000;
    }
    const start = from + m.index;
    return { value: String(year), span: { start, end: start + m[0].length, text: m[0] } };
  }
  return null;
}

// Russian and Ukrainian abbreviations of places of detention: ИК-3, СИЗО-1, СІЗО-2, ВК-10, ЛИУ-1, ИВС, ПКТ…
const FACILITY = /(?<![\p{L}])(ИК|СИЗО|СІЗО|ВК|ЛИУ|ЛВК|ЛПУ|КП|ИВС|ІТТ|ИЦ|ЕПКТ|ПКТ|ФКУ\s+ИК|ФКУ\s+СИЗО)[-‑ ]?№?\s?(\d{1,3})((?:[ \t]+(?:[«"][^»"]+[»"]|г\.\s*[А-ЯЁІЇЄҐ][а-яёіїєґ-]+|(?:в|во|у|в\s+г\.)\s+[А-ЯЁІЇЄҐ][а-яёіїєґ-]+(?:\s+(?:области|області|крае|краї|республике|республіці))?|[А-ЯЁІЇЄҐ][а-яёіїєґ-]+(?:\s+(?:область|області|край))?))?)/gu;
const ARTICLE = /(?:п\.\s*«?([а-яё])»?\s*)?(?:ч\.\s*(\d+)\s*)?(?:ст\.|статт?(?:ья|я|і|ею|ї|ей)?)\s*(\d{1,3}(?:\.\d{1,2})?)(?!\d)/giu;
const DETENTION = /(задержан[аоы]?|задержали|арестован[аоы]?|арестовали|затриман(?:ий|а|о|і)?|затримали|заарештован(?:ий|а)?|заарештували|схопили|похищен[аы]?|викрали)\s+((?:[^.;!?]|\.(?=\d)){0,40})/giu;

// Who writes: the relation word and the nominative it stands for (a vocabulary of kinship words, not names).
const RELATION_FORMS: Record<string, string> = {};
for (const [nom, forms] of Object.entries({
  сын: "сын сына сыну сыном сыне", дочь: "дочь дочери дочерью", муж: "муж мужа мужу мужем муже", жена: "жена жены жене жену женой",
  брат: "брат брата брату братом брате", сестра: "сестра сестры сестре сестру сестрой", отец: "отец отца отцу отцом отце",
  мама: "мама мамы маме маму мамой мать матери", внук: "внук внука внуку внуком", папа: "папа папы папе папу папой",
  син: "син сина сину сином синові", донька: "донька доньки доньці доньку донькою дочка дочки дочці", чоловік: "чоловік чоловіка чоловіку чоловікові чоловіком",
  дружина: "дружина дружини дружині дружину дружиною", батько: "батько батька батькові батьку батьком", сестра_uk: "сестрі сестрою",
  мати: "мати матері матір'ю", тато: "тато тата татові тату",
})) {
  for (const f of forms.split(" ")) RELATION_FORMS[f] = nom.replace(/_uk$/, "");
}
const SIGN_OFF = /(с уважением|с надеждой|заранее спасибо|спасибо|благодарю|искренне|з повагою|з надією|дякую|щиро)[,.!]?\s*(ваш[а]?\s*)?[,:]?\s*$/iu;
const POSSESSIVE = /(?:^|[^а-яёіїєґ])(мо[йяеёю]\w*|мі[йї]\w*|моє\w*|моїй|наш\w*)\s+([а-яёіїєґ]+)/giu;
const MOTHER_SIGN = /\b(я\s+(?:его|её|их|його|її)\s+(мать|мама|отец|жена|сестра|брат|мати|дружина|батько))/iu;

/**
 * Everything an appeal's running text says about the people it is about.
 * `now` decides the century of two-digit birth years.
 */
export function readAppealText(text: string, readings: Readings, now: Date = new Date()): AppealFacts {
  const found: { cand: Candidate; run: Token[] }[] = [];
  for (const run of capitalisedRuns(text)) {
    if (run.length < 2) continue;
    // A run can hold two names ("Иванов Иван и …" never does, but "Ивана Петрова Сергея Сидорова" may).
    let rest = run;
    while (rest.length >= 2) {
      const cand = bestName(rest, readings);
      if (!cand) break;
      found.push({ cand, run: rest });
      rest = rest.slice(cand.to);
    }
  }
  const people: ReadPerson[] = [];
  const spans = found.map(({ cand, run }) => ({ start: run[cand.from]!.start, end: run[cand.to - 1]!.end }));
  found.forEach(({ cand }, i) => {
    const get = (role: NameRole) => cand.picks.find((p) => p.role === role)?.lemma ?? null;
    const surname = get("surname");
    const given = get("given");
    const patronymic = get("patronymic");
    const { start, end } = spans[i]!;
    const next = spans[i + 1]?.start ?? text.length;
    const birth = birthAfter(text, end, Math.min(next, end + 90), now);
    people.push({
      name: [surname, given, patronymic].filter(Boolean).join(" "),
      surname,
      given,
      patronymic,
      sex: cand.picks.find((p) => p.sex)?.sex ?? null,
      case: cand.case,
      span: { start, end, text: text.slice(start, end) },
      birthDate: birth?.value ?? null,
      birthSpan: birth?.span ?? null,
    });
  });

  // A letter often names its person twice (subject and body): one person, the birth date from wherever it is given.
  const byName = new Map<string, ReadPerson>();
  for (const p of people) {
    const key = p.name.toLowerCase().replace(/ё/g, "е");
    const seen = byName.get(key);
    if (!seen) byName.set(key, p);
    else if (!seen.birthDate && p.birthDate) Object.assign(seen, { birthDate: p.birthDate, birthSpan: p.birthSpan });
  }
  people.splice(0, people.length, ...byName.values());
  // A name right after a sign-off is the writer's.
  let signedBy: AppealFacts["signedBy"] = null;
  const signer = people.findIndex((p) => SIGN_OFF.test(text.slice(Math.max(0, p.span.start - 40), p.span.start)));
  if (signer >= 0) {
    const p = people.splice(signer, 1)[0]!;
    signedBy = { value: p.name, span: p.span };
  }

  const facilities = [...text.matchAll(FACILITY)].map((m) => {
    const value = `${m[1]!.replace(/^ФКУ\s+/, "")}-${m[2]}${m[3] ? " " + m[3].trim() : ""}`;
    return { value, span: { start: m.index!, end: m.index! + m[0].length, text: m[0] } };
  });
  const articles = [...text.matchAll(ARTICLE)].map((m) => ({
    value: m[2] ? `${m[3]}:${m[2]}` : m[3]!,
    span: { start: m.index!, end: m.index! + m[0].length, text: m[0].trim() },
  }));

  let detentionDate: AppealFacts["detentionDate"] = null;
  for (const m of text.matchAll(DETENTION)) {
    const d = readDate(m[2]!);
    if (!d) continue;
    const start = m.index! + m[0].indexOf(m[2]!) + d.index;
    detentionDate = { value: d.value, span: { start, end: start + d.length, text: text.slice(start, start + d.length) } };
    break;
  }

  let relation: AppealFacts["relation"] = null;
  for (const m of text.matchAll(POSSESSIVE)) {
    const rel = RELATION_FORMS[m[2]!.toLowerCase()];
    if (!rel) continue;
    const start = m.index! + m[0].indexOf(m[1]!);
    relation = { value: rel, span: { start, end: m.index! + m[0].length, text: text.slice(start, m.index! + m[0].length) } };
    break;
  }
  if (!relation) {
    const m = MOTHER_SIGN.exec(text);
    if (m) relation = { value: RELATION_FORMS[m[2]!.toLowerCase()] ?? m[2]!.toLowerCase(), span: { start: m.index, end: m.index + m[0].length, text: m[0] } };
  }
  return { people, facilities, articles, detentionDate, relation, signedBy };
}

/** Capitalised words of a text that may be parts of names: what the caller must analyse. */
export function nameWords(text: string): string[] {
  return [...new Set(capitalisedRuns(text).filter((r) => r.length >= 2).flatMap((r) => r.map((t) => t.word)))];
}
