/**
 * Credit for time in custody before the sentence took effect (CC art. 72): the SIZO ratio for the
 * regime or the listed crime, house arrest, the ban on actions. Quarter-days keep the arithmetic integral.
 */
import { addDays, compareIso, inclusiveDays, type IsoDate } from "./dates.js";
import { CC72_PART32, CC72_PART32_UNVERIFIED, findInList } from "./articles.js";
import { HOUSE_ARREST_2_1_FROM, BAN_ON_ACTIONS_FROM, RULES } from "./rules.js";
import { REGIME_LABELS, formatArticle, type CreditLine, type CreditRatio, type CustodyPeriod, type RuleRef, type Sentence } from "./types.js";
import { KIND_TEXT, RATIO_TEXT, fmtDays, ruleCite } from "./format.js";
import { ReleaseInputError, validateDate, type EffectiveSentence } from "./sentence.js";
import { citation, listNoteId, releaseMsg, type ExplainedMessage, type Lines, type ParamValue } from "./explain.js";

/** Quarter-days of sentence credited per custody day for each ratio (keeps all arithmetic integral). */
const QUARTERS_PER_DAY: Readonly<Record<CreditRatio, number>> = {
  "1:1": 4,
  "1:1.5": 6,
  "1:2": 8,
  "2:1": 2,
};

export interface SizoRule {
  ratio: CreditRatio;
  rule: RuleRef;
  why: string;
  /** `why` as a message (release.basis.*). */
  basis: ExplainedMessage;
}

export function sizoRule(s: Sentence, eff: EffectiveSentence, warnings: Lines): SizoRule {
  if (s.part33) {
    const basis = { art58_part3: "art. 58 part 3", art79_part7c: "art. 79 part 7(c)", art80: "art. 80" }[s.part33];
    return { ratio: "1:1", rule: RULES.cc72_3_3, why: `case of ${basis}`, basis: releaseMsg(`release.basis.part33.${s.part33}`, {}) };
  }
  if (s.especiallyDangerousRecidivism) {
    return { ratio: "1:1", rule: RULES.cc72_3_2, why: "especially dangerous recidivism", basis: releaseMsg("release.basis.recidivism", {}) };
  }
  const hits = findInList(CC72_PART32, eff.articles);
  const full = hits.filter((h) => !h.partUnknown);
  for (const h of hits.filter((x) => x.partUnknown)) {
    warnings.add(
      "release.warn.part32PartUnknown",
      { article: h.article, parts: h.entry.parts?.join(", ") ?? "" },
      `${formatArticle(h.article)}: art. 72 part 3.2 covers only part(s) ${h.entry.parts?.join(", ")} of this article and the part is not given; 3.2 not applied.`,
    );
  }
  for (const h of findInList(CC72_PART32_UNVERIFIED, eff.articles)) {
    warnings.add(
      "release.warn.part32Unverified",
      { article: h.article, note: listNoteId(h.entry.note ?? "unverified") },
      `${formatArticle(h.article)}: whether art. 72 part 3.2 (1:1) applies is not established here (${h.entry.note ?? "unverified"}); computed without it — check the verdict's wording.`,
    );
  }
  const first = full[0];
  if (first) {
    const medium = full.filter((h) => h.entry.confidence !== "high");
    if (medium.length === full.length) {
      warnings.add(
        "release.warn.part32Medium",
        { articles: full.map((h) => h.article) },
        `${full.map((h) => formatArticle(h.article)).join(", ")}: listed in art. 72 part 3.2 from our recollection of the text (medium confidence); check the verdict.`,
      );
    }
    const which = full.map((h) => formatArticle(h.article)).join(", ");
    const inSet = eff.articles.length > full.length;
    return {
      ratio: "1:1",
      rule: RULES.cc72_3_2,
      why: `conviction under ${which}${inSet ? " (one listed crime in the set is enough)" : ""}`,
      basis: releaseMsg(inSet ? "release.basis.listedInSet" : "release.basis.listed", { articles: full.map((h) => h.article) }),
    };
  }
  switch (eff.regime) {
    case "general":
    case "educational":
      return { ratio: "1:1.5", rule: RULES.cc72_3_1_b, why: REGIME_LABELS[eff.regime], basis: releaseMsg("release.basis.regime", { regime: eff.regime }) };
    case "colony_settlement":
      return { ratio: "1:2", rule: RULES.cc72_3_1_c, why: REGIME_LABELS[eff.regime], basis: releaseMsg("release.basis.regime", { regime: eff.regime }) };
    case "strict":
    case "special":
    case "prison":
      return { ratio: "1:1", rule: RULES.cc72_3_1_a, why: REGIME_LABELS[eff.regime], basis: releaseMsg("release.basis.regime", { regime: eff.regime }) };
  }
}

interface NormalisedPeriod extends CustodyPeriod {
  to: IsoDate;
}

export function normaliseCustody(periods: readonly CustodyPeriod[], termStart: IsoDate, warnings: Lines): NormalisedPeriod[] {
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
        warnings.add("release.warn.withinTerm", { kind: p.kind, from: p.from, to, start: termStart }, `${KIND_TEXT[p.kind]} ${p.from}..${to} lies within the term itself (from ${termStart}); not credited again.`);
        return;
      }
      // Ending on the day the term starts is the usual way of writing "until the verdict took effect":
      // that day is a day of the term, so it is dropped without a warning.
      if (compareIso(to, termStart) > 0) {
        warnings.add(
          "release.warn.runsIntoTerm",
          { kind: p.kind, from: p.from, to, start: termStart, until: trimmed },
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

type CreditCode = Extract<CreditLine["code"], string>;

function creditLine(
  p: { kind: CustodyPeriod["kind"]; from: IsoDate; to: IsoDate },
  ratio: CreditRatio,
  quartersPerDay: number,
  rule: RuleRef,
  extra: string,
  code: CreditCode,
  extraParams: Record<string, ParamValue> = {},
): CreditLine & { quarters: number } {
  const days = inclusiveDays(p.from, p.to);
  const quarters = days * quartersPerDay;
  const text = `${KIND_TEXT[p.kind]} ${p.from}..${p.to} (${days} days) ${extra} = ${fmtDays(quarters)} days credit (${ruleCite(rule)})`;
  const params = { ...extraParams, from: p.from, to: p.to, days, credit: quarters / 4, rule: citation(rule) };
  return { kind: p.kind, from: p.from, to: p.to, days, ratio, credit: quarters / 4, rule, text, code, params, quarters };
}

export function creditsFor(
  s: Sentence,
  eff: EffectiveSentence,
  periods: NormalisedPeriod[],
  sentenceSizo: SizoRule,
  warnings: Lines,
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
      lines.push(creditLine(p, ratio, QUARTERS_PER_DAY[ratio], RULES.courtRatio, `${RATIO_TEXT[ratio]} as stated by the court`, "release.credit.court", { kind: p.kind, ratio }));
      continue;
    }
    switch (p.kind) {
      case "sizo": {
        used.push(sizo.rule);
        lines.push(creditLine(p, sizo.ratio, QUARTERS_PER_DAY[sizo.ratio], sizo.rule, `${RATIO_TEXT[sizo.ratio]} [${sizo.why}]`, "release.credit.sizo", { ratio: sizo.ratio, basis: sizo.basis }));
        if (compareIso(p.from, HOUSE_ARREST_2_1_FROM) < 0 && sizo.ratio !== "1:1") used.push(RULES.sizoRetroactive);
        break;
      }
      case "house_arrest": {
        // Split at 14 July 2018: before, 1:1 (the 2:1 rule is not retroactive); from then, 2:1.
        if (compareIso(p.from, HOUSE_ARREST_2_1_FROM) < 0) {
          const beforeTo = compareIso(p.to, HOUSE_ARREST_2_1_FROM) < 0 ? p.to : addDays(HOUSE_ARREST_2_1_FROM, -1);
          used.push(RULES.houseArrestBefore2018);
          lines.push(creditLine({ ...p, to: beforeTo }, "1:1", QUARTERS_PER_DAY["1:1"], RULES.houseArrestBefore2018, "× 1 [before 14 Jul 2018]", "release.credit.houseArrestBefore2018"));
          if (compareIso(p.to, HOUSE_ARREST_2_1_FROM) >= 0) {
            used.push(RULES.cc72_3_4);
            lines.push(creditLine({ ...p, from: HOUSE_ARREST_2_1_FROM }, "2:1", QUARTERS_PER_DAY["2:1"], RULES.cc72_3_4, "÷ 2", "release.credit.houseArrest"));
          }
        } else {
          used.push(RULES.cc72_3_4);
          lines.push(creditLine(p, "2:1", QUARTERS_PER_DAY["2:1"], RULES.cc72_3_4, "÷ 2", "release.credit.houseArrest"));
        }
        break;
      }
      case "ban_on_actions": {
        if (compareIso(p.from, BAN_ON_ACTIONS_FROM) < 0) {
          warnings.add("release.warn.banBefore2018", { from: p.from }, `Ban on actions from ${p.from}: the measure exists only since No. 72-FZ of 18 April 2018; check the dates.`);
        }
        if (p.banOnLeavingHome === false) {
          lines.push({ ...creditLine(p, "2:1", 0, RULES.banOnActions, "× 0 [no ban on leaving the dwelling]", "release.credit.banNoLeaving"), credit: 0 });
          used.push(RULES.banOnActions);
          break;
        }
        // 2 days of ban = 1 day of custody, then custody × the SIZO ratio.
        used.push(RULES.banOnActions, sizo.rule);
        const qpd = QUARTERS_PER_DAY[sizo.ratio] / 2;
        lines.push(
          creditLine(p, sizo.ratio, qpd, RULES.banOnActions, `÷ 2 = custody, then ${RATIO_TEXT[sizo.ratio]} (${ruleCite(sizo.rule)})`, "release.credit.ban", {
            ratio: sizo.ratio,
            sizoRule: citation(sizo.rule),
          }),
        );
        break;
      }
    }
  }
  return lines;
}
