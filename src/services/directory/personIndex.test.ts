import { describe, expect, it } from "vitest";
import { transliterate } from "../../domain/names/index.js";
import { fold, haystackOf, PersonIndex, sortKey, wordVariants, type Entry } from "./personIndex.js";

function entry(id: string, primaryName: string, over: Partial<Entry> = {}): Entry {
  const names = [primaryName];
  return { id, externalId: null, primaryName, key: sortKey(primaryName, id), sex: "male", birthDate: null, birthYear: null, region: null, category: "ru_political_prisoner", status: "detained", consent: "none", facilityId: null, updatedAt: 0, statusSince: null, exchangeConsent: "unknown", isDemo: false, photoUrl: null, hay: haystackOf(names), names, ...over };
}

describe("person index entries", () => {
  it("transliterates word by word (remembered) exactly as the whole spelling", () => {
    const names = ["Ёлкин  Щегол-Цыганов", " Ельцин Юрий", "Зграя Мар'яна", "Мар’яна Ц ", "Юрий Ильич Ярый", "Иванов Иван Иванович", "Иванов Иван Иванович", "Yuri Abramov", "ΟΔΟΣ ΣΑΣ Σ", "İLYAS Öz", "Ёлкин\u00a0Щегол", "ИВАНОВ"];
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

  it("orders keys as the letter-by-letter definition does, whatever the names hold", () => {
    // The definition: the name lowered, ё as е, each letter of the alphabet as U+0100 + its place, then NUL and the id;
    // keys compare as these do (they are written as one-byte strings of their own).
    const alphabet = "абвгґдеєжзиіїйклмнопрстуфхцчшщъыьэюя";
    const reference = (name: string, id: string) =>
      [...name.toLowerCase()].map((c) => (c === "ё" ? "е" : c)).map((c) => (alphabet.includes(c) && c.length === 1 ? String.fromCharCode(0x100 + alphabet.indexOf(c)) : c)).join("") + `\u0000${id}`;
    const names = ["Ёлкин Щегол-Цыганов", "Ёлкин Щегол", "Елкин", "Мар'яна Зграя", "Мар’яна", "Élodie Müller", "Elodie", "Ли 🙂 Цой", "Ли", "ІВАНЕНКО Ґ", "Іваненко", "a\u0000b", "a", "Ѣлкинъ", "Ѣ", "Ж".repeat(5000) + " Ёж", "Ж".repeat(5000), "ΟΔΟΣ Σ", "οδος", "İlyas", "ilyas", "ǅemal Ǉ", "Āb", "āb", "ẞ Straße", "ß", "\u00ff", "\u0100", "\u0124", "\u0125", "\uffff", "", " ", "-"];
    const ids = ["id-1", "id-2", "a", ""];
    const sign = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const keyed = names.flatMap((n) => ids.map((id) => ({ key: sortKey(n, id), ref: reference(n, id) })));
    for (const x of keyed) expect([...x.key].every((c) => c.charCodeAt(0) < 0x100)).toBe(true);
    for (const x of keyed) for (const y of keyed) expect(sign(x.key, y.key), `${x.ref} / ${y.ref}`).toBe(sign(x.ref, y.ref));
  });

  it("keeps the public order, counts and named regions as entries come, change and go, equal to a recount", () => {
    const idx = new PersonIndex();
    const consents = ["full", "anonymised", "none"];
    const statuses = ["detained", "in_colony", "released"];
    const regions = [null, "RU-MOW", " RU-MOW ", "UA-43", ""];
    let n = 0;
    const make = (i: number) => entry(`id-${String(i).padStart(4, "0")}`, `Фамилия${(i * 7919) % 101} Имя`, { consent: consents[(i + n) % 3]!, status: statuses[(i * 3 + n) % 3]!, region: regions[(i + 2 * n) % 5]! });
    for (let i = 0; i < 60; i++) idx.load(make(i));
    idx.finishBuild();
    const check = () => {
      const all = [...idx.entries.values()];
      const named = all.filter((e) => e.consent === "full").sort((a, b) => (a.key < b.key ? -1 : 1));
      const anonymised = all.filter((e) => e.consent === "anonymised").sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(idx.publicOrder().map((e) => e.id)).toEqual([...named, ...anonymised].map((e) => e.id));
      for (const c of consents) expect(idx.countOfConsent(c)).toBe(all.filter((e) => e.consent === c).length);
      for (const s of statuses) expect(idx.countOfStatus(s)).toBe(all.filter((e) => e.status === s).length);
      expect(idx.namedRegions()).toEqual([...new Set(named.map((e) => e.region?.trim()).filter((r): r is string => !!r))].sort());
    };
    check();
    for (n = 1; n < 4; n++) {
      for (let i = n; i < 60; i += 4) idx.put(make(i));
      for (let i = n * 10; i < n * 10 + 5; i++) idx.remove(`id-${String(i).padStart(4, "0")}`);
      check();
    }
  });

  it("orders a full build (load, then finishBuild) exactly as people added one by one", () => {
    const surnames = ["Ёлкин", "Елкин", "Іваненко", "Иванов", "Ґалаган", "Гусев", "Abramov", "Ivanov", "Якимов", "Мар'янов"];
    const consents = ["full", "anonymised", "none"];
    const people = Array.from({ length: 400 }, (_, i) =>
      entry(`id-${String((i * 7919) % 1000).padStart(4, "0")}`, `${surnames[(i * 13) % surnames.length]} ${i % 3 ? "Пётр" : "Ольга"}`, { consent: consents[i % 3]! }),
    );
    const built = new PersonIndex();
    for (const e of people) built.load(e);
    built.finishBuild();
    const added = new PersonIndex();
    for (const e of [...people].reverse()) added.put(e);
    for (const sort of ["name", "-name", "birth", "category"] as const) expect(built.ordered(sort).map((e) => e.id)).toEqual(added.ordered(sort).map((e) => e.id));
    expect(built.publicOrder().map((e) => e.id)).toEqual(added.publicOrder().map((e) => e.id));
    for (const q of ["елкин", "ivanov петр", "ольга", "мар"]) {
      const words = q.split(" ").map(wordVariants);
      expect(built.substring(words, () => true, 50).map((e) => e.id)).toEqual(added.substring(words, () => true, 50).map((e) => e.id));
    }
    expect(built.candidates("Елкин Пётр", 20)).toEqual(added.candidates("Елкин Пётр", 20));
  });

  it("finds a person by the rarer of the words typed, whichever is longer", () => {
    const idx = new PersonIndex();
    for (let i = 0; i < 300; i++) idx.load(entry(`a${i}`, `Иванов${i % 7 ? "" : "ский"} Александр`));
    idx.load(entry("b", "Пак Александр"));
    idx.finishBuild();
    const words = ["пак", "александр"].map(wordVariants);
    expect(idx.substring(words, () => true, 10).map((e) => e.id)).toEqual(["b"]);
    expect(idx.substring([wordVariants("ивановский")], () => true, 1000)).toHaveLength(43);
  });
});

describe("substring search", () => {
  const surnames = ["Петров", "Петрович", "Иванов", "Іваненко", "Сидорова", "Ковальчук", "Пак", "Ёлкин", "Мар'янов", "Ли", "Горинов", "Петренко"];
  const given = ["Пётр", "Иван", "Олександр", "Александр", "Мария", "Юрий", "Ли"];
  // A few rare surnames, so that both ways of collecting hits are taken (few candidates: checked and sorted;
  // many: a walk in name order).
  const rare = ["Зграя", "Горінов", "Цой"];
  const nameOf = (i: number) => `${i % 61 ? surnames[(i * 7) % surnames.length] : rare[i % 3]} ${given[(i * 3) % given.length]}${i % 5 ? "" : ` ${given[(i + 1) % given.length]}ович`}`;
  // What the search promises, computed the slow way: every word in some variant in some spelling, in name order.
  const brute = (idx: PersonIndex, words: string[][], accept: (e: Entry) => boolean, limit: number) =>
    [...idx.entries.values()]
      .filter((e) => accept(e) && words.every((vs) => vs.some((v) => e.hay.some((h) => h.includes(v)))))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .slice(0, limit)
      .map((e) => e.id);

  it("finds exactly the people a scan finds, through edits, removals and the rebuild of the postings", () => {
    const idx = new PersonIndex();
    for (let i = 0; i < 3000; i++) idx.load(entry(`p${String(i).padStart(5, "0")}`, nameOf(i), { consent: i % 3 ? "full" : "none" }));
    idx.finishBuild();
    const queries = ["зграя", "zgraya мар", "горін", "horin", "цой юр", "петр", "петров", "petr", "ivan", "іван", "ова", "ли", "пак алекс", "мар'ян", "марян", "елкин", "ёлк", "gorinov", "ович юри", "xyz", "петр иван", "ко"];
    const named = (e: Entry) => e.consent === "full";
    const check = () => {
      for (const q of queries) {
        const words = q.split(" ").map(wordVariants);
        for (const limit of [5, 500, 10_000]) {
          expect(idx.substring(words, () => true, limit).map((e) => e.id), `${q} / ${limit}`).toEqual(brute(idx, words, () => true, limit));
          expect(idx.substring(words, named, limit).map((e) => e.id), `${q} / ${limit} named`).toEqual(brute(idx, words, named, limit));
        }
      }
    };
    check();
    // Renames and removals: enough of them that the postings are rebuilt (stale slots over a fifth).
    for (let i = 0; i < 1500; i++) idx.put(entry(`p${String((i * 13) % 3000).padStart(5, "0")}`, nameOf(i + 7), { consent: i % 2 ? "full" : "anonymised" }));
    for (let i = 0; i < 400; i++) idx.remove(`p${String((i * 17) % 3000).padStart(5, "0")}`);
    idx.put(entry("new", "Петровская Мария"));
    check();
  });
});

describe("a person index saved after an erasure", () => {
  // The snapshot written after an erasure is taken of this state: it must hold nothing of the erased person — not in
  // the entries, nor as a slot in the trigram lists, nor as a position with its birth date and keys in the matcher.
  it("holds nothing of the removed person, and searches and matches as before", async () => {
    const v8 = await import("node:v8");
    const idx = new PersonIndex();
    const victim = entry("5d0c1f4e-erased", "Горинова Дарья Алексеевна", { names: ["Горинова Дарья Алексеевна", "Gorinova Darya"], birthDate: "1994-10-28", birthYear: 1994, sex: "female" });
    victim.hay = haystackOf(victim.names);
    const people = ["Петрова Дарья Алексеевна", "Горинов Алексей Александрович", "Цигіпа Сергій Вікторович", "Горина Мария Петровна"].map((n, i) => entry(`person-${i}`, n, { birthDate: `19${70 + i}-0${i + 1}-1${i}`, birthYear: 1970 + i }));
    for (const e of [victim, ...people]) idx.load(e);
    idx.finishBuild();
    idx.remove(victim.id);
    const asked = () => [idx.substring([wordVariants("горин")], () => true, 10).map((e) => e.id), idx.candidates("Горинова Дарья", 5).map((c) => c.id), idx.candidates("Горинов Алексей", 5).map((c) => c.id)];
    const before = asked();
    expect(before[0]).toEqual(expect.arrayContaining(["person-1", "person-3"]));
    expect(before[0]).not.toContain(victim.id);
    const st = idx.state();
    const saved = v8.serialize(st).toString("latin1");
    expect(saved).not.toContain(victim.id);
    expect(st.matcher.births.some((b, i) => !st.matcher.removed.includes(i) && b === (1994 << 9 | 10 << 5 | 28))).toBe(false);
    expect(st.matcher.removed.map((i) => st.matcher.births[i])).toEqual([-1]);
    const live = new Set(Array.from(st.slots));
    for (let t = 0; t + 1 < st.trigrams.offsets.length; t++)
      for (let i = st.trigrams.offsets[t]!; i < st.trigrams.offsets[t + 1]!; i++) expect(live.has(st.trigrams.data[i]!)).toBe(true);
    const restored = PersonIndex.restore(st);
    expect([restored.substring([wordVariants("горин")], () => true, 10).map((e) => e.id), restored.candidates("Горинова Дарья", 5).map((c) => c.id), restored.candidates("Горинов Алексей", 5).map((c) => c.id)]).toEqual(before);
    expect(asked()).toEqual(before);
  });
});

describe("a person removed from the index (an erasure followed from the feed)", () => {
  // docs/security.md: their entry goes at once. Every order kept beside the name order (each sort, reversed, the
  // public order) was a copy holding the erased entry — their names, spellings and haystack — until that order was
  // next asked for, which may be never.
  it("is held by no order or kept value once removed, whichever were computed before", async () => {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const idx = new PersonIndex();
    const consents = ["full", "anonymised", "none"];
    const others = ["Петрова Дарья", "Горинов Алексей", "Цигіпа Сергій", "Горина Мария"].map((n, i) => entry(`person-${i}`, n, { consent: consents[i % 3]!, birthYear: 1970 + i }));
    const refs = (() => {
      const victims = consents.map((consent, i) => entry(`victim-${i}`, `Горинова Дарья ${i}`, { consent, birthYear: 1994 }));
      for (const e of [...victims, ...others]) idx.load(e);
      idx.finishBuild();
      // Every order and kept value asked for once, so each is cached with the victims in it.
      for (const sort of ["name", "-name", "birth", "-birth", "updated", "-updated", "category", "status"] as const) expect(idx.ordered(sort)).toHaveLength(7);
      expect(idx.publicOrder().length).toBeGreaterThan(0);
      for (const v of victims) idx.remove(v.id);
      return victims.map((v) => new WeakRef(v));
    })();
    // WeakRefs are kept alive until the job that made them ends.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(refs.map((r) => r.deref()?.id ?? null)).toEqual([null, null, null]);
    expect(idx.ordered("birth").map((e) => e.id)).toEqual(others.map((e) => e.id));
  });
});
