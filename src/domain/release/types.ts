import type { IsoDate, Term } from "./dates.js";
import type { ExplainedLine, ParamValue } from "./explain.js";

export type { IsoDate, Term } from "./dates.js";

/** Type of correctional institution set by the court (CC art. 58). */
export const REGIMES = ["general", "strict", "special", "colony_settlement", "prison", "educational"] as const;
export type Regime = (typeof REGIMES)[number];

export const REGIME_LABELS: Readonly<Record<Regime, string>> = {
  general: "general-regime colony",
  strict: "strict-regime colony",
  special: "special-regime colony",
  colony_settlement: "colony-settlement",
  prison: "prison",
  educational: "educational colony",
};

/** Which code an article belongs to: Criminal Code or Code of Administrative Offences. */
export type CodeId = "RU_CC" | "RU_CAO";

/** A structured reference to an article, e.g. `{ code: "RU_CC", article: "205.2", part: "2" }`. */
export interface ArticleRef {
  code: CodeId;
  article: string;
  part?: string;
  /** Item ("пункт") letter within the part, e.g. "a" for "п. «а» ч. 2". */
  item?: string;
  /** Maximum penalty of this article/part in years, when known; overrides the gravity table. */
  maxPenaltyYears?: number | "life";
}

export function formatArticle(a: ArticleRef): string {
  const code = a.code === "RU_CC" ? "CC" : "CAO";
  const part = a.part ? ` part ${a.part}` : "";
  const item = a.item ? ` item ${a.item}` : "";
  return `${code} art. ${a.article}${part}${item}`;
}

export const CUSTODY_KINDS = ["sizo", "house_arrest", "ban_on_actions"] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

/** Ratio "custody days : sentence days" that a court may state explicitly in the verdict. */
export const CREDIT_RATIOS = ["1:1", "1:1.5", "1:2", "2:1"] as const;
export type CreditRatio = (typeof CREDIT_RATIOS)[number];

/**
 * A period of pre-trial restraint. Both ends are inclusive. When `to` is omitted the
 * period runs until the day before the sentence's term starts (the usual wording
 * "until the verdict enters into force").
 */
export interface CustodyPeriod {
  kind: CustodyKind;
  from: IsoDate;
  to?: IsoDate;
  /**
   * Ban on actions only: whether the ban included the prohibition on leaving the
   * dwelling (CPC art. 105.1 part 6 item 1). Only that prohibition is credited.
   * Defaults to true (the measure is usually chosen for that ban); set false otherwise.
   */
  banOnLeavingHome?: boolean;
  /** The ratio stated by the court for this period, which then wins over the computed rule. */
  courtRatio?: CreditRatio;
  /**
   * Regime and articles that govern this period's credit when they differ from the
   * final sentence's (e.g. custody in another case joined under CC art. 69 part 5).
   */
  regime?: Regime;
  articles?: ArticleRef[];
  note?: string;
}

/**
 * Kinds of court decision in a sentence's history. `first_instance` is the verdict itself (the Sentence's
 * own fields); the others are later decisions, applied in date order (see sentence.ts):
 * - appeal, cassation, supervisory, resentencing, other: each field given replaces the previous one;
 *   `outcome: "quashed"` sets the sentence aside (a later `new_sentence` must follow);
 * - new_sentence: a new verdict (retrial, or a new case tried while serving) — replaces the sentence;
 * - combined: a final sentence under CC art. 69 part 5 or art. 70 (`combinedUnder`);
 * - regime_change: a later change of the type of institution (PEC art. 78), credit stays as sentenced;
 * - parole_granted, pardon, amnesty: release on `releasedOn` (or a shorter `term`);
 * - parole_refused: no effect on the dates; a new application is possible after six months (PEC art. 175).
 */
export const CHANGE_STAGES = [
  "first_instance",
  "appeal",
  "cassation",
  "supervisory",
  "resentencing",
  "new_sentence",
  "combined",
  "regime_change",
  "parole_granted",
  "parole_refused",
  "pardon",
  "amnesty",
  "other",
] as const;
export type ChangeStage = (typeof CHANGE_STAGES)[number];

export const DECISION_OUTCOMES = ["upheld", "changed", "quashed"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A later court decision in the sentence's history, with its effect (each field given replaces the previous one). */
export interface SentenceChange {
  date: IsoDate;
  stage: ChangeStage;
  /** Appeal, cassation, supervisory review: upheld, changed (the default when fields are given) or quashed. */
  outcome?: DecisionOutcome;
  term?: Term;
  regime?: Regime;
  articles?: ArticleRef[];
  /** New date from which the term is counted (e.g. the day of the appeal ruling). */
  termStart?: IsoDate;
  /** `combined` only: CC art. 69 part 5 (time served under the earlier sentence counts) or art. 70. */
  combinedUnder?: "69.5" | "70";
  /** parole_granted, pardon, amnesty: the day the person was (or is to be) released. */
  releasedOn?: IsoDate;
  /** Not yet in force (e.g. an appeal is pending): shown in the chain, not applied. */
  pending?: boolean;
  note?: string;
}

/**
 * Bases for CC art. 72 part 3.3 (custody counted one day for one day):
 * transfer under CC art. 58 part 3, parole revoked under art. 79 part 7(c), art. 80.
 */
export type Part33Basis = "art58_part3" | "art79_part7c" | "art80";

export interface Sentence {
  /** Date of the first-instance verdict. */
  verdictDate: IsoDate;
  /** Date from which the term is counted (usually the day the verdict entered into force). */
  termStart: IsoDate;
  term: Term;
  regime: Regime;
  articles: ArticleRef[];
  /** Especially dangerous recidivism (CC art. 18 part 3) found by the court. */
  especiallyDangerousRecidivism?: boolean;
  /** Changes on appeal, cassation etc.; applied in date order. */
  changes?: SentenceChange[];
  /** Case of CC art. 72 part 3.3, if any (forces 1:1). */
  part33?: Part33Basis;
  /**
   * The regime was changed later by a court (PEC art. 78 / CC art. 58 part 4). The credit
   * stays computed on the regime of the sentence; recorded for the working.
   */
  regimeChangedLater?: { date: IsoDate; to: Regime };
  /** Parole was granted earlier and revoked under art. 79 part 7 (art. 79 part 3(c): 2/3). */
  paroleRevokedBefore?: boolean;
  /** Day the crime was committed (the latest, with several): decides whether it was committed under 18. */
  offenceDate?: IsoDate;
  /** Explicit parole fraction (e.g. 4/5 for crimes against children under 14), overriding the computed one. */
  paroleFractionOverride?: { num: number; den: number; reason: string };
}

export interface ReleaseInput {
  sentence: Sentence;
  custody: CustodyPeriod[];
  /**
   * Day of detention in this case. Used only when no custody period is recorded: the person is then
   * taken to have been in a SIZO from that day until the term started, with a warning.
   */
  detentionDate?: IsoDate;
  /** The convict's birth date (or only the year), for the rules on minors (CC arts. 87, 93). */
  person?: { birthDate?: IsoDate; birthYear?: number };
  /** Reference date for "remaining days" (defaults to none). */
  asOf?: IsoDate;
}

export type RuleSource = "RU_CC" | "RU_PEC" | "RU_CPC" | "RU_LC" | "PRACTICE" | "CONVENTION";

/** A reference to the rule behind a number, for the working and the docs. */
export interface RuleRef {
  id: string;
  source: RuleSource;
  article?: string;
  part?: string;
  item?: string;
  /** Amending law, e.g. "No. 186-FZ of 3 July 2018". */
  law?: string;
  inForce?: IsoDate;
  summary: string;
}

export type Gravity = "small" | "medium" | "grave" | "especially_grave";

export interface CreditLine {
  kind: CustodyKind;
  from: IsoDate;
  to: IsoDate;
  days: number;
  /** Sentence days per custody day, as a ratio label, e.g. "× 1.5" or "÷ 2". */
  ratio: CreditRatio;
  /** Exact credit in days (may end in .5). */
  credit: number;
  rule: RuleRef;
  text: string;
  /** `text` as a message code (release.credit.*) and its parameters, for translation. */
  code: "release.credit.court" | "release.credit.servedEarlier" | "release.credit.sizo" | "release.credit.houseArrestBefore2018" | "release.credit.houseArrest" | "release.credit.banNoLeaving" | "release.credit.ban";
  params: Record<string, ParamValue>;
}

export interface ParoleResult {
  fraction: { num: number; den: number };
  gravity: Gravity | "unknown";
  rule: RuleRef;
  /** Days of the term that must actually be served (credit counts as served). */
  requiredDays: number;
  /** First day on which the required part has been served in full. */
  eligibleFrom: IsoDate;
  /** True when eligibility would come only after the release date. */
  afterRelease: boolean;
  /** The parole line of the working (code, parameters and English text). */
  line: ExplainedLine;
}

/** One decision of the sentence's history, as the working followed it. */
export interface ChainEntry {
  date: IsoDate;
  stage: ChangeStage;
  /** False for a pending decision or one made ineffective by a later decision. */
  applied: boolean;
  line: ExplainedLine;
}

/** Whether the crime was committed under 18 (CC art. 87), and how that was established. */
export interface MinorFinding {
  minor: boolean | "unknown";
  /** The day after the 18th birthday: a crime committed before it was committed as a minor. */
  adultFrom?: IsoDate;
  /** "offence": from the offence date; "earliest": from a date the offence cannot be later than. */
  basis: "offence" | "earliest" | "none";
}

export interface ReleaseResult {
  termStart: IsoDate;
  term: Term;
  regime: Regime;
  articles: ArticleRef[];
  /** Last day of the term without any credit. */
  termLastDay: IsoDate;
  /** Whole days of credit applied (fractions rounded down, see docs). */
  creditDays: number;
  /** Exact credit, which may include a half day. */
  creditExact: number;
  credits: CreditLine[];
  /** Last day of the term after credit. */
  lastDay: IsoDate;
  /** Release date after PEC art. 173 (preceding working day). */
  releaseDate: IsoDate;
  /** True when the credit covers the whole term. */
  servedByCredit: boolean;
  /** True when the working-day calendar of the release year is only estimated. */
  calendarEstimated: boolean;
  parole: ParoleResult | null;
  /** The decisions of the sentence's history, oldest first, the first-instance verdict included. */
  chain: ChainEntry[];
  /** Released before the end of the term by the latest effective decision (parole, pardon, amnesty). */
  releasedEarly: { date: IsoDate; stage: ChangeStage } | null;
  minor: MinorFinding;
  /** Days from `asOf` to the release date (negative when already past). */
  remainingDays?: number;
  /** One line: "4 y 6 m from 2023-04-15 minus 294 days credit → last day 2026-12-24, release 2026-12-24". */
  summary: string;
  working: string[];
  rulesApplied: RuleRef[];
  warnings: string[];
  /** `summary`, `working` and `warnings` as message codes with parameters (same order, same English text). */
  summaryLine: ExplainedLine;
  workingLines: ExplainedLine[];
  warningLines: ExplainedLine[];
}
