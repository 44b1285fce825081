import { describe, expect, it } from "vitest";
import { contentHash, diffRows, eligibility, rowCanonicalJson, rowCanonicalJsonGeneral, rowHash, sortRows, type ListRowData } from "./rows.js";
import { latinName } from "./format.js";
import { fixZipTimestamps } from "./exportTabular.js";

const base = { status: "in_colony", exchangeConsent: "consents", category: "ru_political_prisoner", recognition: "recognised" as const, priority: 10 };

function row(over: Partial<ListRowData> = {}): ListRowData {
  return {
    personId: "p1", nameCyrillic: "Горинов Алексей", nameLatin: "Gorinov Aleksey", birthDate: "1961-07-08", articles: null, facility: null, sentence: null,
    category: "ru_political_prisoner", status: "in_colony", priority: 10, recognition: "recognised", eligible: true, reasons: [], warnings: [], received: null, match: null, ...over,
  };
}

describe("eligibility", () => {
  it.each([
    [{}, true, [], []],
    [{ exchangeConsent: "refuses" }, false, ["refuses_exchange"], []],
    [{ exchangeConsent: "unknown" }, true, [], ["consent_unknown"]],
    [{ recognition: "not_recognised" as const }, false, ["not_recognised"], []],
    [{ recognition: "pending" as const }, true, [], ["recognition_pending"]],
    // Recognition is a question for Russian political prisoners only.
    [{ recognition: "unknown" as const, category: "ua_civilian_hostage" }, true, [], []],
    [{ status: "released" }, false, ["released"], []],
    [{ status: "exchanged" }, false, ["exchanged"], []],
    [{ status: "deceased", exchangeConsent: "refuses" }, false, ["refuses_exchange", "deceased"], []],
    [{ removedByHand: true }, false, ["removed_by_hand"], []],
    [{ addedByHand: true, priority: null }, true, [], ["added_by_hand", "priority_unknown"]],
  ])("%o → eligible %s, reasons %o, warnings %o", (over, eligible, reasons, warnings) => {
    expect(eligibility({ ...base, ...over })).toEqual({ eligible, reasons, warnings });
  });
});

describe("content hash and diff", () => {
  it("hashes content, not object key order, and changes with any field", () => {
    const a = row();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as ListRowData;
    expect(contentHash([a])).toBe(contentHash([reordered]));
    expect(contentHash([a])).not.toBe(contentHash([row({ facility: "ИК-3" })]));
    expect(contentHash([a, row({ personId: "p2" })])).not.toBe(contentHash([row({ personId: "p2" }), a]));
  });

  it("hashes a row through the one-pass form exactly as through the general canonical JSON", () => {
    const rows: ListRowData[] = [
      row(),
      row({ nameCyrillic: null, nameLatin: "Kara-Murza Vladimir", priority: null, recognition: null, reasons: ["released", "deceased"], warnings: ["priority_unknown"] }),
      row({ detainedOn: "2022-04-26", exchangeConsent: "consents", articles: "ч. 2 ст. 207.3 УК РФ", sentence: "7 лет, колония общего режима, приговор 08.07.2022" }),
      row({ detainedOn: null, exchangeConsent: undefined, facility: "ИК-3 \"Владимирская\" (IK-3)", birthDate: "1974" }),
      row({
        personId: null,
        received: { "Дата рождения": "01.02.1970", ФИО: "Шевченко Олена Петрівна", "№": "12" },
        match: { verdict: "possible", score: 0.81, explanation: ["surname", "birth year"], candidateId: null },
      }),
      { ...row(), erased: true } as ListRowData,
    ];
    for (const r of rows) expect(rowCanonicalJson(r)).toBe(rowCanonicalJsonGeneral(r));
    // Pinned: what every version since hash scheme 2 printed for this row; a change here breaks their verification.
    expect(rowHash(row())).toBe("d974f6e08c4ad7909267ce8057da764ee4718217d7314fde0a9d40a23f782eae");
  });

  it("reports added, removed and field changes by person", () => {
    const d = diffRows([row(), row({ personId: "p2" })], [row({ status: "released", eligible: false, reasons: ["released"] }), row({ personId: "p3" })]);
    expect(d.added.map((r) => r.personId)).toEqual(["p3"]);
    expect(d.removed.map((r) => r.personId)).toEqual(["p2"]);
    expect(d.changed[0]!.fields).toEqual([
      { field: "status", from: "in_colony", to: "released" },
      { field: "eligible", from: true, to: false },
      { field: "reasons", from: [], to: ["released"] },
    ]);
  });

  it("sorts eligible first, then priority, then name", () => {
    const sorted = sortRows([row({ personId: "a", eligible: false }), row({ personId: "b", priority: 5 }), row({ personId: "c", priority: 50 })]);
    expect(sorted.map((r) => r.personId)).toEqual(["c", "b", "a"]);
  });
});

describe("formatting", () => {
  it("transliterates as passports do: ICAO Doc 9303 for Russian names, KMU 2010 for Ukrainian ones", () => {
    expect(latinName("Горинов Алексей Александрович")).toBe("Gorinov Aleksei Aleksandrovich");
    // BGN wrote Artëm and Mar'yanenko; passports write Artem and (Ukrainian, apostrophe dropped) Marianenko.
    expect(latinName("Артём Ёлкин")).toBe("Artem Elkin");
    expect(latinName("Мар'яненко Євгенія", true)).toBe("Marianenko Yevheniia");
    expect(latinName("Згурський Олексій")).toBe("Zghurskyi Oleksii");
    expect(latinName("Кара-Мурза Владимир")).toBe("Kara-Murza Vladimir");
    expect(latinName("Григорій Кузьменко")).toBe("Hryhorii Kuzmenko");
    expect(latinName("Ковальчук Сергей", true)).toBe("Kovalchuk Serhei");
  });

  it("rewrites zip entry timestamps", () => {
    // A minimal stored zip with one entry "a" containing "x".
    const name = Buffer.from("a");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0x1234, 10);
    local.writeUInt16LE(0x5678, 12);
    local.writeUInt32LE(1, 18);
    local.writeUInt32LE(1, 22);
    local.writeUInt16LE(1, 26);
    const data = Buffer.from("x");
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x1234, 12);
    central.writeUInt16LE(0x5678, 14);
    central.writeUInt16LE(1, 28);
    central.writeUInt32LE(0, 42);
    const cdOffset = local.length + name.length + data.length;
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length + name.length, 12);
    eocd.writeUInt32LE(cdOffset, 16);
    const zip = Buffer.concat([local, name, data, central, name, eocd]);
    const fixed = fixZipTimestamps(zip, new Date("2026-11-20T12:00:00Z"));
    const date = ((2026 - 1980) << 9) | (11 << 5) | 20;
    expect(fixed.readUInt16LE(12)).toBe(date);
    expect(fixed.readUInt16LE(cdOffset + 14)).toBe(date);
    expect(fixed.readUInt16LE(10)).toBe(12 << 11);
  });
});
