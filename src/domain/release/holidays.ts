/**
 * Russian working-day calendar, for PEC art. 173 (release moved to the preceding
 * working day when the last day of the term falls on a day off).
 *
 * Sources of the rules (see docs/release-dates.md, "Working-day calendar"):
 * - Labour Code (TK RF) art. 112 part 1: public holidays 1–6 and 8 January (New Year
 *   holidays), 7 January (Christmas), 23 February, 8 March, 1 May, 9 May, 12 June,
 *   4 November (this set has been in force since 2013).
 * - TK art. 112 part 2: a holiday falling on a Saturday or Sunday moves the day off to
 *   the next working day, except the January holidays, whose weekend days the
 *   Government moves by an annual decree to other days of the year.
 * - The Government's annual decree on transferring days off (production calendar).
 *
 * For the years in {@link ESTABLISHED_YEARS} we list every weekday that was (or is)
 * a day off and every weekend day that was worked, as established from those decrees.
 * For any other year we apply TK art. 112 mechanically (fixed holidays + automatic
 * shift of non-January holidays) and flag the answer as an estimate: the January
 * transfers of that year are unknown.
 *
 * Deliberately NOT included: "non-working days with pay" declared by presidential
 * decrees (spring 2020, 24 June and 1 July 2020, May and 30 Oct–7 Nov 2021). Whether
 * colonies treat them as days off for PEC art. 173 is not established here.
 */
import { isWeekend, addDays, parseIso, isoWeekday, type IsoDate } from "./dates.js";

/** Fixed public holidays, TK art. 112 part 1 (as "MM-DD"). */
export const FIXED_HOLIDAYS: ReadonlyArray<{ md: string; name: string }> = [
  { md: "01-01", name: "New Year holidays" },
  { md: "01-02", name: "New Year holidays" },
  { md: "01-03", name: "New Year holidays" },
  { md: "01-04", name: "New Year holidays" },
  { md: "01-05", name: "New Year holidays" },
  { md: "01-06", name: "New Year holidays" },
  { md: "01-07", name: "Orthodox Christmas" },
  { md: "01-08", name: "New Year holidays" },
  { md: "02-23", name: "Defender of the Fatherland Day" },
  { md: "03-08", name: "International Women's Day" },
  { md: "05-01", name: "Spring and Labour Day" },
  { md: "05-09", name: "Victory Day" },
  { md: "06-12", name: "Russia Day" },
  { md: "11-04", name: "Unity Day" },
];

interface YearCalendar {
  /** Weekdays (Mon–Fri) that are days off: holidays, automatic shifts, transfers. */
  weekdaysOff: string[]; // "MM-DD"
  /** Saturdays/Sundays declared working days by the transfer decree. */
  workingWeekends: string[]; // "MM-DD"
}

/**
 * Established production calendars. Each entry lists ALL weekday days off of that
 * year (fixed holidays on weekdays included) so the table can be checked against a
 * printed production calendar line by line.
 */
const CALENDARS: Readonly<Record<number, YearCalendar>> = {
  2015: {
    weekdaysOff: ["01-01", "01-02", "01-05", "01-06", "01-07", "01-08", "01-09", "02-23", "03-09", "05-01", "05-04", "05-11", "06-12", "11-04"],
    workingWeekends: [],
  },
  2016: {
    weekdaysOff: ["01-01", "01-04", "01-05", "01-06", "01-07", "01-08", "02-22", "02-23", "03-07", "03-08", "05-02", "05-03", "05-09", "06-13", "11-04"],
    workingWeekends: ["02-20"],
  },
  2017: {
    weekdaysOff: ["01-02", "01-03", "01-04", "01-05", "01-06", "02-23", "02-24", "03-08", "05-01", "05-08", "05-09", "06-12", "11-06"],
    workingWeekends: [],
  },
  2018: {
    weekdaysOff: ["01-01", "01-02", "01-03", "01-04", "01-05", "01-08", "02-23", "03-08", "03-09", "04-30", "05-01", "05-02", "05-09", "06-11", "06-12", "11-05", "12-31"],
    workingWeekends: ["04-28", "06-09", "12-29"],
  },
  2019: {
    weekdaysOff: ["01-01", "01-02", "01-03", "01-04", "01-07", "01-08", "03-08", "05-01", "05-02", "05-03", "05-09", "05-10", "06-12", "11-04"],
    workingWeekends: [],
  },
  2020: {
    weekdaysOff: ["01-01", "01-02", "01-03", "01-06", "01-07", "01-08", "02-24", "03-09", "05-01", "05-04", "05-05", "05-11", "06-12", "11-04"],
    workingWeekends: [],
  },
  2021: {
    weekdaysOff: ["01-01", "01-04", "01-05", "01-06", "01-07", "01-08", "02-22", "02-23", "03-08", "05-03", "05-10", "06-14", "11-04", "11-05", "12-31"],
    workingWeekends: ["02-20"],
  },
  2022: {
    weekdaysOff: ["01-03", "01-04", "01-05", "01-06", "01-07", "02-23", "03-07", "03-08", "05-02", "05-03", "05-09", "05-10", "06-13", "11-04"],
    workingWeekends: ["03-05"],
  },
  2023: {
    weekdaysOff: ["01-02", "01-03", "01-04", "01-05", "01-06", "02-23", "02-24", "03-08", "05-01", "05-08", "05-09", "06-12", "11-06"],
    workingWeekends: [],
  },
  2024: {
    weekdaysOff: ["01-01", "01-02", "01-03", "01-04", "01-05", "01-08", "02-23", "03-08", "04-29", "04-30", "05-01", "05-09", "05-10", "06-12", "11-04", "12-30", "12-31"],
    workingWeekends: ["04-27", "11-02", "12-28"],
  },
  2025: {
    weekdaysOff: ["01-01", "01-02", "01-03", "01-06", "01-07", "01-08", "05-01", "05-02", "05-08", "05-09", "06-12", "06-13", "11-03", "11-04", "12-31"],
    workingWeekends: ["11-01"],
  },
  2026: {
    weekdaysOff: ["01-01", "01-02", "01-05", "01-06", "01-07", "01-08", "01-09", "02-23", "03-09", "05-01", "05-11", "06-12", "11-04", "12-31"],
    workingWeekends: [],
  },
};

export const ESTABLISHED_YEARS: readonly number[] = Object.keys(CALENDARS).map(Number).sort((a, b) => a - b);

export type CalendarStatus = "established" | "estimated";

export function calendarStatus(year: number): CalendarStatus {
  return year in CALENDARS ? "established" : "estimated";
}

function md(date: IsoDate): string {
  return date.slice(5);
}

function fixedHolidayName(date: IsoDate): string | undefined {
  return FIXED_HOLIDAYS.find((h) => h.md === md(date))?.name;
}

/** Estimated calendar for a year without an established decree (TK art. 112 only). */
function estimatedWeekdaysOff(year: number): Set<string> {
  const off = new Set<string>();
  const y = String(year).padStart(4, "0");
  for (const h of FIXED_HOLIDAYS) {
    const d = `${y}-${h.md}`;
    if (!isWeekend(d)) off.add(h.md);
  }
  // Automatic shift (TK art. 112 part 2) for non-January holidays on a weekend.
  for (const h of FIXED_HOLIDAYS) {
    if (h.md.startsWith("01-")) continue;
    const d = `${y}-${h.md}`;
    if (!isWeekend(d)) continue;
    let next = addDays(d, 1);
    while (isWeekend(next) || off.has(md(next))) next = addDays(next, 1);
    if (next.startsWith(y)) off.add(md(next));
  }
  return off;
}

const estimateCache = new Map<number, Set<string>>();

function weekdaysOffFor(year: number): Set<string> {
  const known = CALENDARS[year];
  if (known) return new Set(known.weekdaysOff);
  let est = estimateCache.get(year);
  if (!est) {
    est = estimatedWeekdaysOff(year);
    estimateCache.set(year, est);
  }
  return est;
}

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** Why the day is off (or why a weekend day is worked). */
  reason: string;
  status: CalendarStatus;
}

const WEEKDAY_NAMES = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function describeDay(date: IsoDate): DayInfo {
  const { year } = parseIso(date);
  const status = calendarStatus(year);
  const wd = isoWeekday(date);
  const known = CALENDARS[year];
  if (wd >= 6) {
    if (known?.workingWeekends.includes(md(date))) {
      return { date, working: true, reason: `${WEEKDAY_NAMES[wd]} declared a working day (transfer decree)`, status };
    }
    const hol = fixedHolidayName(date);
    return { date, working: false, reason: hol ? `${WEEKDAY_NAMES[wd]}, public holiday (${hol})` : `${WEEKDAY_NAMES[wd]}`, status };
  }
  if (weekdaysOffFor(year).has(md(date))) {
    const hol = fixedHolidayName(date);
    return {
      date,
      working: false,
      reason: hol ? `public holiday (${hol})` : "day off transferred from a holiday or weekend",
      status,
    };
  }
  return { date, working: true, reason: WEEKDAY_NAMES[wd] ?? "weekday", status };
}

export function isWorkingDay(date: IsoDate): boolean {
  return describeDay(date).working;
}

export interface WorkingDayShift {
  /** The date after the shift (== input when it is a working day). */
  date: IsoDate;
  /** The days skipped, latest first, with their reasons. */
  skipped: DayInfo[];
  /** True when any year involved has only an estimated calendar. */
  estimated: boolean;
  /** The years involved whose calendar is only estimated (the warning names these, not the release's year). */
  estimatedYears: number[];
}

/** The given day if it is a working day, otherwise the latest working day before it. */
export function onOrBeforeWorkingDay(date: IsoDate): WorkingDayShift {
  const skipped: DayInfo[] = [];
  let d = date;
  const years = new Set<number>();
  for (let guard = 0; guard < 60; guard++) {
    const info = describeDay(d);
    if (info.status === "estimated") years.add(parseIso(d).year);
    if (info.working) return { date: d, skipped, estimated: years.size > 0, estimatedYears: [...years].sort((a, b) => a - b) };
    skipped.push(info);
    d = addDays(d, -1);
  }
  throw new Error(`no working day found within 60 days before ${date}`);
}
