import { describe, expect, it } from "vitest";
import { computeReleaseDate } from "./compute.js";
import { ReleaseInputError } from "./sentence.js";
import type { ArticleRef, CustodyPeriod, Regime, ReleaseInput, Sentence } from "./types.js";

const cc = (article: string, part?: string): ArticleRef => (part ? { code: "RU_CC", article, part } : { code: "RU_CC", article });

function sentence(over: Partial<Sentence> = {}): Sentence {
  return {
    verdictDate: "2023-03-01",
    termStart: "2023-04-15",
    term: { years: 4, months: 6, days: 0 },
    regime: "general",
    articles: [cc("207.3", "2")],
    ...over,
  };
}

function run(custody: CustodyPeriod[], over: Partial<Sentence> = {}, extra: Partial<ReleaseInput> = {}) {
  return computeReleaseDate({ sentence: sentence(over), custody, ...extra });
}

describe("art. 72 credit for pre-trial restraint (table)", () => {
  interface Row {
    name: string;
    regime?: Regime;
    articles?: ArticleRef[];
    custody: CustodyPeriod[];
    sentence?: Partial<Sentence>;
    creditExact: number;
    creditDays: number;
    rules: string[];
  }
  const rows: Row[] = [
    {
      name: "general regime: SIZO day = 1.5 days (3.1(b))",
      custody: [{ kind: "sizo", from: "2022-10-01" }],
      creditExact: 294,
      creditDays: 294,
      rules: ["cc72.3.1.b"],
    },
    {
      name: "educational colony: 1.5 (3.1(b))",
      regime: "educational",
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 15,
      creditDays: 15,
      rules: ["cc72.3.1.b"],
    },
    {
      name: "colony-settlement: 2 days (3.1(c))",
      regime: "colony_settlement",
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 20,
      creditDays: 20,
      rules: ["cc72.3.1.c"],
    },
    {
      name: "strict regime: 1 day (3.1(a))",
      regime: "strict",
      custody: [{ kind: "sizo", from: "2022-10-01" }],
      creditExact: 196,
      creditDays: 196,
      rules: ["cc72.3.1.a"],
    },
    {
      name: "prison: 1 day (3.1(a))",
      regime: "prison",
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-03" }],
      creditExact: 3,
      creditDays: 3,
      rules: ["cc72.3.1.a"],
    },
    {
      name: "odd number of days × 1.5: the half day is not counted",
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-03" }],
      creditExact: 4.5,
      creditDays: 4,
      rules: ["cc72.3.1.b", "convention.half-day"],
    },
    {
      name: "SIZO across 29 February 2024 (60 days × 1.5)",
      sentence: { verdictDate: "2024-04-01", termStart: "2024-04-15" },
      custody: [{ kind: "sizo", from: "2024-02-01", to: "2024-03-31" }],
      creditExact: 90,
      creditDays: 90,
      rules: ["cc72.3.1.b"],
    },
    {
      name: "same days in a non-leap year (59 days × 1.5)",
      custody: [{ kind: "sizo", from: "2023-02-01", to: "2023-03-31" }],
      creditExact: 88.5,
      creditDays: 88,
      rules: ["cc72.3.1.b"],
    },
    {
      name: "house arrest before SIZO: 90 ÷ 2 + 275 × 1.5",
      sentence: { verdictDate: "2022-01-10", termStart: "2022-01-20" },
      custody: [
        { kind: "house_arrest", from: "2021-01-01", to: "2021-03-31" },
        { kind: "sizo", from: "2021-04-01", to: "2021-12-31" },
      ],
      creditExact: 45 + 412.5,
      creditDays: 457,
      rules: ["cc72.3.4", "cc72.3.1.b"],
    },
    {
      name: "several periods, given out of order: SIZO, house arrest, SIZO again",
      custody: [
        { kind: "sizo", from: "2022-12-01" }, // to 2023-04-14: 135 days
        { kind: "sizo", from: "2022-06-01", to: "2022-06-30" }, // 30 days
        { kind: "house_arrest", from: "2022-07-01", to: "2022-11-30" }, // 153 days
      ],
      creditExact: 30 * 1.5 + 153 / 2 + 135 * 1.5,
      creditDays: 324,
      rules: ["cc72.3.1.b", "cc72.3.4"],
    },
    {
      name: "house arrest spanning 14 July 2018: 13 days × 1, then 18 days ÷ 2",
      sentence: { verdictDate: "2018-09-01", termStart: "2018-09-15" },
      custody: [{ kind: "house_arrest", from: "2018-07-01", to: "2018-07-31" }],
      creditExact: 13 + 9,
      creditDays: 22,
      rules: ["cc10.house-arrest-before-2018-07-14", "cc72.3.4"],
    },
    {
      name: "SIZO before 14 July 2018 still gets 1.5 (mitigating law is retroactive)",
      sentence: { verdictDate: "2018-03-01", termStart: "2018-03-15" },
      custody: [{ kind: "sizo", from: "2018-01-01", to: "2018-01-10" }],
      creditExact: 15,
      creditDays: 15,
      rules: ["cc72.3.1.b", "cc10.sizo-retroactive"],
    },
    {
      name: "ban on leaving home: 40 days ÷ 2 = 20 custody days × 1.5",
      sentence: { verdictDate: "2021-03-01", termStart: "2021-03-15" },
      custody: [{ kind: "ban_on_actions", from: "2021-01-10", to: "2021-02-18" }],
      creditExact: 30,
      creditDays: 30,
      rules: ["cpc109.10.1.1", "cc72.3.1.b"],
    },
    {
      name: "ban on actions without the ban on leaving home: no credit",
      sentence: { verdictDate: "2021-03-01", termStart: "2021-03-15" },
      custody: [{ kind: "ban_on_actions", from: "2021-01-10", to: "2021-02-18", banOnLeavingHome: false }],
      creditExact: 0,
      creditDays: 0,
      rules: ["cpc109.10.1.1"],
    },
    {
      name: "205.2 in a general-regime colony: 1:1 (3.2)",
      articles: [cc("205.2", "2")],
      custody: [{ kind: "sizo", from: "2022-10-01" }],
      creditExact: 196,
      creditDays: 196,
      rules: ["cc72.3.2"],
    },
    {
      name: "205.2 ban on leaving home: ÷ 2 then × 1 (3.2)",
      articles: [cc("205.2", "2")],
      sentence: { verdictDate: "2021-03-01", termStart: "2021-03-15" },
      custody: [{ kind: "ban_on_actions", from: "2021-01-10", to: "2021-02-18" }],
      creditExact: 20,
      creditDays: 20,
      rules: ["cpc109.10.1.1", "cc72.3.2"],
    },
    {
      name: "205.2 does not change house arrest (3.4 applies to everyone)",
      articles: [cc("205.2", "2")],
      custody: [{ kind: "house_arrest", from: "2022-10-01", to: "2022-10-20" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["cc72.3.4"],
    },
    {
      name: "one listed crime in the set is enough: 207.3 + 205.2 → 1:1",
      articles: [cc("207.3", "2"), cc("205.2", "2")],
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["cc72.3.2"],
    },
    {
      name: "treason (275) → 1:1",
      regime: "strict",
      articles: [cc("275")],
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["cc72.3.2"],
    },
    {
      name: "espionage (276) in general regime → 1:1",
      articles: [cc("276")],
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["cc72.3.2"],
    },
    {
      name: "especially dangerous recidivism → 1:1",
      sentence: { especiallyDangerousRecidivism: true },
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["cc72.3.2"],
    },
    {
      name: "art. 58 part 3 case → 1:1 (3.3)",
      sentence: { part33: "art58_part3" },
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["cc72.3.3"],
    },
    {
      name: "custody in a joined case (art. 69 part 5) under 205.2 keeps 1:1 while the final sentence's own custody gets 1.5",
      custody: [
        { kind: "sizo", from: "2021-01-01", to: "2021-01-10", articles: [cc("205.2", "2")] },
        { kind: "sizo", from: "2022-10-01", to: "2022-10-10" },
      ],
      creditExact: 10 + 15,
      creditDays: 25,
      rules: ["cc72.3.2", "cc72.3.1.b"],
    },
    {
      name: "custody governed by another regime (colony-settlement) gets × 2",
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10", regime: "colony_settlement" }],
      creditExact: 20,
      creditDays: 20,
      rules: ["cc72.3.1.c"],
    },
    {
      name: "ratio stated by the court wins",
      custody: [{ kind: "sizo", from: "2022-10-01", to: "2022-10-10", courtRatio: "1:1" }],
      creditExact: 10,
      creditDays: 10,
      rules: ["verdict.ratio"],
    },
  ];

  it.each(rows)("$name", (row) => {
    const over: Partial<Sentence> = { ...row.sentence };
    if (row.regime) over.regime = row.regime;
    if (row.articles) over.articles = row.articles;
    const r = run(row.custody, over);
    expect(r.creditExact).toBe(row.creditExact);
    expect(r.creditDays).toBe(row.creditDays);
    const ids = r.rulesApplied.map((x) => x.id);
    for (const id of row.rules) expect(ids).toContain(id);
  });
});

describe("release date", () => {
  it("shows the working: term, credit with its rule, subtraction, working-day check", () => {
    const r = run([{ kind: "sizo", from: "2022-10-01" }], {}, { asOf: "2026-01-01" });
    expect(r.termLastDay).toBe("2027-10-14");
    expect(r.lastDay).toBe("2026-12-24");
    expect(r.releaseDate).toBe("2026-12-24");
    expect(r.remainingDays).toBe(357);
    expect(r.summary).toBe("4 y 6 m from 2023-04-15 minus 294 days credit (SIZO × 1.5) → last day 2026-12-24, release 2026-12-24; parole possible from 2024-09-24");
    expect(r.working).toEqual(
      expect.arrayContaining([
        "4 y 6 m from 2023-04-15 (inclusive) = 1644 days, last day 2027-10-14.",
        "SIZO 2022-10-01..2023-04-14 (196 days) × 1.5 [general-regime colony] = 294 days credit (art. 72 part 3.1(b)).",
        "Last day 2027-10-14 − 294 days credit = 2026-12-24.",
      ]),
    );
  });

  it("205.2 (1:1) releases later than the same case under 207.3 (× 1.5)", () => {
    const base = run([{ kind: "sizo", from: "2022-10-01" }]);
    const terror = run([{ kind: "sizo", from: "2022-10-01" }], { articles: [cc("205.2", "2")] });
    expect(terror.lastDay).toBe("2027-04-01");
    expect(base.lastDay).toBe("2026-12-24");
  });

  it("sentence changed on appeal: new term, regime and start; custody runs to the appeal", () => {
    const appealed = computeReleaseDate({
      sentence: {
        verdictDate: "2023-02-10",
        termStart: "2023-02-10",
        term: { years: 6, months: 0, days: 0 },
        regime: "general",
        articles: [cc("280.3", "2")],
        changes: [{ date: "2023-06-20", stage: "appeal", term: { years: 5, months: 0, days: 0 }, regime: "strict", termStart: "2023-06-20" }],
      },
      custody: [{ kind: "sizo", from: "2022-06-01" }],
    });
    expect(appealed.term).toEqual({ years: 5, months: 0, days: 0 });
    expect(appealed.regime).toBe("strict");
    expect(appealed.credits[0]?.to).toBe("2023-06-19");
    expect(appealed.creditDays).toBe(384);
    expect(appealed.lastDay).toBe("2027-06-01");
    expect(appealed.working.some((w) => w.startsWith("Changed on appeal 2023-06-20: term 6 y → 5 y; regime"))).toBe(true);
  });

  it("appeal that only shortens the term keeps × 1.5; a Saturday last day moves to Friday", () => {
    const r = computeReleaseDate({
      sentence: {
        verdictDate: "2023-02-10",
        termStart: "2023-02-10",
        term: { years: 6, months: 0, days: 0 },
        regime: "general",
        articles: [cc("280.3", "2")],
        changes: [{ date: "2023-06-20", stage: "appeal", term: { years: 5, months: 0, days: 0 }, termStart: "2023-06-20" }],
      },
      custody: [{ kind: "sizo", from: "2022-06-01" }],
    });
    expect(r.creditDays).toBe(576);
    expect(r.lastDay).toBe("2026-11-21");
    expect(r.releaseDate).toBe("2026-11-20");
    expect(r.rulesApplied.map((x) => x.id)).toContain("pec173.2");
  });

  it.each([
    // termStart, term years, last day, release day
    ["2021-08-11", 3, "2024-08-10", "2024-08-09"], // Saturday
    ["2023-05-10", 2, "2025-05-09", "2025-05-07"], // Victory Day + transferred 8 May
    ["2024-01-06", 2, "2026-01-05", "2025-12-30"], // New Year holidays + 31 Dec transferred
    ["2023-11-02", 2, "2025-11-01", "2025-11-01"], // working Saturday
  ])("term from %s for %i y: last day %s, release %s (PEC art. 173)", (termStart, years, last, release) => {
    const r = computeReleaseDate({
      sentence: { verdictDate: termStart, termStart, term: { years, months: 0, days: 0 }, regime: "general", articles: [cc("207.3", "1")] },
      custody: [],
    });
    expect(r.lastDay).toBe(last);
    expect(r.releaseDate).toBe(release);
    expect(r.calendarEstimated).toBe(false);
  });

  it("a regime changed later does not recompute the credit, but says so", () => {
    const r = run([{ kind: "sizo", from: "2022-10-01" }], { regimeChangedLater: { date: "2024-05-01", to: "colony_settlement" } });
    expect(r.creditDays).toBe(294);
    expect(r.working.join("\n")).toContain("Regime changed on 2024-05-01 to colony-settlement");
    expect(r.warnings.join(" ")).toContain("part 3.3");
  });

  it("flags an estimated calendar for years without a decree", () => {
    const r = run([], { termStart: "2028-01-10", verdictDate: "2028-01-10", term: { years: 2, months: 0, days: 0 } });
    expect(r.calendarEstimated).toBe(true);
    expect(r.warnings.join(" ")).toContain("estimated");
  });

  it("credit covering the whole term → release when the sentence takes effect", () => {
    const r = run([{ kind: "sizo", from: "2022-01-01" }], { term: { years: 1, months: 0, days: 0 } });
    expect(r.servedByCredit).toBe(true);
    expect(r.releaseDate).toBe("2023-04-15");
    expect(r.parole).toBeNull();
  });

  it("custody ending on the day the term starts: that day belongs to the term, no warning", () => {
    const r = run([{ kind: "sizo", from: "2022-10-01", to: "2023-04-15" }]);
    expect(r.credits[0]?.to).toBe("2023-04-14");
    expect(r.creditDays).toBe(294);
    expect(r.warnings).toEqual([]);
  });

  it("custody running into the term is trimmed with a warning", () => {
    const r = run([{ kind: "sizo", from: "2023-04-01", to: "2023-05-01" }]);
    expect(r.credits[0]?.to).toBe("2023-04-14");
    expect(r.warnings.join(" ")).toContain("runs into the term");
  });

  it("warns when part 3.2 is unverified or the part is missing", () => {
    const r = run([{ kind: "sizo", from: "2022-10-01", to: "2022-10-10" }], { articles: [cc("275.1"), cc("206")] });
    expect(r.creditExact).toBe(15);
    expect(r.warnings.join(" ")).toContain("275.1");
    expect(r.warnings.join(" ")).toContain("part is not given");
  });

  it("rejects overlapping periods and bad dates", () => {
    expect(() =>
      run([
        { kind: "sizo", from: "2022-10-01", to: "2022-12-01" },
        { kind: "house_arrest", from: "2022-11-01", to: "2022-11-10" },
      ]),
    ).toThrow(ReleaseInputError);
    expect(() => run([{ kind: "sizo", from: "2022-02-30" }])).toThrow(ReleaseInputError);
    expect(() => run([{ kind: "sizo", from: "2022-10-05", to: "2022-10-01" }])).toThrow(ReleaseInputError);
    expect(() => run([], { term: { years: 0, months: 0, days: 0 } })).toThrow(ReleaseInputError);
  });
});

describe("earliest parole (art. 79 part 3)", () => {
  interface Row {
    name: string;
    articles: ArticleRef[];
    sentence?: Partial<Sentence>;
    fraction: [number, number];
    rule: string;
  }
  const rows: Row[] = [
    { name: "207.3 part 1 (small) → 1/3", articles: [cc("207.3", "1")], fraction: [1, 3], rule: "cc79.3.a" },
    { name: "280.4 part 1 (medium) → 1/3", articles: [cc("280.4", "1")], fraction: [1, 3], rule: "cc79.3.a" },
    { name: "282.2 part 2 (grave) → 1/2", articles: [cc("282.2", "2")], fraction: [1, 2], rule: "cc79.3.b" },
    { name: "207.3 part 2 (grave) → 1/2", articles: [cc("207.3", "2")], fraction: [1, 2], rule: "cc79.3.b" },
    { name: "212 part 1 (especially grave) → 2/3", articles: [cc("212", "1")], fraction: [2, 3], rule: "cc79.3.c" },
    { name: "207.3 part 3 (especially grave) → 2/3", articles: [cc("207.3", "3")], fraction: [2, 3], rule: "cc79.3.c" },
    { name: "205.2 part 2 (grave, but listed) → 3/4", articles: [cc("205.2", "2")], fraction: [3, 4], rule: "cc79.3.d" },
    { name: "205.5 part 2 → 3/4", articles: [cc("205.5", "2")], fraction: [3, 4], rule: "cc79.3.d" },
    { name: "361 → 3/4", articles: [cc("361")], fraction: [3, 4], rule: "cc79.3.d" },
    { name: "set 207.3 part 1 + 282.2 part 2 → the most severe: 1/2", articles: [cc("207.3", "1"), cc("282.2", "2")], fraction: [1, 2], rule: "cc79.3.b" },
    {
      name: "especially grave drug crime (given max) → 3/4, even after an administrative article",
      articles: [{ code: "RU_CAO", article: "20.3.3" }, { ...cc("228.1", "5"), maxPenaltyYears: 20 }],
      fraction: [3, 4],
      rule: "cc79.3.d",
    },
    { name: "unknown article → conservative 2/3 with a warning", articles: [cc("999")], fraction: [2, 3], rule: "cc79.3.c" },
    { name: "max penalty given → art. 15 (4 y → medium → 1/3)", articles: [{ ...cc("999"), maxPenaltyYears: 4 }], fraction: [1, 3], rule: "cc79.3.a" },
    {
      name: "earlier parole revoked → 2/3",
      articles: [cc("318", "1")],
      sentence: { paroleRevokedBefore: true },
      fraction: [2, 3],
      rule: "cc79.3.c",
    },
    {
      name: "explicit 4/5 (children under 14)",
      articles: [cc("207.3", "1")],
      sentence: { paroleFractionOverride: { num: 4, den: 5, reason: "art. 79 part 3(e)" } },
      fraction: [4, 5],
      rule: "input.parole-fraction",
    },
  ];
  it.each(rows)("$name", (row) => {
    const r = run([{ kind: "sizo", from: "2022-10-01" }], { articles: row.articles, ...row.sentence });
    expect(r.parole).not.toBeNull();
    expect([r.parole!.fraction.num, r.parole!.fraction.den]).toEqual(row.fraction);
    expect(r.parole!.rule.id).toBe(row.rule);
  });

  it("counts credit as served: 1/2 of 1644 days from 2023-04-15 less 294 days", () => {
    const r = run([{ kind: "sizo", from: "2022-10-01" }]);
    // effective start 2022-06-25, + 822 days
    expect(r.parole?.requiredDays).toBe(822);
    expect(r.parole?.eligibleFrom).toBe("2024-09-24");
  });

  it("never before six months actually served", () => {
    const r = run([], { articles: [cc("207.3", "1")], term: { years: 1, months: 0, days: 0 } });
    expect(r.parole?.requiredDays).toBe(122);
    expect(r.parole?.eligibleFrom).toBe("2023-10-15");
  });
});
