/**
 * The worked cases of issue #15, each with the hand calculation it was checked against (written before
 * running the code). Day counts: a period from..to counts both ends; "X − n days" walks back month by month.
 */
import { describe, expect, it } from "vitest";
import { computeReleaseDate } from "./compute.js";
import type { ArticleRef, ReleaseInput, Sentence } from "./types.js";

const cc = (article: string, part?: string): ArticleRef => (part ? { code: "RU_CC", article, part } : { code: "RU_CC", article });
const run = (sentence: Sentence, custody: ReleaseInput["custody"] = [], extra: Partial<ReleaseInput> = {}) => computeReleaseDate({ sentence, custody, ...extra });

describe("worked cases (issue #15)", () => {
  it("1. Gorinov-like: 7 y general regime, 73 days SIZO × 1.5", () => {
    // SIZO 2022-04-26..2022-07-07: 5 (Apr) + 31 + 30 + 7 = 73 days; × 1.5 = 109.5 → 109 whole days.
    // 7 y from 2022-07-08: last day 2029-07-07. 2029-07-07 − 109: −7 → 06-30 (102 left), −30 → 05-31 (72),
    // −31 → 04-30 (41), −30 → 03-31 (11), −11 → 2029-03-20, a Tuesday (2029-01-01 is a Monday; 20 March is
    // day 79, 78 days on, 78 mod 7 = 1). 2029's calendar is estimated.
    // Parole, 207.3 part 2 is grave → 1/2. Term 7 × 365 + 2 leap days = 2557; ceil(2557 / 2) = 1279.
    // Start less credit: 2022-07-08 − 109 = 2022-03-21; + 1279: +365 → 2023-03-21, +366 → 2024-03-21,
    // +365 → 2025-03-21 (183 left) → 2025-09-20.
    const r = run({ verdictDate: "2022-07-08", termStart: "2022-07-08", term: { years: 7, months: 0, days: 0 }, regime: "general", articles: [cc("207.3", "2")] }, [
      { kind: "sizo", from: "2022-04-26", to: "2022-07-07" },
    ]);
    expect(r.credits[0]!.days).toBe(73);
    expect(r.creditDays).toBe(109);
    expect(r.termLastDay).toBe("2029-07-07");
    expect(r.releaseDate).toBe("2029-03-20");
    expect(r.parole!.requiredDays).toBe(1279);
    expect(r.parole!.eligibleFrom).toBe("2025-09-20");
    expect(r.warnings.join(" ")).toContain("calendar for 2029 is estimated");
  });

  it("2. 205.2 part 2: custody one day for one day (art. 72 part 3.2), parole at 3/4", () => {
    // Same SIZO, 73 days × 1 = 73. 6 y from 2022-07-08: last day 2028-07-07. − 73: −7 → 06-30 (66), −30 →
    // 05-31 (36), −31 → 04-30 (5), −5 → 2028-04-25, a Tuesday (2028-01-01 Saturday; day 116, 115 mod 7 = 3).
    // Parole 3/4 (art. 79 part 3(d)): term 6 × 365 + 2 = 2192; ceil(2192 × 3/4) = 1644; start less credit
    // 2022-04-26; + 1644: four years (365 + 366 + 365 + 365 = 1461) → 2026-04-26, 183 left → 2026-10-26.
    const r = run({ verdictDate: "2022-07-08", termStart: "2022-07-08", term: { years: 6, months: 0, days: 0 }, regime: "general", articles: [cc("205.2", "2")] }, [
      { kind: "sizo", from: "2022-04-26", to: "2022-07-07" },
    ]);
    expect(r.creditDays).toBe(73);
    expect(r.releaseDate).toBe("2028-04-25");
    expect(r.parole!.fraction).toEqual({ num: 3, den: 4 });
    expect(r.parole!.eligibleFrom).toBe("2026-10-26");
  });

  it("3. colony-settlement: SIZO × 2; the last day is a Saturday → Friday", () => {
    // SIZO 2023-12-01..2024-02-29: 31 + 31 + 29 = 91 days × 2 = 182. 2 y from 2024-03-01: last day 2026-02-28.
    // − 182: −28 → 01-31 (154), −31 → 2025-12-31 (123), −31 → 11-30 (92), −30 → 10-31 (62), −31 → 09-30 (31),
    // −30 → 08-31 (1), −1 → 2025-08-30, a Saturday (2025-01-01 Wednesday; day 242, 241 mod 7 = 3) → 2025-08-29.
    // Parole 1/3 (280.3 part 1, medium): 730 days → 244; start less credit 2023-09-01; + 244 → 2024-05-02.
    const r = run({ verdictDate: "2024-03-01", termStart: "2024-03-01", term: { years: 2, months: 0, days: 0 }, regime: "colony_settlement", articles: [cc("280.3", "1")] }, [
      { kind: "sizo", from: "2023-12-01", to: "2024-02-29" },
    ]);
    expect(r.creditDays).toBe(182);
    expect(r.lastDay).toBe("2025-08-30");
    expect(r.releaseDate).toBe("2025-08-29");
    expect(r.parole!.eligibleFrom).toBe("2024-05-02");
  });

  it("4. house arrest: two days for one (art. 72 part 3.4); the last day is a Sunday → Friday", () => {
    // House arrest 2023-01-10..2023-06-30: 22 + 28 + 31 + 30 + 31 + 30 = 172 days ÷ 2 = 86. 3 y from
    // 2023-07-01: last day 2026-06-30. − 86: −30 → 05-31 (56), −31 → 04-30 (25), −25 → 2026-04-05, a Sunday
    // (2026-01-01 Thursday; day 95, 94 mod 7 = 3) → Friday 2026-04-03.
    // Parole 1/3: 3 × 365 + 1 = 1096 days → 366; start less credit 2023-04-06; + 366 → 2024-04-06.
    const r = run({ verdictDate: "2023-07-01", termStart: "2023-07-01", term: { years: 3, months: 0, days: 0 }, regime: "general", articles: [cc("280.3", "1")] }, [
      { kind: "house_arrest", from: "2023-01-10", to: "2023-06-30" },
    ]);
    expect(r.creditDays).toBe(86);
    expect(r.releaseDate).toBe("2026-04-03");
    expect(r.parole!.eligibleFrom).toBe("2024-04-06");
  });

  it("5. last day on Victory Day 2025 (8 May transferred) → Wednesday 7 May; parole at the six-month minimum", () => {
    // 1 y from 2024-05-10: last day 2025-05-09 (Friday, holiday), 05-08 transferred day off → 2025-05-07.
    // Parole 1/3 of 365 = 122 days → 2024-09-09, but six months actually served (art. 79 part 4) → 2024-11-10.
    const r = run({ verdictDate: "2024-05-10", termStart: "2024-05-10", term: { years: 1, months: 0, days: 0 }, regime: "general", articles: [cc("280.3", "1")] });
    expect(r.releaseDate).toBe("2025-05-07");
    expect(r.parole!.eligibleFrom).toBe("2024-11-10");
  });

  it("6. last day in the New Year holidays → the last working day of December", () => {
    // 1 y from 2025-01-06: last day 2026-01-05 (holiday); 01-04 Sun, 01-03 Sat, 01-02 and 01-01 holidays,
    // 2025-12-31 off by the 2025 decree → Tuesday 2025-12-30.
    const r = run({ verdictDate: "2025-01-06", termStart: "2025-01-06", term: { years: 1, months: 0, days: 0 }, regime: "general", articles: [cc("280.3", "1")] });
    expect(r.releaseDate).toBe("2025-12-30");
    expect(r.calendarEstimated).toBe(false);
  });

  it("7. 25 years for art. 275 (strict regime): 1:1, parole at 3/4", () => {
    // SIZO 2022-04-11..2023-07-30 (until the appeal of 2023-07-31): 365 + 91 + 20 = 476 days × 1.
    // 25 y from 2023-07-31: last day 2048-07-30. − 476: − 366 (one year back, 2048 is leap) → 2047-07-30,
    // 110 left: −30 → 06-30 (80), −30 → 05-31 (50), −31 → 04-30 (19), −19 → 2047-04-11, a Thursday.
    // Parole 3/4: 25 × 365 + 7 = 9132 days → 6849; from 2022-04-11: 18 years (6575 days) → 2040-04-11,
    // 274 left → 2041-01-10.
    const r = run({ verdictDate: "2023-04-17", termStart: "2023-07-31", term: { years: 25, months: 0, days: 0 }, regime: "strict", articles: [cc("275"), cc("207.3", "2"), cc("284.1", "1")] }, [
      { kind: "sizo", from: "2022-04-11" },
    ]);
    expect(r.creditDays).toBe(476);
    expect(r.releaseDate).toBe("2047-04-11");
    expect(r.parole!.requiredDays).toBe(6849);
    expect(r.parole!.eligibleFrom).toBe("2041-01-10");
  });

  it("8. calendar warning names the estimated year, not the year the release walks back into", () => {
    // 1 y from 2026-01-05: last day 2027-01-04 (2027 estimated: holiday); 01-03 Sun, 01-02 Sat, 01-01 holiday,
    // 2026-12-31 off by the 2026 decree → Wednesday 2026-12-30. The estimate is 2027's.
    const r = run({ verdictDate: "2026-01-05", termStart: "2026-01-05", term: { years: 1, months: 0, days: 0 }, regime: "general", articles: [cc("280.3", "1")] });
    expect(r.releaseDate).toBe("2026-12-30");
    expect(r.warnings.join(" ")).toContain("calendar for 2027 is estimated");
    expect(r.warnings.join(" ")).not.toContain("2026 is estimated");
  });

  it("9. ban on leaving the dwelling: ÷ 2, then × 1.5; a ban without it is not credited", () => {
    // Ban 2023-01-01..2023-02-19: 31 + 19 = 50 days ÷ 2 = 25 custody days × 1.5 = 37.5 → 37.
    // 2 y from 2023-05-01: last day 2025-04-30 (Wednesday). − 37: −30 → 03-31 (7), −7 → 2025-03-24, a Monday.
    const s: Sentence = { verdictDate: "2023-05-01", termStart: "2023-05-01", term: { years: 2, months: 0, days: 0 }, regime: "general", articles: [cc("280.3", "1")] };
    expect(run(s, [{ kind: "ban_on_actions", from: "2023-01-01", to: "2023-02-19" }]).releaseDate).toBe("2025-03-24");
    const none = run(s, [{ kind: "ban_on_actions", from: "2023-01-01", to: "2023-02-19", banOnLeavingHome: false }]);
    expect(none.creditDays).toBe(0);
    expect(none.releaseDate).toBe("2025-04-30");
  });
});

describe("crimes committed as a minor (CC arts. 87, 93)", () => {
  // Born 2005-03-10; 205.2 part 1 (medium, max 5 y); SIZO 2023-01-20..2023-06-14: 12 + 28 + 31 + 30 + 31 +
  // 14 = 146 days × 1 (part 3.2). 5 y from 2023-06-15: 5 × 365 + 2 = 1827 days; start less credit 2023-01-20.
  const s: Sentence = { verdictDate: "2023-06-15", termStart: "2023-06-15", term: { years: 5, months: 0, days: 0 }, regime: "general", articles: [cc("205.2", "1")] };
  const custody: ReleaseInput["custody"] = [{ kind: "sizo", from: "2023-01-20" }];
  const person = { birthDate: "2005-03-10" };

  it("a crime at 17: 1/3 (art. 93 part 1(a)), not the adult 3/4", () => {
    // 1/3: ceil(1827 / 3) = 609; 2023-01-20 + 365 → 2024-01-20, 244 left → 2024-09-20.
    // Adult 3/4: ceil(1370.25) = 1371 → 2023-01-20 + 1096 (three years) → 2026-01-20, 275 left → 2026-10-22.
    const minor = run({ ...s, offenceDate: "2022-12-01" }, custody, { person });
    expect(minor.minor.minor).toBe(true);
    expect(minor.parole!.rule.id).toBe("cc93.1.a");
    expect(minor.parole!.eligibleFrom).toBe("2024-09-20");
    const adult = run({ ...s, offenceDate: "2023-03-11" }, custody, { person });
    expect(adult.minor.minor).toBe(false);
    expect(adult.parole!.eligibleFrom).toBe("2026-10-22");
  });

  it("a crime on the 18th birthday is a minor's (age reached the next day)", () => {
    expect(run({ ...s, offenceDate: "2023-03-10" }, custody, { person }).minor.minor).toBe(true);
  });

  it("an especially grave crime as a minor: 2/3 (art. 93 part 1(b))", () => {
    const r = run({ ...s, articles: [cc("205", "2")], offenceDate: "2022-12-01" }, custody, { person });
    expect(r.parole!.fraction).toEqual({ num: 2, den: 3 });
    expect(r.parole!.rule.id).toBe("cc93.1.b");
  });

  it("no offence date: a minor when under 18 at detention; a warning when 18 came shortly before", () => {
    // Born 2005-03-10: 17 when detained on 2023-01-20. Born 2004-06-01: adult from 2022-06-02, 18 for
    // less than a year at the detention, so the crime may have been committed before: ask.
    expect(run(s, custody, { person }).minor).toMatchObject({ minor: true, basis: "earliest" });
    const unsure = run(s, custody, { person: { birthDate: "2004-06-01" } });
    expect(unsure.minor.minor).toBe("unknown");
    expect(unsure.warnings.join(" ")).toContain("record the offence date");
    expect(run(s, custody, { person: { birthDate: "1990-01-01" } }).warnings.join(" ")).not.toContain("CC art. 93");
  });
});

describe("a detention date without custody periods", () => {
  it("assumes SIZO from the detention to the term's start, with a warning (same result as case 1)", () => {
    const s: Sentence = { verdictDate: "2022-07-08", termStart: "2022-07-08", term: { years: 7, months: 0, days: 0 }, regime: "general", articles: [cc("207.3", "2")] };
    const r = run(s, [], { detentionDate: "2022-04-26" });
    expect(r.creditDays).toBe(109);
    expect(r.releaseDate).toBe("2029-03-20");
    expect(r.warnings.join(" ")).toContain("SIZO from the detention date 2022-04-26 to 2022-07-07 is assumed");
    // Without it the credit is lost: 2029-07-07 is a Saturday → 2029-07-06, 108 days later than case 1.
    expect(run(s, []).releaseDate).toBe("2029-07-06");
  });
});

describe("sentence history", () => {
  const first: Sentence = { verdictDate: "2022-07-08", termStart: "2022-07-08", term: { years: 7, months: 0, days: 0 }, regime: "general", articles: [cc("207.3", "2")] };
  const sizo: ReleaseInput["custody"] = [{ kind: "sizo", from: "2022-04-26" }];

  it("follows the latest decision in force and shows the chain, pending decisions not applied", () => {
    // Appeal 2022-09-20 upholds; cassation 2023-03-01 cuts to 6 y; a supervisory complaint is pending.
    // 6 y from 2022-07-08: last day 2028-07-07 − 109 = 2028-03-20 (−7 → 06-30 (102), −30 → 05-31 (72),
    // −31 → 04-30 (41), −30 → 03-31 (11), −11 → 03-20), a Monday (2028-01-01 Saturday; day 80, 79 mod 7 = 2).
    const r = run(
      { ...first, changes: [
        { date: "2023-03-01", stage: "cassation", term: { years: 6, months: 0, days: 0 } },
        { date: "2022-09-20", stage: "appeal", outcome: "upheld" },
        { date: "2024-01-10", stage: "supervisory", term: { years: 3, months: 0, days: 0 }, pending: true },
      ] },
      sizo,
    );
    expect(r.releaseDate).toBe("2028-03-20");
    expect(r.chain.map((c) => [c.stage, c.applied])).toEqual([["first_instance", true], ["appeal", true], ["cassation", true], ["supervisory", false]]);
    expect(r.warnings.join(" ")).toContain("not in force yet");
  });

  it("combined under art. 69 part 5: the time served under the first sentence counts day for day", () => {
    // First term from 2022-07-08; the final sentence of 2023-05-10: 8 y, counted from 2023-06-01.
    // Credit: SIZO 2022-04-26..2022-07-07 (73 × 1.5 = 109.5) + served 2022-07-08..2023-05-31 (24 + 31 + 30 +
    // 31 + 30 + 31 + 31 + 28 + 31 + 30 + 31 = 328 × 1) = 437.5 → 437. (My first count listed a month twice:
    // 359; the test caught it.) 8 y from 2023-06-01: last day 2031-05-31. − 437: − 365 → 2030-05-31 (72),
    // −31 → 04-30 (41), −30 → 03-31 (11), −11 → 2030-03-20, a Wednesday (2030-01-01 Tuesday; day 79, 78 mod 7 = 1).
    const r = run({ ...first, changes: [{ date: "2023-05-10", stage: "combined", combinedUnder: "69.5", term: { years: 8, months: 0, days: 0 }, termStart: "2023-06-01" }] }, sizo);
    expect(r.credits.map((c) => c.days)).toEqual([328, 73]);
    expect(r.creditDays).toBe(437);
    expect(r.releaseDate).toBe("2030-03-20");
  });

  it("parole granted: released early, and a later new sentence undoes it; a quashed sentence has no date", () => {
    const paroled = run({ ...first, changes: [{ date: "2025-10-01", stage: "parole_granted", releasedOn: "2025-10-14" }] }, sizo);
    expect(paroled.releasedEarly).toEqual({ date: "2025-10-14", stage: "parole_granted" });
    const refused = run({ ...first, changes: [{ date: "2025-10-01", stage: "parole_refused" }] }, sizo);
    expect(refused.working.join(" ")).toContain("a new application from 2026-04-01");
    expect(() => run({ ...first, changes: [{ date: "2023-01-01", stage: "cassation", outcome: "quashed" }] }, sizo)).toThrow(/quashed/);
    const retried = run({ ...first, changes: [{ date: "2023-01-01", stage: "cassation", outcome: "quashed" }, { date: "2023-06-01", stage: "new_sentence", term: { years: 5, months: 0, days: 0 } }] }, sizo);
    expect(retried.term).toEqual({ years: 5, months: 0, days: 0 });
  });
});
