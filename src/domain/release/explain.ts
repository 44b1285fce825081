/**
 * Message codes for every line of a release-date explanation (working, warnings, summary, credit lines,
 * parole), with the parameters each code carries. The English text stays beside each code; the staff app
 * renders the code and its parameters in the reader's language (src/i18n/explain*.ts).
 *
 * RELEASE_MESSAGES is the single list of codes: each maps a parameter name to its kind, which tells a
 * renderer how to show the value (a date for the locale, a regime's name, a nested message …).
 */
import type { IsoDate, Term } from "./dates.js";
import type { ArticleRef, ChangeStage, CreditRatio, CustodyKind, Gravity, Regime, RuleRef } from "./types.js";

export type ParamKind =
  | "date"
  | "number"
  | "days"
  | "years"
  | "text"
  | "term"
  | "regime"
  | "custodyKind"
  | "ratio"
  | "rule"
  | "article"
  | "articles"
  | "stage"
  | "gravity"
  | "confidence"
  | "weekday"
  | "holiday"
  | "severity"
  | "condition"
  | "profile"
  /** An entry of the Decree No. 54 list by id (src/domain/priority/icd10.ts): its title and condition. */
  | "decree54"
  /** A note of the article lists (articles.ts): an id of LIST_NOTE_IDS, or the English note when it has none. */
  | "listNote"
  /** A nested message. */
  | "msg"
  /** Nested messages joined with "; ". */
  | "list"
  /** Nested messages joined with ", ". */
  | "commaList";

/** The cited parts of a rule (RuleRef without its English summary). */
export type RuleCitation = Pick<RuleRef, "id" | "source" | "article" | "part" | "item">;

export interface ExplainedMessage {
  code: string;
  params: Record<string, ParamValue>;
}
export type ParamValue = string | number | Term | ArticleRef | ArticleRef[] | RuleCitation | ExplainedMessage | ExplainedMessage[];

/** A line of an explanation: its code and parameters, and the English text the CLI and API clients read. */
export interface ExplainedLine extends ExplainedMessage {
  text: string;
}

const art = "article" as const;
const credit = { from: "date", to: "date", days: "days", credit: "days", rule: "rule" } as const;
const parole = { rule: "rule", num: "number", den: "number", termDays: "days", requiredDays: "days", start: "date", eligibleFrom: "date", basis: "list" } as const;

export const RELEASE_MESSAGES = {
  // Working, in the order the computation writes it.
  "release.verdict": { date: "date", term: "term", regime: "regime", articles: "articles", start: "date" },
  "release.change": { stage: "stage", date: "date", changes: "list" },
  "release.changeNoted": { stage: "stage", date: "date", changes: "list", note: "text" },
  "release.change.term": { from: "term", to: "term" },
  "release.change.regime": { from: "regime", to: "regime" },
  "release.change.articles": { articles: "articles" },
  "release.change.termStart": { date: "date" },
  "release.change.none": {},
  "release.change.upheld": {},
  "release.change.quashed": {},
  "release.change.combined69": {},
  "release.change.combined70": {},
  "release.change.regimeLater": { to: "regime" },
  "release.change.released": { date: "date" },
  "release.change.paroleRefused": { next: "date" },
  "release.changePending": { stage: "stage", date: "date" },
  "release.term": { term: "term", start: "date", days: "days", lastDay: "date" },
  "release.regimeChanged": { date: "date", to: "regime", regime: "regime" },
  "release.credit.court": { kind: "custodyKind", ratio: "ratio", ...credit },
  "release.credit.servedEarlier": { ...credit },
  "release.credit.sizo": { ratio: "ratio", basis: "msg", ...credit },
  "release.credit.houseArrestBefore2018": { ...credit },
  "release.credit.houseArrest": { ...credit },
  "release.credit.banNoLeaving": { ...credit },
  "release.credit.ban": { ratio: "ratio", sizoRule: "rule", ...credit },
  "release.basis.regime": { regime: "regime" },
  "release.basis.part33.art58_part3": {},
  "release.basis.part33.art79_part7c": {},
  "release.basis.part33.art80": {},
  "release.basis.recidivism": {},
  "release.basis.listed": { articles: "articles" },
  "release.basis.listedInSet": { articles: "articles" },
  "release.creditTotal": { total: "days" },
  "release.creditTotalRounded": { total: "days", days: "days" },
  "release.noCredit": {},
  "release.lastDayLessCredit": { termLastDay: "date", days: "days", lastDay: "date" },
  "release.servedByCredit": { date: "date" },
  "release.dayOff": { lastDay: "date", skipped: "list", releaseDate: "date" },
  "release.skipped.weekend": { date: "date", weekday: "weekday" },
  "release.skipped.weekendHoliday": { date: "date", weekday: "weekday", holiday: "holiday" },
  "release.skipped.holiday": { date: "date", holiday: "holiday" },
  "release.skipped.transferred": { date: "date" },
  "release.workingDay": { lastDay: "date", releaseDate: "date" },
  "release.parole": parole,
  "release.paroleMinimum": parole,
  "release.paroleAfterRelease": parole,
  "release.paroleMinimumAfterRelease": parole,
  "release.gravity.given": { article: art, max: "years", gravity: "gravity" },
  "release.gravity.givenLife": { article: art, gravity: "gravity" },
  "release.gravity.table": { article: art, max: "years", gravity: "gravity", confidence: "confidence" },
  "release.gravity.tableLife": { article: art, gravity: "gravity", confidence: "confidence" },
  "release.gravity.mostSeverePart": { article: art, gravity: "gravity" },
  "release.gravity.notCriminalCode": { article: art },
  "release.gravity.unknown": { article: art },
  "release.paroleBasis.override": { reason: "text" },
  "release.paroleBasis.listedD": { articles: "articles" },
  "release.paroleBasis.drugs": {},
  "release.paroleBasis.listedC": { articles: "articles" },
  "release.paroleBasis.revoked": {},
  "release.paroleBasis.gravityUnknown": {},
  "release.paroleBasis.minor": {},
  "release.minor.offence": { offence: "date", adultFrom: "date" },
  "release.minor.before": { date: "date", adultFrom: "date" },
  "release.releasedEarly": { stage: "stage", date: "date", releaseDate: "date" },
  "release.asOf.remaining": { asOf: "date", days: "days" },
  "release.asOf.passed": { asOf: "date", days: "days" },
  // Summary: "{term} from {start}" + the parts that apply.
  "release.summary": { term: "term", start: "date", credit: "list", outcome: "msg", parole: "list" },
  "release.summary.credit": { days: "days", kinds: "commaList" },
  "release.summary.creditKind": { kind: "custodyKind", ratio: "ratio" },
  "release.summary.served": { date: "date" },
  "release.summary.release": { lastDay: "date", releaseDate: "date" },
  "release.summary.parole": { date: "date" },
  // Warnings.
  "release.warn.part32PartUnknown": { article: art, parts: "text" },
  "release.warn.part32Unverified": { article: art, note: "listNote" },
  "release.warn.part32Medium": { articles: "articles" },
  "release.warn.regimeChanged": {},
  "release.warn.withinTerm": { kind: "custodyKind", from: "date", to: "date", start: "date" },
  "release.warn.runsIntoTerm": { kind: "custodyKind", from: "date", to: "date", start: "date", until: "date" },
  "release.warn.banBefore2018": { from: "date" },
  "release.warn.servedByCredit": {},
  "release.warn.calendarEstimated": { year: "text" },
  "release.warn.paroleMedium": { articles: "articles" },
  "release.warn.paroleMediumNoted": { articles: "articles", note: "listNote" },
  "release.warn.gravityUnknown": {},
  "release.warn.pending": { stage: "stage", date: "date" },
  "release.warn.detentionInferred": { from: "date", until: "date" },
  "release.warn.minorBirthYear": { offence: "date" },
  "release.warn.minorOffenceDate": { adultFrom: "date", date: "date" },
  "release.warn.minorMaxTerm": { max: "years" },
  // Notes of the registry's mapping from a stored case (src/services/releaseDate.ts).
  "release.note.appeal": { date: "date" },
  "release.note.noAppeal": { date: "date" },
  "release.note.foreignArticle": { article: "text", code: "text" },
} as const satisfies Record<string, Record<string, ParamKind>>;

export type ReleaseCode = keyof typeof RELEASE_MESSAGES;

/** The TypeScript type of each parameter kind. */
export interface ParamTypes {
  date: IsoDate;
  number: number;
  days: number;
  years: number;
  text: string;
  term: Term;
  regime: Regime;
  custodyKind: CustodyKind;
  ratio: CreditRatio;
  rule: RuleCitation;
  article: ArticleRef;
  articles: ArticleRef[];
  stage: ChangeStage;
  gravity: Gravity;
  confidence: "high" | "medium" | "low";
  weekday: number;
  holiday: string;
  severity: string;
  condition: string;
  profile: string;
  decree54: string;
  listNote: string;
  msg: ExplainedMessage;
  list: ExplainedMessage[];
  commaList: ExplainedMessage[];
}

export type ParamsOf<S extends Record<string, ParamKind>> = { -readonly [K in keyof S]: ParamTypes[S[K]] };

/** A release-date message, its parameters checked against RELEASE_MESSAGES. */
export function releaseMsg<C extends ReleaseCode>(code: C, params: ParamsOf<(typeof RELEASE_MESSAGES)[C]>): ExplainedMessage {
  return { code, params: params as Record<string, ParamValue> };
}

export function releaseLine<C extends ReleaseCode>(code: C, params: ParamsOf<(typeof RELEASE_MESSAGES)[C]>, text: string): ExplainedLine {
  return { code, params: params as Record<string, ParamValue>, text };
}

export function citation(r: RuleRef): RuleCitation {
  const c: RuleCitation = { id: r.id, source: r.source };
  if (r.article) c.article = r.article;
  if (r.part) c.part = r.part;
  if (r.item) c.item = r.item;
  return c;
}

/** Keeps the lines of an explanation; `texts` is the English column the result has always had. */
export class Lines {
  readonly lines: ExplainedLine[] = [];
  add<C extends ReleaseCode>(code: C, params: ParamsOf<(typeof RELEASE_MESSAGES)[C]>, text: string): void {
    this.lines.push(releaseLine(code, params, text));
  }
  push(line: ExplainedLine): void {
    this.lines.push(line);
  }
  get texts(): string[] {
    return this.lines.map((l) => l.text);
  }
  /** Lines with distinct texts, first occurrence kept (warnings repeat when several periods raise them). */
  distinct(): ExplainedLine[] {
    const seen = new Set<string>();
    return this.lines.filter((l) => (seen.has(l.text) ? false : (seen.add(l.text), true)));
  }
}

/** Stable ids of the public holidays' English names (src/domain/release/holidays.ts), for translation. */
export const HOLIDAY_IDS: Readonly<Record<string, string>> = {
  "New Year holidays": "newYear",
  "Orthodox Christmas": "christmas",
  "Defender of the Fatherland Day": "defenderDay",
  "International Women's Day": "womensDay",
  "Spring and Labour Day": "labourDay",
  "Victory Day": "victoryDay",
  "Russia Day": "russiaDay",
  "Unity Day": "unityDay",
};

/** Stable ids of the article lists' notes (articles.ts) that reach a warning, for translation. */
export const LIST_NOTE_IDS: Readonly<Record<string, string>> = {
  "added with art. 275.1 in 2022? not established": "addedIn2022",
  "added with art. 276.1 in 2022? not established": "addedIn2022",
  "not in our reading of the 2018 text": "notIn2018Text",
  "treason/espionage added to item (d) by the 2022–2023 amendments as we recall them": "treasonAmendments",
  "as above": "treasonAmendments",
};

export const listNoteId = (note: string): string => LIST_NOTE_IDS[note] ?? note;
