import { appealRequests, type AppealRequest } from "../../db/schema/appeal.js";
import { exchangeConsents, publicityConsents, type ExchangeConsent, type PublicityConsent } from "../../db/schema/enums.js";
import { t, type Locale, type MessageKey } from "../../i18n/index.js";
import { FORM_LIMITS } from "./input.js";

// The Telegram bot's questions: the web form's, one at a time, in the family's language. Pure: (state, message)
// → (new state, what to say, and the answers once the family confirms). The state lives only in the bot's
// memory and is dropped when the appeal is sent or cancelled (see telegramBot.ts).

export type Step =
  | "language"
  | "heldName"
  | "heldBirthDate"
  | "heldWhere"
  | "heldArticle"
  | "heldSince"
  | "requests"
  | "text"
  | "contact"
  | "safetyNote"
  | "publicity"
  | "exchange"
  | "confirm";

export interface Answers {
  heldName: string;
  heldBirthDate: string | null;
  heldWhere: string | null;
  heldArticle: string | null;
  heldSince: string | null;
  requests: AppealRequest[];
  text: string | null;
  /** Whether the family lets us write to them in this chat. */
  replyHere: boolean;
  safetyNote: string | null;
  publicityConsent: PublicityConsent;
  exchangeConsent: ExchangeConsent;
}

export interface Conversation {
  lang: Locale;
  step: Step;
  answers: Partial<Answers>;
}

export interface Say {
  text: string;
  /** Reply-keyboard buttons (rows), or "remove" to hide a keyboard shown before. */
  keyboard?: string[][] | "remove";
}

export interface Turn {
  conversation: Conversation | null;
  say: Say[];
  /** Set when the family confirmed: store the appeal, then answer with the receipt. */
  submit?: Answers;
}

const LANGUAGES: { lang: Locale; label: string }[] = [
  { lang: "ru", label: "Русский" },
  { lang: "uk", label: "Українська" },
  { lang: "en", label: "English" },
];

const TEXT_STEPS = { heldName: FORM_LIMITS.name, heldBirthDate: FORM_LIMITS.birth, heldWhere: FORM_LIMITS.where, heldArticle: FORM_LIMITS.article, heldSince: FORM_LIMITS.since, text: FORM_LIMITS.text, safetyNote: FORM_LIMITS.safety } as const;
type TextStep = keyof typeof TEXT_STEPS;
const FIELD_KEY: Record<TextStep, MessageKey> = {
  heldName: "appeal.field.heldName",
  heldBirthDate: "appeal.field.heldBirthDate",
  heldWhere: "appeal.field.heldWhere",
  heldArticle: "appeal.field.heldArticle",
  heldSince: "appeal.field.heldSince",
  text: "appeal.field.text",
  safetyNote: "appeal.field.safetyNote",
};
const HINT_KEY: Record<TextStep, MessageKey> = {
  heldName: "appeal.field.heldName.hint",
  heldBirthDate: "appeal.field.heldBirthDate.hint",
  heldWhere: "appeal.field.heldWhere.hint",
  heldArticle: "appeal.field.heldArticle.hint",
  heldSince: "appeal.field.heldSince.hint",
  text: "appeal.field.text.hint",
  safetyNote: "appeal.field.safetyNote.hint",
};
const ORDER: Step[] = ["language", "heldName", "heldBirthDate", "heldWhere", "heldArticle", "heldSince", "requests", "text", "contact", "safetyNote", "publicity", "exchange", "confirm"];

const publicityKey = (v: PublicityConsent) => `appeal.consent.publicity.${v}` as MessageKey;
const exchangeKey = (v: ExchangeConsent) => `appeal.consent.exchange.${v}` as MessageKey;
const requestKey = (v: AppealRequest) => `appeal.request.${v}` as MessageKey;

/** A new conversation: the language question (the sender's Telegram language is offered first). */
export function startConversation(languageCode?: string): Turn {
  const first = languageCode?.startsWith("uk") ? "uk" : languageCode?.startsWith("en") ? "en" : "ru";
  const order = [...LANGUAGES].sort((a, b) => (a.lang === first ? -1 : b.lang === first ? 1 : 0));
  return { conversation: { lang: first, step: "language", answers: {} }, say: [{ text: t(first, "telegram.chooseLanguage"), keyboard: [order.map((l) => l.label)] }] };
}

export function continueConversation(c: Conversation, raw: string): Turn {
  const text = raw.trim();
  const skip = text === "-" || text === "—" || text === "–" || text.toLowerCase() === t(c.lang, "telegram.skip").toLowerCase();
  switch (c.step) {
    case "language": {
      const chosen = LANGUAGES.find((l) => l.label.toLowerCase() === text.toLowerCase() || l.lang === text.toLowerCase() || String(LANGUAGES.indexOf(l) + 1) === text);
      if (!chosen) return { conversation: c, say: [{ text: t(c.lang, "telegram.chooseLanguage"), keyboard: [LANGUAGES.map((l) => l.label)] }] };
      const next: Conversation = { lang: chosen.lang, step: "heldName", answers: {} };
      return { conversation: next, say: [{ text: `${t(next.lang, "telegram.welcome")}\n\n${t(next.lang, "telegram.safety")}` }, ask(next)] };
    }
    case "heldName":
    case "heldBirthDate":
    case "heldWhere":
    case "heldArticle":
    case "heldSince":
    case "text":
    case "safetyNote": {
      const step = c.step;
      if (step === "heldName" && (skip || text.length < 2)) return { conversation: c, say: [{ text: t(c.lang, "telegram.tooShort") }, ask(c)] };
      if (text.length > TEXT_STEPS[step]) return { conversation: c, say: [{ text: t(c.lang, "telegram.tooLong", { max: TEXT_STEPS[step] }) }] };
      return advance({ ...c, answers: { ...c.answers, [step]: skip || !text ? null : text } });
    }
    case "requests": {
      if (skip) return advance({ ...c, answers: { ...c.answers, requests: [] } });
      const picked = numbers(text, appealRequests.length);
      if (!picked) return { conversation: c, say: [{ text: t(c.lang, "telegram.notUnderstood") }, ask(c)] };
      return advance({ ...c, answers: { ...c.answers, requests: picked.map((n) => appealRequests[n - 1]!) } });
    }
    case "contact": {
      const n = choice(c.lang, text, ["telegram.contact.yes", "telegram.contact.no"]);
      if (!n) return { conversation: c, say: [{ text: t(c.lang, "telegram.notUnderstood") }, ask(c)] };
      const answers = { ...c.answers, replyHere: n === 1, ...(n === 2 ? { safetyNote: null } : {}) };
      return advance({ ...c, answers }, n === 2 ? "safetyNote" : undefined);
    }
    case "publicity": {
      const n = choice(c.lang, text, publicityConsents.map(publicityKey));
      if (!n) return { conversation: c, say: [{ text: t(c.lang, "telegram.notUnderstood") }, ask(c)] };
      return advance({ ...c, answers: { ...c.answers, publicityConsent: publicityConsents[n - 1]! } });
    }
    case "exchange": {
      const n = choice(c.lang, text, exchangeConsents.map(exchangeKey));
      if (!n) return { conversation: c, say: [{ text: t(c.lang, "telegram.notUnderstood") }, ask(c)] };
      return advance({ ...c, answers: { ...c.answers, exchangeConsent: exchangeConsents[n - 1]! } });
    }
    case "confirm": {
      const n = choice(c.lang, text, ["telegram.confirm.send", "telegram.confirm.restart"]);
      if (!n) return { conversation: c, say: [{ text: t(c.lang, "telegram.notUnderstood") }, ask(c)] };
      if (n === 2) {
        const again: Conversation = { lang: c.lang, step: "heldName", answers: {} };
        return { conversation: again, say: [ask(again)] };
      }
      return { conversation: null, say: [], submit: complete(c.answers) };
    }
  }
}

function complete(a: Partial<Answers>): Answers {
  return {
    heldName: a.heldName ?? "",
    heldBirthDate: a.heldBirthDate ?? null,
    heldWhere: a.heldWhere ?? null,
    heldArticle: a.heldArticle ?? null,
    heldSince: a.heldSince ?? null,
    requests: a.requests ?? [],
    text: a.text ?? null,
    replyHere: a.replyHere ?? false,
    safetyNote: a.safetyNote ?? null,
    publicityConsent: a.publicityConsent ?? "none",
    exchangeConsent: a.exchangeConsent ?? "unknown",
  };
}

function advance(c: Conversation, alsoSkip?: Step): Turn {
  let i = ORDER.indexOf(c.step) + 1;
  if (ORDER[i] === alsoSkip) i++;
  const next: Conversation = { ...c, step: ORDER[i]! };
  if (next.step === "confirm") return { conversation: next, say: [{ text: summary(next) }, ask(next)] };
  return { conversation: next, say: [ask(next)] };
}

/** The question of the conversation's current step. */
export function ask(c: Conversation): Say {
  const L = c.lang;
  switch (c.step) {
    case "language":
      return { text: t(L, "telegram.chooseLanguage"), keyboard: [LANGUAGES.map((l) => l.label)] };
    case "requests":
      return { text: `${t(L, "telegram.ask.requests")}\n${appealRequests.map((r, i) => `${i + 1}. ${t(L, requestKey(r))}`).join("\n")}`, keyboard: [[t(L, "telegram.skip")]] };
    case "contact":
      return options(L, t(L, "telegram.ask.contact"), ["telegram.contact.yes", "telegram.contact.no"]);
    case "publicity":
      return options(L, t(L, "appeal.consent.publicity"), publicityConsents.map(publicityKey));
    case "exchange":
      return options(L, t(L, "appeal.consent.exchange"), exchangeConsents.map(exchangeKey));
    case "confirm":
      return options(L, t(L, "telegram.confirm"), ["telegram.confirm.send", "telegram.confirm.restart"]);
    default: {
      const step = c.step;
      const required = step === "heldName";
      return {
        text: `${t(L, FIELD_KEY[step])}${required ? "" : ` ${t(L, "telegram.ask.optional")}`}\n${t(L, HINT_KEY[step])}`,
        keyboard: required ? "remove" : [[t(L, "telegram.skip")]],
      };
    }
  }
}

function options(L: Locale, question: string, keys: MessageKey[]): Say {
  return { text: `${question}\n${keys.map((k, i) => `${i + 1}. ${t(L, k)}`).join("\n")}`, keyboard: keys.map((k) => [t(L, k)]) };
}

/** 1-based choice among options, by number or by the button's words. */
function choice(L: Locale, text: string, keys: MessageKey[]): number | null {
  const n = Number(text.replace(/[.)]$/, ""));
  if (Number.isInteger(n) && n >= 1 && n <= keys.length) return n;
  const i = keys.findIndex((k) => t(L, k).toLowerCase() === text.toLowerCase());
  return i >= 0 ? i + 1 : null;
}

/** "1 3", "1,3", "1, 3" → [1, 3]; null when anything else is there. */
function numbers(text: string, max: number): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const out = parts.map(Number);
  if (!parts.length || out.some((n) => !Number.isInteger(n) || n < 1 || n > max)) return null;
  return [...new Set(out)].sort((a, b) => a - b);
}

function summary(c: Conversation): string {
  const L = c.lang;
  const a = complete(c.answers);
  const none = t(L, "telegram.summary.none");
  const line = (key: MessageKey, v: string | null) => `${t(L, key)}: ${v ?? none}`;
  return [
    t(L, "telegram.summary"),
    line("appeal.field.heldName", a.heldName),
    line("appeal.field.heldBirthDate", a.heldBirthDate),
    line("appeal.field.heldWhere", a.heldWhere),
    line("appeal.field.heldArticle", a.heldArticle),
    line("appeal.field.heldSince", a.heldSince),
    line("appeal.section.requests", a.requests.length ? a.requests.map((r) => t(L, requestKey(r))).join(", ") : null),
    line("appeal.field.text", a.text),
    line("telegram.ask.contact", t(L, a.replyHere ? "telegram.contact.yes" : "telegram.contact.no")),
    ...(a.replyHere ? [line("appeal.field.safetyNote", a.safetyNote)] : []),
    line("appeal.consent.publicity", t(L, publicityKey(a.publicityConsent))),
    line("appeal.consent.exchange", t(L, exchangeKey(a.exchangeConsent))),
  ].join("\n");
}
