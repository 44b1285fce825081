// The column dictionary: every header spelling we accept for each field, in Russian, Ukrainian and English.
// Headers are compared after `headerKey` (case, ё, apostrophes, punctuation and spacing do not matter).

export const FIELDS = [
  "external_id", "name", "surname", "given_name", "patronymic", "name_alt", "sex", "birth_date", "citizenship", "region",
  "category", "status", "status_since", "facility", "articles", "sentence", "detained_on", "verdict_on", "court", "judge",
  "publicity_consent", "exchange_consent", "public_summary", "note", "row_number",
] as const;
export type Field = (typeof FIELDS)[number];

const ALIASES: Record<Field, string[]> = {
  external_id: ["id", "external id", "ид", "идентификатор", "ідентифікатор", "код", "registry id"],
  name: ["фио", "ф и о", "фамилия имя отчество", "фамилия, имя, отчество", "полное имя", "піб", "п і б", "прізвище ім'я по батькові", "прізвище, ім'я, по батькові", "full name", "fullname", "full_name", "fio", "name"],
  surname: ["фамилия", "прізвище", "surname", "last name", "family name", "last_name"],
  given_name: ["имя", "ім'я", "імя", "first name", "given name", "first_name", "given_name"],
  patronymic: ["отчество", "по батькові", "по-батькові", "patronymic", "middle name", "middle_name"],
  name_alt: ["другие написания", "латиницей", "имя латиницей", "інші написання", "латиницею", "aliases", "other names", "other_names", "latin name", "name_alt"],
  sex: ["пол", "стать", "sex", "gender"],
  birth_date: ["дата рождения", "год рождения", "д р", "др", "дата народження", "рік народження", "дата нар", "birth date", "birthdate", "date of birth", "date_of_birth", "dob", "born"],
  citizenship: ["гражданство", "громадянство", "citizenship", "nationality"],
  region: ["регион", "область", "край", "регіон", "region", "home region", "home_region", "субъект рф"],
  category: ["категория", "категорія", "category", "тип"],
  status: ["статус", "status", "положение", "стан"],
  status_since: ["статус с", "дата статуса", "статус з", "status since", "status_since"],
  facility: ["место содержания", "место заключения", "учреждение", "колония", "сизо", "місце утримання", "місце перебування", "установа", "facility", "place of detention", "prison"],
  articles: ["статья", "статьи", "статья ук", "статья ук рф", "стаття", "статті", "article", "articles", "charges"],
  sentence: ["приговор", "срок", "наказание", "вирок", "строк", "покарання", "sentence", "term"],
  detained_on: ["дата задержания", "задержан", "дата ареста", "дата затримання", "затриманий", "дата арешту", "detention date", "detained", "detained on", "detained_on", "date of detention", "arrested"],
  verdict_on: ["дата приговора", "дата вироку", "verdict date", "date of verdict", "sentenced on", "verdict_on"],
  court: ["суд", "court"],
  judge: ["судья", "суддя", "judge"],
  publicity_consent: ["согласие на публикацию", "согласие на публичность", "публикация", "згода на публікацію", "згода на публічність", "publicity consent", "consent to publish", "publicity_consent"],
  exchange_consent: ["согласие на обмен", "згода на обмін", "exchange consent", "consent to exchange", "exchange_consent"],
  public_summary: ["описание", "публичное описание", "опис", "summary", "public summary", "public_summary"],
  note: ["примечание", "примечания", "комментарий", "примітка", "примітки", "коментар", "note", "notes", "comment"],
  row_number: ["№", "n", "#", "no", "№ п п", "номер", "п п", "nr"],
};

export function headerKey(h: string): string {
  return h
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[’ʼ`]/g, "'")
    .replace(/[.:*/_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const byKey = new Map<string, Field>();
for (const f of FIELDS) {
  byKey.set(headerKey(f), f);
  for (const a of ALIASES[f]) if (!byKey.has(headerKey(a))) byKey.set(headerKey(a), f);
}

/** The field a header names, or null. */
export function fieldOfHeader(header: string): Field | null {
  const k = headerKey(header);
  if (!k) return null;
  return byKey.get(k) ?? byKey.get(k.replace(/\s*\(.*\)$/, "")) ?? null;
}

/** The spellings accepted for a field, for the report on a missing column. */
export function acceptedHeaders(field: Field): string[] {
  return [...new Set([field, ...ALIASES[field]])];
}

export function isField(v: string): v is Field {
  return (FIELDS as readonly string[]).includes(v);
}
