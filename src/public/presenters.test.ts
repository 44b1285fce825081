import { describe, expect, it } from "vitest";
import type { PublicPersonRow } from "../db/repositories/publicPeople.js";
import { niceStep } from "./charts.js";
import { csvCell, toCsv } from "./openData.js";
import { initialsOf, openDataFields, presentOpenData, presentPublicCard, presentPublicProfile, safePhotoUrl } from "./presenters.js";
import { binSentences, mergeSmall } from "../domain/publicStats.js";

const row = (over: Partial<PublicPersonRow> = {}): PublicPersonRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  primaryName: "Горинов Алексей Александрович",
  publicityConsent: "full",
  category: "ru_political_prisoner",
  status: "in_colony",
  statusSince: "2022-09-19",
  homeRegion: " Moscow ",
  birthYear: 1961,
  photoUrl: "/photos/gorinov.jpg",
  publicSummary: "Story",
  sentenceText: "7 лет",
  currentFacilityId: "f",
  ...over,
});

describe("public presenters", () => {
  it("initials keep the name's order and at most three letters", () => {
    expect(initialsOf("Горинов Алексей Александрович")).toBe("Г. А. А.");
    expect(initialsOf("kara-murza vladimir vladimirovich junior")).toBe("K. M. V.");
    expect(initialsOf("  ")).toBe("—");
  });

  it("accepts only same-origin photo paths", () => {
    expect(safePhotoUrl("/photos/a.jpg")).toBe("/photos/a.jpg");
    for (const bad of ["https://x.org/a.jpg", "//x.org/a.jpg", "javascript:alert(1)", "/photos/../../etc/passwd.jpg", "/a.svg", "data:image/png;base64,AAA"]) expect(safePhotoUrl(bad), bad).toBeNull();
  });

  it("a named card has the name and region; an anonymised card has neither", () => {
    expect(presentPublicCard(row(), [{ name: "Alexei Gorinov" }, { name: "Горинов Алексей Александрович" }])).toEqual({
      id: row().id,
      consent: "full",
      displayName: "Горинов Алексей Александрович",
      otherNames: ["Alexei Gorinov"],
      category: "ru_political_prisoner",
      status: "in_colony",
      statusSince: "2022-09-19",
      region: "Moscow",
      photoUrl: "/photos/gorinov.jpg",
    });
    const a = presentPublicProfile(row({ publicityConsent: "anonymised" }), [{ name: "Alexei Gorinov" }], [], { id: "f", name: "ИК-3", kind: "colony", region: "R", postalAddress: "A" });
    expect(a).toMatchObject({ displayName: "Г. А. А.", otherNames: [], region: null, photoUrl: null, summary: null, birthYear: null, sentenceText: null, facility: null, statusSince: "2022" });
  });

  it("refuses a person without consent", () => {
    expect(() => presentPublicCard(row({ publicityConsent: "none" }))).toThrow(/consent/);
  });

  it("an open-data record has exactly the documented fields", () => {
    const r = presentOpenData(presentPublicProfile(row(), [], [], null));
    expect(Object.keys(r).sort()).toEqual([...openDataFields].sort());
  });
});

describe("open data serialisation", () => {
  it("quotes CSV cells and defuses formulas", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(["a", "b"])).toBe("a; b");
    expect(csvCell(null)).toBe("");
    expect(toCsv([]).startsWith("\uFEFFid,profile_path,")).toBe(true);
  });
});

describe("statistics helpers", () => {
  it("merges groups under the threshold into other", () => {
    const g = mergeSmall([{ key: "Moscow", n: 9 }, { key: "Tomsk", n: 1 }, { key: "Tver", n: 4 }, { key: "Crimea", n: 5 }]);
    expect(g.groups.map((x) => x.key)).toEqual(["Moscow", "Crimea"]);
    expect(g.other).toBe(5);
  });

  it("bins sentences by years", () => {
    expect(binSentences([6, 12, 84, 83, 300])).toEqual([1, 1, 0, 1, 1, 0, 0, 1]);
  });

  it("chooses round grid steps", () => {
    expect(niceStep(9)).toBe(2);
    expect(niceStep(42)).toBe(10);
    expect(niceStep(3)).toBe(1);
  });
});
