/** Earliest parole date (CC art. 79): the fraction by gravity or listed crime, the 6-month minimum. */
import { addDays, addYearsMonthsExclusive, compareIso, maxIso, type IsoDate } from "./dates.js";
import { CC79_ITEM_C, CC79_ITEM_D, CC79_ITEM_D_DRUGS_IF_ESPECIALLY_GRAVE, findInList, gravityOf, moreSevere } from "./articles.js";
import { RULES } from "./rules.js";
import { formatArticle, type Gravity, type ParoleResult, type RuleRef, type Sentence } from "./types.js";
import { ruleCite } from "./format.js";
import type { EffectiveSentence } from "./sentence.js";

export function paroleFor(
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
