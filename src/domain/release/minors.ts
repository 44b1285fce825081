/**
 * Was the crime committed as a minor (CC art. 87 part 1: aged 14 to 18 at the time of the crime)? Then
 * parole follows CC art. 93 instead of art. 79 part 3. An age is reached from the day after the birthday
 * (Supreme Court Plenum Resolution No. 1 of 1 February 2011, para. 7): a crime on the 18th birthday is a
 * minor's.
 */
import { addDays, addYearsMonthsExclusive, compareIso, type IsoDate } from "./dates.js";
import { RULES } from "./rules.js";
import type { MinorFinding, ReleaseInput, RuleRef } from "./types.js";
import { validateDate, type EffectiveSentence } from "./sentence.js";
import type { Lines } from "./explain.js";

/** How far before the detention a crime is plausibly dated when its date is not recorded (warning window). */
const UNRECORDED_OFFENCE_WINDOW_YEARS = 5;

/** First day of adulthood, exactly (birth date) or as the earliest and latest possible day (birth year only). */
function adulthood(person: ReleaseInput["person"]): { earliest: IsoDate; latest: IsoDate } | null {
  if (person?.birthDate) {
    validateDate("person.birthDate", person.birthDate);
    const day = addDays(addYearsMonthsExclusive(person.birthDate, 18, 0), 1);
    return { earliest: day, latest: day };
  }
  if (person?.birthYear) {
    const y = person.birthYear + 18;
    return { earliest: `${y}-01-02`, latest: `${y + 1}-01-01` };
  }
  return null;
}

export function minorFinding(input: ReleaseInput, eff: EffectiveSentence, working: Lines, warnings: Lines, used: RuleRef[]): MinorFinding {
  const adult = adulthood(input.person);
  if (!adult) return { minor: "unknown", basis: "none" };
  const exact = adult.earliest === adult.latest;
  const adultFrom = adult.latest;
  const s = input.sentence;
  if (s.offenceDate !== undefined) {
    validateDate("sentence.offenceDate", s.offenceDate);
    if (compareIso(s.offenceDate, adult.earliest) < 0) {
      used.push(RULES.minor);
      working.add("release.minor.offence", { offence: s.offenceDate, adultFrom: adult.earliest }, `Crime committed on ${s.offenceDate}, before the 18th birthday had passed (adult from ${adult.earliest}): committed as a minor (CC art. 87 part 1); parole follows CC art. 93.`);
      maxTermWarning(eff, warnings, used);
      return { minor: true, adultFrom: adult.earliest, basis: "offence" };
    }
    if (compareIso(s.offenceDate, adult.latest) >= 0) return { minor: false, adultFrom, basis: "offence" };
    warnings.add("release.warn.minorBirthYear", { offence: s.offenceDate }, `Only the birth year is recorded and the crime (${s.offenceDate}) was in the year the person turned 18: record the birth date — if committed under 18, parole follows CC art. 93.`);
    return { minor: "unknown", basis: "offence" };
  }
  // The crime cannot be later than the detention, the first custody or the verdict.
  const bounds = [input.detentionDate, ...input.custody.map((p) => p.from), s.verdictDate].filter((d): d is IsoDate => !!d).sort(compareIso);
  const bound = bounds[0]!;
  if (compareIso(bound, adult.earliest) < 0) {
    used.push(RULES.minor);
    working.add("release.minor.before", { date: bound, adultFrom: adult.earliest }, `Offence date not recorded, but the person was under 18 on ${bound} (adult from ${adult.earliest}), so the crime was committed as a minor (CC art. 87 part 1); parole follows CC art. 93.`);
    maxTermWarning(eff, warnings, used);
    return { minor: true, adultFrom: adult.earliest, basis: "earliest" };
  }
  const windowStart = addYearsMonthsExclusive(bound, -UNRECORDED_OFFENCE_WINDOW_YEARS, 0);
  if (compareIso(adultFrom, windowStart) > 0) {
    warnings.add(
      "release.warn.minorOffenceDate",
      { adultFrom: exact ? adultFrom : adult.earliest, date: bound },
      `The person turned 18 shortly before ${bound} (adult from ${exact ? adultFrom : adult.earliest}) and the offence date is not recorded: if the crime was committed before that, parole follows CC art. 93 (one third for a crime up to grave) — record the offence date.`,
    );
    return { minor: "unknown", adultFrom, basis: "none" };
  }
  return { minor: false, adultFrom, basis: "earliest" };
}

/** CC art. 88 part 6 caps the term for a crime committed as a minor; a longer term is probably a data error. */
function maxTermWarning(eff: EffectiveSentence, warnings: Lines, used: RuleRef[]): void {
  const months = eff.term.years * 12 + eff.term.months + (eff.term.days > 0 ? 1 : 0);
  if (months > 10 * 12) {
    used.push(RULES.minorMaxTerm);
    warnings.add("release.warn.minorMaxTerm", { max: 10 }, "The term exceeds 10 years, the most CC art. 88 part 6 allows for a crime committed as a minor: check the term and the dates (birth, offence).");
  }
}
