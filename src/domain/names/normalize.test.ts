import { describe, expect, it } from "vitest";
import { foldLatin, normalizeName, scriptOf } from "./normalize.js";

const norms = (s: string): string[] => normalizeName(s).tokens.map((t) => t.norm);

describe("normalizeName", () => {
  it.each([
    ["Алексей Горинов", ["алексей", "горинов"]],
    ["GORINOV ALEKSEI", ["gorinov", "aleksei"]],
    ["  Gorinov   Aleksei\tAleksandrovich ", ["gorinov", "aleksei", "aleksandrovich"]],
    ["Margarita-Simonyan", ["margarita", "simonyan"]],
    ["Kim Jong-un", ["kim", "jong", "un"]],
    ["Natal'ya", ["natalya"]],
    ["Лук’яненко", ["лукяненко"]],
    ["O'Brien", ["obrien"]],
    ["SergeiLavrov", ["sergei", "lavrov"]],
    ["АлексейГоринов", ["алексей", "горинов"]],
    ["JoséMaría", ["josé", "maría"]],
    ["Ig0r Sech1n", ["igor", "sechin"]],
    ["Mr. Rami Makhlouf", ["rami", "makhlouf"]],
    ["Dr. Rami Makhlouf", ["rami", "makhlouf"]],
    ["Гражданин Иванов Иван", ["иванов", "иван"]],
    ["J.-C. Juncker", ["j", "c", "juncker"]],
    ["Volkov, aTras", ["volkov", "atras"]],
    ["Ａлексей", ["алексей"]], // full-width A (NFKC) typed in a Cyrillic word
  ])("%s → %j", (input, expected) => {
    expect(norms(input)).toEqual(expected);
  });

  it("marks the part before a comma as the surname", () => {
    const n = normalizeName("Kozyreva, Darya");
    expect(n.surnameFirst).toBe(1);
    expect(n.tokens.map((t) => t.norm)).toEqual(["kozyreva", "darya"]);
  });

  it("reports no comma as surnameFirst 0", () => {
    expect(normalizeName("Darya Kozyreva").surnameFirst).toBe(0);
  });

  it("flags initials", () => {
    const n = normalizeName("A. Gorinov");
    expect(n.tokens.map((t) => t.initial)).toEqual([true, false]);
  });

  it("repairs Latin look-alike letters inside a Cyrillic word", () => {
    // "Aлексей" with a Latin capital A.
    const [t] = normalizeName("Aлексей").tokens;
    expect(t?.norm).toBe("алексей");
    expect(t?.script).toBe("cyrillic");
  });

  it("keeps a lone title as a name rather than returning nothing", () => {
    expect(norms("President")).toEqual(["president"]);
  });

  it("reads a title after the only other word, or before the surname's comma, as a surname (Timur Sheikh = Тимур Шейх)", () => {
    expect(norms("Timur Sheikh")).toEqual(["timur", "sheikh"]);
    expect(norms("Sheikh, Timur")).toEqual(["sheikh", "timur"]);
    expect(norms("Sheikh Mohammed bin Rashid")).toEqual(["mohammed", "bin", "rashid"]);
    expect(norms("Smith, Mr John")).toEqual(["smith", "john"]);
  });
});

describe("scriptOf / foldLatin", () => {
  it.each([
    ["Горинов", "cyrillic"],
    ["Gorinov", "latin"],
    ["Erdoğan", "latin"],
    ["ბარაკ", "other"],
  ] as const)("%s is %s", (text, script) => expect(scriptOf(text)).toBe(script));

  it.each([
    ["Erdoğan", "erdogan"],
    ["François", "francois"],
    ["Støre", "store"],
    ["Vučić", "vucic"],
  ])("folds %s to %s", (a, b) => expect(foldLatin(a)).toBe(b));
});
