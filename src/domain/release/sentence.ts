/** Input checks and the sentence as it stands after appeals and later changes. */
import { compareIso, formatTerm, isIsoDate, termIsValid, type IsoDate, type Term } from "./dates.js";
import { REGIME_LABELS, formatArticle, type ArticleRef, type Regime, type Sentence } from "./types.js";
import { releaseMsg, type ExplainedMessage, type Lines } from "./explain.js";

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

export function effectiveSentence(s: Sentence, working: Lines): EffectiveSentence {
  validateDate("sentence.verdictDate", s.verdictDate);
  validateDate("sentence.termStart", s.termStart);
  if (!termIsValid(s.term)) throw new ReleaseInputError("sentence.term: years, months, days must be non-negative integers, not all zero");
  const eff: EffectiveSentence = { termStart: s.termStart, term: s.term, regime: s.regime, articles: s.articles };
  const arts = (a: ArticleRef[]) => (a.length ? a.map(formatArticle).join(", ") : "articles not given");
  working.add(
    "release.verdict",
    { date: s.verdictDate, term: s.term, regime: s.regime, articles: s.articles, start: s.termStart },
    `Verdict ${s.verdictDate}: ${formatTerm(s.term)}, ${REGIME_LABELS[s.regime]}, ${arts(s.articles)}; term counted from ${s.termStart}.`,
  );
  const changes = [...(s.changes ?? [])].sort((a, b) => compareIso(a.date, b.date));
  for (const c of changes) {
    validateDate(`sentence.changes[${c.stage}].date`, c.date);
    if (c.termStart !== undefined) validateDate(`sentence.changes[${c.stage}].termStart`, c.termStart);
    if (c.term && !termIsValid(c.term)) throw new ReleaseInputError(`sentence.changes[${c.date}].term is not a valid term`);
    const what: string[] = [];
    const changed: ExplainedMessage[] = [];
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
    if (!changed.length) changed.push(releaseMsg("release.change.none", {}));
    const text = `Changed on ${c.stage} ${c.date}: ${what.length ? what.join("; ") : "no change to term or regime"}${c.note ? ` (${c.note})` : ""}.`;
    if (c.note) working.add("release.changeNoted", { stage: c.stage, date: c.date, changes: changed, note: c.note }, text);
    else working.add("release.change", { stage: c.stage, date: c.date, changes: changed }, text);
  }
  return eff;
}
