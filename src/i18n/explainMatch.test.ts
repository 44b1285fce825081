import { describe, expect, it } from "vitest";
import { compareNames, comparePeople } from "../domain/names/index.js";
import { matchLine, matchLineText } from "./explainMatch.js";

// Pairs shaped like the registry's and the appeals' data: scripts, transliterations, diminutives, typos, sexes.
const NAMES: [string, string][] = [
  ["Никитина Анна Сергеевна", "Никитина Анна Сергеевна"],
  ["Горинов Алексей Александрович", "Gorinov Aleksei"],
  ["Горинов Алексей Александрович", "Alexey Gorinov"],
  ["Skochilenko Aleksandra", "Скочиленко Саша"],
  ["Иванов Иван Иванович", "Иванова Ивана Ивановна"],
  ["Иванов Евгений", "Иванов Евгения"],
  ["Петров Пётр Ибрагимович", "Петров Пётр Магомедович"],
  ["Петров П. И.", "Петров Пётр Иванович"],
  ["Петров А. И.", "Петров Пётр Иванович"],
  ["Шевченко Тарас Григорович", "Шевченко Тарас Григорьевич"],
  ["Коваленко Олександр", "Коваленко Александр"],
  ["Kharitonov", "Харитонов"],
  ["Chernov", "Чернов"],
  ["Геев Олег", "Гиев Олег"],
  ["Smirnov Ivan", "Ivan Smirnov"],
  ["Кара-Мурза Владимир Владимирович", "Vladimir Kara-Murza"],
  ["Сидоров Сергей Мркович", "Сидоров Сергей Маркович"],
  ["Васильев Дмитрий Ксотянтинович", "Васильев Дмитрий Константинович"],
  ["Мельник Ольга", "Мельник Оля"],
  ["Мельник Саша", "Мельник Шура"],
  ["Иванов", ""],
  ["Ахмедов Рустам", "Рахимов Тимур"],
  ["Юрий Бойко", "Yurii Boiko"],
  ["Хоменко Ирина Павловна", "Khomenko Iryna"],
  ["Зеленский Зиновий", "Selenski Sinowi"],
  // National readings, spacing typos and the names-only rules (issue 14).
  ["Потапова Жанна", "Potapova Janna"],
  ["Хрущёв Сергей", "Chruszczow Siergiej"],
  ["Путин Владимир", "Putinas Vladimiras"],
  ["Ходорковский Михаил", "Jodorkovski Mijail"],
  ["Горбачёв Михаил", "Gorbaciov Michail"],
  ["Горбачёв Михаил", "Gorbachov Mikhail"],
  ["Джелял Нариман", "Celâl Nariman"],
  ["Ponomarenko Ivan", "Ponomareva Ivan"],
  ["Yashin Ivan", "Yakhin Ivan"],
  ["Sergei Zakharov", "Sergei Sakharov"],
  ["Николай Патрушев", "Nikolai Patr ushev"],
  ["ბარაკ ობამა", "Barack Obama"],
  ["فرناندو بيريز", "Fernando Pérez"],
  ["Mao Tse-tung", "Mao Zedong"],
  ["Usama bin Ladin", "Osama bin Laden"],
];

function linesOf(): string[] {
  const out = new Set<string>();
  for (const [a, b] of NAMES) for (const l of compareNames(a, b).explanation) out.add(l);
  const people = [
    [{ names: ["Иванов Иван Иванович"], birthDate: "1985-03-12", region: "Crimea", category: "ua_civilian_hostage", sex: "male" as const }, { names: ["Ivanov Ivan"], birthDate: "1985-03-12", region: "Crimea", category: "ua_civilian_hostage" }],
    [{ names: ["Иванов Иван"], birthDate: "1985-03-12" }, { names: ["Иванов Иван"], birthDate: "1985-12-03" }],
    [{ names: ["Иванов Иван"], birthDate: "1985-03-12" }, { names: ["Иванов Иван"], birthDate: "1986-03-12" }],
    [{ names: ["Иванов Иван"], birthDate: "1985-03-12" }, { names: ["Иванов Иван"], birthDate: "1985-07-01" }],
    [{ names: ["Иванов Иван"], birthDate: "1985" }, { names: ["Иванов Иван"], birthDate: "1985-07-01" }],
    [{ names: ["Иванов Иван"], birthDate: "1985" }, { names: ["Иванов Иван"], birthDate: "1986" }],
    [{ names: ["Иванов Иван"], birthDate: "1975" }, { names: ["Иванов Иван"], birthDate: "1986" }],
    [{ names: ["Иванов Иван"], birthDate: "1975" }, { names: ["Иванов Иван"] }],
    [{ names: ["Теюк Илья"], birthDate: "2000-02-17" }, { names: ["Выук Ілля Олександрович"], birthDate: "2000-02-17" }],
    [{ names: ["Иванов Иван"], region: "Kherson Oblast", category: "ua_pow", sex: "male" as const }, { names: ["Иванов Иван", "Ivanov Ivan"], region: "Crimea", category: "ua_civilian_hostage", sex: "female" as const }],
  ] as const;
  for (const [a, b] of people) for (const l of comparePeople(a as never, b as never).explanation) out.add(l);
  out.add("no registered person resembles this name");
  return [...out];
}

describe("the matcher's explanation lines as codes", () => {
  const lines = linesOf();

  it("every line the matcher writes is read by a template (a new sentence needs one in explainMatch.ts)", () => {
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.filter((l) => matchLine(l) === null)).toEqual([]);
  });

  it("in Russian and Ukrainian no English word is left, only the names as written", () => {
    const english = /\b(?!(?:ICAO|BGN|PCGN|Crimea|Kherson|Oblast|ch|z|s|x)\b)[a-z]{3,}\b/i;
    for (const locale of ["ru", "uk"] as const)
      for (const l of lines) {
        const text = matchLineText(locale, l);
        // Latin-script names from the inputs stay as they were written.
        const withoutNames = NAMES.flat().concat(["Crimea", "Kherson Oblast"]).reduce((s, n) => n.toLowerCase().split(/[\s-]+/).reduce((x, w) => (w ? x.split(w).join("") : x), s), text.toLowerCase());
        expect(withoutNames.replace(/«[^»]*»/g, ""), `${locale}: ${l} → ${text}`).not.toMatch(english);
      }
  });

  it("renders codes with parameters: names kept, dates and categories for the locale", () => {
    expect(matchLineText("ru", "surname: Никитина = Никитина")).toBe("фамилия: Никитина = Никитина");
    expect(matchLineText("uk", "birth date equal (1985-03-12)")).toBe("дата народження збігається (12 бер. 1985 р.)");
    expect(matchLineText("ru", "category differs (ua_pow / ua_civilian_hostage)")).toBe("категория различается (Украинский военнопленный / Гражданский Украины, удерживаемый Россией)");
    expect(matchLineText("ru", "name score 1, with other evidence 1")).toBe("сходство имён 1, с учётом других данных 1");
    expect(matchLine("surname: Gorinov = Горинов: equal after transliteration")).toEqual({ code: "pair", params: { role: "surname", note: "Gorinov = Горинов: equal after transliteration" } });
    expect(matchLineText("en", "surname: Никитина = Никитина")).toBe("surname: Никитина = Никитина");
    expect(matchLineText("ru", "something new")).toBe("something new");
  });
});
