// Dates as Russian and Ukrainian spreadsheets write them. Pure: the caller passes today.

export type DateKind = "birth" | "event";
export type DateError = "date" | "dateAmbiguous" | "dateRange";
export type DateResult = { value: string } | { error: DateError };

const MONTHS: Record<string, number> = {};
const monthWords: [number, string[]][] = [
  [1, ["января", "январь", "янв", "січня", "січень", "january", "jan"]],
  [2, ["февраля", "февраль", "фев", "лютого", "лютий", "february", "feb"]],
  [3, ["марта", "март", "мар", "березня", "березень", "march", "mar"]],
  [4, ["апреля", "апрель", "апр", "квітня", "квітень", "april", "apr"]],
  [5, ["мая", "май", "травня", "травень", "may"]],
  [6, ["июня", "июнь", "червня", "червень", "june", "jun"]],
  [7, ["июля", "июль", "липня", "липень", "july", "jul"]],
  [8, ["августа", "август", "авг", "серпня", "серпень", "august", "aug"]],
  [9, ["сентября", "сентябрь", "сен", "сент", "вересня", "вересень", "september", "sep", "sept"]],
  [10, ["октября", "октябрь", "окт", "жовтня", "жовтень", "october", "oct"]],
  [11, ["ноября", "ноябрь", "ноя", "листопада", "листопад", "november", "nov"]],
  [12, ["декабря", "декабрь", "дек", "грудня", "грудень", "december", "dec"]],
];
for (const [n, words] of monthWords) for (const w of words) MONTHS[w] = n;

/** Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was, so serial 60+ is off by one. */
export function excelSerialToIso(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function real(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/**
 * A date cell: `12.09.1961`, `12.09.1961 г.`, `12 сентября 1961`, `02 травня 1968 р.`, `1961 г.` (a birth year),
 * `1961-09-12`, `12/09/1961`, an Excel serial (`22536`), and `12.09.61` only when one century makes sense
 * (a birth date not in the future; an event date from 1950 on).
 */
export function parseDateCell(text: string, kind: DateKind, today: string): DateResult {
  let s = text.trim().toLowerCase().replace(/\s+/g, " ");
  s = s.replace(/\s*(?:г|гг|р|рр|року|года|год)\.?$/u, "").trim();
  const thisYear = Number(today.slice(0, 4));
  const lowest = kind === "birth" ? 1900 : 1950;
  const inRange = (y: number, m: number, d: number) => {
    const v = iso(y, m, d);
    return y >= lowest && v <= (kind === "birth" ? today : `${thisYear + 1}-12-31`);
  };
  const full = (y: number, m: number, d: number): DateResult => {
    if (!real(y, m, d)) return { error: "date" };
    return inRange(y, m, d) ? { value: iso(y, m, d) } : { error: "dateRange" };
  };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?$/.exec(s);
  if (m) return full(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (m) return full(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{2})$/.exec(s);
  if (m) {
    const [d, mo, yy] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const fits = [1900 + yy, 2000 + yy].filter((y) => real(y, mo, d) && inRange(y, mo, d));
    if (fits.length === 1) return { value: iso(fits[0]!, mo, d) };
    return { error: real(2000, mo, d) ? (fits.length ? "dateAmbiguous" : "dateRange") : "date" };
  }
  m = /^(\d{1,2})\s+([a-zа-яёіїєґ]+)\.?,?\s+(\d{4})$/u.exec(s);
  if (m) {
    const month = MONTHS[m[2]!];
    return month ? full(Number(m[3]), month, Number(m[1])) : { error: "date" };
  }
  m = /^(\d{4})$/.exec(s);
  if (m) {
    if (kind !== "birth") return { error: "date" }; // a case date needs the day
    const y = Number(m[1]);
    return y >= lowest && y <= thisYear ? { value: String(y) } : { error: "dateRange" };
  }
  // An Excel serial that lost its date format: 1900-01-01 is 1, 2100 is about 73,000.
  m = /^(\d{4,5})(?:\.0+)?$/.exec(s);
  if (m && Number(m[1]) > 3000) {
    const v = excelSerialToIso(Number(m[1]));
    const [y, mo, d] = v.split("-").map(Number) as [number, number, number];
    return inRange(y, mo, d) ? { value: v } : { error: "dateRange" };
  }
  return { error: "date" };
}
