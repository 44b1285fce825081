import { describe, expect, it } from "vitest";
import { compareParsedBound } from "./bound.js";
import { compareParsed } from "./compare.js";
import { clearTokenCache, parseName } from "./parse.js";
import { comparePrepared, nameScoreBound, nameScoreNeeded, preparePerson, type PersonEvidence } from "./people.js";

// The bound against the full score on pairs nobody picked: names as lists spell them, each changed at random the way
// typists and OCR change them (a letter dropped, added or replaced, a space moved or lost, words swapped, capitals).
// Seeded, so a failure names its pair and comes back on the next run.
const BASE = [
  "Горинов Алексей Александрович", "Alexei Gorinov", "Иванова Елена Петровна", "Иванов Евгений Петрович", "Шевчук Тарас Григорович",
  "Shevchuk Taras", "Потапова Жанна", "Potapova Janna", "Rouslan Krioukov", "Руслан Крюков", "Денис Рябов", "Валентина Осипова",
  "Илья Баранов", "Николай Патрушев", "Соколова Анна Игоревна", "Sokolova Anna", "Yashin Sergei", "Сергей Захаров", "Sergei Sakharov",
  "Ponomarenko Olena", "Пономарева Елена", "Домнин Илья", "Попов С. С.", "Попов Сергей Сергеевич", "Зеленский Владимир Александрович",
  "Volodymyr Zelenskyy", "Джелял Наріман Юрійович", "Nariman Dzhelal", "Цигіпа Сергій", "Кузнецов Борис", "Иванов-Петров Сергей",
  "Мария", "Петров", "Ким Ен Су", "Болюська Ірина", "Osama bin Laden", "Hans Joachim Friedrich", "Charles de Gaulle",
  "Михайлова Ольга Викторовна", "Mikhailova Olga", "Федоров Фёдор", "Fedorov Fyodor", "Чернышёв Юрий", "Chernyshev Yuriy",
  "Жуков Георгий Константинович", "Zhukov Georgii", "Щербаков Олег", "Shcherbakov Oleg", "Яковлева Юлия", "Iakovleva Iuliia",
];
const LETTERS = [..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґabcdefghijklmnopqrstuvwxyz"];

function generator(seed: number) {
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const mutate = (s: string): string => {
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const i = Math.floor(rnd() * s.length);
      const op = Math.floor(rnd() * 7);
      if (op === 0) s = s.slice(0, i) + s.slice(i + 1);
      else if (op === 1) s = s.slice(0, i) + pick(LETTERS) + s.slice(i);
      else if (op === 2) s = s.slice(0, i) + pick(LETTERS) + s.slice(i + 1);
      else if (op === 3) s = `${s.slice(0, i)} ${s.slice(i)}`;
      else if (op === 4) s = s.replace(" ", "");
      else if (op === 5) s = s.split(" ").reverse().join(" ");
      else s = s.toUpperCase();
    }
    return s.trim() || "Петров";
  };
  const name = () => (rnd() < 0.3 ? pick(BASE) : mutate(pick(BASE)));
  return { rnd, pick, mutate, name };
}

describe("name score bound on random pairs", () => {
  it("is never below compareParsed, and sets a pair aside for a score only when its score is below it", () => {
    const g = generator(7);
    clearTokenCache();
    const parsed = Array.from({ length: 300 }, () => parseName(g.name()));
    let aside = 0;
    for (let r = 0; r < 15_000; r++) {
      const A = g.pick(parsed);
      const B = g.pick(parsed);
      const exact = compareParsed(A, B).score;
      expect(compareParsedBound(A, B), `${A.input} / ${B.input}`).toBeGreaterThanOrEqual(exact);
      const need = g.pick([0.5, 0.65, 0.7, 0.8, 0.84, 0.9, 0.95, exact]);
      if (compareParsedBound(A, B, need) >= need) continue;
      aside++;
      expect(exact, `${A.input} / ${B.input} at ${need}`).toBeLessThan(need);
    }
    // Of use as well as sound: most random pairs are different people.
    expect(aside).toBeGreaterThan(5_000);
  });

  it("never sets aside a pair of people (names and evidence) that reaches possible or match", () => {
    const g = generator(11);
    const dates = [null, "1980-05-17", "1980-17-05", "1981-05-17", "1980", "1981", "1980-06-01", "1979-06-01", "1908-05-17"];
    const regions = [null, "UA-43", "UA-65"];
    const sexes = [null, "male", "female"] as const;
    const categories = [null, "civilian", "pow"];
    const person = (names: string[]): PersonEvidence => ({ names, birthDate: g.pick(dates), region: g.pick(regions), sex: g.pick(sexes), category: g.pick(categories) });
    let reached = 0;
    for (let r = 0; r < 6_000; r++) {
      const x = g.name();
      // Mostly the same name as another list spells it, so that many pairs reach the thresholds.
      const y = g.rnd() < 0.7 ? g.mutate(x) : g.name();
      const a = preparePerson(person([x]));
      const b = preparePerson(person(g.rnd() < 0.3 ? [y, g.name()] : [y]));
      const score = comparePrepared(a, b, false).score;
      for (const minScore of [0.65, 0.84]) {
        if (score < minScore) continue;
        reached++;
        const need = nameScoreNeeded(a, b, minScore);
        expect(nameScoreBound(a, b, need), `${x} / ${y} at ${minScore}`).toBeGreaterThanOrEqual(need);
      }
    }
    expect(reached).toBeGreaterThan(1_000);
  });
});
