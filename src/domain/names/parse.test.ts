import { describe, expect, it } from "vitest";
import { parseName, patronymicOf, surnameFormOf } from "./parse.js";
import { skeleton } from "./transliterate.js";

const roles = (name: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const t of parseName(name).tokens) out[t.role] = [out[t.role], t.raw].filter(Boolean).join(" ");
  return out;
};

describe("structure detection", () => {
  it.each([
    ["Алексей Александрович Горинов", { given: "Алексей", patronymic: "Александрович", surname: "Горинов" }],
    ["Горинов Алексей Александрович", { given: "Алексей", patronymic: "Александрович", surname: "Горинов" }],
    ["GORINOV ALEKSEI ALEKSANDROVICH", { given: "ALEKSEI", patronymic: "ALEKSANDROVICH", surname: "GORINOV" }],
    ["Gorinov Aleksei", { given: "Aleksei", surname: "Gorinov" }],
    ["Aleksei Gorinov", { given: "Aleksei", surname: "Gorinov" }],
    ["Kozyreva, Darya", { given: "Darya", surname: "Kozyreva" }],
    ["Kozyreva, Darya Sergeevna", { given: "Darya", patronymic: "Sergeevna", surname: "Kozyreva" }],
    ["Сергій Олександрович Цигіпа", { given: "Сергій", patronymic: "Олександрович", surname: "Цигіпа" }],
    ["Цигіпа Сергій Олександрович", { given: "Сергій", patronymic: "Олександрович", surname: "Цигіпа" }],
    ["Наріман Джелял", { given: "Наріман", surname: "Джелял" }],
    ["Юлия Борисовна Навальная", { given: "Юлия", patronymic: "Борисовна", surname: "Навальная" }],
    ["Alexander Lukashevich", { given: "Alexander", surname: "Lukashevich" }],
    ["Владимир Ильич Ульянов", { given: "Владимир", patronymic: "Ильич", surname: "Ульянов" }],
  ])("%s", (name, expected) => expect(roles(name)).toEqual(expected));

  it.each([
    ["Алексей Александрович Горинов", "male"],
    ["Юлия Навальная", "female"],
    ["Navalnaya", "female"],
    ["Kozyreva, Darya", "female"],
    ["Евгения Сергеевна", "female"],
    ["Sergei Tsigipa", "male"],
  ])("%s is marked %s", (name, sex) => expect(parseName(name).sex).toBe(sex));

  it("an unmarked name has no sex", () => {
    expect(parseName("Shevchenko").sex).toBeNull();
  });
});

describe("patronymics", () => {
  it.each([
    ["Aleksandrovich", "male", "Александр"],
    ["Олександрович", "male", "Александр"],
    ["Oleksandrivna", "female", "Александр"],
    ["Сергеевич", "male", "Сергей"],
    ["Сергіївна", "female", "Сергей"],
    ["Nikolaevna", "female", "Николай"],
    ["Миколайович", "male", "Николай"],
    ["Ильич", "male", "Илья"],
  ])("%s: %s, father %s", (word, sex, father) => {
    const p = patronymicOf(skeleton(word));
    expect(p?.sex).toBe(sex);
    expect(p?.fathers.map((f) => f.display)).toContain(father);
  });

  it.each(["Горинов", "Ivanov", "Shevchenko"])("%s is not a patronymic", (word) => {
    expect(patronymicOf(skeleton(word))).toBeNull();
  });
});

describe("surname sex forms", () => {
  it.each([
    ["Навальный", "Навальная"],
    ["Иванов", "Иванова"],
    ["Толстой", "Толстая"],
    ["Зеленский", "Зеленская"],
    ["Зеленський", "Зеленська"],
    ["Pushkin", "Pushkina"],
  ])("%s / %s share a stem and differ in sex", (m, f) => {
    const a = surnameFormOf(skeleton(m));
    const b = surnameFormOf(skeleton(f));
    expect(a.stem).toBe(b.stem);
    expect([a.sex, b.sex]).toEqual(["male", "female"]);
  });

  it("Ukrainian -enko is not sex-marked", () => {
    expect(surnameFormOf(skeleton("Шевченко")).sex).toBeNull();
  });
});
