/**
 * Expected release date and earliest parole date for a sentence of deprivation of
 * liberty, with the working shown step by step. Pure: no I/O, no clock (pass `asOf`).
 *
 * Every number cites a rule from ./rules.ts; docs/release-dates.md explains each.
 */
import {
  addDays,
  addYearsMonthsExclusive,
  compareIso,
  formatTerm,
  inclusiveDays,
  isIsoDate,
  diffDays,
  maxIso,
  termIsValid,
  termLastDay as computeTermLastDay,
  type IsoDate,
  type Term,
} from "./dates.js";
import { onOrBeforeWorkingDay } from "./holidays.js";
import {
  CC72_PART32,
  CC72_PART32_UNVERIFIED,
  CC79_ITEM_C,
  CC79_ITEM_D,
  CC79_ITEM_D_DRUGS_IF_ESPECIALLY_GRAVE,
  findInList,
  gravityOf,
  moreSevere,
} from "./articles.js";
import { HOUSE_ARREST_2_1_FROM, BAN_ON_ACTIONS_FROM, RULES } from "./rules.js";
import {
  REGIME_LABELS,
  formatArticle,
  type ArticleRef,
  type CreditLine,
  type CreditRatio,
  type CustodyPeriod,
  type Gravity,
  type ParoleResult,
  type Regime,
  type ReleaseInput,
  type ReleaseResult,
  type RuleRef,
  type Sentence,
} from "./types.js";

export class ReleaseInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReleaseInputError";
  }
}

/** Quarter-days of sentence credited per custody day for each ratio (keeps all arithmetic integral). */
const QUARTERS_PER_DAY: Readonly<Record<CreditRatio, number>> = {
  "1:1": 4,
  "1:1.5": 6,
  "1:2": 8,
  "2:1": 2,
};

const RATIO_TEXT: Readonly<Record<CreditRatio, string>> = {
  "1:1": "× 1",
  "1:1.5": "× 1.5",
  "1:2": "× 2",
  "2:1": "÷ 2",
};

const KIND_TEXT: Readonly<Record<CustodyPeriod["kind"], string>> = {
  sizo: "SIZO",
  house_arrest: "House arrest",
  ban_on_actions: "Ban on actions",
};

function fmtDays(quarters: number): string {
  const d = quarters / 4;
  return Number.isInteger(d) ? String(d) : d.toFixed(2).replace(/0$/, "");
}

/** Short citation, e.g. "art. 72 part 3.1(b)", "PEC art. 173 part 2", "CPC art. 109 part 10 item 1.1". */
export function ruleCite(r: RuleRef): string {
  const prefix = { RU_CC: "", RU_PEC: "PEC ", RU_CPC: "CPC ", RU_LC: "Labour Code ", PRACTICE: "", CONVENTION: "" }[r.source];
  if (!r.article) return r.source === "PRACTICE" ? "as stated by the court" : "convention, see docs";
  let s = `${prefix}art. ${r.article}`;
  if (r.part) s += ` part ${r.part}`;
  if (r.item) s += r.source === "RU_CC" ? `(${r.item})` : ` item ${r.item}`;
  return s;
}

interface EffectiveSentence {
  termStart: IsoDate;
  term: Term;
  regime: Regime;
  articles: ArticleRef[];
}

function validateDate(label: string, value: string | undefined): void {
  if (value === undefined || !isIsoDate(value)) throw new ReleaseInputError(`${label}: not a valid date (YYYY-MM-DD): ${String(value)}`);
}

function effectiveSentence(s: Sentence, working: string[]): EffectiveSentence {
  validateDate("sentence.verdictDate", s.verdictDate);
  validateDate("sentence.termStart", s.termStart);
  if (!termIsValid(s.term)) throw new ReleaseInputError("sentence.term: years, months, days must be non-negative integers, not all zero");
  const eff: EffectiveSentence = { termStart: s.termStart, term: s.term, regime: s.regime, articles: s.articles };
  const arts = (a: ArticleRef[]) => (a.length ? a.map(formatArticle).join(", ") : "articles not given");
  working.push(
    `Verdict ${s.verdictDate}: ${formatTerm(s.term)}, ${REGIME_LABELS[s.regime]}, ${arts(s.articles)}; term counted from ${s.termStart}.`,
  );
  const changes = [...(s.changes ?? [])].sort((a, b) => compareIso(a.date, b.date));
  for (const c of changes) {
    validateDate(`sentence.changes[${c.stage}].date`, c.date);
    if (c.termStart !== undefined) validateDate(`sentence.changes[${c.stage}].termStart`, c.termStart);
    if (c.term && !termIsValid(c.term)) throw new ReleaseInputError(`sentence.changes[${c.date}].term is not a valid term`);
    const what: string[] = [];
    if (c.term) {
      what.push(`term ${formatTerm(eff.term)} → ${formatTerm(c.term)}`);
      eff.term = c.term;
    }
    if (c.regime) {
      what.push(`regime ${REGIME_LABELS[eff.regime]} → ${REGIME_LABELS[c.regime]}`);
      eff.regime = c.regime;
    }
    if (c.articles) {
      what.push(`articles → ${arts(c.articles)}`);
      eff.articles = c.articles;
    }
    if (c.termStart) {
      what.push(`term counted from ${c.termStart}`);
      eff.termStart = c.termStart;
    }
    working.push(`Changed on ${c.stage} ${c.date}: ${what.length ? what.join("; ") : "no change to term or regime"}${c.note ? ` (${c.note})` : ""}.`);
  }
  return eff;
}

interface SizoRule {
  ratio: CreditRatio;
  rule: RuleRef;
  why: string;
}

function sizoRule(s: Sentence, eff: EffectiveSentence, warnings: string[]): SizoRule {
  if (s.part33) {
    const basis = { art58_part3: "art. 58 part 3", art79_part7c: "art. 79 part 7(c)", art80: "art. 80" }[s.part33];
    return { ratio: "1:1", rule: RULES.cc72_3_3, why: `case of ${basis}` };
  }
  if (s.especiallyDangerousRecidivism) {
    return { ratio: "1:1", rule: RULES.cc72_3_2, why: "especially dangerous recidivism" };
  }
  const hits = findInList(CC72_PART32, eff.articles);
  const full = hits.filter((h) => !h.partUnknown);
  for (const h of hits.filter((x) => x.partUnknown)) {
    warnings.push(
      `${formatArticle(h.article)}: art. 72 part 3.2 covers only part(s) ${h.entry.parts?.join(", ")} of this article and the part is not given; 3.2 not applied.`,
    );
  }
  for (const h of findInList(CC72_PART32_UNVERIFIED, eff.articles)) {
    warnings.push(
      `${formatArticle(h.article)}: whether art. 72 part 3.2 (1:1) applies is not established here (${h.entry.note ?? "unverified"}); computed without it — check the verdict's wording.`,
    );
  }
  const first = full[0];
  if (first) {
    const medium = full.filter((h) => h.entry.confidence !== "high");
    if (medium.length === full.length) {
      warnings.push(
        `${full.map((h) => formatArticle(h.article)).join(", ")}: listed in art. 72 part 3.2 from our recollection of the text (medium confidence); check the verdict.`,
      );
    }
    const which = full.map((h) => formatArticle(h.article)).join(", ");
    return {
      ratio: "1:1",
      rule: RULES.cc72_3_2,
      why: `conviction under ${which}${eff.articles.length > full.length ? " (one listed crime in the set is enough)" : ""}`,
    };
  }
  switch (eff.regime) {
    case "general":
    case "educational":
      return { ratio: "1:1.5", rule: RULES.cc72_3_1_b, why: REGIME_LABELS[eff.regime] };
    case "colony_settlement":
      return { ratio: "1:2", rule: RULES.cc72_3_1_c, why: REGIME_LABELS[eff.regime] };
    case "strict":
    case "special":
    case "prison":
      return { ratio: "1:1", rule: RULES.cc72_3_1_a, why: REGIME_LABELS[eff.regime] };
  }
}

interface NormalisedPeriod extends CustodyPeriod {
  to: IsoDate;
}

function normaliseCustody(periods: readonly CustodyPeriod[], termStart: IsoDate, warnings: string[]): NormalisedPeriod[] {
  const out: NormalisedPeriod[] = [];
  periods.forEach((p, i) => {
    validateDate(`custody[${i}].from`, p.from);
    if (p.to !== undefined) validateDate(`custody[${i}].to`, p.to);
    let to = p.to ?? addDays(termStart, -1);
    if (compareIso(p.from, to) > 0) {
      throw new ReleaseInputError(`custody[${i}] (${p.kind}): from ${p.from} is after to ${to}`);
    }
    if (compareIso(to, termStart) >= 0) {
      const trimmed = addDays(termStart, -1);
      if (compareIso(p.from, trimmed) > 0) {
        warnings.push(`${KIND_TEXT[p.kind]} ${p.from}..${to} lies within the term itself (from ${termStart}); not credited again.`);
        return;
      }
      // Ending on the day the term starts is the usual way of writing "until the verdict took effect":
      // that day is a day of the term, so it is dropped without a warning.
      if (compareIso(to, termStart) > 0) {
        warnings.push(
          `${KIND_TEXT[p.kind]} ${p.from}..${to} runs into the term (from ${termStart}); credited only up to ${trimmed}, the term counts the rest.`,
        );
      }
      to = trimmed;
    }
    out.push({ ...p, to });
  });
  out.sort((a, b) => compareIso(a.from, b.from));
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    const cur = out[i]!;
    if (compareIso(cur.from, prev.to) <= 0) {
      throw new ReleaseInputError(
        `custody periods overlap: ${KIND_TEXT[prev.kind]} ${prev.from}..${prev.to} and ${KIND_TEXT[cur.kind]} ${cur.from}..${cur.to}`,
      );
    }
  }
  return out;
}

function creditLine(
  p: { kind: CustodyPeriod["kind"]; from: IsoDate; to: IsoDate },
  ratio: CreditRatio,
  quartersPerDay: number,
  rule: RuleRef,
  extra: string,
): CreditLine & { quarters: number } {
  const days = inclusiveDays(p.from, p.to);
  const quarters = days * quartersPerDay;
  const text = `${KIND_TEXT[p.kind]} ${p.from}..${p.to} (${days} days) ${extra} = ${fmtDays(quarters)} days credit (${ruleCite(rule)})`;
  return { kind: p.kind, from: p.from, to: p.to, days, ratio, credit: quarters / 4, rule, text, quarters };
}

function creditsFor(
  s: Sentence,
  eff: EffectiveSentence,
  periods: NormalisedPeriod[],
  sentenceSizo: SizoRule,
  warnings: string[],
  used: RuleRef[],
): Array<CreditLine & { quarters: number }> {
  const lines: Array<CreditLine & { quarters: number }> = [];
  for (const p of periods) {
    const sizo =
      p.regime || p.articles
        ? sizoRule(s, { ...eff, regime: p.regime ?? eff.regime, articles: p.articles ?? eff.articles }, warnings)
        : sentenceSizo;
    if (p.courtRatio) {
      const ratio = p.courtRatio;
      used.push(RULES.courtRatio);
      lines.push(creditLine(p, ratio, QUARTERS_PER_DAY[ratio], RULES.courtRatio, `${RATIO_TEXT[ratio]} as stated by the court`));
      continue;
    }
    switch (p.kind) {
      case "sizo": {
        used.push(sizo.rule);
        lines.push(creditLine(p, sizo.ratio, QUARTERS_PER_DAY[sizo.ratio], sizo.rule, `${RATIO_TEXT[sizo.ratio]} [${sizo.why}]`));
        if (compareIso(p.from, HOUSE_ARREST_2_1_FROM) < 0 && sizo.ratio !== "1:1") used.push(RULES.sizoRetroactive);
        break;
      }
      case "house_arrest": {
        // Split at 14 July 2018: before, 1:1 (the 2:1 rule is not retroactive); from then, 2:1.
        if (compareIso(p.from, HOUSE_ARREST_2_1_FROM) < 0) {
          const beforeTo = compareIso(p.to, HOUSE_ARREST_2_1_FROM) < 0 ? p.to : addDays(HOUSE_ARREST_2_1_FROM, -1);
          used.push(RULES.houseArrestBefore2018);
          lines.push(creditLine({ ...p, to: beforeTo }, "1:1", QUARTERS_PER_DAY["1:1"], RULES.houseArrestBefore2018, "× 1 [before 14 Jul 2018]"));
          if (compareIso(p.to, HOUSE_ARREST_2_1_FROM) >= 0) {
            used.push(RULES.cc72_3_4);
            lines.push(creditLine({ ...p, from: HOUSE_ARREST_2_1_FROM }, "2:1", QUARTERS_PER_DAY["2:1"], RULES.cc72_3_4, "÷ 2"));
          }
        } else {
          used.push(RULES.cc72_3_4);
          lines.push(creditLine(p, "2:1", QUARTERS_PER_DAY["2:1"], RULES.cc72_3_4, "÷ 2"));
        }
        break;
      }
      case "ban_on_actions": {
        if (compareIso(p.from, BAN_ON_ACTIONS_FROM) < 0) {
          warnings.push(`Ban on actions from ${p.from}: the measure exists only since No. 72-FZ of 18 April 2018; check the dates.`);
        }
        if (p.banOnLeavingHome === false) {
          lines.push({ ...creditLine(p, "2:1", 0, RULES.banOnActions, "× 0 [no ban on leaving the dwelling]"), credit: 0 });
          used.push(RULES.banOnActions);
          break;
        }
        // 2 days of ban = 1 day of custody, then custody × the SIZO ratio.
        used.push(RULES.banOnActions, sizo.rule);
        const qpd = QUARTERS_PER_DAY[sizo.ratio] / 2;
        lines.push(
          creditLine(p, sizo.ratio, qpd, RULES.banOnActions, `÷ 2 = custody, then ${RATIO_TEXT[sizo.ratio]} (${ruleCite(sizo.rule)})`),
        );
        break;
      }
    }
  }
  return lines;
}

function paroleFor(
  s: Sentence,
  eff: EffectiveSentence,
  termDays: number,
  creditDays: number,
  lastDay: IsoDate,
  working: string[],
  warnings: string[],
  used: RuleRef[],
): ParoleResult | null {
  let num: number;
  let den: number;
  let rule: RuleRef;
  let gravity: Gravity | "unknown" = "unknown";
  const why: string[] = [];

  const gravities = eff.articles.filter((a) => a.code === "RU_CC").map((a) => gravityOf(a));
  for (const g of gravities) why.push(g.text);
  const known = gravities.filter((g) => g.gravity !== "unknown").map((g) => g.gravity as Gravity);
  const anyUnknown = gravities.length === 0 || gravities.some((g) => g.gravity === "unknown");
  if (known.length) gravity = known.reduce(moreSevere);

  if (s.paroleFractionOverride) {
    ({ num, den } = s.paroleFractionOverride);
    rule = RULES.paroleOverride;
    why.push(`fraction given: ${s.paroleFractionOverride.reason}`);
  } else {
    const dHits = findInList(CC79_ITEM_D, eff.articles).filter((h) => !h.partUnknown);
    const drugHit = eff.articles.some(
      (a) => a.code === "RU_CC" && CC79_ITEM_D_DRUGS_IF_ESPECIALLY_GRAVE.includes(a.article) && gravityOf(a).gravity === "especially_grave",
    );
    const cHits = findInList(CC79_ITEM_C, eff.articles).filter((h) => !h.partUnknown);
    if (dHits.length || drugHit) {
      num = 3;
      den = 4;
      rule = RULES.parole_d;
      if (dHits.length) {
        why.push(`listed in art. 79 part 3(d): ${dHits.map((h) => formatArticle(h.article)).join(", ")}`);
        if (dHits.every((h) => h.entry.confidence !== "high")) {
          warnings.push(
            `Parole fraction 3/4 rests on ${dHits.map((h) => formatArticle(h.article)).join(", ")} being in art. 79 part 3(d) (medium confidence${dHits[0]?.entry.note ? `: ${dHits[0].entry.note}` : ""}); check.`,
          );
        }
      } else {
        why.push("especially grave drug crime: art. 79 part 3(d)");
      }
    } else if (gravity === "especially_grave" || cHits.length || s.paroleRevokedBefore) {
      num = 2;
      den = 3;
      rule = RULES.parole_c;
      if (cHits.length) why.push(`listed in art. 79 part 3(c): ${cHits.map((h) => formatArticle(h.article)).join(", ")}`);
      if (s.paroleRevokedBefore) why.push("earlier parole revoked");
    } else if (anyUnknown) {
      num = 2;
      den = 3;
      rule = RULES.parole_c;
      warnings.push(
        "Gravity of at least one article is unknown: parole computed with 2/3 (as if especially grave), the most common strict bound; give maxPenaltyYears to refine.",
      );
      why.push("gravity unknown → conservative 2/3");
    } else if (gravity === "grave") {
      num = 1;
      den = 2;
      rule = RULES.parole_b;
    } else {
      num = 1;
      den = 3;
      rule = RULES.parole_a;
    }
  }
  used.push(RULES.gravity, rule, RULES.parole_min6m);
  const requiredDays = Math.ceil((termDays * num) / den);
  const effectiveStart = addDays(eff.termStart, -creditDays);
  let eligibleFrom = addDays(effectiveStart, requiredDays);
  const sixMonths = addYearsMonthsExclusive(effectiveStart, 0, 6);
  let minApplied = false;
  if (compareIso(eligibleFrom, sixMonths) < 0) {
    eligibleFrom = maxIso(eligibleFrom, sixMonths);
    minApplied = true;
  }
  const afterRelease = compareIso(eligibleFrom, lastDay) > 0;
  working.push(
    `Parole (${ruleCite(rule)}): ${num}/${den} of ${termDays} days = ${requiredDays} days to serve, counted from ${effectiveStart} (term start less credit) → eligible from ${eligibleFrom}` +
      (minApplied ? " (6-month minimum of art. 79 part 3)" : "") +
      (afterRelease ? "; that is after the release date, so parole is not available" : "") +
      `. Basis: ${why.join("; ")}.`,
  );
  return { fraction: { num, den }, gravity, rule, requiredDays, eligibleFrom, afterRelease };
}

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
