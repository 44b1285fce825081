/**
 * The rules behind every number computed in this module. Each is cited in
 * docs/release-dates.md under the same id.
 */
import type { RuleRef } from "./types.js";

const L186 = "No. 186-FZ of 3 July 2018";
const L186_IN_FORCE = "2018-07-14";
const L72 = "No. 72-FZ of 18 April 2018";

function rule(r: RuleRef): RuleRef {
  return Object.freeze(r);
}

export const RULES = {
  term: rule({
    id: "cc72.1",
    source: "RU_CC",
    article: "72",
    part: "1",
    summary: "Deprivation of liberty is counted in months and years; on credit the term may be counted in days (art. 72 part 2).",
  }),
  dayCounting: rule({
    id: "convention.days",
    source: "CONVENTION",
    summary:
      "Term counted from its start day inclusive; months/years by calendar, ending the day before the corresponding date (or the last day of a month without one); custody periods inclusive of both ends.",
  }),
  cc72_3_1_a: rule({
    id: "cc72.3.1.a",
    source: "RU_CC",
    article: "72",
    part: "3.1",
    item: "a",
    law: L186,
    inForce: L186_IN_FORCE,
    summary: "One day of custody = one day in a prison or a strict- or special-regime colony.",
  }),
  cc72_3_1_b: rule({
    id: "cc72.3.1.b",
    source: "RU_CC",
    article: "72",
    part: "3.1",
    item: "b",
    law: L186,
    inForce: L186_IN_FORCE,
    summary: "One day of custody = one and a half days in an educational colony or a general-regime colony.",
  }),
  cc72_3_1_c: rule({
    id: "cc72.3.1.c",
    source: "RU_CC",
    article: "72",
    part: "3.1",
    item: "c",
    law: L186,
    inForce: L186_IN_FORCE,
    summary: "One day of custody = two days in a colony-settlement.",
  }),
  cc72_3_2: rule({
    id: "cc72.3.2",
    source: "RU_CC",
    article: "72",
    part: "3.2",
    law: L186,
    inForce: L186_IN_FORCE,
    summary:
      "One day for one day for especially dangerous recidivism and for convictions under the listed articles (205–205.5, 275, 276, 361 …), whatever the regime.",
  }),
  cc72_3_3: rule({
    id: "cc72.3.3",
    source: "RU_CC",
    article: "72",
    part: "3.3",
    law: L186,
    inForce: L186_IN_FORCE,
    summary:
      "One day for one day in the cases the part names (our reading, to verify: art. 79 part 7(c), art. 80, a change of the institution type under art. 58); forced with sentence.part33.",
  }),
  cc72_3_4: rule({
    id: "cc72.3.4",
    source: "RU_CC",
    article: "72",
    part: "3.4",
    law: L186,
    inForce: L186_IN_FORCE,
    summary: "Two days of house arrest = one day of custody or of deprivation of liberty.",
  }),
  houseArrestBefore2018: rule({
    id: "cc10.house-arrest-before-2018-07-14",
    source: "RU_CC",
    article: "10",
    summary:
      "House arrest served before 14 July 2018 is counted one day for one day: the 2:1 rule of art. 72 part 3.4 worsens the position and has no retroactive force (art. 10 part 1).",
  }),
  sizoRetroactive: rule({
    id: "cc10.sizo-retroactive",
    source: "RU_CC",
    article: "10",
    summary:
      "The coefficients of art. 72 part 3.1 improve the position and apply retroactively (art. 10 part 1), so custody before 14 July 2018 gets them too.",
  }),
  banOnActions: rule({
    id: "cpc109.10.1.1",
    source: "RU_CPC",
    article: "109",
    part: "10",
    item: "1.1",
    law: L72,
    summary:
      "Two days of a ban on leaving the dwelling (CPC art. 105.1 part 6 item 1) = one day of custody; that custody is then credited under art. 72 parts 3.1–3.3.",
  }),
  courtRatio: rule({
    id: "verdict.ratio",
    source: "PRACTICE",
    summary: "Ratio stated by the court in the verdict; the verdict prevails over a computation.",
  }),
  creditRounding: rule({
    id: "convention.half-day",
    source: "CONVENTION",
    summary: "A half day of credit left over (odd number of days × 1.5, or ÷ 2) is not counted.",
  }),
  pec173: rule({
    id: "pec173.2",
    source: "RU_PEC",
    article: "173",
    part: "2",
    summary: "If the term ends on a day off or a public holiday, the convict is released on the working day before it.",
  }),
  lc112: rule({
    id: "lc112",
    source: "RU_LC",
    article: "112",
    summary: "Public holidays and transfer of days off (Labour Code art. 112 and the Government's annual transfer decree).",
  }),
  parole_a: rule({
    id: "cc79.3.a",
    source: "RU_CC",
    article: "79",
    part: "3",
    item: "a",
    summary: "Parole after at least one third of the term for a crime of small or medium gravity.",
  }),
  parole_b: rule({
    id: "cc79.3.b",
    source: "RU_CC",
    article: "79",
    part: "3",
    item: "b",
    summary: "Parole after at least half of the term for a grave crime.",
  }),
  parole_c: rule({
    id: "cc79.3.c",
    source: "RU_CC",
    article: "79",
    part: "3",
    item: "c",
    summary:
      "Parole after at least two thirds of the term for an especially grave crime, for arts. 210 and 210.1, or when an earlier parole was revoked under art. 79 part 7.",
  }),
  parole_d: rule({
    id: "cc79.3.d",
    source: "RU_CC",
    article: "79",
    part: "3",
    item: "d",
    summary:
      "Parole after at least three quarters of the term for the listed crimes: terrorism (205–205.5), 206 parts 3–4, 211 part 4, 277–279, 360, 361, especially grave drug crimes, sexual crimes against minors.",
  }),
  parole_e: rule({
    id: "cc79.3.e",
    source: "RU_CC",
    article: "79",
    part: "3",
    item: "e",
    summary: "Parole after at least four fifths of the term for sexual crimes against children under fourteen.",
  }),
  parole_min6m: rule({
    id: "cc79.4",
    source: "RU_CC",
    article: "79",
    part: "4",
    summary: "The term actually served before parole may not be less than six months.",
  }),
  paroleOverride: rule({
    id: "input.parole-fraction",
    source: "PRACTICE",
    summary: "Parole fraction given explicitly for this sentence.",
  }),
  minor: rule({
    id: "cc87.1",
    source: "RU_CC",
    article: "87",
    part: "1",
    summary:
      "Minors are those aged 14 to 18 when the crime was committed; an age is reached from the day after the birthday (Supreme Court Plenum Resolution No. 1 of 1 February 2011, para. 7).",
  }),
  paroleMinor_a: rule({
    id: "cc93.1.a",
    source: "RU_CC",
    article: "93",
    part: "1",
    item: "a",
    summary: "A crime committed as a minor: parole after at least one third of the term for a crime of small or medium gravity or a grave crime.",
  }),
  paroleMinor_b: rule({
    id: "cc93.1.b",
    source: "RU_CC",
    article: "93",
    part: "1",
    item: "b",
    summary: "A crime committed as a minor: parole after at least two thirds of the term for an especially grave crime (item (c) before the articles were renumbered).",
  }),
  minorMaxTerm: rule({
    id: "cc88.6",
    source: "RU_CC",
    article: "88",
    part: "6",
    summary: "Deprivation of liberty for a crime committed as a minor: at most 10 years (6 years when committed under 16, unless especially grave).",
  }),
  combined69_5: rule({
    id: "cc69.5",
    source: "RU_CC",
    article: "69",
    part: "5",
    summary: "A final sentence for crimes of which one was committed before the first verdict: the time served under the first sentence counts into the final one.",
  }),
  combined70: rule({
    id: "cc70",
    source: "RU_CC",
    article: "70",
    summary: "A cumulative sentence: the unserved part of the earlier sentence is added to the new one; the time already served is not credited again.",
  }),
  paroleRefused: rule({
    id: "pec175.10",
    source: "RU_PEC",
    article: "175",
    part: "10",
    summary: "After a refusal of parole, a new application may be filed no earlier than six months from the court's ruling.",
  }),
  detentionInferred: rule({
    id: "input.detention-inferred",
    source: "CONVENTION",
    summary: "No custody period recorded but a detention date known: custody in a SIZO from that day until the term started is assumed, with a warning.",
  }),
  gravity: rule({
    id: "cc15",
    source: "RU_CC",
    article: "15",
    summary:
      "Gravity by the maximum penalty: small ≤ 3 years, medium ≤ 5 years (intentional), grave ≤ 10 years, especially grave > 10 years or life.",
  }),
} as const satisfies Record<string, RuleRef>;

export const HOUSE_ARREST_2_1_FROM = L186_IN_FORCE;
/** Day the ban on actions appeared in the CPC (No. 72-FZ); earlier bans cannot exist. */
export const BAN_ON_ACTIONS_FROM = "2018-04-29";
