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
import { KIND_TEXT, RATIO_TEXT, fmtDays, ruleCite } from "./format.js";
import { effectiveSentence, validateDate } from "./sentence.js";
import { creditsFor, normaliseCustody, sizoRule } from "./credit.js";
import { paroleFor } from "./parole.js";
import { minorFinding } from "./minors.js";
import { ReleaseInputError } from "./sentence.js";
import type { CreditLine } from "./types.js";
import { citation } from "./explain.js";
import { HOLIDAY_IDS, Lines, releaseLine, releaseMsg, type ExplainedMessage } from "./explain.js";
import { FIXED_HOLIDAYS } from "./holidays.js";
import { isoWeekday } from "./dates.js";

export function computeReleaseDate(input: ReleaseInput): ReleaseResult {
  const working = new Lines();
  const warnings = new Lines();
  const used: RuleRef[] = [];
  const s = input.sentence;
  if (input.asOf !== undefined) validateDate("asOf", input.asOf);

  const history = effectiveSentence(s, working, warnings);
  const eff = history.eff;
  const termLast = computeTermLastDay(eff.termStart, eff.term);
  const termDays = inclusiveDays(eff.termStart, termLast);
  used.push(RULES.term, RULES.dayCounting);
  working.add(
    "release.term",
    { term: eff.term, start: eff.termStart, days: termDays, lastDay: termLast },
    `${formatTerm(eff.term)} from ${eff.termStart} (inclusive) = ${termDays} days, last day ${termLast}.`,
  );

  const sizo = sizoRule(s, eff, warnings);
  const changedLater = history.regimeChangedLater;
  if (changedLater) {
    validateDate("sentence.regimeChangedLater.date", changedLater.date);
    working.add(
      "release.regimeChanged",
      { date: changedLater.date, to: changedLater.to, regime: eff.regime },
      `Regime changed on ${changedLater.date} to ${REGIME_LABELS[changedLater.to]}: the credit stays computed on the sentence's ${REGIME_LABELS[eff.regime]} (art. 72 part 3.3 only if the ruling says so).`,
    );
    if (!s.part33) {
      warnings.add(
        "release.warn.regimeChanged",
        {},
        "The regime was changed later: check whether the ruling applied art. 72 part 3.3 (one day for one day); if so, record part33 or a court ratio.",
      );
    }
  }
  // Pre-trial custody ends where the first sentence began (with art. 69 part 5, the earlier sentence's start).
  const custodyEnd = history.servedEarlier?.from ?? eff.termStart;
  let custody = input.custody;
  if (custody.length === 0 && input.detentionDate !== undefined) {
    validateDate("detentionDate", input.detentionDate);
    // A detention date alone: assume SIZO until the term started rather than crediting nothing.
    custody = [{ kind: "sizo", from: input.detentionDate }];
    used.push(RULES.detentionInferred);
    const until = addDays(custodyEnd, -1);
    warnings.add(
      "release.warn.detentionInferred",
      { from: input.detentionDate, until },
      `No custody periods recorded: SIZO from the detention date ${input.detentionDate} to ${until} is assumed. House arrest, a ban on actions or release on bail in between would change the credit — record the periods.`,
    );
  }
  const periods = normaliseCustody(custody, custodyEnd, warnings);
  const lines = creditsFor(s, eff, periods, sizo, warnings, used);
  if (history.servedEarlier) lines.unshift(servedEarlierLine(history.servedEarlier, periods, used));
  if (history.cumulative70) used.push(RULES.combined70);
  for (const l of lines) working.push({ code: l.code, params: l.params, text: l.text + "." });
  const totalQuarters = lines.reduce((acc, l) => acc + l.quarters, 0);
  const creditDays = Math.floor(totalQuarters / 4);
  const creditExact = totalQuarters / 4;
  if (lines.length > 1 || creditExact !== creditDays) {
    let t = `Credit total ${fmtDays(totalQuarters)} days`;
    if (creditExact !== creditDays) {
      t += ` → ${creditDays} whole days (fraction not counted)`;
      used.push(RULES.creditRounding);
      working.add("release.creditTotalRounded", { total: creditExact, days: creditDays }, t + ".");
    } else working.add("release.creditTotal", { total: creditExact }, t + ".");
  }
  if (lines.length === 0) working.add("release.noCredit", {}, "No pre-trial custody to credit.");

  let lastDay = addDays(termLast, -creditDays);
  let releaseDate: IsoDate;
  let servedByCredit = false;
  let calendarEstimated = false;
  if (creditDays > 0) working.add("release.lastDayLessCredit", { termLastDay: termLast, days: creditDays, lastDay }, `Last day ${termLast} − ${creditDays} days credit = ${lastDay}.`);
  if (compareIso(lastDay, eff.termStart) < 0) {
    servedByCredit = true;
    releaseDate = eff.termStart;
    lastDay = addDays(eff.termStart, -1);
    working.add("release.servedByCredit", { date: eff.termStart }, `The credit covers the whole term: release is due when the sentence takes effect (${eff.termStart}).`);
    warnings.add("release.warn.servedByCredit", {}, "Term served by credit: release is due immediately (usually in the courtroom).");
  } else {
    const shift = onOrBeforeWorkingDay(lastDay);
    releaseDate = shift.date;
    calendarEstimated = shift.estimated;
    if (shift.skipped.length) {
      used.push(RULES.pec173, RULES.lc112);
      working.add(
        "release.dayOff",
        { lastDay, skipped: shift.skipped.map((d) => skippedMsg(d.date)), releaseDate },
        `${lastDay} is not a working day (${shift.skipped.map((d) => `${d.date}: ${d.reason}`).join("; ")}); release on the preceding working day ${releaseDate} (PEC art. 173 part 2).`,
      );
    } else {
      working.add("release.workingDay", { lastDay, releaseDate }, `${lastDay} is a working day: release on ${releaseDate} (PEC art. 173).`);
    }
    if (calendarEstimated) {
      const years = shift.estimatedYears.join(", ");
      warnings.add("release.warn.calendarEstimated", { year: years }, `The working-day calendar for ${years} is estimated (January transfers unknown); the release day may move.`);
    }
  }

  const minor = minorFinding(input, eff, working, warnings, used);
  const parole = servedByCredit ? null : paroleFor(s, eff, termDays, creditDays, lastDay, working, warnings, used, minor.minor === true);
  if (history.releasedEarly) {
    const r = history.releasedEarly;
    working.add("release.releasedEarly", { stage: r.stage, date: r.date, releaseDate }, `Released on ${r.date} (${r.stage}), before the end of the term (release would have been ${releaseDate}).`);
  }

  let remainingDays: number | undefined;
  if (input.asOf) {
    remainingDays = diffDays(input.asOf, releaseDate);
    const text = `As of ${input.asOf}: ${remainingDays >= 0 ? `${remainingDays} days to release` : `release date passed ${-remainingDays} days ago`}.`;
    if (remainingDays >= 0) working.add("release.asOf.remaining", { asOf: input.asOf, days: remainingDays }, text);
    else working.add("release.asOf.passed", { asOf: input.asOf, days: -remainingDays }, text);
  }

  const summary =
    `${formatTerm(eff.term)} from ${eff.termStart}` +
    (creditDays ? ` minus ${creditDays} days credit (${lines.map((l) => `${KIND_TEXT[l.kind]} ${RATIO_TEXT[l.ratio]}`).filter((v, i, a) => a.indexOf(v) === i).join(", ")})` : "") +
    (servedByCredit ? ` → served by credit, release ${releaseDate}` : ` → last day ${lastDay}, release ${releaseDate}`) +
    (parole && !parole.afterRelease ? `; parole possible from ${parole.eligibleFrom}` : "");

  const kinds: ExplainedMessage[] = [];
  const kindSeen = new Set<string>();
  for (const l of lines) {
    const k = `${l.kind} ${l.ratio}`;
    if (!kindSeen.has(k)) kinds.push(releaseMsg("release.summary.creditKind", { kind: l.kind, ratio: l.ratio })), kindSeen.add(k);
  }
  const summaryLine = releaseLine(
    "release.summary",
    {
      term: eff.term,
      start: eff.termStart,
      credit: creditDays ? [releaseMsg("release.summary.credit", { days: creditDays, kinds })] : [],
      outcome: servedByCredit ? releaseMsg("release.summary.served", { date: releaseDate }) : releaseMsg("release.summary.release", { lastDay, releaseDate }),
      parole: parole && !parole.afterRelease ? [releaseMsg("release.summary.parole", { date: parole.eligibleFrom })] : [],
    },
    summary,
  );

  const seen = new Set<string>();
  const rulesApplied = used.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const warningLines = warnings.distinct();
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
    chain: history.chain,
    releasedEarly: history.releasedEarly,
    minor,
    summary,
    working: working.texts,
    rulesApplied,
    warnings: warningLines.map((l) => l.text),
    summaryLine,
    workingLines: working.lines,
    warningLines,
  };
  if (remainingDays !== undefined) result.remainingDays = remainingDays;
  return result;
}

/** Why a day before the release was skipped (release.skipped.*), as describeDay in holidays.ts decides it. */
function skippedMsg(date: string): ExplainedMessage {
  const weekday = isoWeekday(date);
  const name = FIXED_HOLIDAYS.find((h) => h.md === date.slice(5))?.name;
  const holiday = name ? (HOLIDAY_IDS[name] ?? name) : undefined;
  if (weekday >= 6) return holiday ? releaseMsg("release.skipped.weekendHoliday", { date, weekday, holiday }) : releaseMsg("release.skipped.weekend", { date, weekday });
  return holiday ? releaseMsg("release.skipped.holiday", { date, holiday }) : releaseMsg("release.skipped.transferred", { date });
}

/** CC art. 69 part 5: the time served under the earlier sentence counts day for day into the final one. */
function servedEarlierLine(p: { from: IsoDate; to: IsoDate }, periods: ReadonlyArray<{ from: IsoDate; to: IsoDate }>, used: RuleRef[]): CreditLine & { quarters: number } {
  for (const c of periods) {
    if (compareIso(c.from, p.to) <= 0 && compareIso(p.from, c.to) <= 0) {
      throw new ReleaseInputError(`custody ${c.from}..${c.to} overlaps the time served under the earlier sentence (${p.from}..${p.to}), which CC art. 69 part 5 already counts: record only custody outside it`);
    }
  }
  used.push(RULES.combined69_5);
  const days = inclusiveDays(p.from, p.to);
  const text = `Served under the earlier sentence ${p.from}..${p.to} (${days} days) × 1 = ${days} days credit (${ruleCite(RULES.combined69_5)})`;
  return {
    kind: "sizo",
    from: p.from,
    to: p.to,
    days,
    ratio: "1:1",
    credit: days,
    rule: RULES.combined69_5,
    text,
    code: "release.credit.servedEarlier",
    params: { from: p.from, to: p.to, days, credit: days, rule: citation(RULES.combined69_5) },
    quarters: days * 4,
  };
}
