// The name matcher's explanation lines (src/domain/names) as message codes with parameters, and their Russian and
// Ukrainian text. The matcher writes plain English (the CLI prints it; exchange-list rows store it), and every
// line it can write is one of the templates below: `matchLine` reads a line back into { code, params }, and
// `matchLineText` renders it in a locale. Names inside a line are kept as written; dates, sexes, categories and
// nested lines are rendered for the locale. A test runs the matcher over many pairs and fails on a line that no
// template reads, so a new sentence in the matcher cannot reach the Russian screen in English.
import { isRegionCode, regionName } from "../domain/vocabulary/regions.js";
import { formatDate, hasMessage, t, type Locale } from "./index.js";

type Text = { en: string; ru: string; uk: string };

/** code → English template (as the matcher writes it) with Russian and Ukrainian. Order does not matter. */
const LINES: Record<string, Text> = {
  pair: { en: "{role}: {note}", ru: "{role}: {note}", uk: "{role}: {note}" },
  equal: { en: "{a} = {b}", ru: "{a} = {b}", uk: "{a} = {b}" },
  equalHow: { en: "{a} = {b}: {how}", ru: "{a} = {b}: {how}", uk: "{a} = {b}: {how}" },
  altReadingGost: { en: "{a} = {b}: equal reading x as х (GOST 7.79 system B)", ru: "{a} = {b}: совпадают, если читать x как х (ГОСТ 7.79, система Б)", uk: "{a} = {b}: збігаються, якщо читати x як х (ГОСТ 7.79, система Б)" },
  altReadingGerman: { en: "{a} = {b}: equal reading it as German spelling (ch = х, z = ц, s = з)", ru: "{a} = {b}: совпадают, если читать по-немецки (ch = х, z = ц, s = з)", uk: "{a} = {b}: збігаються, якщо читати по-німецьки (ch = х, z = ц, s = з)" },
  altReadingShaky: {
    en: "{a} = {b}: equal only if read as German spelling with s = з or sch = ж, which German also writes for с and ш",
    ru: "{a} = {b}: совпадают, только если читать по-немецки s как з или «sch» как ж, а так по-немецки пишут и с, и ш",
    uk: "{a} = {b}: збігаються, лише якщо читати по-німецьки s як з або «sch» як ж, а так по-німецьки пишуть і с, і ш",
  },
  familiesDiffer: { en: "{a} ≠ {b}: different surnames ({families})", ru: "{a} ≠ {b}: разные фамилии (окончания «{families}»)", uk: "{a} ≠ {b}: різні прізвища (закінчення «{families}»)" },
  equivalent: { en: "{a} ≈ {b} (forms of {name})", ru: "{a} ≈ {b} (формы имени {name})", uk: "{a} ≈ {b} (форми імені {name})" },
  sexGiven: { en: "{a} and {b} are different names (male and female forms)", ru: "{a} и {b} — разные имена (мужская и женская формы)", uk: "{a} і {b} — різні імена (чоловіча та жіноча форми)" },
  diminutive: { en: "{a} is a diminutive of {b}", ru: "{a} — уменьшительная форма имени {b}", uk: "{a} — зменшувальна форма імені {b}" },
  bothShort: { en: "{a} and {b} are both short for {name}", ru: "{a} и {b} — обе краткие формы имени {name}", uk: "{a} і {b} — обидві короткі форми імені {name}" },
  differentGiven: { en: "{a} and {b} are different given names", ru: "{a} и {b} — разные имена", uk: "{a} і {b} — різні імена" },
  sexPatronymic: { en: "patronymics {a} and {b} are marked for different sexes", ru: "отчества {a} и {b} — разного рода (мужское и женское)", uk: "по батькові {a} і {b} — різного роду (чоловіче й жіноче)" },
  samePatronymic: { en: "patronymic {a} ≈ {b}: {how}", ru: "отчество {a} ≈ {b}: {how}", uk: "по батькові {a} ≈ {b}: {how}" },
  differentFathers: { en: "patronymics differ: {a} vs {b} (different father's names)", ru: "отчества различаются: {a} и {b} (разные имена отцов)", uk: "по батькові різняться: {a} і {b} (різні імена батьків)" },
  initials: { en: "initials {a} = {b}", ru: "инициалы {a} = {b}", uk: "ініціали {a} = {b}" },
  initialsDiffer: { en: "initials {a} ≠ {b}", ru: "инициалы {a} ≠ {b}", uk: "ініціали {a} ≠ {b}" },
  initialFits: { en: "initial {a} fits {b}", ru: "инициал {a} подходит к {b}", uk: "ініціал {a} підходить до {b}" },
  initialDiffers: { en: "initial {a} does not fit {b}", ru: "инициал {a} не подходит к {b}", uk: "ініціал {a} не підходить до {b}" },
  sexSurname: { en: "{a} and {b} are the {sexA} and {sexB} forms of one surname", ru: "{a} и {b} — формы одной фамилии ({sexA} и {sexB})", uk: "{a} і {b} — форми одного прізвища ({sexA} і {sexB})" },
  endings: { en: "{a} ≈ {b}: same surname with a Russian/Ukrainian ending", ru: "{a} ≈ {b}: одна фамилия с русским/украинским окончанием", uk: "{a} ≈ {b}: одне прізвище з російським/українським закінченням" },
  spelling: { en: "{a} ≈ {b}: close spelling (typo or variant)", ru: "{a} ≈ {b}: близкое написание (опечатка или вариант)", uk: "{a} ≈ {b}: близьке написання (одруківка або варіант)" },
  cyrillicVariant: { en: "{a} ≈ {b}: transliterate alike but are spelt differently in Cyrillic", ru: "{a} ≈ {b}: одинаковы в транслитерации, но по-разному пишутся кириллицей", uk: "{a} ≈ {b}: однакові в транслітерації, але по-різному пишуться кирилицею" },
  different: { en: "{a} ≠ {b}", ru: "{a} ≠ {b}", uk: "{a} ≠ {b}" },
  // What the notes say about how two spellings agree
  translitVariant: { en: "same name in another spelling (transliteration variant)", ru: "то же имя в другом написании (вариант транслитерации)", uk: "те саме ім’я в іншому написанні (варіант транслітерації)" },
  normalised: { en: "equal after normalisation", ru: "совпадают после нормализации", uk: "збігаються після нормалізації" },
  translitOf: { en: "equal after transliteration (a spelling variant of {standard} \"{spelling}\")", ru: "совпадают после транслитерации (вариант написания «{spelling}» по {standard})", uk: "збігаються після транслітерації (варіант написання «{spelling}» за {standard})" },
  translitRoman: { en: "equal after romanisation of the other script", ru: "совпадают после перевода другой письменности в латиницу", uk: "збігаються після переведення іншої писемності в латинку" },
  abjad: {
    en: "{a} = {b}: consonants agree (Arabic and Hebrew script write no short vowels)",
    ru: "{a} = {b}: согласные совпадают (арабское и еврейское письмо не пишет кратких гласных)",
    uk: "{a} = {b}: приголосні збігаються (арабське та єврейське письмо не пише коротких голосних)",
  },
  arabicVowels: {
    en: "{a} = {b}: consonants agree (Latin spellings of Arabic names differ in the vowels)",
    ru: "{a} = {b}: согласные совпадают (латинские написания арабских имён расходятся в гласных)",
    uk: "{a} = {b}: приголосні збігаються (латинські написання арабських імен розходяться в голосних)",
  },
  translitUnified: { en: "equal after transliteration (spelling variants unified)", ru: "совпадают после транслитерации (варианты написания сведены)", uk: "збігаються після транслітерації (варіанти написання зведено)" },
  translitMost: { en: "equal after transliteration (most standards agree)", ru: "совпадают после транслитерации (по большинству стандартов)", uk: "збігаються після транслітерації (за більшістю стандартів)" },
  translitBy: { en: "equal after {standards} transliteration", ru: "совпадают после транслитерации по {standards}", uk: "збігаються після транслітерації за {standards}" },
  translitPlain: { en: "equal after transliteration", ru: "совпадают после транслитерации", uk: "збігаються після транслітерації" },
  sameFather: { en: "same father's name", ru: "одно имя отца", uk: "одне ім’я батька" },
  sameFatherNamed: { en: "same father's name ({name})", ru: "одно имя отца ({name})", uk: "одне ім’я батька ({name})" },
  fatherTypo: { en: "same father's name with a typo ({name})", ru: "одно имя отца, с опечаткой ({name})", uk: "одне ім’я батька, з одруківкою ({name})" },
  // Lines about the whole name
  onlyPatronymic: { en: "patronymic {a} present only in the {side} name (not counted against)", ru: "отчество {a} есть только в {side} имени (не в минус)", uk: "по батькові {a} є лише в {side} імені (не в мінус)" },
  onlyOne: { en: "{a} appears only in the {side} name", ru: "{a} есть только в {side} имени", uk: "{a} є лише в {side} імені" },
  wordOrder: { en: "word order differs (surname first in one of them)", ru: "порядок слов разный (в одном фамилия впереди)", uk: "порядок слів різний (в одному прізвище спереду)" },
  capped: { en: "capped: {why}", ru: "ограничено: {why}", uk: "обмежено: {why}" },
  namesOnlyTypo: {
    en: "capped: {a} / {b} differ in a way no spelling rule explains: names alone are not enough for a match",
    ru: "ограничено: {a} / {b} различаются так, как не объясняет ни одно правило написания: одних имён для совпадения мало",
    uk: "обмежено: {a} / {b} різняться так, як не пояснює жодне правило написання: самих імен для збігу замало",
  },
  namesOnlyShaky: {
    en: "capped: {a} / {b} are equal only under a spelling that gives two Cyrillic names one Latin form: names alone are not enough for a match",
    ru: "ограничено: {a} / {b} совпадают только в написании, которое сводит две разные кириллические фамилии к одной латинской: одних имён для совпадения мало",
    uk: "обмежено: {a} / {b} збігаються лише в написанні, яке зводить два різні кириличні імена до одного латинського: самих імен для збігу замало",
  },
  differentNamesCap: {
    en: "capped: {a} / {b} are different names; a birth date or region does not make them one",
    ru: "ограничено: {a} / {b} — разные имена; дата рождения или регион не делают их одним",
    uk: "обмежено: {a} / {b} — різні імена; дата народження чи регіон не роблять їх одним",
  },
  differentNamesAlone: {
    en: "capped: {a} / {b} are different names; with nothing else agreeing they are not a candidate",
    ru: "ограничено: {a} / {b} — разные имена; если больше ничего не совпадает, это не кандидат",
    uk: "обмежено: {a} / {b} — різні імена; якщо більше нічого не збігається, це не кандидат",
  },
  namesOnlyOrder: {
    en: "capped: {a} / {b} have their words in another order and nothing shows which is the surname: names alone are not enough for a match",
    ru: "ограничено: в {a} / {b} слова стоят в другом порядке и ничто не показывает, какое из них фамилия: одних имён для совпадения мало",
    uk: "обмежено: у {a} / {b} слова стоять в іншому порядку й ніщо не показує, яке з них прізвище: самих імен для збігу замало",
  },
  lineageSwap: {
    en: "{a} is the father's name (after bin) in one name and the person's own name in the other",
    ru: "{a} — имя отца (после «бин») в одном имени и собственное имя человека в другом",
    uk: "{a} — ім’я батька (після «бін») в одному імені та власне ім’я людини в іншому",
  },
  respaced: { en: "spacing repaired: \"{a}\" read as \"{b}\"", ru: "исправлены пробелы: «{a}» прочитано как «{b}»", uk: "виправлено пробіли: «{a}» прочитано як «{b}»" },
  wadeGiles: {
    en: "read as Wade–Giles and pinyin: \"{a}\" = \"{keyA}\", \"{b}\" = \"{keyB}\"",
    ru: "прочитано как Уэйд–Джайлз и пиньинь: «{a}» = «{keyA}», «{b}» = «{keyB}»",
    uk: "прочитано як Вейд–Джайлз і піньїнь: «{a}» = «{keyA}», «{b}» = «{keyB}»",
  },
  respacedIndex: {
    en: "spacing repaired: \"{a}\" read with a space moved, added or dropped (score × {factor})",
    ru: "исправлены пробелы: в «{a}» пробел сдвинут, добавлен или пропущен (оценка × {factor})",
    uk: "виправлено пробіли: у «{a}» пробіл зсунуто, додано або пропущено (оцінка × {factor})",
  },
  emptyName: { en: "a name is empty", ru: "одно из имён пусто", uk: "одне з імен порожнє" },
  otherSexSurname: { en: "surname is in the other sex's form while the rest agrees: check the record", ru: "фамилия в форме другого пола, остальное совпадает: проверьте запись", uk: "прізвище у формі іншої статі, решта збігається: перевірте запис" },
  differentSexes: { en: "names are marked for different sexes", ru: "имена указывают на разный пол", uk: "імена вказують на різну стать" },
  differentFathersCap: { en: "patronymics name different fathers", ru: "отчества называют разных отцов", uk: "по батькові називають різних батьків" },
  bestPair: { en: "best name pair: \"{a}\" / \"{b}\"", ru: "лучшая пара имён: «{a}» / «{b}»", uk: "найкраща пара імен: «{a}» / «{b}»" },
  noName: { en: "no name on one side", ru: "с одной стороны нет имени", uk: "з одного боку немає імені" },
  nobody: { en: "no registered person resembles this name", ru: "в реестре нет никого с похожим именем", uk: "у реєстрі немає нікого зі схожим ім’ям" },
  score: { en: "name score {name}, with other evidence {total}", ru: "сходство имён {name}, с учётом других данных {total}", uk: "схожість імен {name}, з урахуванням інших даних {total}" },
  // Other evidence
  birthOneSide: { en: "birth date known on one side only", ru: "дата рождения известна только с одной стороны", uk: "дата народження відома лише з одного боку" },
  birthEqual: { en: "birth date equal ({date})", ru: "дата рождения совпадает ({date})", uk: "дата народження збігається ({date})" },
  birthSwapped: { en: "birth date equal with day and month swapped ({dateA} / {dateB})", ru: "дата рождения совпадает, если поменять день и месяц ({dateA} / {dateB})", uk: "дата народження збігається, якщо поміняти день і місяць ({dateA} / {dateB})" },
  birthYearTypo: { en: "birth day and month equal, year differs by {years} ({dateA} / {dateB}; typo?)", ru: "день и месяц рождения совпадают, год отличается на {years} ({dateA} / {dateB}; опечатка?)", uk: "день і місяць народження збігаються, рік відрізняється на {years} ({dateA} / {dateB}; одруківка?)" },
  birthSameYear: { en: "born the same year, different dates ({dateA} / {dateB})", ru: "родились в один год, даты разные ({dateA} / {dateB})", uk: "народжені в один рік, дати різні ({dateA} / {dateB})" },
  birthYearEqual: { en: "birth year equal ({year})", ru: "год рождения совпадает ({year})", uk: "рік народження збігається ({year})" },
  birthYearsApart: { en: "birth years one apart ({dateA} / {dateB}; year possibly derived from an age)", ru: "годы рождения отличаются на один ({dateA} / {dateB}; год мог быть вычислен из возраста)", uk: "роки народження відрізняються на один ({dateA} / {dateB}; рік міг бути обчислений із віку)" },
  birthDiffer: { en: "birth dates differ ({dateA} / {dateB})", ru: "даты рождения различаются ({dateA} / {dateB})", uk: "дати народження різняться ({dateA} / {dateB})" },
  regionEqual: { en: "region equal ({region})", ru: "регион совпадает ({region})", uk: "регіон збігається ({region})" },
  regionDiffers: { en: "region differs ({regionA} / {regionB})", ru: "регион различается ({regionA} / {regionB})", uk: "регіон різниться ({regionA} / {regionB})" },
  categoryEqual: { en: "category equal ({category})", ru: "категория совпадает ({category})", uk: "категорія збігається ({category})" },
  categoryDiffers: { en: "category differs ({categoryA} / {categoryB})", ru: "категория различается ({categoryA} / {categoryB})", uk: "категорія різниться ({categoryA} / {categoryB})" },
  sexDiffers: { en: "sex differs ({sexA} / {sexB})", ru: "пол различается ({sexA} / {sexB})", uk: "стать різниться ({sexA} / {sexB})" },
};

/** Words that stand alone inside a line (the pair's role, which name, a sex). */
const WORDS: Record<string, Text> = {
  surname: { en: "surname", ru: "фамилия", uk: "прізвище" },
  "given name": { en: "given name", ru: "имя", uk: "ім’я" },
  patronymic: { en: "patronymic", ru: "отчество", uk: "по батькові" },
  "name part": { en: "name part", ru: "часть имени", uk: "частина імені" },
  first: { en: "first", ru: "первом", uk: "першому" },
  second: { en: "second", ru: "втором", uk: "другому" },
  male: { en: "male", ru: "мужская", uk: "чоловіча" },
  female: { en: "female", ru: "женская", uk: "жіноча" },
};

/** The transliteration standards' names (src/domain/names/transliterate.ts STANDARD_LABELS). */
const STANDARDS: Record<string, Text> = {
  "ICAO 9303 (passport)": { en: "ICAO 9303 (passport)", ru: "ICAO 9303 (паспорт)", uk: "ICAO 9303 (паспорт)" },
  "BGN/PCGN": { en: "BGN/PCGN", ru: "BGN/PCGN", uk: "BGN/PCGN" },
  "GOST 7.79 system B": { en: "GOST 7.79 system B", ru: "ГОСТ 7.79, система Б", uk: "ГОСТ 7.79, система Б" },
  "Library of Congress": { en: "Library of Congress", ru: "системе Библиотеки Конгресса", uk: "системою Бібліотеки Конгресу" },
  "Ukrainian national 2010": { en: "Ukrainian national 2010", ru: "украинскому стандарту 2010 года", uk: "українським стандартом 2010 року" },
  "common English spelling": { en: "common English spelling", ru: "обычному английскому написанию", uk: "звичайним англійським написанням" },
  "German spelling": { en: "German spelling", ru: "немецкому написанию", uk: "німецьким написанням" },
  // The readings of Latin names (src/domain/names/transliterate.ts READING_LABELS).
  "GOST 7.79 system B (x = х, c = ц)": { en: "GOST 7.79 system B (x = х, c = ц)", ru: "ГОСТ 7.79, система Б (x = х, c = ц)", uk: "ГОСТ 7.79, система Б (x = х, c = ц)" },
  "German spelling (w = в, ch = х, z = ц, tsch = ч)": {
    en: "German spelling (w = в, ch = х, z = ц, tsch = ч)",
    ru: "немецкому написанию (w = в, ch = х, z = ц, «tsch» = ч)",
    uk: "німецьким написанням (w = в, ch = х, z = ц, «tsch» = ч)",
  },
  "French-style or Soviet passport spelling (ou = у, j = ж, ch = ш, tch = ч)": {
    en: "French-style or Soviet passport spelling (ou = у, j = ж, ch = ш, tch = ч)",
    ru: "французскому или советскому паспортному написанию (ou = у, j = ж, ch = ш, «tch» = ч)",
    uk: "французьким або радянським паспортним написанням (ou = у, j = ж, ch = ш, «tch» = ч)",
  },
  "Polish, Czech, Slovak, Lithuanian or Latvian spelling (ch or h = х, c = ц, case endings dropped)": {
    en: "Polish, Czech, Slovak, Lithuanian or Latvian spelling (ch or h = х, c = ц, case endings dropped)",
    ru: "польскому, чешскому, словацкому, литовскому или латышскому написанию (ch или h = х, c = ц, без падежных окончаний)",
    uk: "польським, чеським, словацьким, литовським або латиським написанням (ch або h = х, c = ц, без відмінкових закінчень)",
  },
  "Spanish spelling (j = х, gu = г)": { en: "Spanish spelling (j = х, gu = г)", ru: "испанскому написанию (j = х, gu = г)", uk: "іспанським написанням (j = х, gu = г)" },
  "Italian spelling (c, ci = ч; sc, sci = ш; ch = к; z = ц)": {
    en: "Italian spelling (c, ci = ч; sc, sci = ш; ch = к; z = ц)",
    ru: "итальянскому написанию (c, ci = ч; sc, «sci» = ш; ch = к; z = ц)",
    uk: "італійським написанням (c, ci = ч; sc, «sci» = ш; ch = к; z = ц)",
  },
  "Turkish or Crimean Tatar Latin (c = дж, j = ж, h = х)": {
    en: "Turkish or Crimean Tatar Latin (c = дж, j = ж, h = х)",
    ru: "турецкой или крымскотатарской латинице (c = дж, j = ж, h = х)",
    uk: "турецькою або кримськотатарською латинкою (c = дж, j = ж, h = х)",
  },
  "ё written o after ж, ч, ш, щ (Gorbachov, Khrushchov)": {
    en: "ё written o after ж, ч, ш, щ (Gorbachov, Khrushchov)",
    ru: "написанию ё как o после ж, ч, ш, щ («Gorbachov», «Khrushchov»)",
    uk: "написанням ё як o після ж, ч, ш, щ («Gorbachov», «Khrushchov»)",
  },
};

// Parameters that take only a few words: matched exactly, so "surname: A = B" reads as a pair, not as "A = B".
const CONSTRAINED: Record<string, readonly string[]> = {
  role: ["surname", "given name", "patronymic", "name part"],
  side: ["first", "second"],
  sexA: ["male", "female"],
  sexB: ["male", "female"],
};

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

type Compiled = { code: string; re: RegExp; names: string[]; literal: number };
let compiled: Compiled[] | null = null;

function table(): Compiled[] {
  if (compiled) return compiled;
  compiled = Object.entries(LINES).map(([code, text]) => {
    const names: string[] = [];
    const parts = text.en.split(/(\{\w+\})/);
    const src = parts.map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      const words = CONSTRAINED[m[1]!];
      return words ? `(${words.join("|")})` : "(.+?)";
    });
    const literal = parts.filter((p) => !/^\{\w+\}$/.test(p)).join("").length + (names.includes("role") ? 1000 : names.some((n) => n in CONSTRAINED) ? 100 : 0);
    return { code, re: new RegExp(`^${src.join("")}$`), names, literal };
  });
  // The template that says most in fixed words wins ("{a} = {b}: {how}" before "{a} = {b}"); one with a
  // constrained parameter ("{role}: {note}") before any other.
  compiled.sort((x, y) => y.literal - x.literal);
  return compiled;
}

export interface MatchLine {
  code: string;
  params: Record<string, string>;
}

/** Reads a line the matcher wrote back into its code and parameters; null when no template fits. */
export function matchLine(text: string): MatchLine | null {
  for (const c of table()) {
    const m = c.re.exec(text);
    if (m) return { code: c.code, params: Object.fromEntries(c.names.map((n, i) => [n, m[i + 1]!])) };
  }
  return null;
}

function paramText(locale: Locale, name: string, value: string, depth: number): string {
  if (Object.hasOwn(WORDS, value) && (name in CONSTRAINED || name === "sexA" || name === "sexB")) return WORDS[value]![locale];
  if (name === "standard" || name === "standards") return value.split(" / ").map((s) => (Object.hasOwn(STANDARDS, s) ? STANDARDS[s]![locale] : s)).join(" / ");
  if (/^date/.test(name) && DATE.test(value)) return formatDate(locale, value, "medium");
  if (/^category/.test(name) && hasMessage(`common.category.${value}`)) return t(locale, `common.category.${value}` as "common.category.other");
  if (["note", "how", "why"].includes(name)) return matchLineText(locale, value, depth + 1);
  if (/^region/.test(name) && isRegionCode(value.toUpperCase())) return regionName(locale, value.toUpperCase());
  return value;
}

/** A matcher line in `locale`; a line no template reads is returned as it is. */
export function matchLineText(locale: Locale, text: string, depth = 0): string {
  if (locale === "en" || depth > 3) return text;
  const line = matchLine(text);
  if (!line) return text;
  return LINES[line.code]![locale].replace(/\{(\w+)\}/g, (whole, n: string) => (n in line.params ? paramText(locale, n, line.params[n]!, depth) : whole));
}
