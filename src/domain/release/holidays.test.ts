import { describe, expect, it } from "vitest";
import { isWeekend } from "./dates.js";
import { describeDay, ESTABLISHED_YEARS, FIXED_HOLIDAYS, calendarStatus, isWorkingDay, onOrBeforeWorkingDay } from "./holidays.js";

describe("established calendars are internally consistent", () => {
  for (const year of ESTABLISHED_YEARS) {
    it(`${year}: every fixed holiday on a weekday is a day off`, () => {
      for (const h of FIXED_HOLIDAYS) {
        const d = `${year}-${h.md}`;
        if (!isWeekend(d)) expect(isWorkingDay(d), d).toBe(false);
      }
    });
  }

  it("listed weekdays off are weekdays and listed working weekends are weekends", () => {
    // describeDay reports a transfer-decree reason for working weekends only when listed.
    for (const [d, working] of [
      ["2024-04-27", true],
      ["2024-11-02", true],
      ["2024-12-28", true],
      ["2025-11-01", true],
      ["2022-03-05", true],
      ["2024-04-28", false],
    ] as const) {
      expect(isWeekend(d)).toBe(true);
      expect(isWorkingDay(d), d).toBe(working);
    }
  });

  it.each([
    ["2025-05-08", false, "transferred"],
    ["2025-06-13", false, "transferred"],
    ["2025-12-31", false, "transferred"],
    ["2024-12-30", false, "transferred"],
    ["2023-11-06", false, "transferred"],
    ["2025-05-09", false, "Victory Day"],
    ["2025-05-07", true, "Wednesday"],
    ["2025-02-24", true, "Monday"], // 23 Feb 2025 (Sunday) was moved to 8 May, not to 24 Feb
    ["2019-02-25", true, "Monday"], // 23 Feb 2019 (Saturday) was moved to 10 May
    ["2019-05-10", false, "transferred"],
  ])("%s working=%s (%s)", (d, working, reason) => {
    const info = describeDay(d);
    expect(info.working).toBe(working);
    expect(info.reason).toContain(reason);
    expect(info.status).toBe("established");
  });
});

describe("years without an established decree", () => {
  it("are flagged as estimated", () => {
    expect(calendarStatus(2030)).toBe("estimated");
    expect(calendarStatus(2025)).toBe("established");
  });
  it("apply TK art. 112 part 2: a non-January holiday on a weekend moves to the next working day", () => {
    expect(isWorkingDay("2027-06-12")).toBe(false); // Saturday
    expect(isWorkingDay("2027-06-14")).toBe(false); // Monday, shifted
    expect(isWorkingDay("2027-06-15")).toBe(true);
    expect(isWorkingDay("2030-05-09")).toBe(false); // Thursday holiday
  });
});

describe("onOrBeforeWorkingDay (PEC art. 173)", () => {
  it.each([
    ["2024-08-10", "2024-08-09", 1], // Saturday → Friday
    ["2024-08-11", "2024-08-09", 2], // Sunday → Friday
    ["2025-05-09", "2025-05-07", 2], // Victory Day, and 8 May transferred
    ["2026-01-05", "2025-12-30", 6], // New Year holidays, 31 Dec 2025 transferred
    ["2025-11-01", "2025-11-01", 0], // working Saturday
    ["2025-11-04", "2025-11-01", 3], // Unity Day, 3 Nov transferred, 2 Nov Sunday, 1 Nov working Saturday
  ])("%s → %s (skips %i)", (d, expected, skipped) => {
    const r = onOrBeforeWorkingDay(d);
    expect(r.date).toBe(expected);
    expect(r.skipped).toHaveLength(skipped);
  });
});
