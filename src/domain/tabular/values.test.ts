import { describe, expect, it } from "vitest";
import { parseArticles } from "./articles.js";
import { parseDateCell } from "./dates.js";
import { parseSentence } from "./sentence.js";
import { parseCategory, parseExchangeConsent, parsePublicityConsent, parseSex } from "./words.js";

const today = "2026-12-04";

describe("parseDateCell", () => {
  it.each([
    ["12.09.1961", "1961-09-12"],
    ["12.09.1961 г.", "1961-09-12"],
    ["12 сентября 1961", "1961-09-12"],
    ["12 сентября 1961 г.", "1961-09-12"],
    ["02 травня 1968 р.", "1968-05-02"],
    ["1961 г.", "1961"],
    ["1961", "1961"],
    ["1961-09-12", "1961-09-12"],
    ["30/06/1983", "1983-06-30"],
    ["12.09.61", "1961-09-12"],
    ["32874", "1990-01-01"],
  ])("birth %s → %s", (text, value) => expect(parseDateCell(text, "birth", today)).toEqual({ value }));

  it("refuses what is not a date, or not one date", () => {
    expect(parseDateCell("31.02.1980", "birth", today)).toEqual({ error: "date" });
    expect(parseDateCell("12.09.15", "birth", today)).toEqual({ error: "dateAmbiguous" });
    expect(parseDateCell("12.09.2030", "birth", today)).toEqual({ error: "dateRange" });
    expect(parseDateCell("вчера", "birth", today)).toEqual({ error: "date" });
    expect(parseDateCell("2022", "event", today)).toEqual({ error: "date" });
    expect(parseDateCell("05.03.22", "event", today)).toEqual({ value: "2022-03-05" });
    expect(parseDateCell("44732", "event", today)).toEqual({ value: "2022-06-20" });
  });
});

describe("parseSex", () => {
  it.each(["м", "М", "муж.", "мужской", "m", "M", "male", "ч", "чол.", "чоловіча"])("%s is male", (s) => expect(parseSex(s)).toBe("male"));
  it.each(["ж", "Ж", "жен.", "женский", "f", "F", "female", "жін.", "жіноча"])("%s is female", (s) => expect(parseSex(s)).toBe("female"));
  it("does not guess", () => expect(parseSex("не знаю")).toBeNull());
});

describe("parseArticles", () => {
  const a = (code: string, article: string, part: string | null = null, paragraph: string | null = null) => ({ code, article, part, paragraph });
  it.each([
    ["п. «д» ч. 2 ст. 207.3 УК РФ", [a("RU_CC", "207.3", "2", "д")]],
    ["ч. 1 ст. 207.3 УК", [a("RU_CC", "207.3", "1")]],
    ["ст. 20.3.3 КоАП РФ", [a("RU_CAO", "20.3.3")]],
    ["ч. 3 ст. 30, ч. 1 ст. 205 УК РФ", [a("RU_CC", "30", "3"), a("RU_CC", "205", "1")]],
    ["ч. 2 ст. 207.3 УК РФ, ч. 2 ст. 280.4 УК РФ, ст. 284.1 УК РФ", [a("RU_CC", "207.3", "2"), a("RU_CC", "280.4", "2"), a("RU_CC", "284.1")]],
    ["ч. 1 ст. 280.3 УК РФ; ч. 2 ст. 205.2 УК РФ", [a("RU_CC", "280.3", "1"), a("RU_CC", "205.2", "2")]],
    ["ч. 2 ст. 111 КК України", [a("UA_CC", "111", "2")]],
    ["Part 1 Art. 280.3 CC RF", [a("RU_CC", "280.3", "1")]],
    ["207.3:2; 280.3", [a("RU_CC", "207.3", "2"), a("RU_CC", "280.3")]],
    ["205.2(2)", [a("RU_CC", "205.2", "2")]],
    ["ст.ст. 280, 282 УК РФ", [a("RU_CC", "280"), a("RU_CC", "282")]],
  ])("%s", (text, value) => expect(parseArticles(text)).toEqual({ value }));
  it("refuses words it cannot read, naming the piece", () => {
    expect(parseArticles("госизмена")).toEqual({ error: "article", piece: "госизмена" });
    expect(parseArticles("ч. 2 ст. 207.3 УК РФ; шпионаж")).toEqual({ error: "article", piece: "шпионаж" });
  });
});

describe("parseSentence", () => {
  it("reads terms, regimes, suspended sentences and fines", () => {
    expect(parseSentence("4 года 6 месяцев колонии общего режима")).toMatchObject({ years: 4, months: 6, regime: "general", suspended: false });
    expect(parseSentence("25 лет лишения свободы в колонии строгого режима")).toMatchObject({ years: 25, regime: "strict" });
    expect(parseSentence("пять лет строгого режима")).toMatchObject({ years: 5, regime: "strict" });
    expect(parseSentence("2 года условно")).toMatchObject({ years: 2, suspended: true });
    expect(parseSentence("условно")).toMatchObject({ years: 0, suspended: true });
    expect(parseSentence("штраф 500 000 руб.")).toMatchObject({ years: 0, months: 0, fineRub: 500000 });
    expect(parseSentence("12 років позбавлення волі суворого режиму")).toMatchObject({ years: 12, regime: "strict" });
    expect(parseSentence("8y6m strict")).toMatchObject({ years: 8, months: 6, regime: "strict" });
    expect(parseSentence("пожизненно")).toBeNull();
  });
});

describe("category and consent words", () => {
  it("reads Russian and Ukrainian words", () => {
    expect(parseCategory("Политзаключенная")).toBe("ru_political_prisoner");
    expect(parseCategory("цивільна заручниця")).toBe("ua_civilian_hostage");
    expect(parseCategory("військовополонений")).toBe("ua_pow");
    expect(parseCategory("шпион")).toBeNull();
    expect(parsePublicityConsent("да")).toBe("full");
    expect(parseExchangeConsent("нет")).toBe("refuses");
    expect(parseExchangeConsent("неизвестно")).toBe("unknown");
  });
});
