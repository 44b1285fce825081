import { describe, expect, it } from "vitest";
import { canonicalColumn, formatArticles, formatSentence, parseArticles, parseSentence } from "./columns.js";

describe("parseArticles", () => {
  it.each([
    ["207.3:2", [{ article: "207.3", part: "2" }]],
    ["207.3:2; 280.3", [{ article: "207.3", part: "2" }, { article: "280.3" }]],
    ["ч. 2 ст. 207.3 УК РФ", [{ article: "207.3", part: "2" }]],
    ["205.2(2)", [{ article: "205.2", part: "2" }]],
    ["275 part 1, 280.4 ч.3", [{ article: "275", part: "1" }, { article: "280.4", part: "3" }]],
  ])("%s", (text, expected) => {
    const r = parseArticles(text);
    expect("articles" in r && r.articles.map((a) => ({ article: a.article, ...(a.part ? { part: a.part } : {}) }))).toEqual(expected);
  });

  it("names the piece it cannot read", () => {
    expect(parseArticles("207.3:2; treason")).toEqual({ error: 'cannot read article "treason" (write e.g. 207.3:2)' });
  });

  it("round-trips through formatArticles", () => {
    expect(formatArticles([{ article: "207.3", part: "2" }, { article: "280.3", part: null }])).toBe("207.3:2; 280.3");
  });
});

describe("parseSentence", () => {
  it.each([
    ["7y general", { years: 7, months: 0, regime: "general" }],
    ["8y6m strict", { years: 8, months: 6, regime: "strict" }],
    ["7 лет 6 месяцев колонии общего режима", { years: 7, months: 6, regime: "general" }],
    ["25 лет строгого режима", { years: 25, months: 0, regime: "strict" }],
    ["2 года колонии-поселения", { years: 2, months: 0, regime: "colony_settlement" }],
    ["10 months", { years: 0, months: 10, regime: null }],
  ])("%s", (text, expected) => expect(parseSentence(text)).toEqual(expected));

  it("is null for what is not a term", () => {
    expect(parseSentence("fine 300 000 roubles")).toBeNull();
    expect(parseSentence("life")).toBeNull();
  });

  it("formats back to the same text", () => {
    expect(formatSentence(8, 6, "strict")).toBe("8y6m strict");
    expect(parseSentence(formatSentence(8, 6, "strict"))).toEqual({ years: 8, months: 6, regime: "strict" });
  });
});

describe("canonicalColumn", () => {
  it("accepts the format's names in any case and common aliases", () => {
    expect(canonicalColumn("External_ID")).toBe("external_id");
    expect(canonicalColumn("birth date")).toBe("birth_date");
    expect(canonicalColumn("ФИО")).toBe("name");
    expect(canonicalColumn("shoe size")).toBeNull();
  });
});
