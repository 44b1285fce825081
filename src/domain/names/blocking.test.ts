import { describe, expect, it } from "vitest";
import { farApart, hashKey, MatchIndex, nameKeyHashes, nameSearchKeys, packBirth } from "./blocking.js";
import { birthCeiling, comparePeople, type BirthDate, type PersonEvidence } from "./people.js";
import { Postings } from "./postings.js";

const registry: Array<{ id: string; evidence: PersonEvidence }> = [
  { id: "gorinov", evidence: { names: ["Горинов Алексей Александрович", "Aleksei Gorinov"], birthDate: "1961-09-25" } },
  { id: "tsyhipa", evidence: { names: ["Цигіпа Сергій Олександрович"], birthDate: "1961" } },
  { id: "dzhelyal", evidence: { names: ["Джелял Наріман Енверович"], birthDate: "1990-04-27" } },
  { id: "navalny", evidence: { names: ["Навальный Алексей Анатольевич"], birthDate: "1976-06-04" } },
  { id: "navalnaya", evidence: { names: ["Навальная Юлия Борисовна"], birthDate: "1976-07-24" } },
  { id: "oleg", evidence: { names: ["Навальный Олег Анатольевич"], birthDate: "1983-01-01" } },
  { id: "smirnov-1", evidence: { names: ["Смирнов Сергей Иванович"], birthDate: "1970-01-01" } },
  { id: "smirnov-2", evidence: { names: ["Смирнов Сергей Петрович"], birthDate: "1985-05-05" } },
  { id: "smirnov-3", evidence: { names: ["Смирнов Сергей Иванович"], birthDate: "1992-02-02" } },
];
const index = new MatchIndex(registry);

describe("nameSearchKeys", () => {
  it("gives the same keys for every script and transliteration", () => {
    const a = nameSearchKeys("Горинов Алексей");
    for (const other of ["Aleksei Gorinov", "GORINOV ALEXEY", "Gorinov, Alexei"]) {
      expect(nameSearchKeys(other)).toEqual(expect.arrayContaining(a.filter((k) => k.startsWith("g:") || k.startsWith("s:"))));
    }
  });

  it("joins Ukrainian and Russian given-name forms in one key", () => {
    expect(nameSearchKeys("Олександр Петренко")).toContain("g:petrenko|aleksandr");
    expect(nameSearchKeys("Aleksandr Petrenko")).toContain("g:petrenko|aleksandr");
  });

  it.each([["Горинов Алексей Александрович", 1961], ["Sasha Skochilenko", undefined], ["Mixail Xodorkovskij", 1963], ["Kozyreva, Darya", 2006]] as const)(
    "the index hashes exactly the text keys of %s",
    (name, year) => {
      const { keys, hashes } = nameKeyHashes(name, year);
      expect(new Set(hashes)).toEqual(new Set(keys.map(hashKey)));
    },
  );

  it("hashes every key, deletions included, exactly as the text key's hash, in the order the keys come", () => {
    const names = ["Горинов Алексей Александрович", "Mixail Xodorkovskij", "Kozyreva, Darya", "Шевченко Тарас Григорович", "Tsiupeykh Olena", "Ященко-Пелех Марія",
      "Ann Lee", "Сокоолва Ганна", "Mohammed bin Salman al-Saud", "Jürgen Müller-Lüdenscheidt", "Оглы Мамед", "Yi Li", "Pavlo Zzzz", "Ёлкина Мар'яна", "Тшшш Петро"];
    const query = { altDeletions: true, extraYears: [1960, 1962], birthDay: "1961-03-04", extraDays: ["1961-04-03", "1960-03-04"] };
    for (const name of names)
      for (const [year, opts] of [[undefined, {}], [1961, {}], [1961, query]] as const) {
        const { keys, hashes } = nameKeyHashes(name, year, opts);
        // The text keys are kept once each, in the order they first come: so are the hashes here.
        expect([...new Set(hashes)], `${name} ${year} ${JSON.stringify(opts)}`).toEqual(keys.map(hashKey));
      }
  });

  it("are plain ASCII", () => {
    for (const k of nameSearchKeys("Цигіпа Сергій")) expect(k).toMatch(/^[a-z]:[a-z|0-9]+$/);
  });
});

describe("MatchIndex", () => {
  it.each([
    ["Alexei Gorinov", "gorinov"],
    ["GORINOV ALEKSEI", "gorinov"],
    ["Serhiy Tsyhipa", "tsyhipa"],
    ["Sergei Tsigipa", "tsyhipa"],
    ["Nariman Dzhelyal", "dzhelyal"],
    ["Нариман Джелял", "dzhelyal"],
    ["Yulia Navalnaya", "navalnaya"],
  ])("%s → %s", (name, id) => {
    expect(index.resolve({ names: [name] }).best?.id).toBe(id);
    expect(index.resolve({ names: [name] }).verdict).toBe("match");
  });

  it("finds a typo, which names alone keep at possible and a birth date lifts", () => {
    const r = index.resolve({ names: ["Alexei Gornov"] });
    expect(r.best?.id).toBe("gorinov");
    expect(r.verdict).toBe("possible");
  });

  it("does not offer a sex-marked form or another given name as a match", () => {
    const c = index.candidates({ names: ["Alexei Navalny"] });
    expect(c.map((x) => x.id)).toEqual(["navalny"]);
  });

  it("marks namesakes as ambiguous without telling evidence", () => {
    const r = index.resolve({ names: ["Sergei Smirnov"] });
    expect(r.ambiguous).toBe(true);
    expect(r.verdict).toBe("possible");
    expect(r.best?.explanation.join("\n")).toMatch(/ambiguous: 3 registered people/);
  });

  it("tells namesakes apart by birth date", () => {
    const r = index.resolve({ names: ["Sergei Smirnov"], birthDate: "1985-05-05" });
    expect(r.best?.id).toBe("smirnov-2");
    expect(r.verdict).toBe("match");
    expect(r.ambiguous).toBe(false);
  });

  it("tells namesakes apart by patronymic and birth year", () => {
    const r = index.resolve({ names: ["Смирнов Сергей Иванович"], birthDate: "1992" });
    expect(r.best?.id).toBe("smirnov-3");
    expect(r.verdict).toBe("match");
  });

  it("returns nothing for someone not registered", () => {
    expect(index.resolve({ names: ["Olaf Scholz"] }).best).toBeNull();
    expect(index.best({ names: ["Ivan Petrov"] })).toEqual([]);
  });

  it("limits best()", () => {
    expect(index.best({ names: ["Sergei Smirnov"] }, 2)).toHaveLength(2);
  });

  it("finds a surname typo through deletion keys (no full scan)", () => {
    expect(index.resolve({ names: ["Горнов Алексей"] }).best?.id).toBe("gorinov");
    expect(index.resolve({ names: ["Цигипва Сергей"] }).best?.id).toBe("tsyhipa");
  });

  it("finds a badly typed surname through given name + birth year", () => {
    expect(index.resolve({ names: ["Гоирнвов Алексей Александрович"], birthDate: "1961-09-25" }).best?.id).toBe("gorinov");
  });
});

describe("MatchIndex.duplicates", () => {
  it("finds each probable duplicate pair once, best first", () => {
    const idx = new MatchIndex([
      { id: "a", evidence: { names: ["Козырева Дарья Сергеевна"], birthDate: "2006-02-02" } },
      { id: "b", evidence: { names: ["Darya Kozyreva"], birthDate: "2006-02-02" } },
      { id: "c", evidence: { names: ["Горинов Алексей"], birthDate: "1961-09-25" } },
      { id: "d", evidence: { names: ["Горинов Алексей"], birthDate: "1985-01-01" } },
      { id: "e", evidence: { names: ["Gorinov Aleksei"] } },
    ]);
    const pairs = idx.duplicates();
    expect(pairs.map((p) => `${p.a}-${p.b}`)).toEqual(["a-b", "c-e", "d-e"]);
    expect(pairs[0]?.result.verdict).toBe("match");
    expect(pairs[0]?.result.explanation.join("\n")).toMatch(/birth date equal/);
  });
});

describe("record against record is symmetric", () => {
  const pairs: Array<[PersonEvidence, PersonEvidence]> = [
    [{ names: ["Хаитов Рустам Баходирович", "Khaitov Rustam"] }, { names: ["Rustam Khaitov", "Хаетов Рустам"] }],
    [{ names: ["Креенко Дмитро Миколайович", "Dmitro Mikolayovich Kreenko"] }, { names: ["Криенко Дмитро Михайлович", "Dmitro Krienko"] }],
    [{ names: ["Горинов Алексей Александрович", "Aleksei Gorinov"], birthDate: "1961-09-25" }, { names: ["Alexei Gorinov", "Горинов Алексей"], birthDate: "1961" }],
    [{ names: ["Sergei Tsigipa", "Цигіпа Сергій"] }, { names: ["Serhiy Tsyhipa"] }],
    [{ names: ["Мельник Оксана Василівна"] }, { names: ["Melnyk Oksana", "Oksana Melnik"] }],
  ];

  it.each(pairs)("compare(a, b) = compare(b, a): %j", (a, b) => {
    expect(comparePeople(a, b).score).toBe(comparePeople(b, a).score);
  });

  it("a Latin alternate meets the other record's Latin alternate", () => {
    const [a, b] = pairs[0]!;
    expect(comparePeople(a, b).score).toBe(1);
  });

  it("duplicates() scores a pair the same whatever the indexing order", () => {
    const score = (order: PersonEvidence[]): number[] =>
      new MatchIndex(order.map((evidence, i) => ({ id: String(i), evidence })))
        .duplicates()
        .map((d) => d.result.score);
    for (const [a, b] of pairs) {
      const ab = score([a, b]);
      expect(ab).toHaveLength(1);
      expect(score([b, a])).toEqual(ab);
    }
  });
});

describe("ruling people out by birth date before reading them", () => {
  it("farApart holds exactly where birthCeiling is 0.45", () => {
    const dates: (BirthDate | null)[] = [null];
    for (const year of [1960, 1961, 1962, 1963, 1969, 1996, 2000])
      for (const month of [null, 1, 2, 11, 12]) for (const day of month === null ? [null] : [null, 1, 2, 11, 12, 31]) dates.push({ year, month, day });
    let checked = 0;
    for (const a of dates)
      for (const b of dates) {
        expect(farApart(packBirth(a), packBirth(b)), `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(birthCeiling(a, b) === 0.45);
        checked++;
      }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe("MatchIndex saved after a removal", () => {
  // A removed person's position stays in the matcher (skipped when read), and what the snapshot saved of it — their
  // id, birth date, sex and every blocking key of their names — outlived their erasure in the next snapshot, under a
  // key the erasure never deletes.
  it("keeps nothing of the removed person, and finds the same people as before", () => {
    const erased: PersonEvidence = { names: ["Горинова Дарья Алексеевна", "Gorinova Darya"], birthDate: "1994-10-28", sex: "female" };
    const others: [string, PersonEvidence][] = [
      ["gorinov", { names: ["Горинов Алексей Александрович"], birthDate: "1961-07-14", sex: "male" }],
      ["petrova", { names: ["Петрова Дарья Алексеевна"], birthDate: "1994-10-28", sex: "female" }],
      ["tsyhipa", { names: ["Цигіпа Сергій Вікторович"], birthDate: "1975-04-01", sex: "male" }],
    ];
    const m = new MatchIndex();
    m.add("erased-id", erased);
    for (const [id, e] of others) m.add(id, e);
    m.remove("erased-id");
    // Nor is their prepared record (names, parsed) kept in memory: a removed position is never read again.
    expect((m as unknown as { people: unknown[] }).people[0]).toBeUndefined();
    const queries: PersonEvidence[] = [{ names: ["Горинова Дарья"], birthDate: "28.10.1994" }, { names: ["Gorinov Aleksei"] }, { names: ["Петрова Дарья"] }, { names: ["Tsyhipa Serhiy"] }];
    const found = (x: MatchIndex) => queries.map((q) => x.candidates(q).map((c) => [c.id, c.score]));
    const before = found(m);
    const st = m.state();
    expect(st.ids).not.toContain("erased-id");
    expect(st.births[0]).toBe(-1);
    expect(st.sexes[0]).toBe(0);
    // Not one blocking key's list holds the removed position; keys only the removed person had are gone.
    const saved = Postings.fromState(st.postings);
    const theirs = new MatchIndex();
    theirs.add("erased-id", erased);
    const keys = Postings.fromState(theirs.state().postings).allKeys();
    expect(keys.length).toBeGreaterThan(10);
    for (const h of keys) saved.forEach(h, (i) => expect(i, `key ${h}`).not.toBe(0));
    const othersOnly = new MatchIndex();
    for (const [id, e] of others) othersOnly.add(id, e);
    expect(saved.allKeys().sort()).toEqual(Postings.fromState(othersOnly.state().postings).allKeys().sort());
    const restored = MatchIndex.restore(st, (id) => others.find(([o]) => o === id)?.[1]);
    expect(found(restored)).toEqual(before);
    expect(found(m)).toEqual(before);
  });
});
