import { describe, expect, it } from "vitest";
import { parseCsv, splitPlainCsv } from "./table.js";
import type { Separator } from "./decode.js";

// splitPlainCsv must give exactly what csv-parse gives, for every text it accepts.
describe("splitPlainCsv", () => {
  // A seeded generator, so a failure is repeatable.
  let seed = 20261206;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pieces = ["Иванов", "Пётр", "12.09.1961", "м", "ч. 2 ст. 207.3 УК РФ", "ИК-2", "", " ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\ufeff", "a b", "1961 г.", "'=1+1", "Ж"];
  const cell = () => Array.from({ length: rnd(4) }, () => pieces[rnd(pieces.length)]).join("");
  const text = (sep: Separator, br: string) =>
    Array.from({ length: 1 + rnd(12) }, () => (rnd(6) === 0 ? cell() : Array.from({ length: 1 + rnd(5) }, cell).join(sep))).join(br) + (rnd(2) ? br : "");

  it("splits as csv-parse does: cells trimmed, blank lines skipped, line numbers, each kind of line break and separator", () => {
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const sep = ([";", ",", "\t"] as const)[rnd(3)]!;
      const t = text(sep, ["\r\n", "\n", "\r"][rnd(3)]!);
      const fast = splitPlainCsv(t, sep);
      if (!fast) continue;
      expect(fast, JSON.stringify(t)).toEqual(parseCsv(t, sep).map((r) => ({ record: r.record, info: { lines: r.info.lines } })));
      compared++;
    }
    // Nearly every generated text is plain (a leading U+FEFF is left to csv-parse).
    expect(compared).toBeGreaterThan(2700);
  });

  it("leaves to csv-parse what it does not read the same way: quotes, mixed line breaks, a BOM, very long lines", () => {
    expect(splitPlainCsv('ФИО;Пол\r\n"Иванов; Пётр";м\r\n', ";")).toBeNull();
    expect(splitPlainCsv("ФИО;Пол\r\nИванов;м\nПетров;м\r\n", ";")).toBeNull();
    expect(splitPlainCsv("ФИО;Пол\nИванов;м\rПетров;м\n", ";")).toBeNull();
    expect(splitPlainCsv("ФИО;Пол\rИванов;м\nПетров;м\r", ";")).toBeNull();
    expect(splitPlainCsv("\ufeffФИО;Пол\nИванов;м\n", ";")).toBeNull();
    expect(splitPlainCsv(`ФИО;Примечание\nИванов;${"я".repeat(20_000)}\n`, ";")).toBeNull();
    expect(splitPlainCsv("ФИО;Пол\r\n\r\n  Иванов ; м \r\n", ";")).toEqual([
      { record: ["ФИО", "Пол"], info: { lines: 1 } },
      { record: ["Иванов", "м"], info: { lines: 3 } },
    ]);
  });
});
