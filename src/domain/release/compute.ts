/**
 * Expected release date and earliest parole date for a sentence of deprivation of
 * liberty, with the working shown step by step. Pure: no I/O, no clock (pass `asOf`).
 *
 * Every number cites a rule from ./rules.ts; docs/release-dates.md explains each.
 */
import { addDays, compareIso, formatTerm, inclusiveDays, diffDays, termLastDay as computeTermLastDay, type IsoDate } from "./dates.js";
import { onOrBeforeWorkingDay } from "./holidays.js";
import { RULES } from "./rules.js";
import { REGIME_LABELS, type ReleaseInput, type ReleaseResult, type RuleRef } from "./types.js";
import { KIND_TEXT, RATIO_TEXT, fmtDays } from "./format.js";
import { effectiveSentence, validateDate } from "./sentence.js";
import { creditsFor, normaliseCustody, sizoRule } from "./credit.js";
import { paroleFor } from "./parole.js";

export function computeReleaseDate(input: ReleaseInput): ReleaseResult {
  const working: string[] = [];
  const warnings: string[] = [];
  const used: RuleRef[] = [];
  const s = input.sentence;
  if (input.asOf !== undefined) validateDate("asOf", input.asOf);

  const eff = effectiveSentence(s, working);
  const termLast = computeTermLastDay(eff.termStart, eff.term);
  const termDays = inclusiveDays(eff.termStart, termLast);
  used.push(RULES.term, RULES.dayCounting);
  working.push(`${formatTerm(eff.term)} from ${eff.termStart} (inclusive) = ${termDays} days, last day ${termLast}.`);

  const sizo = sizoRule(s, eff, warnings);
  if (s.regimeChangedLater) {
    validateDate("sentence.regimeChangedLater.date", s.regimeChangedLater.date);
    working.push(
      `Regime changed on ${s.regimeChangedLater.date} to ${REGIME_LABELS[s.regimeChangedLater.to]}: the credit stays computed on the sentence's ${REGIME_LABELS[eff.regime]} (art. 72 part 3.3 only if the ruling says so).`,
    );
    if (!s.part33) {
      warnings.push(
        "The regime was changed later: check whether the ruling applied art. 72 part 3.3 (one day for one day); if so, record part33 or a court ratio.",
      );
    }
  }
  const periods = normaliseCustody(input.custody, eff.termStart, warnings);
  const lines = creditsFor(s, eff, periods, sizo, warnings, used);
  for (const l of lines) working.push(l.text + ".");
  const totalQuarters = lines.reduce((acc, l) => acc + l.quarters, 0);
  const creditDays = Math.floor(totalQuarters / 4);
  const creditExact = totalQuarters / 4;
  if (lines.length > 1 || creditExact !== creditDays) {
    let t = `Credit total ${fmtDays(totalQuarters)} days`;
    if (creditExact !== creditDays) {
      t += ` → ${creditDays} whole days (fraction not counted)`;
      used.push(RULES.creditRounding);
    }
    working.push(t + ".");
  }
  if (lines.length === 0) working.push("No pre-trial custody to credit.");

  let lastDay = addDays(termLast, -creditDays);
  let releaseDate: IsoDate;
  let servedByCredit = false;
  let calendarEstimated = false;
  if (creditDays > 0) working.push(`Last day ${termLast} − ${creditDays} days credit = ${lastDay}.`);
  if (compareIso(lastDay, eff.termStart) < 0) {
    servedByCredit = true;
    releaseDate = eff.termStart;
    lastDay = addDays(eff.termStart, -1);
    working.push(`The credit covers the whole term: release is due when the sentence takes effect (${eff.termStart}).`);
    warnings.push("Term served by credit: release is due immediately (usually in the courtroom).");
  } else {
    const shift = onOrBeforeWorkingDay(lastDay);
    releaseDate = shift.date;
    calendarEstimated = shift.estimated;
    if (shift.skipped.length) {
      used.push(RULES.pec173, RULES.lc112);
      working.push(
        `${lastDay} is not a working day (${shift.skipped.map((d) => `${d.date}: ${d.reason}`).join("; ")}); release on the preceding working day ${releaseDate} (PEC art. 173 part 2).`,
      );
    } else {
      working.push(`${lastDay} is a working day: release on ${releaseDate} (PEC art. 173).`);
    }
    if (calendarEstimated) {
      warnings.push(`The working-day calendar for ${releaseDate.slice(0, 4)} is estimated (January transfers unknown); the release day may move.`);
    }
  }

  const parole = servedByCredit ? null : paroleFor(s, eff, termDays, creditDays, lastDay, working, warnings, used);

  let remainingDays: number | undefined;
  if (input.asOf) {
    remainingDays = diffDays(input.asOf, releaseDate);
    working.push(`As of ${input.asOf}: ${remainingDays >= 0 ? `${remainingDays} days to release` : `release date passed ${-remainingDays} days ago`}.`);
  }

  const summary =
    `${formatTerm(eff.term)} from ${eff.termStart}` +
    (creditDays ? ` minus ${creditDays} days credit (${lines.map((l) => `${KIND_TEXT[l.kind]} ${RATIO_TEXT[l.ratio]}`).filter((v, i, a) => a.indexOf(v) === i).join(", ")})` : "") +
    (servedByCredit ? ` → served by credit, release ${releaseDate}` : ` → last day ${lastDay}, release ${releaseDate}`) +
    (parole && !parole.afterRelease ? `; parole possible from ${parole.eligibleFrom}` : "");

  const seen = new Set<string>();
  const rulesApplied = used.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const result: ReleaseResult = {
    termStart: eff.termStart,
    term: eff.term,
    regime: eff.regime,
    articles: eff.articles,
    termLastDay: termLast,
    creditDays,
    creditExact,
    credits: lines.map(({ quarters: _q, ...l }) => l),
    lastDay,
    releaseDate,
    servedByCredit,
    calendarEstimated,
    parole,
    summary,
    working,
    rulesApplied,
    warnings: [...new Set(warnings)],
  };
  if (remainingDays !== undefined) result.remainingDays = remainingDays;
  return result;
}
