import { describe, expect, it } from "vitest";
import { nameWords, readAppealText, type NameReading, type Readings } from "./readText.js";

// A fixed table of readings stands in for the morphology libraries: these tests are about how the reader
// combines readings into names and finds the facts around them, not about declension.
const table: Record<string, NameReading[]> = {
  Горинова: [
    { role: "surname", lemma: "Горинов", case: "gen", sex: "male", score: 0.8 },
    { role: "surname", lemma: "Горинова", case: "nom", sex: "female", score: 0.7 },
  ],
  Алексея: [{ role: "given", lemma: "Алексей", case: "gen", sex: "male", score: 0.9 }],
  Александровича: [{ role: "patronymic", lemma: "Александрович", case: "gen", sex: "male", score: 0.9 }],
  Прошу: [{ role: "surname", lemma: "Прошу", case: "nom", sex: null, score: 0.5 }],
  Марии: [{ role: "given", lemma: "Мария", case: "dat", sex: "female", score: 0.9 }],
  Ивановой: [
    { role: "surname", lemma: "Иванова", case: "dat", sex: "female", score: 0.8 },
    { role: "surname", lemma: "Иванов", case: "dat", sex: "male", score: 0.3 },
  ],
};
const readings: Readings = (w) => table[w] ?? [];
const now = new Date("2026-12-04T00:00:00Z");

describe("reading an appeal's running text", () => {
  it("brings a name in the genitive back to the nominative, with the span it came from and the birth date after it", () => {
    const text = "Здравствуйте! Прошу помочь в освобождении Горинова Алексея Александровича, 12.09.1961 г.р., он в ИК-3 во Владимирской области, осуждён по ч. 2 ст. 207.3 УК РФ.";
    const f = readAppealText(text, readings, now);
    expect(f.people).toHaveLength(1);
    const p = f.people[0]!;
    expect(p.name).toBe("Горинов Алексей Александрович");
    expect(p.case).toBe("gen");
    expect(text.slice(p.span.start, p.span.end)).toBe("Горинова Алексея Александровича");
    expect(p.birthDate).toBe("1961-09-12");
    expect(text.slice(p.birthSpan!.start, p.birthSpan!.end)).toContain("12.09.1961");
    expect(f.facilities.map((x) => x.value)).toEqual(["ИК-3 во Владимирской области"]);
    expect(f.articles.map((x) => x.value)).toEqual(["207.3:2"]);
  });

  it("keeps one sex across a name: a feminine given name takes the feminine reading of the surname", () => {
    const f = readAppealText("Прошу помочь Марии Ивановой, 1985 г.р.", readings, now);
    expect(f.people.map((p) => [p.name, p.sex, p.birthDate])).toEqual([["Иванова Мария", "female", "1985"]]);
  });

  it("does not take a capitalised first word of a sentence for a surname", () => {
    const f = readAppealText("Прошу Алексея Александровича не забыть.", readings, now);
    expect(f.people.map((p) => p.name)).toEqual(["Алексей Александрович"]);
  });

  it("reads two-digit birth years and the birth phrases families use", () => {
    const t = (s: string) => readAppealText(`Горинова Алексея, ${s}. Дальше текст.`, readings, now).people[0]?.birthDate;
    expect(t("61 года рождения")).toBe("1961");
    expect(t("05 г.р.")).toBe("2005");
    expect(t("1961 р.н.")).toBe("1961");
    expect(t("родился 12 сентября 1961 года")).toBe("1961-09-12");
    expect(t("народився 12 вересня 1961 року")).toBe("1961-09-12");
    // A date with no birth cue is not a birth date.
    expect(t("задержан 12.09.2023")).toBeNull();
  });

  it("finds the sender's relation, the detention date and several articles", () => {
    const f = readAppealText("Мой сын задержан 03.03.2022, обвиняют по ч. 2 ст. 207.3 и ст. 280.3 УК РФ, сейчас в СИЗО-1 Симферополь.", readings, now);
    expect(f.relation?.value).toBe("сын");
    expect(f.detentionDate?.value).toBe("2022-03-03");
    expect(f.articles.map((a) => a.value)).toEqual(["207.3:2", "280.3"]);
    expect(f.facilities.map((x) => x.value)).toEqual(["СИЗО-1 Симферополь"]);
    const uk = readAppealText("Мій чоловік затриманий 5 квітня 2022 року, утримується в СІЗО-2 Таганрог.", readings, now);
    expect(uk.relation?.value).toBe("чоловік");
    expect(uk.detentionDate?.value).toBe("2022-04-05");
  });

  it("asks the analyser only about capitalised words that stand beside another", () => {
    expect(nameWords("Прошу помочь Горинову Алексею. Москва.").sort()).toEqual(["Алексею", "Горинову"]);
  });
});

describe("a person named twice", () => {
  it("is one person, with the birth date from wherever the letter gives it", () => {
    const f = readAppealText("Горинова Алексея\n\nПрошу помочь: Горинова Алексея, 1961 г.р., задержали.", readings, now);
    expect(f.people.map((p) => [p.name, p.birthDate])).toEqual([["Горинов Алексей", "1961"]]);
  });
});

describe("a name under the letter", () => {
  it("is who writes, not who is held", () => {
    const f = readAppealText("Прошу помочь Марии Ивановой, 1985 г.р.\n\nС уважением, Горинова Алексея", readings, now);
    expect(f.people.map((p) => p.name)).toEqual(["Иванова Мария"]);
    expect(f.signedBy?.value).toBe("Горинов Алексей");
  });
});
