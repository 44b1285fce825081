import { describe, expect, it } from "vitest";
import {
  addDays,
  addYearsMonthsExclusive,
  diffDays,
  inclusiveDays,
  isIsoDate,
  isLeapYear,
  isoWeekday,
  termLastDay,
} from "./dates.js";

describe("calendar basics", () => {
  it.each([
    [2000, true],
    [1900, false],
    [2024, true],
    [2023, false],
    [2100, false],
  ])("isLeapYear(%i) = %s", (y, leap) => expect(isLeapYear(y)).toBe(leap));

  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2023-13-01", false],
    ["2023-4-1", false],
    ["", false],
  ])("isIsoDate(%j) = %s", (v, ok) => expect(isIsoDate(v)).toBe(ok));

  it("counts custody inclusive of both ends, across a leap day", () => {
    expect(inclusiveDays("2024-02-01", "2024-03-31")).toBe(60);
    expect(inclusiveDays("2023-02-01", "2023-03-31")).toBe(59);
    expect(inclusiveDays("2022-10-01", "2023-04-14")).toBe(196);
    expect(inclusiveDays("2024-01-01", "2024-01-01")).toBe(1);
  });

  it("adds and diffs days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2024-01-01", -1)).toBe("2023-12-31");
    expect(diffDays("2024-01-01", "2025-01-01")).toBe(366);
  });

  it("knows weekdays", () => {
    expect(isoWeekday("2024-08-10")).toBe(6); // Saturday
    expect(isoWeekday("2026-01-05")).toBe(1); // Monday
    expect(isoWeekday("1970-01-01")).toBe(4); // Thursday
    expect(isoWeekday("1969-12-28")).toBe(7); // Sunday, before the epoch
  });
});

describe("term arithmetic (convention: inclusive start, day before the corresponding date)", () => {
  it.each([
    // start, years, months, days, last day
    ["2023-04-15", 4, 6, 0, "2027-10-14"],
    ["2022-04-15", 2, 0, 0, "2024-04-14"],
    ["2024-02-29", 1, 0, 0, "2025-02-28"], // no 29 Feb in 2025 → whole February
    ["2023-03-01", 1, 0, 0, "2024-02-29"], // leap year at the end
    ["2023-01-31", 0, 1, 0, "2023-02-28"], // no 31 Feb → whole February
    ["2024-01-31", 0, 1, 0, "2024-02-29"],
    ["2023-01-15", 0, 1, 0, "2023-02-14"],
    ["2023-01-01", 0, 0, 10, "2023-01-10"],
    ["2023-01-15", 0, 1, 10, "2023-02-24"],
    ["2023-12-31", 0, 2, 0, "2024-02-29"],
  ])("%s + %iy %im %id → last day %s", (start, y, m, d, last) => {
    expect(termLastDay(start, { years: y, months: m, days: d })).toBe(last);
  });

  it("exclusive end rolls into the next month when there is no corresponding date", () => {
    expect(addYearsMonthsExclusive("2023-01-30", 0, 1)).toBe("2023-03-01");
    expect(addYearsMonthsExclusive("2023-01-28", 0, 1)).toBe("2023-02-28");
  });
});
