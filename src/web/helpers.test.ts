import { describe, expect, it } from "vitest";
import { ApiError, fileNameOf, issuesByPath, qs } from "./api.js";
import { match } from "./router.js";
import { isoFromTyped, typedFromIso } from "./components/DateField.js";

describe("staff app helpers", () => {
  it("builds query strings without empty values and joins lists with commas", () => {
    expect(qs({ q: "Горинов", category: ["ru_political_prisoner", "ua_pow"], region: "", limit: 50, offset: undefined, sort: null })).toBe("?q=%D0%93%D0%BE%D1%80%D0%B8%D0%BD%D0%BE%D0%B2&category=ru_political_prisoner%2Cua_pow&limit=50");
    expect(qs({ q: "" })).toBe("");
  });

  it("reads the UTF-8 file name of an export (filename*), not the ASCII fallback", () => {
    const cd = `attachment; filename="_____-_______-2026-v2.pdf"; filename*=UTF-8''${encodeURIComponent("Список-обмена-2026-v2.pdf")}`;
    expect(fileNameOf(cd)).toBe("Список-обмена-2026-v2.pdf");
    expect(fileNameOf('attachment; filename="list-v1.csv"')).toBe("list-v1.csv");
    expect(fileNameOf("attachment; filename=list.xlsx")).toBe("list.xlsx");
    expect(fileNameOf("inline")).toBeNull();
  });

  it("reads dates as people type them here: DD.MM.YYYY, D.M.YYYY, ISO; a year alone only where allowed", () => {
    expect(isoFromTyped("08.07.1961")).toBe("1961-07-08");
    expect(isoFromTyped("8.7.1961")).toBe("1961-07-08");
    expect(isoFromTyped("08/07/1961")).toBe("1961-07-08");
    expect(isoFromTyped("1961-07-08")).toBe("1961-07-08");
    expect(isoFromTyped("31.02.2020")).toBeNull();
    expect(isoFromTyped("1961")).toBeNull();
    expect(isoFromTyped("1961", true)).toBe("1961");
    expect(isoFromTyped("  ")).toBe("");
    expect(typedFromIso("1961-07-08")).toBe("08.07.1961");
    expect(typedFromIso("1961")).toBe("1961");
  });

  it("keeps the first API error per field path", () => {
    const e = new ApiError(400, "invalid", "the request is not valid", [
      { path: "articles.0.article", message: "expected an article number such as 207.3" },
      { path: "sentenceYears", message: "Too big: expected number to be <=50" },
      { path: "sentenceYears", message: "second message" },
    ]);
    expect(issuesByPath(e)).toEqual({ "articles.0.article": "expected an article number such as 207.3", sentenceYears: "Too big: expected number to be <=50" });
    expect(issuesByPath(new Error("x"))).toEqual({});
    expect(e.unavailable).toBe(false);
    expect(new ApiError(404, "not_found", "no route").unavailable).toBe(true);
  });

  it("matches app paths with parameters and nothing else", () => {
    expect(match("/people/:id", "/people/abc")).toEqual({ id: "abc" });
    expect(match("/people/:id/cases/:caseId", "/people/a/cases/b")).toEqual({ id: "a", caseId: "b" });
    expect(match("/people/:id", "/people/abc/edit")).toBeNull();
    expect(match("/lists/:id", "/people/abc")).toBeNull();
  });
});

describe("chart labels", () => {
  it("wrap onto two lines between words instead of being cut; only longer ones end with an ellipsis", async () => {
    const { wrapLabel } = await import("./components/charts.js");
    expect(wrapLabel("Российский политзаключённый", 23, 2)).toEqual(["Российский", "политзаключённый"]);
    expect(wrapLabel("ИК-2", 23, 2)).toEqual(["ИК-2"]);
    expect(wrapLabel("ФКУ ИК-6 УФСИН России по Владимирской области", 23, 2)).toEqual(["ФКУ ИК-6 УФСИН России", "по Владимирской области"]);
    const long = wrapLabel("Украинский гражданский заложник в оккупированной Херсонской области", 23, 2);
    expect(long).toHaveLength(2);
    expect(long[1]!.endsWith("…")).toBe(true);
    expect(long.every((l) => l.length <= 23)).toBe(true);
  });
});
