import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { clearTokenCache } from "./parse.js";
import { comparePrepared, nameScoreBound, nameScoreNeeded, preparePerson } from "./people.js";
import { PLAIN_MAX_TOKENS, QuickBound, isPlain, writeKeys } from "./quickBound.js";
import { respacedVariants } from "./respace.js";

// blocking.ts sets a person aside when every name of the query's QuickBound rejects them, in place of nameScoreBound:
// it must never be stricter than nameScoreBound (which is itself never stricter than the full score). Checked on
// random pairs of real-shaped names — registry spellings of Russian and Ukrainian names with typos, the other sex's
// forms, swapped and run-together words, their spacing repairs as a query's other names — and, where it is beside the
// repository (../shared), OpenSanctions' labelled name pairs. Seeded: a failure repeats.

const here = dirname(fileURLToPath(import.meta.url));
const bench = [resolve(here, "../../../../shared/data/name-bench/person_pairs.csv"), resolve(here, "../../../../../shared/data/name-bench/person_pairs.csv")].find((f) => existsSync(f));
const benchNames: string[] = bench ? (parse(readFileSync(bench, "utf8"), { columns: true }) as { name1: string; name2: string }[]).flatMap((r) => [r.name1, r.name2]) : [];

const SURNAMES = ["Иванов", "Петренко", "Шевчук", "Кузнецов", "Соколов", "Мельник", "Бойко", "Ткаченко", "Коваленко", "Сидоров", "Горинов", "Рябов", "Захаров", "Ким"];
const GIVEN = ["Алексей", "Иван", "Тарас", "Олена", "Ирина", "Ірина", "Сергей", "Анна", "Денис", "Оксана", "Василий", "Петро", "Мария", "Ен"];
const PATRONYMIC = ["Александрович", "Петрович", "Игоревич", "Григорович", "Олеговна", "Василівна", "Тимурович", "Андреевна", "Су"];
const LATIN = ["Ivanov Aleksei", "Petrenko Taras", "Shevchuk Olena", "Kuznetsov Sergei", "Sokolova Anna", "Melnyk Oksana", "Gorinov Alexei", "Riabov Denis"];

describe("the quick bound against nameScoreBound", () => {
  it("never sets aside a person nameScoreBound would keep, for a query of one name or of several", () => {
    let seed = 20261206;
    const rnd = (n: number) => {
      // The high bits: an LCG's low bits repeat with a short period (rnd(2) would alternate).
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
    const typo = (w: string): string => {
      if (w.length < 4) return w;
      const i = 1 + rnd(w.length - 2);
      const k = rnd(3);
      return k === 0 ? w.slice(0, i) + w.slice(i + 1) : k === 1 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + "о" + w.slice(i + 1);
    };
    const russian = (): string => {
      let words = [pick(SURNAMES), pick(GIVEN), ...(rnd(3) ? [pick(PATRONYMIC)] : [])];
      if (rnd(3) === 0) words = words.map((w) => (rnd(2) ? typo(w) : w));
      if (rnd(4) === 0) words[0] = words[0] + "а";
      if (rnd(4) === 0) words = [...words.slice(1), words[0]!];
      if (rnd(6) === 0 && words.length > 1) words = [words[0]! + words[1]!.toLowerCase(), ...words.slice(2)];
      return words.join(" ");
    };
    const aName = (): string => (benchNames.length && rnd(3) === 0 ? pick(benchNames) : rnd(6) === 0 ? pick(LATIN) : russian());

    clearTokenCache();
    const keys = new Int32Array(PLAIN_MAX_TOKENS);
    let asked = 0;
    let aside = 0;
    for (let trial = 0; trial < 2500; trial++) {
      const first = aName();
      // A query's other names: its spacing repairs, or another spelling of someone (a row's alternate names).
      const names = rnd(2) ? [first, ...respacedVariants(first)] : rnd(2) ? [first, aName()] : [first];
      const birthDate = rnd(2) ? "1980-05-17" : "1981-05-17";
      const query = preparePerson({ names, birthDate, sex: null });
      const person = preparePerson({ names: [rnd(4) === 0 ? first : aName()], birthDate: "1980-05-17", sex: null });
      if (!query.names.length || !query.names.every(isPlain) || person.names.length !== 1 || !isPlain(person.names[0]!)) continue;
      const quick = query.names.map((n) => new QuickBound(n));
      const B = person.names[0]!;
      const words = writeKeys(B, keys, 0);
      // Some pairs compared in full first, as the index does for the people it keeps: the memo then holds exact values.
      if (rnd(2)) comparePrepared(query, person, false);
      // Name scores asked as blocking.ts asks them (what the evidence leaves a final score of `min` to reach), and bare.
      for (const [need, min] of [[nameScoreNeeded(query, person, 0.84), 0.84], [nameScoreNeeded(query, person, 0.65), 0.65], [0.5, null], [0.72, null], [0.9, null]] as const) {
        asked++;
        if (!quick.every((q) => q.rejects(keys, 0, words, need, (j) => B.tokens[j]!))) continue;
        aside++;
        const what = `${names.join(" / ")} against ${B.input} at ${need}`;
        expect(nameScoreBound(query, person, need), what).toBeLessThan(need);
        // comparePrepared's score is the final one (the names and the evidence): below the `min` it was asked for.
        if (min !== null) expect(comparePrepared(query, person, false).score, what).toBeLessThan(min);
      }
    }
    expect(asked).toBeGreaterThan(5000);
    expect(aside).toBeGreaterThan(asked / 4);
  });
});
