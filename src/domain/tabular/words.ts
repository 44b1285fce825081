// Sex, category, status and consent as organisations write them, in Russian, Ukrainian and English.
import type { ExchangeConsent, PersonCategory, PersonStatus, PublicityConsent, Sex } from "../../db/schema/enums.js";

/** Lower-case, ё→е, apostrophes unified, trailing dots and spaces dropped. */
export function wordKey(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, "е").replace(/[’ʼ`]/g, "'").replace(/\s+/g, " ").replace(/[.\s]+$/, "");
}

function table<T>(entries: [T, string[]][]): Map<string, T> {
  const m = new Map<string, T>();
  for (const [v, words] of entries) for (const w of words) m.set(wordKey(w), v);
  return m;
}

const SEX = table<Sex>([
  ["male", ["m", "male", "man", "м", "муж", "мужской", "мужчина", "мужск", "ч", "чол", "чоловіча", "чоловічий", "чоловік", "мж"]],
  ["female", ["f", "female", "woman", "w", "ж", "жен", "женский", "женщина", "женск", "жін", "жіноча", "жіночий", "жінка"]],
  ["unknown", ["?", "-", "—", "unknown", "не указан", "неизвестно", "невідомо", "н/д"]],
]);

export function parseSex(text: string): Sex | null {
  return SEX.get(wordKey(text)) ?? null;
}

const CATEGORY = table<PersonCategory>([
  ["ru_political_prisoner", ["ru_political_prisoner", "политзаключенный", "политзаключенная", "политзаключенные", "политический заключенный", "политическая заключенная", "political prisoner", "політв'язень", "політв'язня", "політичний в'язень"]],
  ["ua_civilian_hostage", ["ua_civilian_hostage", "гражданский заложник", "гражданская заложница", "заложник", "мирный житель", "гражданский", "цивильный", "цивільний", "цивільна", "цивільний заручник", "цивільна заручниця", "заручник", "заручниця", "цивільна особа", "civilian", "civilian hostage"]],
  ["ua_pow", ["ua_pow", "военнопленный", "военнопленная", "вп", "військовополонений", "військовополонена", "полонений", "pow", "prisoner of war"]],
  ["ua_serviceman_convicted", ["ua_serviceman_convicted", "осужденный военнослужащий", "засуджений військовослужбовець", "засуджений військовий", "convicted serviceman"]],
  ["ru_persecuted_not_detained", ["ru_persecuted_not_detained", "преследуется", "преследуемый", "преследуемая", "не под стражей", "на свободе", "переслідуваний", "persecuted", "not detained"]],
  ["held_in_ukraine", ["held_in_ukraine", "удерживается в украине", "содержится в украине", "утримується в україні", "held in ukraine"]],
  ["other", ["other", "другое", "иное", "інше", "інша"]],
]);

export function parseCategory(text: string): PersonCategory | null {
  return CATEGORY.get(wordKey(text)) ?? null;
}

const STATUS = table<PersonStatus>([
  ["detained", ["detained", "задержан", "задержана", "под стражей", "затриманий", "затримана", "під вартою"]],
  ["under_investigation", ["under_investigation", "под следствием", "следствие", "слідство", "під слідством"]],
  ["on_trial", ["on_trial", "суд", "под судом", "судебный процесс", "під судом"]],
  ["sentenced", ["sentenced", "осужден", "осуждена", "приговор", "засуджений", "засуджена"]],
  ["in_transit", ["in_transit", "этап", "на этапе", "етап", "на етапі"]],
  ["in_colony", ["in_colony", "в колонии", "колония", "у колонії", "колонія"]],
  ["released", ["released", "освобожден", "освобождена", "на свободе", "звільнений", "звільнена"]],
  ["exchanged", ["exchanged", "обменян", "обменяна", "обмін", "обміняний", "обміняна"]],
  ["pardoned", ["pardoned", "помилован", "помилована", "помилуваний", "помилувана"]],
  ["deceased", ["deceased", "умер", "умерла", "погиб", "погибла", "помер", "померла", "загинув", "загинула"]],
  ["unknown", ["unknown", "неизвестно", "невідомо", "?"]],
]);

export function parseStatus(text: string): PersonStatus | null {
  return STATUS.get(wordKey(text)) ?? null;
}

const YES = ["да", "так", "yes", "y", "+", "1", "true", "согласен", "согласна", "згоден", "згодна", "є"];
const NO = ["нет", "ні", "no", "n", "-", "0", "false", "не согласен", "не согласна", "не згоден", "не згодна", "відмова", "отказ"];
const UNKNOWN = ["?", "неизвестно", "невідомо", "unknown", "не спрашивали", "н/д"];

const PUBLICITY = table<PublicityConsent>([
  ["full", ["full", ...YES, "полное", "повна", "публично", "публічно"]],
  ["anonymised", ["anonymised", "anonymized", "анонимно", "анонімно", "без имени", "без імені"]],
  ["none", ["none", ...NO, ...UNKNOWN]],
]);

export function parsePublicityConsent(text: string): PublicityConsent | null {
  return PUBLICITY.get(wordKey(text)) ?? null;
}

const EXCHANGE = table<ExchangeConsent>([
  ["consents", ["consents", ...YES]],
  ["refuses", ["refuses", ...NO]],
  ["unknown", UNKNOWN],
]);

export function parseExchangeConsent(text: string): ExchangeConsent | null {
  return EXCHANGE.get(wordKey(text)) ?? null;
}
