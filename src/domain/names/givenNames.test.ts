import { describe, expect, it } from "vitest";
import { givenKeys, lookupGiven, patronymicStemOf } from "./givenNames.js";
import { skeleton } from "./transliterate.js";

const ids = (name: string): string[] => lookupGiven(skeleton(name)).full.map((g) => g.id);
const dims = (name: string): string[] => lookupGiven(skeleton(name)).diminutiveOf.map((g) => g.display);

describe("Russian ↔ Ukrainian given-name equivalents", () => {
  it.each([
    ["Олександр", "Александр"],
    ["Oleksandr", "Aleksandr"],
    ["Сергій", "Сергей"],
    ["Serhiy", "Sergei"],
    ["Дмитро", "Дмитрий"],
    ["Dmytro", "Dmitry"],
    ["Микола", "Николай"],
    ["Mykola", "Nikolai"],
    ["Олена", "Елена"],
    ["Olena", "Yelena"],
    ["Тетяна", "Татьяна"],
    ["Євген", "Евгений"],
    ["Yevhen", "Evgeny"],
    ["Юрій", "Юрий"],
    ["Пилип", "Филипп"],
    ["Михайло", "Михаил"],
    ["Наталія", "Наталья"],
    ["Ганна", "Анна"],
    ["Василь", "Василий"],
    ["Юхим", "Ефим"],
    ["Yukhym", "Yefim"],
    ["Яким", "Аким"],
    ["Таїсія", "Таисия"],
    ["Єва", "Ева"],
  ])("%s ≡ %s", (a, b) => {
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).some((id) => ids(b).includes(id))).toBe(true);
  });

  it.each([
    ["Евгений", "Евгения"],
    ["Александр", "Александра"],
    ["Олег", "Алексей"],
    ["Иван", "Игорь"],
  ])("%s and %s are different groups", (a, b) => {
    expect(ids(a).some((id) => ids(b).includes(id))).toBe(false);
  });

  it("pairs male and female forms", () => {
    const [m] = lookupGiven(skeleton("Евгений")).full;
    const [f] = lookupGiven(skeleton("Евгения")).full;
    expect(m?.counterpart).toBe(f?.id);
    expect(f?.counterpart).toBe(m?.id);
    expect(lookupGiven(skeleton("Виктор")).full[0]?.counterpart).toBe(lookupGiven(skeleton("Виктория")).full[0]?.id);
    expect(lookupGiven(skeleton("Богдан")).full[0]?.counterpart).toBe(lookupGiven(skeleton("Богдана")).full[0]?.id);
  });
});

describe("diminutives", () => {
  it.each([
    ["Sasha", ["Александр", "Александра"]],
    ["Саша", ["Александр", "Александра"]],
    ["Zhenya", ["Евгений", "Евгения"]],
    ["Женя", ["Евгений", "Евгения"]],
    ["Дима", ["Дмитрий"]],
    ["Lyosha", ["Алексей"]],
    ["Вова", ["Владимир"]],
  ])("%s is short for %j", (dim, full) => expect(dims(dim).sort()).toEqual([...full].sort()));

  it("blocking keys of a diminutive cover every name it may stand for", () => {
    const keys = givenKeys(skeleton("Саша"));
    expect(keys).toEqual(expect.arrayContaining(ids("Александр")));
    expect(keys).toEqual(expect.arrayContaining(ids("Александра")));
  });

  it("an unknown name is its own key", () => {
    expect(givenKeys(skeleton("Qwertyuiop"))).toEqual([skeleton("Qwertyuiop")]);
  });
});

describe("patronymicStemOf", () => {
  it.each([
    ["Александр", "aleksandr"],
    ["Сергей", "serg"],
    ["Николай", "nikol"],
    ["Дмитрий", "dmitr"],
    ["Дмитро", "dmitr"],
  ])("%s → %s", (name, stem) => expect(patronymicStemOf(skeleton(name))).toBe(stem));
});
