/** Input checks and the sentence as it stands after appeals and later changes. */
import { addDays, addYearsMonthsExclusive, compareIso, formatTerm, isIsoDate, termIsValid, type IsoDate, type Term } from "./dates.js";
import { REGIME_LABELS, formatArticle, type ArticleRef, type ChainEntry, type ChangeStage, type Regime, type Sentence } from "./types.js";
import { releaseLine, releaseMsg, type ExplainedMessage, type Lines } from "./explain.js";

export class ReleaseInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReleaseInputError";
  }
}

export interface EffectiveSentence {
  termStart: IsoDate;
  term: Term;
  regime: Regime;
  articles: ArticleRef[];
}

export function validateDate(label: string, value: string | undefined): void {
  if (value === undefined || !isIsoDate(value)) throw new ReleaseInputError(`${label}: not a valid date (YYYY-MM-DD): ${String(value)}`);
}

export interface SentenceHistory {
  eff: EffectiveSentence;
  chain: ChainEntry[];
  /** Latest regime change by a court after the sentence (decision or the case's own fields). */
  regimeChangedLater?: { date: IsoDate; to: Regime };
  /** Released before the end of the term by the latest effective decision. */
  releasedEarly: { date: IsoDate; stage: ChangeStage } | null;
  /** CC art. 69 part 5: time served under the earlier sentence, counted into the final one day for day. */
  servedEarlier?: { from: IsoDate; to: IsoDate };
  /** CC art. 70 was applied (nothing served earlier is credited again). */
  cumulative70: boolean;
}

const SENTENCING: ReadonlySet<ChangeStage> = new Set(["appeal", "cassation", "supervisory", "resentencing", "new_sentence", "combined", "pardon", "amnesty", "other"]);
const RELEASING: ReadonlySet<ChangeStage> = new Set(["parole_granted", "pardon", "amnesty"]);

/** The sentence as it stands after every decision in force, in date order, and the chain that led there. */
export function effectiveSentence(s: Sentence, working: Lines, warnings: Lines): SentenceHistory {
  validateDate("sentence.verdictDate", s.verdictDate);
  validateDate("sentence.termStart", s.termStart);
  if (!termIsValid(s.term)) throw new ReleaseInputError("sentence.term: years, months, days must be non-negative integers, not all zero");
  const eff: EffectiveSentence = { termStart: s.termStart, term: s.term, regime: s.regime, articles: s.articles };
  const arts = (a: ArticleRef[]) => (a.length ? a.map(formatArticle).join(", ") : "articles not given");
  const chain: ChainEntry[] = [];
  const verdict = releaseLine(
    "release.verdict",
    { date: s.verdictDate, term: s.term, regime: s.regime, articles: s.articles, start: s.termStart },
    `Verdict ${s.verdictDate}: ${formatTerm(s.term)}, ${REGIME_LABELS[s.regime]}, ${arts(s.articles)}; term counted from ${s.termStart}.`,
  );
  working.push(verdict);
  chain.push({ date: s.verdictDate, stage: "first_instance", applied: true, line: verdict });
  const out: SentenceHistory = { eff, chain, releasedEarly: null, cumulative70: false };
  if (s.regimeChangedLater) out.regimeChangedLater = s.regimeChangedLater;
  let quashed: { date: IsoDate; stage: ChangeStage } | null = null;

  const changes = [...(s.changes ?? [])].sort((a, b) => compareIso(a.date, b.date));
  for (const c of changes) {
    validateDate(`sentence.changes[${c.stage}].date`, c.date);
    if (c.termStart !== undefined) validateDate(`sentence.changes[${c.stage}].termStart`, c.termStart);
    if (c.releasedOn !== undefined) validateDate(`sentence.changes[${c.stage}].releasedOn`, c.releasedOn);
    if (c.term && !termIsValid(c.term)) throw new ReleaseInputError(`sentence.changes[${c.date}].term is not a valid term`);
    if (c.pending) {
      const line = releaseLine("release.changePending", { stage: c.stage, date: c.date }, `Decision (${c.stage}) of ${c.date} is not in force yet: not applied.`);
      working.push(line);
      warnings.add("release.warn.pending", { stage: c.stage, date: c.date }, `A decision (${c.stage}) of ${c.date} is not in force yet; the dates will change if it takes effect.`);
      chain.push({ date: c.date, stage: c.stage, applied: false, line });
      continue;
    }
    const what: string[] = [];
    const changed: ExplainedMessage[] = [];
    if (c.outcome === "quashed") {
      quashed = { date: c.date, stage: c.stage };
      what.push("sentence quashed");
      changed.push(releaseMsg("release.change.quashed", {}));
    } else if (c.outcome === "upheld") {
      what.push("upheld");
      changed.push(releaseMsg("release.change.upheld", {}));
    }
    if (SENTENCING.has(c.stage) && c.outcome !== "quashed" && c.outcome !== "upheld") {
      if (c.stage === "new_sentence" || c.stage === "combined" || c.stage === "resentencing") quashed = null;
      if (c.stage === "new_sentence" || c.stage === "combined") out.releasedEarly = null;
      const previousStart = eff.termStart;
      if (c.term) {
        what.push(`term ${formatTerm(eff.term)} → ${formatTerm(c.term)}`);
        changed.push(releaseMsg("release.change.term", { from: eff.term, to: c.term }));
        eff.term = c.term;
      }
      if (c.regime) {
        what.push(`regime ${REGIME_LABELS[eff.regime]} → ${REGIME_LABELS[c.regime]}`);
        changed.push(releaseMsg("release.change.regime", { from: eff.regime, to: c.regime }));
        eff.regime = c.regime;
      }
      if (c.articles) {
        what.push(`articles → ${arts(c.articles)}`);
        changed.push(releaseMsg("release.change.articles", { articles: c.articles }));
        eff.articles = c.articles;
      }
      if (c.termStart) {
        what.push(`term counted from ${c.termStart}`);
        changed.push(releaseMsg("release.change.termStart", { date: c.termStart }));
        eff.termStart = c.termStart;
      }
      if (c.stage === "combined") {
        if (c.combinedUnder === "70") {
          out.cumulative70 = true;
          out.servedEarlier = undefined;
          what.push("cumulative sentence under CC art. 70 (time served earlier not credited again)");
          changed.push(releaseMsg("release.change.combined70", {}));
        } else {
          what.push("final sentence under CC art. 69 part 5 (time served under the earlier sentence counts)");
          changed.push(releaseMsg("release.change.combined69", {}));
          if (compareIso(eff.termStart, previousStart) > 0) out.servedEarlier = { from: previousStart, to: addDays(eff.termStart, -1) };
        }
      }
    }
    if (c.stage === "regime_change" && c.regime) {
      what.push(`regime changed to ${REGIME_LABELS[c.regime]}`);
      changed.push(releaseMsg("release.change.regimeLater", { to: c.regime }));
      out.regimeChangedLater = { date: c.date, to: c.regime };
    }
    if (RELEASING.has(c.stage) && c.outcome !== "quashed") {
      if (c.releasedOn) {
        what.push(`released on ${c.releasedOn}`);
        changed.push(releaseMsg("release.change.released", { date: c.releasedOn }));
        out.releasedEarly = { date: c.releasedOn, stage: c.stage };
      } else if (c.stage === "parole_granted") {
        what.push(`released on ${c.date}`);
        changed.push(releaseMsg("release.change.released", { date: c.date }));
        out.releasedEarly = { date: c.date, stage: c.stage };
      }
    }
    if (c.stage === "parole_refused") {
      const next = addYearsMonthsExclusive(c.date, 0, 6);
      what.push(`parole refused; a new application from ${next} (PEC art. 175 part 10)`);
      changed.push(releaseMsg("release.change.paroleRefused", { next }));
    }
    if (!changed.length) changed.push(releaseMsg("release.change.none", {}));
    const text = `Changed on ${c.stage} ${c.date}: ${what.length ? what.join("; ") : "no change to term or regime"}${c.note ? ` (${c.note})` : ""}.`;
    const line = c.note
      ? releaseLine("release.changeNoted", { stage: c.stage, date: c.date, changes: changed, note: c.note }, text)
      : releaseLine("release.change", { stage: c.stage, date: c.date, changes: changed }, text);
    working.push(line);
    chain.push({ date: c.date, stage: c.stage, applied: true, line });
  }
  if (quashed) {
    throw new ReleaseInputError(`the sentence was quashed on ${quashed.date} (${quashed.stage}) and no new sentence is recorded: no release date until one is`);
  }
  return out;
}
