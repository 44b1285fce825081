import { describe, expect, it } from "vitest";
import { REGION_LIST } from "./regionList.js";
import { regionFromText, regionKey, regionName } from "./regions.js";

describe("regions as a controlled list", () => {
  it("holds the 83 subdivisions of Russia and the 27 of Ukraine, Crimea and Sevastopol among Ukraine's", () => {
    expect(REGION_LIST.filter((r) => r.code.startsWith("RU-"))).toHaveLength(83);
    expect(REGION_LIST.filter((r) => r.code.startsWith("UA-"))).toHaveLength(27);
    expect(new Set(REGION_LIST.map((r) => r.code)).size).toBe(110);
    expect(REGION_LIST.filter((r) => r.occupied).map((r) => r.code).sort()).toEqual(["UA-09", "UA-14", "UA-23", "UA-40", "UA-43", "UA-65"]);
  });

  it("every name and alias reads back as its own region (no two regions share a spelling)", () => {
    for (const r of REGION_LIST) for (const text of [r.en, r.ru, r.uk, ...(r.aliases ?? [])]) expect(regionFromText(text), `${text}`).toBe(r.code);
  });

  it("reads free text as people write it, in any of the three languages", () => {
    const cases: [string, string | null][] = [
      ["Novosibirsk Oblast", "RU-NVS"],
      ["Новосибирская обл.", "RU-NVS"],
      ["новосибирской области", "RU-NVS"],
      ["Новосибірська область", "RU-NVS"],
      ["Crimea", "UA-43"],
      ["Республика Крым", "UA-43"],
      ["АР Крим", "UA-43"],
      ["г. Севастополь", "UA-40"],
      ["Kyiv", "UA-30"],
      ["Kyiv Oblast", "UA-32"],
      ["Київська обл.", "UA-32"],
      ["Moscow", "RU-MOW"],
      ["Moscow Oblast", "RU-MOS"],
      ["Московская", "RU-MOS"],
      ["Херсонская область", "UA-65"],
      ["Запорізька", "UA-23"],
      ["Республика Саха (Якутия)", "RU-SA"],
      ["ХМАО", "RU-KHM"],
      ["Донбасс", null],
      ["Atlantis", null],
      ["", null],
      ["ua-43", "UA-43"],
    ];
    for (const [text, code] of cases) expect(regionFromText(text), text).toBe(code);
  });

  it("names a region in each language, with the organisation's label for occupied subdivisions", () => {
    expect(regionName("ru", "RU-NVS")).toBe("Новосибирская область");
    expect(regionName("uk", "UA-43")).toBe("Автономна Республіка Крим (тимчасово окупована)");
    expect(regionName("ru", "UA-40")).toBe("Севастополь (временно оккупирован)");
    expect(regionName("en", "UA-43", "ukraine")).toBe("Autonomous Republic of Crimea (Ukraine)");
    expect(regionName("ru", "UA-14", "plain")).toBe("Донецкая область");
    expect(regionKey("Новосибирская обл.")).toBe("новосибир ~obl");
  });
});
