import { describe, expect, it } from "vitest";
import { compareParsed } from "./compare.js";
import { clearTokenCache, parseName } from "./parse.js";
import { comparePrepared, nameScoreNeeded, nameScoreNeededPacked, preparePerson, type PersonEvidence } from "./people.js";
import { packBirth } from "./blocking.js";
import { PLAIN_MAX_TOKENS, QuickBound, isPlain, writeKeys } from "./quickBound.js";
import { respacedVariants } from "./respace.js";

// The bound read from token keys against the full score, on names as registries and lists spell them (Cyrillic and
// Latin, with typos, the two sexes' forms of a surname, swapped words, one or two words): it may only set aside a
// pair whose score is below what is asked, and it should set aside most pairs of different people.
const NAMES = [
  "Горинов Алексей Александрович", "Горинов Алексей Александровичь", "Горинова Алексея Александровна", "Alexei Gorinov", "Иванова Елена Петровна",
  "Иванов Евгений Петрович", "Иванов Евгений", "Шевчук Тарас Григорович", "Shevchuk Taras", "Потапова Жанна", "Potapova Janna", "Руслан Крюков",
  "Rouslan Krioukov", "Денис Рябов", "Рябов Денис Игоревич", "Соколова Анна Игоревна", "Соколов Андрей Игоревич", "Сокоолва Анна", "Sokolova Anna",
  "Захаров Сергей", "Сахаров Сергей", "Домнин Илья", "Домнич Илья", "Петров", "Мария", "Кузнецов Борис Олегович", "Кузнецова Бориса Олеговна",
  "Ким Ен Су", "Болюська Ірина", "Болюская Ирина", "Федоров Фёдор", "Fedorov Fyodor", "Михайлова Ольга Викторовна", "Ольга Михайлова",
  // Patronymics naming different fathers, where a patronymic may still pair with another word (a surname spelt
  // like a patronymic): the different-fathers rule must not set these aside.
  "Андреев Андрей Андреевич", "Андреевич Андрей Иванович", "Петров Иван Петрович", "Петрович Иван Сергеевич", "Иванов Иван Иванович", "Иванович Иван Петрович",
];

describe("the name-score bound from token keys", () => {
  it("never sets aside a pair reaching what is asked, and sets aside most others", () => {
    clearTokenCache();
    const parsed = NAMES.map(parseName).filter(isPlain);
    expect(parsed.length).toBeGreaterThan(30);
    const keys = new Int32Array(PLAIN_MAX_TOKENS);
    let aside = 0;
    let pairs = 0;
    for (const A of parsed) {
      const quick = new QuickBound(A);
      for (const B of parsed) {
        const words = writeKeys(B, keys, 0);
        const exact = compareParsed(A, B).score;
        for (const need of [0.5, 0.6, 0.65, 0.72, 0.8, 0.84, 0.9, 0.95, exact]) {
          pairs++;
          // Twice: the second time every pair of words is read from what the first one kept.
          for (const k of [0, 1]) {
            if (!quick.rejects(keys, 0, words, need, (j) => B.tokens[j]!)) continue;
            if (k === 0) aside++;
            expect(exact, `${A.input} / ${B.input} at ${need}`).toBeLessThan(need);
          }
        }
      }
    }
    expect(aside).toBeGreaterThan(pairs / 2);
  });

  it("sets a person aside from a query with several names only when no name of it could reach them", () => {
    clearTokenCache();
    // As MatchIndex asks it: a query's spacing repairs (or its other spellings) each bounded, a person set aside when
    // every one of them sets them aside; the person's full score must then be below what was asked.
    const queries = ["Петров Василий Тимурович", "Петров Игорь Алексеевич", "Deni sRiabov", "Patr ushev Ivan", "ILJABARANOW"].map((n) => [n, ...respacedVariants(n)]);
    queries.push(["Горинов Алексей Александрович", "Gorinov Aleksei Aleksandrovich"], ["Петро вВасилий Тимурович", "Петров Василий Тимурович"]);
    const people = [...NAMES, "Петров Василий Тимурович", "Петрова Василиса Тимуровна", "Петро Василий", "Петроввасилий Тимурович"].map((name) => preparePerson({ names: [name], birthDate: "1980-05-17", sex: null }));
    const keys = new Int32Array(PLAIN_MAX_TOKENS);
    let aside = 0;
    let asked = 0;
    for (const names of queries) {
      const query = preparePerson({ names, birthDate: "1980-05-17", sex: null });
      expect(query.names.length, names[0]).toBeGreaterThan(1);
      if (!query.names.every(isPlain)) continue;
      const quick = query.names.map((n) => new QuickBound(n));
      for (const person of people) {
        if (!isPlain(person.names[0]!)) continue;
        const words = writeKeys(person.names[0]!, keys, 0);
        const exact = comparePrepared(query, person, false).score;
        for (const min of [0.65, 0.84, 0.85]) {
          asked++;
          const need = nameScoreNeeded(query, person, min);
          if (!quick.every((q) => q.rejects(keys, 0, words, need, (j) => person.names[0]!.tokens[j]!))) continue;
          aside++;
          expect(exact, `${names.join(" / ")} against ${person.names[0]!.input} at ${min}`).toBeLessThan(min);
        }
      }
    }
    expect(asked).toBeGreaterThan(300);
    expect(aside).toBeGreaterThan(asked / 2);
  });

  it("works out the name score the evidence needs from packed birth dates as from the dates", () => {
    const dates = [null, "1980-05-17", "1980-17-05", "1981-05-17", "1979-05-17", "1908-05-17", "1980", "1981", "1982", "1980-06-01", "1981-06-01", "1980-06", "2011-03-04", "2011-04-03"];
    for (const x of dates) {
      for (const y of dates) {
        const a = preparePerson({ names: ["Иванов Иван"], birthDate: x, sex: "male" } satisfies PersonEvidence);
        const b = preparePerson({ names: ["Иванов Иван"], birthDate: y, sex: "male" } satisfies PersonEvidence);
        for (const min of [0.65, 0.84, 0.85]) expect(nameScoreNeededPacked(min, packBirth(a.birth), packBirth(b.birth)), `${x} / ${y}`).toBe(nameScoreNeeded(a, b, min));
      }
    }
  });
});
