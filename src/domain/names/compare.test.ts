import { describe, expect, it } from "vitest";
import { compareNames } from "./compare.js";
import { comparePeople, parseBirthDate, type PersonEvidence } from "./people.js";
import { MATCH_THRESHOLD, POSSIBLE_THRESHOLD, verdictFor, type Verdict } from "./score.js";

describe("compareNames: verdicts", () => {
  it.each([
    // The Gorinov variants.
    ["Алексей Горинов", "Alexei Gorinov", "match"],
    ["Алексей Горинов", "GORINOV ALEKSEI", "match"],
    ["Алексей Горинов", "Gorinov Aleksei Aleksandrovich", "match"],
    ["Алексей Горинов", "Alexey Gorinov", "match"],
    ["Gorinov Aleksei Aleksandrovich", "Горинов Алексей Александрович", "match"],
    ["GORINOV, Aleksei", "Alexei Gorinov", "match"],
    // Ukrainian and Russian forms.
    ["Наріман Джелял", "Нариман Джелял", "match"],
    ["Nariman Dzhelyal", "Наріман Джелял", "match"],
    ["Serhiy Tsyhipa", "Sergei Tsigipa", "match"],
    ["Сергій Цигіпа", "Сергей Цигипа", "match"],
    ["Олександр Петренко", "Александр Петренко", "match"],
    ["Volodymyr Oleksandrovych Zelenskyy", "Владимир Александрович Зеленский", "match"],
    ["Володимир Зеленський", "Volodymyr Zelensky", "match"],
    // German s is з and с (Селенский would be written so too): names alone keep it at possible.
    ["Wolodymyr Selenskyj", "Volodymyr Zelenskyy", "possible"],
    ["Wolodymyr Selenskyj", "Володимир Зеленський", "possible"],
    ["Mykhailo Fedorov", "Михаил Фёдоров", "match"],
    ["Dmytro Kuleba", "Дмитрий Кулеба", "match"],
    ["Tetiana Hnatiuk", "Татьяна Гнатюк", "match"],
    // Comma-inverted, all-caps passport style, transliteration standards.
    ["Kozyreva, Darya", "Дарья Козырева", "match"],
    ["KOZYREVA DARIA", "Дарья Козырева", "match"],
    ["IULIIA NAVALNAIA", "Юлия Навальная", "match"],
    ["Yuliya Naval'naya", "Юлия Навальная", "match"],
    ["Shcherbakov Andrei", "Андрей Щербаков", "match"],
    ["Mixail Xodorkovskij", "Михаил Ходорковский", "match"],
    ["Michail Chodorkowski", "Михаил Ходорковский", "match"],
    // Diminutives.
    ["Sasha Skochilenko", "Александра Скочиленко", "match"],
    ["Zhenya Ivanova", "Евгения Иванова", "match"],
    // Typos: a difference no spelling rule explains keeps names alone at possible (a birth date lifts them: people tests).
    ["Alexei Gorinv", "Алексей Горинов", "possible"],
    ["Alexei Gornov", "Алексей Горинов", "possible"],
    ["Aleksie Gorinov", "Алексей Горинов", "possible"],
    ["Соолов Никита Владимирович", "Соколов Никита Владимирович", "possible"],
    ["Горинов Алексей Олександрович", "Горинов Алексей Александрович", "match"],
    // Partial names.
    ["A. Gorinov", "Aleksei Gorinov", "match"],
    ["Gorinov", "Aleksei Gorinov", "possible"],
    // Sex-marked forms do not match.
    ["Евгения Иванова", "Евгений Иванов", "none"],
    ["Yulia Navalnaya", "Alexei Navalny", "none"],
    ["Oleg Navalny", "Alexei Navalny", "none"],
    ["Александра Петрова", "Александр Петров", "none"],
    ["Navalnaya Yulia", "Navalny Yulia", "possible"],
    // Different people.
    ["Sergey Ivanov", "Sergey Lavrov", "none"],
    ["Горинов Алексей Иванович", "Горинов Алексей Александрович", "none"],
    ["RUSTAM IBRAHIMOVICH ASELDEROV", "RUSTAM MAGOMEDOVICH ASELDEROV", "none"],
    ["Алексей Горинов", "Алексей Навальный", "none"],
    ["Иван Петров", "Пётр Иванов", "none"],
  ] as Array<[string, string, Verdict]>)("%s ~ %s → %s", (a, b, verdict) => {
    expect(compareNames(a, b).verdict).toBe(verdict);
  });

  it("is symmetric", () => {
    const pairs: Array<[string, string]> = [
      ["Алексей Горинов", "Gorinov Aleksei Aleksandrovich"],
      ["Serhiy Tsyhipa", "Sergei Tsigipa"],
      ["Sasha Skochilenko", "Александра Скочиленко"],
      ["Евгения Иванова", "Евгений Иванов"],
    ];
    for (const [a, b] of pairs) expect(compareNames(a, b).score).toBe(compareNames(b, a).score);
  });

  it("gives 1 for the same name", () => {
    expect(compareNames("Алексей Горинов", "Алексей Горинов").score).toBe(1);
  });

  it("scores stay in [0, 1]", () => {
    for (const [a, b] of [["", "Gorinov"], ["N.N.", "Nursultan Nazarbayev"], ["ბარაკ ობამა", "Barack Obama"]] as const) {
      const r = compareNames(a, b);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });
});

describe("compareNames: explanations a coordinator can read", () => {
  it("names the transliteration standard", () => {
    const r = compareNames("Алексей Горинов", "GORINOV ALEKSEI");
    expect(r.explanation.join("\n")).toMatch(/surname: Горинов = GORINOV: equal after transliteration/);
    expect(r.explanation.join("\n")).toMatch(/ALEKSEI: equal after ICAO 9303/);
    expect(r.explanation.join("\n")).toMatch(/word order differs/);
  });

  it("says a patronymic missing on one side is not counted against", () => {
    const r = compareNames("Alexei Gorinov", "Gorinov Aleksei Aleksandrovich");
    expect(r.explanation.join("\n")).toMatch(/patronymic Aleksandrovich present only in the second name \(not counted against\)/);
  });

  it("explains Ukrainian/Russian given-name forms", () => {
    const r = compareNames("Serhiy Tsyhipa", "Sergei Tsigipa");
    expect(r.explanation.join("\n")).toMatch(/Serhiy ≈ Sergei \(forms of Сергей\)/);
  });

  it("explains sex-marked forms", () => {
    const r = compareNames("Евгения Иванова", "Евгений Иванов");
    expect(r.explanation.join("\n")).toMatch(/female and male forms of one surname/);
    expect(r.explanation.join("\n")).toMatch(/Евгения and Евгений are different names/);
  });

  it("explains different fathers", () => {
    const r = compareNames("Горинов Алексей Иванович", "Горинов Алексей Александрович");
    expect(r.explanation.join("\n")).toMatch(/different father's names/);
  });
});

describe("comparePeople: evidence beyond names", () => {
  const gorinov = { names: ["Горинов Алексей Александрович", "Aleksei Gorinov"], birthDate: "1961-09-25", region: "Moscow", category: "ru_political_prisoner" };

  it.each([
    ["exact birth date lifts a partial name to match", { names: ["Gorinov"], birthDate: "1961-09-25" }, "match", /birth date equal/],
    ["year only", { names: ["Alexei Gorinov"], birthDate: "1961" }, "match", /birth year equal \(1961\)/],
    ["namesake born years apart", { names: ["Alexei Gorinov"], birthDate: "1985-03-02" }, "none", /birth dates differ/],
    ["same year, other day", { names: ["Alexei Gorinov"], birthDate: "1961-02-03" }, "possible", /born the same year, different dates/],
    ["year typo, same day", { names: ["Alexei Gorinov"], birthDate: "1962-09-25" }, "match", /year differs by 1/],
    ["only a year, one off (derived from an age)", { names: ["Alexei Gorinov"], birthDate: "1962" }, "match", /birth years one apart/],
    ["only a year, two off", { names: ["Alexei Gorinov"], birthDate: "1963" }, "none", /birth dates differ/],
    ["region and category agree", { names: ["Alexei Gorinov"], region: "moscow", category: "ru_political_prisoner" }, "match", /region equal/],
    ["explicit sex contradicts the name", { names: ["Alexei Gorinov"], sex: "female" }, "none", /sex differs/],
  ] as Array<[string, PersonEvidence, Verdict, RegExp]>)("%s", (_, other, verdict, line) => {
    const r = comparePeople(gorinov, other);
    expect(r.verdict).toBe(verdict);
    expect(r.explanation.join("\n")).toMatch(line);
  });

  it("reads day/month swapped dates", () => {
    const r = comparePeople({ names: ["Alexei Gorinov"], birthDate: "1961-09-05" }, { names: ["Алексей Горинов"], birthDate: "1961-05-09" });
    expect(r.explanation.join("\n")).toMatch(/day and month swapped/);
    expect(r.verdict).toBe("match");
  });

  it("uses the best pair of alternate spellings", () => {
    const r = comparePeople({ names: ["Sergei Tsigipa", "Цигіпа Сергій"] }, { names: ["Serhiy Tsyhipa"] });
    expect(r.verdict).toBe("match");
    expect(r.explanation[0]).toMatch(/best name pair/);
  });

  it("does not let a birth date make unrelated names match", () => {
    const r = comparePeople({ names: ["Oleg Navalny"], birthDate: "1976-06-04" }, { names: ["Alexei Navalny"], birthDate: "1976-06-04" });
    expect(r.verdict).toBe("none");
  });
});

describe("parseBirthDate / thresholds", () => {
  it.each([
    ["1961-09-25", { year: 1961, month: 9, day: 25 }],
    ["1961", { year: 1961, month: null, day: null }],
    ["1961-09", { year: 1961, month: 9, day: null }],
    ["25.09.1961", { year: 1961, month: 9, day: 25 }],
    ["1961-25-09", { year: 1961, month: 9, day: 25 }], // day and month written the other way round
    ["1961-13-45", null],
    ["", null],
    ["unknown", null],
  ])("%s", (s, expected) => expect(parseBirthDate(s)).toEqual(expected));

  it("verdicts follow the thresholds", () => {
    expect(verdictFor(MATCH_THRESHOLD)).toBe("match");
    expect(verdictFor(MATCH_THRESHOLD - 0.001)).toBe("possible");
    expect(verdictFor(POSSIBLE_THRESHOLD)).toBe("possible");
    expect(verdictFor(POSSIBLE_THRESHOLD - 0.001)).toBe("none");
  });
});
