/**
 * Calendar-date arithmetic on ISO dates ("YYYY-MM-DD"), with no time zone.
 *
 * Every date here is a civil date in Russia; we never use `new Date(string)` with
 * local time. Internally a date is an integer "day number" (days since 1970-01-01,
 * proleptic Gregorian), which makes leap years exact and intervals trivial.
 */

export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {
  constructor(value: string) {
    super(`not a valid ISO date (YYYY-MM-DD): ${JSON.stringify(value)}`);
    this.name = "InvalidDateError";
  }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface Ymd {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function parseIso(value: string): Ymd {
  const m = ISO_RE.exec(value);
  if (!m) throw new InvalidDateError(value);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidDateError(value);
  }
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  try {
    parseIso(value);
    return true;
  } catch {
    return false;
  }
}

/** Day number: days since 1970-01-01 (UTC arithmetic, so no DST surprises). */
export function toDayNumber(value: IsoDate): number {
  const { year, month, day } = parseIso(value);
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

export function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * 86_400_000);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth() + 1;
  const da = d.getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(da).padStart(2, "0")}`;
}

export function addDays(value: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(value) + days);
}

/** Number of days from a to b (b − a); 0 when equal. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Length of the closed interval [from, to] in days, both ends counted. */
export function inclusiveDays(from: IsoDate, to: IsoDate): number {
  return diffDays(from, to) + 1;
}

export function compareIso(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

export function minIso(a: IsoDate, b: IsoDate): IsoDate {
  return compareIso(a, b) <= 0 ? a : b;
}

export function maxIso(a: IsoDate, b: IsoDate): IsoDate {
  return compareIso(a, b) >= 0 ? a : b;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(value: IsoDate): number {
  const n = toDayNumber(value);
  // 1970-01-01 was a Thursday (4).
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(value: IsoDate): boolean {
  return isoWeekday(value) >= 6;
}

/**
 * The day on which a term of `years` years, `months` months (counted from `start`)
 * ends *exclusively* — i.e. the first day after the term.
 *
 * Convention (docs/release-dates.md, "Day counting"): the term runs to the day before
 * the "corresponding date" in the final month. When the final month has no
 * corresponding date (31 Jan + 1 month; 29 Feb + 1 year), the term ends on the last
 * day of that month, so the exclusive end is the 1st of the following month.
 */
export function addYearsMonthsExclusive(start: IsoDate, years: number, months: number): IsoDate {
  const { year, month, day } = parseIso(start);
  const total = year * 12 + (month - 1) + years * 12 + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const dim = daysInMonth(ty, tm);
  if (day > dim) {
    // No corresponding date: serve the whole final month.
    return addDays(`${String(ty).padStart(4, "0")}-${String(tm).padStart(2, "0")}-${String(dim).padStart(2, "0")}`, 1);
  }
  return `${String(ty).padStart(4, "0")}-${String(tm).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export interface Term {
  years: number;
  months: number;
  days: number;
}

export function termIsValid(t: Term): boolean {
  return [t.years, t.months, t.days].every((x) => Number.isInteger(x) && x >= 0) && t.years + t.months + t.days > 0;
}

/**
 * Last day (inclusive) of a term that starts on `start` (inclusive):
 * years and months first (calendar arithmetic), then days.
 */
export function termLastDay(start: IsoDate, term: Term): IsoDate {
  const exclusive = addYearsMonthsExclusive(start, term.years, term.months);
  return addDays(exclusive, term.days - 1);
}

export function formatTerm(t: Term): string {
  const parts: string[] = [];
  if (t.years) parts.push(`${t.years} y`);
  if (t.months) parts.push(`${t.months} m`);
  if (t.days || parts.length === 0) parts.push(`${t.days} d`);
  return parts.join(" ");
}
