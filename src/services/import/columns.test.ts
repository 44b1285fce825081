import { describe, expect, it } from "vitest";
import { parseArticles } from "../../domain/tabular/articles.js";
import { parseSentence } from "../../domain/tabular/sentence.js";
import { formatArticles, formatSentence } from "./columns.js";

describe("export formats read back", () => {
  it("articles of every code", () => {
    const arts = [
      { code: "RU_CC" as const, article: "207.3", part: "2", paragraph: null },
      { code: "RU_CC" as const, article: "280.3", part: null, paragraph: null },
      { code: "RU_CC" as const, article: "207.3", part: "2", paragraph: "д" },
      { code: "RU_CAO" as const, article: "20.3.3", part: null, paragraph: null },
      { code: "UA_CC" as const, article: "111", part: "2", paragraph: null },
    ];
    const text = formatArticles(arts);
    expect(text).toBe("207.3:2; 280.3; п. «д» ч. 2 ст. 207.3 УК РФ; ст. 20.3.3 КоАП РФ; ч. 2 ст. 111 КК України");
    expect(parseArticles(text)).toEqual({ value: arts });
  });

  it("sentences", () => {
    expect(formatSentence(8, 6, "strict")).toBe("8y6m strict");
    expect(parseSentence(formatSentence(8, 6, "strict"))).toMatchObject({ years: 8, months: 6, regime: "strict" });
  });
});
