/**
 * Given names: Russian ↔ Ukrainian (and Belarusian/Crimean Tatar) equivalents,
 * common diminutives, and male/female pairs (Евгений ≠ Евгения).
 * Everything is looked up by skeleton, so any transliteration of a listed form works.
 */
import { skeleton } from "./transliterate.js";

export type Sex = "male" | "female";

export interface GivenName {
  /** Skeleton of the Russian (or main) form; stable id. */
  id: string;
  /** Display form (Russian Cyrillic, or the main form). */
  display: string;
  /** Ukrainian Cyrillic form (the display form when the table has none). */
  ukrainian: string;
  sex: Sex;
  /** Skeletons of every full form (Russian, Ukrainian, Latin spellings). */
  forms: string[];
  /** Id of the other-sex counterpart (Евгений ↔ Евгения), if any. */
  counterpart?: string;
}

// Format: "Russian|Ukrainian and other full forms (comma)|diminutives (comma)".
// Latin spellings are only listed when the skeleton does not already unify them.
const MALE = `
Александр|Олександр,Аляксандр,Alexander,Alexandre,Aleksander,Aleksandar,Olexandr,Alexandr|Саша,Саня,Шура,Сашко,Олесь,Alex
Алексей|Олексій,Аляксей,Alexis,Oleksiy|Алёша,Лёша,Олекса,Alex,Lyosha
Анатолий|Анатолій|Толя,Толик
Андрей|Андрій,Андрэй,Andrew,Andriy,Andrzej|Андрюша
Антон|Антін|Антоша
Аркадий|Аркадій|Аркаша
Арсений|Арсеній|Сеня
Артём|Артем|Тёма
Артур||
Ахтем|Ахтем|
Богдан||Бодя
Борис||Боря
Вадим||Вадик
Валентин||Валя
Валерий|Валерій|Валера
Василий|Василь|Вася
Виктор|Віктор|Витя
Виталий|Віталій|Виталик
Владимир|Володимир,Уладзімір,Wladimir,Vladymyr|Вова,Володя
Владислав||Влад,Слава
Всеволод||Сева
Вячеслав|В'ячеслав|Слава
Геннадий|Геннадій|Гена
Георгий|Георгій|Гоша,Жора
Глеб|Гліб|
Григорий|Григорій,Hryhoriy|Гриша
Даниил|Данило,Данила,Daniel,Danylo|Даня
Денис||Дениска
Джемиль|Джеміль|
Дмитрий|Дмитро,Дзмітрый|Дима,Митя
Евгений|Євген,Яўген,Eugene,Yevhen|Женя
Егор|Єгор,Ігор?|Егорка
Захар||
Иван|Іван,Івaн,Ivan,Ioann,John,Juan,Johann,Johannes,Giovanni,Ян?|Ваня
Игорь|Ігор|Игорёк
Илья|Ілля,Ilya,Ilia,Illia|Илюша
Кирилл|Кирило|Кирюша
Константин|Костянтин,Kostiantyn,Constantine|Костя
Лев|Лев|Лёва
Ленур|Ленур|
Леонид|Леонід|Лёня
Максим||Макс
Марат||
Марк||
Матвей|Матвій|Матвейка
Михаил|Михайло,Міхаіл,Michael,Mikhail,Mykhailo,Michail|Миша,Мишко
Мустафа||
Назар||
Нариман||
Никита|Микита|
Николай|Микола,Мікалай,Nicholas,Nikolay|Коля
Олег|Олег,Aleh|Олежка
Остап||
Павел|Павло,Павал,Paul|Паша
Пётр|Петро,Пятро,Peter,Piotr|Петя
Рамиль||
Ринат||
Роман||Рома
Ростислав||Слава
Руслан||
Рустам|Рустем|
Святослав||Слава
Семён|Семен,Simon|Сеня
Сервер||
Сергей|Сергій,Сяргей,Serhiy,Serhii,Sergiy|Серёжа,Сергейка
Станислав|Станіслав|Стас,Слава
Степан||Стёпа
Тарас||
Тимофей|Тимофій|Тима
Тимур||
Фёдор|Федір,Theodore,Fiodor,Teodor|Федя,Ted,Teddy,Theo
Филипп|Пилип,Philip,Filip|Филя
Эдуард|Едуард,Edward|Эдик,Ted,Eddie
Эльдар|Ельдар|
Эмиль|Еміль|
Энвер|Енвер|
Эрнест|Ернест|
Эскендер|Ескендер|
Юрий|Юрій,Юрый,George?,Yuri,Yury|Юра
Яков|Яків,Jacob|Яша
Ярослав||Слава,Ярик
Ислам||
Зелимхан||
Магомед|Мухаммед,Mohammed,Muhammad,Mohamed|
Рефат||
Бекир||
Руслан||
Вениамин|Веніамін,Benjamin,Binyamin,Beniamin|Веня,Bibi,Ben
Родион|Родіон|Родя
Савелий|Савелій|Сава
Тихон|Тихін|
Ефим|Юхим,Yukhym,Efim,Yefim|Фима
Аким|Яким|
Елисей|Єлисей|
Мирон||
Герман||
Давид||Дава
Адам||
Ян||
Демид||
Прохор||
Любомир||
Мирослав||Мирек
Орест||
Ярема||
Камиль|Каміль|
Ильяс|Ільяс|
Айдар||
Азат||
Булат||
Шамиль|Шаміль|
Ибрагим|Ібрагім,Ibrahim|
Хасан||
Ахмед||
Алим|Алім|
Сейран||
Февзи|Февзі|
Решат||
Эдем|Едем|
Ремзи|Ремзі|
Асан||
Осман||
Теймур||
Зенур||
Арсен||
`;

const FEMALE = `
Александра|Олександра,Alexandra,Aleksandra,Oleksandra|Саша,Шура,Саня
Алёна|Альона|
Алина|Аліна|
Алла||
Анастасия|Анастасія,Anastasiya|Настя
Ангелина|Ангеліна|Геля
Анна|Ганна,Ганна,Hanna,Ann,Anne|Аня,Анечка
Антонина|Антоніна|Тоня
Валентина||Валя
Валерия|Валерія|Лера
Варвара||Варя
Василиса||Вася
Вера|Віра|
Вероника|Вероніка|Ника
Виктория|Вікторія,Victoria|Вика
Галина||Галя
Дарья|Дарина,Дар'я,Daria,Darya|Даша
Диана|Діана|
Евгения|Євгенія,Eugenia|Женя
Екатерина|Катерина,Кацярына,Catherine,Katerina,Kateryna|Катя
Елена|Олена,Алена,Helen,Elena,Yelena,Olena|Лена
Елизавета|Єлизавета,Elizabeth|Лиза
Жанна||
Зарема||
Зинаида|Зінаїда|Зина
Зоя||
Ирина|Ірина,Iryna|Ира
Инна|Інна|
Карина||
Кира||
Кристина|Христина|
Ксения|Ксенія,Oksana?|Ксюша
Лариса||Лара
Лейла|Лейла,Leyla|
Лиана||
Лилия|Лілія|Лиля
Любовь|Любов|Люба
Людмила||Люда,Мила
Маргарита||Рита
Марина||
Мария|Марія,Maria,Mariya,Mary|Маша,Маруся
Надежда|Надія|Надя
Наталья|Наталія,Наталя,Наталия,Natalia,Natalya,Nataliya|Наташа
Нина|Ніна|
Оксана||
Ольга|Ольга,Вольга,Olga,Olha|Оля
Полина|Поліна|Поля
Светлана|Світлана|Света
София|Софія,Софья,Sophia,Sofia|Соня
Станислава|Станіслава|Стася
Тамара||
Татьяна|Тетяна,Тацяна,Tatiana,Tetiana,Tatyana|Таня
Ульяна|Уляна|Уля
Эльмира|Ельміра|
Юлия|Юлія,Julia,Yulia|Юля
Яна||
Ярослава||Слава
Владислава||Влада
Эмине|Еміне|
Зера||
Гульнара||
Арина||
Таисия|Таїсія|Тая
Злата||
Ева|Єва|
Снежана|Сніжана|
Регина|Регіна|
Эльвира|Ельвіра|
Альбина|Альбіна|
Олеся||Леся
Соломия|Соломія|
Богдана||
Милана|Мілана|
Есения|Єсенія|
Диляра|Діляра|
Венера||
Эльмаз|Ельмаз|
Севиль|Севіль|
Мавиле|Мавіле|
Василина||
Евдокия|Євдокія,Явдоха|Дуся
Раиса|Раїса|Рая
Клавдия|Клавдія|Клава
Нелли|Неллі|
Элина|Еліна|
`;

// Other-sex counterparts that are not simply "male + а" / "-ий → -ия".
const EXTRA_COUNTERPARTS: Array<[string, string]> = [["Виктор", "Виктория"]];

// Patronymic stems that are not the father's name minus its final vowels: Лев → Львович (lv),
// Яков → Яковлевич (iakovl), Ukrainian Яків → Якович (iak).
const IRREGULAR_PATRONYMIC_STEMS: Array<[string, string]> = [["Лев", "lv"], ["Яков", "iakovl"], ["Яков", "iak"]];

interface Registry {
  byId: Map<string, GivenName>;
  byForm: Map<string, string[]>;
  byDiminutive: Map<string, string[]>;
  byPatronymicStem: Map<string, string[]>;
}

function addTo(map: Map<string, string[]>, key: string, id: string): void {
  if (key === "") return;
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

/** Stem a father's name takes in a patronymic: Сергей → serg(eevich), Александр → aleksandr(ovich). */
export function patronymicStemOf(nameSkeleton: string): string {
  return nameSkeleton.replace(/[aeiou]+$/, "");
}

function build(): Registry {
  const reg: Registry = { byId: new Map(), byForm: new Map(), byDiminutive: new Map(), byPatronymicStem: new Map() };
  const displays = new Map<string, string>();
  const load = (block: string, sex: Sex): void => {
    for (const line of block.split("\n")) {
      if (line.trim() === "") continue;
      const [main = "", others = "", dims = ""] = line.split("|");
      const id = skeleton(main);
      const forms = [main, ...others.split(",")]
        .filter((f) => f !== "" && !f.endsWith("?"))
        .map(skeleton);
      const existing = reg.byId.get(id);
      const uk = others.split(",").find((f) => /[\u0400-\u04FF]/.test(f) && !f.endsWith("?")) ?? main;
      const entry: GivenName = existing ?? { id, display: main, ukrainian: uk, sex, forms: [] };
      for (const f of forms) if (!entry.forms.includes(f)) entry.forms.push(f);
      reg.byId.set(id, entry);
      displays.set(main, id);
      for (const f of entry.forms) {
        addTo(reg.byForm, f, id);
        if (sex === "male") addTo(reg.byPatronymicStem, patronymicStemOf(f), id);
      }
      for (const d of dims.split(",")) if (d !== "") addTo(reg.byDiminutive, skeleton(d), id);
    }
  };
  load(MALE, "male");
  load(FEMALE, "female");
  // Pair male and female forms: Александр/Александра, Евгений/Евгения, Валентин/Валентина.
  for (const [display, id] of displays) {
    const male = reg.byId.get(id);
    if (!male || male.sex !== "male") continue;
    const femaleDisplay = display.endsWith("ий") ? display.slice(0, -2) + "ия" : display + "а";
    const fid = displays.get(femaleDisplay);
    if (fid) link(reg, id, fid);
  }
  for (const [name, stem] of IRREGULAR_PATRONYMIC_STEMS) {
    const id = displays.get(name);
    if (id) addTo(reg.byPatronymicStem, stem, id);
  }
  for (const [m, f] of EXTRA_COUNTERPARTS) {
    const mid = displays.get(m);
    const fid = displays.get(f);
    if (mid && fid) link(reg, mid, fid);
  }
  return reg;
}

function link(reg: Registry, a: string, b: string): void {
  const ea = reg.byId.get(a);
  const eb = reg.byId.get(b);
  if (ea && eb) {
    ea.counterpart = b;
    eb.counterpart = a;
  }
}

const REGISTRY = build();

export interface GivenLookup {
  /** Groups whose full form this token is. */
  full: GivenName[];
  /** Groups this token is a diminutive of (Саша → Александр, Александра). */
  diminutiveOf: GivenName[];
}

const EMPTY: GivenLookup = { full: [], diminutiveOf: [] };

/** Look a given-name token up by its skeleton. */
export function lookupGiven(tokenSkeleton: string): GivenLookup {
  const full = REGISTRY.byForm.get(tokenSkeleton);
  const dim = REGISTRY.byDiminutive.get(tokenSkeleton);
  if (!full && !dim) return EMPTY;
  const get = (ids: string[] | undefined): GivenName[] =>
    (ids ?? []).map((id) => REGISTRY.byId.get(id)).filter((g): g is GivenName => g !== undefined);
  return { full: get(full), diminutiveOf: get(dim) };
}

export function isKnownGiven(tokenSkeleton: string): boolean {
  return REGISTRY.byForm.has(tokenSkeleton) || REGISTRY.byDiminutive.has(tokenSkeleton);
}

export function givenById(id: string): GivenName | undefined {
  return REGISTRY.byId.get(id);
}

/** The table entry whose Russian form is exactly this (e.g. "Сергей"). */
export function givenByRussianForm(display: string): GivenName | undefined {
  const g = REGISTRY.byId.get(skeleton(display));
  return g && g.display === display ? g : undefined;
}

/** Father's-name groups for a patronymic stem (aleksandr, oleksandr → Александр). */
export function fatherNameFromStem(stem: string): GivenName[] {
  const ids = REGISTRY.byPatronymicStem.get(stem) ?? [];
  return ids.map((id) => REGISTRY.byId.get(id)).filter((g): g is GivenName => g !== undefined);
}

/** Every given name in the table (used by the bench generator and tests). */
export function allGivenNames(): GivenName[] {
  return [...REGISTRY.byId.values()];
}

/**
 * Canonical group key for blocking: the group id when the token is a known full form,
 * otherwise its skeleton. Diminutives give every group they may stand for.
 */
export function givenKeys(tokenSkeleton: string): string[] {
  const hit = lookupGiven(tokenSkeleton);
  if (hit.full.length > 0) return hit.full.map((g) => g.id);
  if (hit.diminutiveOf.length > 0) return [...new Set([tokenSkeleton, ...hit.diminutiveOf.map((g) => g.id)])];
  return [tokenSkeleton];
}
