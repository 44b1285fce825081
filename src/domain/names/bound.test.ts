import { describe, expect, it } from "vitest";
import { compareParsedBound, similarityBound } from "./bound.js";
import { compareParsed } from "./compare.js";
import { clearTokenCache, parseName } from "./parse.js";
import { comparePrepared, nameScoreBound, nameScoreNeeded, preparePerson, type PersonEvidence } from "./people.js";
import { compareTokens } from "./tokens.js";

// Names as lists spell them: both scripts, national transliterations, typos, spacing typos, initials,
// particles, Arabic names, other scripts, comma order, the two sexes' forms.
const NAMES = [
  "Горинов Алексей Александрович", "Alexei Gorinov", "GORINOV, Aleksei", "Gorinov Aleksei Aleksandrovich", "Горінов Олексій Олександрович",
  "Иванова Елена Петровна", "Иванов Евгений Петрович", "Ivanova Jelena", "Iwanowa Helena Pietrowna", "Евгения Иванова",
  "Шевчук Тарас Григорович", "Shevchuk Taras", "Shevhcuk Taras Hryhorovych", "Шевченко Тарас", "Szewczuk Taras",
  "Потапова Жанна", "Potapova Janna", "Rouslan Krioukov", "Руслан Крюков", "Iourii Ouchakov", "Юрий Ушаков",
  "Deni sRiabov", "Денис Рябов", "WalentinaO sipowa", "Валентина Осипова", "ILJABARANOW", "Илья Баранов",
  "Nikolai Patr ushev", "Николай Патрушев", "Сокоолва Анна", "Соколова Анна Игоревна", "Sokolova Anna",
  "Yashin Sergei", "Yakhin Sergei", "Сергей Захаров", "Sergei Sakharov", "Sergej Sergejewitsch Sacharow", "Сергей Сергеевич Сахаров",
  "Ponomarenko Olena", "Ponomareva Elena", "Домнин Илья", "Domnich Ilya", "Teyuk Ilya", "Выук Ілля",
  "A. Nazarbayev", "Nursultan Nazarbayev", "Hans Joachim Friedrich", "Friedrich Hans", "Hans O Friedrich", "Попов С. С.", "Попов Сергей Сергеевич",
  "Salman bin Muhammad Al Saud", "Muhammad bin Salman", "Usama bin Ladin", "Osama bin Laden", "ABDUL GHAFAR QURISHI ABDUL HAMID",
  "Ludwig van Beethoven", "Charles de Gaulle", "Mao Zedong", "毛泽东", "ნიკოლოზ ბასილაშვილი", "Nikoloz Basilashvili",
  "Зеленский Владимир Александрович", "Зеленський Володимир Олександрович", "Volodymyr Zelenskyy", "Zelenski Wolodymyr",
  "Джелял Наріман Юрійович", "Нариман Джелял", "Nariman Dzhelal", "Tsyhipa Serhiy", "Цигіпа Сергій", "Sergei Tsigipa",
  "IVANAS UMEROyAS", "Ivanas Umerovas", "Иван Умеров", "Артемас Хиуовнас", "Artemas Hiuovnas", "Kuznetsovboirs", "Кузнецов Борис",
  "Горинав Алексей", "Gorinow Aleksiej", "Иванов Сергей Петрович", "Иванав Сергей Петрович", "Ivanv Sergei Petrovich", "Sokolowa Ana",
  "Иванов-Петров Сергей", "Мария", "Петров", "Ли", "Ким Ен Су", "Kim Yong Su", "Bolyuskaya Irina", "Болюська Ірина", "Болюский Игорь",
];

describe("name score bound", () => {
  it("is never below the score compareParsed gives, with the token-pair memo empty and full", () => {
    clearTokenCache();
    const parsed = NAMES.map((n) => parseName(n));
    // First with nothing memoised (letter bounds), then after the exact comparisons (memoised pairs exact).
    const cold = parsed.map((A) => parsed.map((B) => compareParsedBound(A, B)));
    const exact = parsed.map((A) => parsed.map((B) => compareParsed(A, B).score));
    const warm = parsed.map((A) => parsed.map((B) => compareParsedBound(A, B)));
    let below = 0;
    let tight = 0;
    parsed.forEach((A, i) =>
      parsed.forEach((B, j) => {
        if (cold[i]![j]! < exact[i]![j]! || warm[i]![j]! < exact[i]![j]!) below++;
        if (cold[i]![j]! < 0.5) tight++;
      }),
    );
    expect(below).toBe(0);
    // The bound must also be of use: most of these pairs are different people.
    expect(tight).toBeGreaterThan(parsed.length * parsed.length * 0.4);
  });

  it("sets a pair aside for a score it needs only when its score is below that", () => {
    clearTokenCache();
    const parsed = NAMES.map((n) => parseName(n));
    let aside = 0;
    for (const need of [0.5, 0.7, 0.8, 0.9, 0.95])
      for (const A of parsed)
        for (const B of parsed) {
          if (compareParsedBound(A, B, need) >= need) continue;
          aside++;
          expect(compareParsed(A, B).score, `${A.input} / ${B.input} at ${need}`).toBeLessThan(need);
        }
    expect(aside).toBeGreaterThan(parsed.length * parsed.length * 3);
    // Sharpest: asked for exactly the score a pair has, the bound never sets it aside.
    let near = 0;
    for (const A of parsed)
      for (const B of parsed) {
        const score = compareParsed(A, B).score;
        if (score <= 0.66) continue;
        near++;
        expect(compareParsedBound(A, B, score), `${A.input} / ${B.input}`).toBeGreaterThanOrEqual(score);
      }
    expect(near).toBeGreaterThan(100);
  });

  it("sets aside people of one surname with another given name and another father, as compareParsed caps them", () => {
    // The people a row meets by surname and birth year (y: keys); at 0.562 (born the same year) none can reach it.
    clearTokenCache();
    const given = ["Андрей", "Сергей", "Олег", "Григорий", "Денис", "Максим", "Вадим", "Александр"];
    const fathers = ["Андреевич", "Сергеевич", "Денисович", "Егорович", "Максимович", "Павлович", "Александрович", "Григорьевич"];
    const people = given.flatMap((g) => fathers.map((f) => ({ g, f, name: parseName(`Смирнов ${g} ${f}`) })));
    let aside = 0;
    for (const a of people)
      for (const b of people) {
        for (const need of [0.5, 0.562, 0.7, 0.9]) {
          if (compareParsedBound(a.name, b.name, need) < need) expect(compareParsed(a.name, b.name).score, `${a.name.input} / ${b.name.input} at ${need}`).toBeLessThan(need);
        }
        if (a.g === b.g || a.f === b.f) continue;
        if (compareParsedBound(a.name, b.name, 0.562) < 0.562) aside++;
      }
    // Not all (80 %; none before the cap and the maximal pairings): a given name near the other's patronymic
    // (Андрей / Александрович) leaves a crosswise pairing in reach.
    expect(aside).toBeGreaterThan(64 * 49 * 0.75);
  });

  it("bounds every token comparison it does not leave to the exact one", () => {
    clearTokenCache();
    const tokens = NAMES.flatMap((n) => parseName(n).tokens);
    for (const a of tokens)
      for (const b of tokens) {
        const u = similarityBound(a, b);
        if (u !== null) expect(u, `${a.raw} / ${b.raw}`).toBeGreaterThanOrEqual(compareTokens(a, b).sim);
      }
  });
});

describe("name score a pair needs (evidence inverted)", () => {
  const dates = [null, "1980-05-17", "1980-17-05", "1981-05-17", "1980", "1981", "1982", "1980-06-01", "1979-06-01", "1908-05-17", "1990-05-17"];
  const regions = [null, "Crimea", "Kherson"];
  const sexes = [null, "male", "female"] as const;
  const people = (names: string[]): PersonEvidence[] =>
    dates.flatMap((birthDate, k) => regions.map((region, r) => ({ names, birthDate, region, sex: sexes[(k + r) % 3] })));

  it("is never above the best name score of a pair that reaches the threshold", () => {
    const pairs: Array<[string[], string[]]> = [
      [["Горинов Алексей Александрович"], ["Alexei Gorinov"]],
      [["Yashin Sergei"], ["Yakhin Sergei"]],
      [["Иванов Сергей"], ["Иванов Степан"]],
      [["Шевчук Тарас"], ["Шевченко Тарас"]],
      [["Deni sRiabov"], ["Денис Рябов"]],
      [["Иванова Евгения"], ["Иванов Евгений"]],
      [["Ponomarenko Olena"], ["Ponomareva Elena", "Пономарева Елена"]],
      [["Sergei Sakharov"], ["Сергей Захаров"]],
    ];
    let reached = 0;
    for (const [x, y] of pairs)
      for (const a of people(x))
        for (const b of people(y)) {
          const A = preparePerson(a);
          const B = preparePerson(b);
          const names = Math.max(...A.names.flatMap((p) => B.names.map((q) => compareParsed(p, q).score)));
          for (const minScore of [0.65, 0.84]) {
            const need = nameScoreNeeded(A, B, minScore);
            if (comparePrepared(A, B, false).score >= minScore) {
              reached++;
              expect(names, `${x} / ${y} ${a.birthDate} ${b.birthDate}`).toBeGreaterThanOrEqual(need);
              expect(nameScoreBound(A, B, need)).toBeGreaterThanOrEqual(need);
            }
          }
        }
    expect(reached).toBeGreaterThan(500);
  });

  it("asks more of names whose birth dates disagree", () => {
    const p = (birthDate: string | null) => preparePerson({ names: ["Иванов Сергей"], birthDate });
    expect(nameScoreNeeded(p("1980-05-17"), p("1980-05-17"), 0.65)).toBeCloseTo(0.5, 3);
    expect(nameScoreNeeded(p("1980-05-17"), p(null), 0.65)).toBeCloseTo(0.6495, 3);
    expect(nameScoreNeeded(p("1980-05-17"), p("1980-06-01"), 0.65)).toBeCloseTo(0.6495 / 0.72, 3);
    expect(nameScoreNeeded(p("1980-05-17"), p("1984-06-01"), 0.65)).toBeGreaterThan(1);
  });
});
