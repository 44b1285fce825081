import { describe, expect, it } from "vitest";
import { transliterate } from "../../domain/names/index.js";
import { fold, haystackOf, sortKey } from "./personIndex.js";

describe("person index entries", () => {
  it("transliterates word by word (remembered) exactly as the whole spelling", () => {
    const names = ["Ёлкин  Щегол-Цыганов", " Ельцин Юрий", "Зграя Мар'яна", "Мар’яна Ц ", "Юрий Ильич Ярый", "Иванов Иван Иванович", "Иванов Иван Иванович", "Yuri Abramov"];
    for (const n of names) {
      const whole = [fold(n), ...(/[\u0400-\u04FF]/.test(n) ? [fold(transliterate(n, "bgn"))] : [])];
      expect(haystackOf([n])).toEqual([...new Set(whole)]);
    }
  });

  it("sorts by the Russian and Ukrainian alphabet, ё as е, then by id", () => {
    const order = ["Якимов", "Іваненко", "Ёлкин", "Ельцин", "Иванов", "Ґалаган", "Гусев", "Abramov"].sort((a, b) => (sortKey(a, "1") < sortKey(b, "1") ? -1 : 1));
    expect(order).toEqual(["Abramov", "Гусев", "Ґалаган", "Ёлкин", "Ельцин", "Иванов", "Іваненко", "Якимов"]);
    expect(sortKey("Ёлкин", "a") < sortKey("Елкин", "b")).toBe(true);
  });
});
