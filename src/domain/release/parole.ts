/** Earliest parole date (CC art. 79): the fraction by gravity or listed crime, the 6-month minimum. */
import { addDays, addYearsMonthsExclusive, compareIso, maxIso, type IsoDate } from "./dates.js";
import { CC79_ITEM_C, CC79_ITEM_D, CC79_ITEM_D_DRUGS_IF_ESPECIALLY_GRAVE, findInList, gravityOf, moreSevere } from "./articles.js";
import { RULES } from "./rules.js";
import { formatArticle, type ArticleRef, type Gravity, type ParoleResult, type RuleRef, type Sentence } from "./types.js";
import { ruleCite } from "./format.js";
import type { EffectiveSentence } from "./sentence.js";
import { citation, listNoteId, releaseLine, releaseMsg, type ExplainedMessage, type Lines } from "./explain.js";
import type { GravityFinding } from "./articles.js";

/** A gravity finding of articles.ts as a message (release.gravity.*). */
function gravityMsg(a: ArticleRef, g: GravityFinding): ExplainedMessage {
  const article: ArticleRef = { code: a.code, article: a.article, ...(a.part ? { part: a.part } : {}) };
  if (g.gravity === "unknown") return releaseMsg(a.code !== "RU_CC" && a.maxPenaltyYears === undefined ? "release.gravity.notCriminalCode" : "release.gravity.unknown", { article });
  if (g.source === "max_penalty") {
    const max = a.maxPenaltyYears!;
    return max === "life" ? releaseMsg("release.gravity.givenLife", { article, gravity: g.gravity }) : releaseMsg("release.gravity.given", { article, max, gravity: g.gravity });
  }
  if (g.source === "table_most_severe_part") return releaseMsg("release.gravity.mostSeverePart", { article, gravity: g.gravity });
  const max = g.maxYears ?? "life";
  const confidence = g.confidence ?? "medium";
  return max === "life" ? releaseMsg("release.gravity.tableLife", { article, gravity: g.gravity, confidence }) : releaseMsg("release.gravity.table", { article, max, gravity: g.gravity, confidence });
}

export function paroleFor(
  s: Sentence,
  eff: EffectiveSentence,
  termDays: number,
  creditDays: number,
  lastDay: IsoDate,
  working: Lines,
  warnings: Lines,
  used: RuleRef[],
  minor = false,
): ParoleResult | null {
  let num: number;
  let den: number;
  let rule: RuleRef;
  let gravity: Gravity | "unknown" = "unknown";
  const why: string[] = [];
  const basis: ExplainedMessage[] = [];

  const cc = eff.articles.filter((a) => a.code === "RU_CC");
  const gravities = cc.map((a) => gravityOf(a));
  gravities.forEach((g, i) => {
    why.push(g.text);
    basis.push(gravityMsg(cc[i]!, g));
  });
  const known = gravities.filter((g) => g.gravity !== "unknown").map((g) => g.gravity as Gravity);
  const anyUnknown = gravities.length === 0 || gravities.some((g) => g.gravity === "unknown");
  if (known.length) gravity = known.reduce(moreSevere);

  if (s.paroleFractionOverride) {
    ({ num, den } = s.paroleFractionOverride);
    rule = RULES.paroleOverride;
    why.push(`fraction given: ${s.paroleFractionOverride.reason}`);
    basis.push(releaseMsg("release.paroleBasis.override", { reason: s.paroleFractionOverride.reason }));
  } else if (minor) {
    // CC art. 93 replaces art. 79 part 3 (its lists of crimes included) for a crime committed as a minor.
    if (gravity === "especially_grave" || anyUnknown) {
      num = 2;
      den = 3;
      rule = RULES.paroleMinor_b;
      if (anyUnknown && gravity !== "especially_grave") {
        warnings.add("release.warn.gravityUnknown", {}, "Gravity of at least one article is unknown: parole computed with 2/3 (as if especially grave), the most common strict bound; give maxPenaltyYears to refine.");
        basis.push(releaseMsg("release.paroleBasis.gravityUnknown", {}));
      }
    } else {
      num = 1;
      den = 3;
      rule = RULES.paroleMinor_a;
    }
    why.push("crime committed as a minor: CC art. 93");
    basis.push(releaseMsg("release.paroleBasis.minor", {}));
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
        basis.push(releaseMsg("release.paroleBasis.listedD", { articles: dHits.map((h) => h.article) }));
        if (dHits.every((h) => h.entry.confidence !== "high")) {
          const note = dHits[0]?.entry.note;
          const articles = dHits.map((h) => h.article);
          const text = `Parole fraction 3/4 rests on ${articles.map(formatArticle).join(", ")} being in art. 79 part 3(d) (medium confidence${note ? `: ${note}` : ""}); check.`;
          warnings.push(note ? releaseLine("release.warn.paroleMediumNoted", { articles, note: listNoteId(note) }, text) : releaseLine("release.warn.paroleMedium", { articles }, text));
        }
      } else {
        why.push("especially grave drug crime: art. 79 part 3(d)");
        basis.push(releaseMsg("release.paroleBasis.drugs", {}));
      }
    } else if (gravity === "especially_grave" || cHits.length || s.paroleRevokedBefore) {
      num = 2;
      den = 3;
      rule = RULES.parole_c;
      if (cHits.length) {
        why.push(`listed in art. 79 part 3(c): ${cHits.map((h) => formatArticle(h.article)).join(", ")}`);
        basis.push(releaseMsg("release.paroleBasis.listedC", { articles: cHits.map((h) => h.article) }));
      }
      if (s.paroleRevokedBefore) {
        why.push("earlier parole revoked");
        basis.push(releaseMsg("release.paroleBasis.revoked", {}));
      }
    } else if (anyUnknown) {
      num = 2;
      den = 3;
      rule = RULES.parole_c;
      warnings.add(
        "release.warn.gravityUnknown",
        {},
        "Gravity of at least one article is unknown: parole computed with 2/3 (as if especially grave), the most common strict bound; give maxPenaltyYears to refine.",
      );
      why.push("gravity unknown → conservative 2/3");
      basis.push(releaseMsg("release.paroleBasis.gravityUnknown", {}));
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
  const code = minApplied
    ? afterRelease
      ? "release.paroleMinimumAfterRelease"
      : "release.paroleMinimum"
    : afterRelease
      ? "release.paroleAfterRelease"
      : "release.parole";
  const line = releaseLine(
    code,
    { rule: citation(rule), num, den, termDays, requiredDays, start: effectiveStart, eligibleFrom, basis },
    `Parole (${ruleCite(rule)}): ${num}/${den} of ${termDays} days = ${requiredDays} days to serve, counted from ${effectiveStart} (term start less credit) → eligible from ${eligibleFrom}` +
      (minApplied ? " (6-month minimum of art. 79 part 4)" : "") +
      (afterRelease ? "; that is after the release date, so parole is not available" : "") +
      `. Basis: ${why.join("; ")}.`,
  );
  working.push(line);
  return { fraction: { num, den }, gravity, rule, requiredDays, eligibleFrom, afterRelease, line };
}
