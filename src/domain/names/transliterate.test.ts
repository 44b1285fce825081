import { describe, expect, it } from "vitest";
import { skeleton, skeletonVariants, toCyrillic, transliterate, transliterations, type Standard } from "./transliterate.js";

describe("transliterate: one table per standard", () => {
  // [Cyrillic, standard, expected] — from the standards' own tables.
  it.each([
    ["Горинов", "icao", "gorinov"],
    ["Юлия", "icao", "iuliia"],
    ["Юлия", "bgn", "yuliya"],
    ["Юлия", "gost", "yuliya"],
    ["Юлия", "loc", "iuliia"],
    ["Навальная", "icao", "navalnaia"],
    ["Навальная", "bgn", "naval'naya".replace("'", "")],
    ["Щербаков", "icao", "shcherbakov"],
    ["Щербаков", "gost", "shherbakov"],
    ["Щербаков", "german", "schtscherbakow"],
    ["Хабаров", "gost", "xabarov"],
    ["Цветков", "gost", "cvetkov"],
    ["Цыганов", "gost", "czyganov"],
    ["Цаплин", "gost", "caplin"],
    ["Андреев", "bgn", "andreyev"],
    ["Андреев", "icao", "andreev"],
    ["Ежов", "bgn", "yezhov"],
    ["Алексей", "popular", "aleksey"],
    ["Дмитрий", "popular", "dmitry"],
    ["Навальный", "popular", "navalny"],
    ["Григорий", "icao", "grigorii"],
    ["Зеленський", "ua2010", "zelenskyi"],
    ["Цигіпа", "ua2010", "tsyhipa"],
    ["Юрій", "ua2010", "yurii"],
    ["Ярослав", "ua2010", "yaroslav"],
    ["Єгор", "ua2010", "yehor"],
    ["Ігор", "ua2010", "ihor"],
    ["Згурський", "ua2010", "zghurskyi"],
    ["Сергій", "icao", "sergii"],
    ["Володимир", "german", "wolodimir"],
    ["Жуков", "german", "schukow"],
  ] as Array<[string, Standard, string]>)("%s under %s → %s", (cyr, std, lat) => {
    expect(transliterate(cyr, std).replace(/[`']/g, "")).toBe(lat);
  });

  it("lists every standard that yields a spelling", () => {
    const all = transliterations("Горинов");
    expect(all.get("gorinov")).toEqual(expect.arrayContaining(["icao", "bgn", "gost", "loc", "popular"]));
    expect(transliterations("Юлия").get("iuliia")).toEqual(expect.arrayContaining(["icao", "loc"]));
  });
});

describe("skeleton: one key for every transliteration", () => {
  it.each([
    [["Алексей", "Aleksei", "Alexey", "Aleksej", "Alexei", "Aleksey", "ALEKSEI"]],
    [["Цигіпа", "Цигипа", "Tsyhipa", "Tsigipa"]],
    [["Навальный", "Navalny", "Navalnyy", "Navalnyi", "Naval'nyj"]],
    [["Джелял", "Dzhelyal", "Dzhelial"]],
    [["Горинов", "Gorinov", "GORINOV", "Горінов"]],
    [["Зеленский", "Зеленський", "Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi"]],
    [["Фёдоров", "Федоров", "Fyodorov", "Fedorov", "Fiodorov"]],
    [["Щербаков", "Shcherbakov", "Shherbakov", "Ščerbakov"]],
    [["Андреев", "Andreev", "Andreyev"]],
    [["Наталья", "Natalya", "Natalia", "Natal'ya"]],
    [["Михайло", "Mykhailo", "Mykhaylo"]],
  ])("%j", (forms) => {
    const keys = new Set(forms.map(skeleton));
    expect(keys.size).toBe(1);
  });

  it.each([
    ["Евгений", "Евгения"],
    ["Navalny", "Navalnaya"],
    ["Иванов", "Иванова"],
    ["Gorinov", "Gorin"],
  ])("keeps %s and %s apart", (a, b) => expect(skeleton(a)).not.toBe(skeleton(b)));

  it("reads x as х for GOST-looking Latin and ch as х for German", () => {
    expect(skeletonVariants("Mixail").alt).toBe(skeleton("Михаил"));
    expect(skeletonVariants("Michail").alt).toBe(skeleton("Михаил"));
    expect(skeletonVariants("Sachar").alts).toContain(skeleton("Захар"));
    expect(skeletonVariants("Schukow").alt).toBe(skeleton("Жуков"));
    expect(skeletonVariants("Schewtschenko").skel).toBe(skeleton("Шевченко"));
    expect(skeletonVariants("Czigipa").alt).toBe(skeleton("Цигипа"));
    expect(skeletonVariants("Gorinov").alt).toBeNull();
    expect(skeletonVariants("Горинов").alt).toBeNull();
  });

  it("leaves other scripts as they are", () => {
    expect(skeleton("ბარაკ")).toBe("ბარაკ");
  });
});

describe("toCyrillic (back-transliteration)", () => {
  it.each([
    ["Gorinov", "горинов"],
    ["Aleksei", "алексей"],
    ["Shcherbakov", "щербаков"],
    ["Yulia", "юля"],
    ["Yuliya", "юлия"],
    ["Iuliia", "юлия"],
    ["Zhukov", "жуков"],
    ["Tsvetkov", "цветков"],
    ["Eduard", "эдуард"],
    ["Navalnyy", "навальный".replace("ь", "")],
  ])("%s → %s", (lat, cyr) => expect(toCyrillic(lat)).toBe(cyr));
});
