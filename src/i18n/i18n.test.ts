import { describe, expect, it } from "vitest";
import { catalogue, formatDate, formatDateTime, formatDuration, formatNumber, locales, pickLocale, t } from "./index.js";
import type { AreaMessages, Message } from "./messages.js";

describe("message catalogue", () => {
  const areas = Object.entries(catalogue) as [string, AreaMessages<string>][];

  it.each(areas)("area %s has the same keys in every locale, none empty", (name, area) => {
    const en = Object.keys(area.en).sort();
    expect(en.length).toBeGreaterThan(0);
    for (const l of locales) {
      expect(Object.keys(area[l]).sort(), `${name}/${l}`).toEqual(en);
      for (const [k, v] of Object.entries(area[l]) as [string, Message][]) {
        const texts = typeof v === "string" ? [v] : Object.values(v);
        for (const x of texts) expect(x.trim(), `${l} ${k}`).not.toBe("");
      }
    }
  });

  it("no key is defined by two areas (a later area would silently overwrite the earlier one)", () => {
    const owner = new Map<string, string>();
    for (const [name, area] of areas)
      for (const k of Object.keys(area.en)) {
        expect(owner.get(k), `${k} in ${name} and ${owner.get(k)}`).toBeUndefined();
        owner.set(k, name);
      }
  });

  it.each(areas)("area %s keys start with an area prefix (common., public., publicData., appeal., web.)", (_name, area) => {
    for (const k of Object.keys(area.en)) expect(k, k).toMatch(/^[a-z][A-Za-z]*\./);
  });

  it.each(areas)("area %s uses the same placeholders in every locale", (_name, area) => {
    const placeholders = (m: Message) =>
      [...new Set((typeof m === "string" ? m : Object.values(m).join(" ")).match(/\{\w+\}/g) ?? [])].sort();
    for (const k of Object.keys(area.en)) {
      const en = placeholders(area.en[k]!);
      for (const l of locales) expect(placeholders(area[l][k]!), `${l} ${k}`).toEqual(en);
    }
  });

  it("Ukrainian and Russian words take the typographic apostrophe (ім’я), never the typewriter one beside it on a screen", () => {
    // One screen once showed "Ім'я" beside "політв’язень": the two spellings also defeat a reader's Ctrl+F.
    const typewriter = /[а-яіїєґ]'[а-яіїєґ]/i;
    for (const [, area] of Object.entries(catalogue) as [string, AreaMessages<string>][])
      for (const l of ["ru", "uk"] as const)
        for (const [k, v] of Object.entries(area[l]) as [string, Message][])
          for (const x of typeof v === "string" ? [v] : Object.values(v)) expect(typewriter.test(x), `${l} ${k}: ${x}`).toBe(false);
  });

  it("translated text differs from English for most keys (catches copy-paste)", () => {
    for (const [, area] of Object.entries(catalogue) as [string, AreaMessages<string>][]) {
      const keys = Object.keys(area.en);
      for (const l of ["ru", "uk"] as const) {
        const same = keys.filter((k) => JSON.stringify(area[l][k]) === JSON.stringify(area.en[k]));
        expect(same.length / keys.length, `${l}: ${same.join(", ")}`).toBeLessThan(0.15);
      }
    }
  });
});

describe("t", () => {
  it("a date that ends with its own full stop takes no second one from the message", () => {
    for (const l of ["ru", "uk"] as const) {
      const text = t(l, "web.release.asOf", { date: formatDate(l, "2026-12-06", "medium") });
      expect(text, l).toMatch(/2026 [гр]\.$/);
      expect(text, l).not.toContain("..");
    }
    expect(t("en", "web.release.asOf", { date: "6 Dec 2026" })).toBe("As of 6 Dec 2026.");
  });
});

describe("plural forms after a preposition", () => {
  it("a list's build progress puts its total in the genitive: из 1 человека / 2 человек / 5 человек / 21 человека", () => {
    const tail = (l: "ru" | "uk", n: number) => t(l, "web.lists.building", { done: "0", count: n }).split(" ").slice(-2).join(" ");
    expect([1, 2, 5, 21].map((n) => tail("ru", n))).toEqual(["1 человека", "2 человек", "5 человек", "21 человека"]);
    expect([1, 2, 5, 21].map((n) => tail("uk", n))).toEqual(["1 особи", "2 осіб", "5 осіб", "21 особи"]);
    expect(t("en", "web.lists.building", { done: "1", count: 1 })).toBe("Being built: 1 of 1 person");
  });

  it("an import's row count agrees with its number: 1 строка / 2 строки / 5 строк; 1 рядок / 2 рядки / 5 рядків", () => {
    const head = (l: "ru" | "uk", n: number) => t(l, "web.imp.countsDone", { count: n, created: "0", updated: "0", unchanged: "0", review: "0", failed: "0" }).split(":")[0];
    expect([1, 2, 5, 21].map((n) => head("ru", n))).toEqual(["1 строка", "2 строки", "5 строк", "21 строка"]);
    expect([1, 2, 5, 21].map((n) => head("uk", n))).toEqual(["1 рядок", "2 рядки", "5 рядків", "21 рядок"]);
    expect(t("ru", "import.summary", { count: 3, created: "1", updated: "0", unchanged: "0", review: "1", refused: "1" })).toMatch(/^3 строки: /);
  });
});

describe("pickLocale", () => {
  it("prefers ?lang=, then Accept-Language by q, then English", () => {
    expect(pickLocale("uk", "ru")).toBe("uk");
    expect(pickLocale("ua", null)).toBe("uk");
    expect(pickLocale("xx", "de-DE,ru;q=0.8,uk;q=0.9")).toBe("uk");
    expect(pickLocale(undefined, "ru-RU,ru;q=0.9,en-US;q=0.8")).toBe("ru");
    expect(pickLocale(undefined, "uk-UA")).toBe("uk");
    expect(pickLocale(undefined, "de, fr;q=0.5")).toBe("en");
    expect(pickLocale(undefined, "ru;q=0, en;q=0.1")).toBe("en");
    expect(pickLocale(null, null)).toBe("en");
  });
});

describe("t and formatting", () => {
  it("interpolates and formats numbers per locale", () => {
    expect(t("ru", "common.articlePart", { article: "207.3", part: "2", code: "УК РФ" })).toBe("ч. 2 ст. 207.3 УК РФ");
    expect(formatNumber("ru", 12345)).toMatch(/^12\s345$/);
    expect(formatNumber("en", 12345)).toBe("12,345");
  });

  it("formats full and partial dates without time-zone shifts", () => {
    expect(formatDate("en", "2022-04-26")).toBe("26 April 2022");
    expect(formatDate("ru", "2022-04-26")).toBe("26 апреля 2022 г.");
    expect(formatDate("uk", "2022-04-26")).toBe("26 квітня 2022 р.");
    expect(formatDate("en", "1981")).toBe("1981");
    expect(formatDate("uk", "2024-08")).toMatch(/серпень 2024/);
    expect(formatDate("en", null)).toBe("");
  });

  it("formats instants with time in the given zone", () => {
    expect(formatDateTime("en", "2024-08-01T12:05:00Z", "UTC")).toBe("1 Aug 2024, 12:05");
    expect(formatDateTime("ru", new Date("2024-08-01T12:05:00Z"), "Europe/Moscow")).toContain("15:05");
    expect(formatDateTime("uk", "not a date")).toBe("not a date");
  });

  it("spells durations with the locale's plural forms", () => {
    expect(formatDuration("en", { years: 7, months: 1 })).toBe("7 years 1 month");
    expect(formatDuration("ru", { years: 2 })).toBe("2 года");
    expect(formatDuration("uk", { years: 5 })).toBe("5 років");
  });
});
