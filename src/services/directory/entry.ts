// A person as the index holds them (Entry), and what is computed of their names when they are indexed: the sort key
// of the name order, the haystack of substring search, the matcher's evidence; the columns a saved index keeps.
import { toCyrillic, transliterate, type MatchIndex, type PersonEvidence, type Sex } from "../../domain/names/index.js";
import type { PersonRow } from "../../db/repositories/people.js";

export interface Entry {
  id: string;
  externalId: string | null;
  primaryName: string;
  /** Sort key of the primary name (alphabet order of Russian and Ukrainian, then id). */
  key: string;
  sex: string;
  birthDate: string | null;
  birthYear: number | null;
  region: string | null;
  category: string;
  status: string;
  consent: string;
  facilityId: string | null;
  updatedAt: number;
  // What a list row shows besides the above (staff list and search, public cards): a page needs no SQL.
  statusSince: string | null;
  exchangeConsent: string;
  isDemo: boolean;
  photoUrl: string | null;
  /** Every spelling folded, plus the Latin transliteration of the Cyrillic ones (substring search). */
  hay: string[];
  names: string[];
  /** Its slot in the index's trigram postings (set by PersonIndex when it is added). */
  slot?: number;
}

/** The columns of a person that a list row shows (staff list and search), as the row read from SQL has them. */
export type PersonSummaryRow = Pick<
  PersonRow,
  "id" | "externalId" | "primaryName" | "sex" | "birthDate" | "birthYear" | "homeRegion" | "category" | "status" | "statusSince" | "currentFacilityId" | "publicityConsent" | "exchangeConsent" | "isDemo" | "updatedAt"
>;

export function summaryRowOf(e: Entry): PersonSummaryRow {
  return {
    id: e.id,
    externalId: e.externalId,
    primaryName: e.primaryName,
    sex: e.sex as PersonRow["sex"],
    birthDate: e.birthDate,
    birthYear: e.birthYear,
    homeRegion: e.region,
    category: e.category as PersonRow["category"],
    status: e.status as PersonRow["status"],
    statusSince: e.statusSince,
    currentFacilityId: e.facilityId,
    publicityConsent: e.consent as PersonRow["publicityConsent"],
    exchangeConsent: e.exchangeConsent as PersonRow["exchangeConsent"],
    isDemo: e.isDemo,
    updatedAt: new Date(e.updatedAt),
  };
}

const byRussian = new Intl.Collator("ru").compare;
/** Every spelling of the entry, primary first, then alphabetically (as `namesOf` lists them). */
export function spellingsOf(e: Entry): { name: string }[] {
  const others = e.names.filter((n) => n !== e.primaryName).sort(byRussian);
  return [{ name: e.primaryName }, ...others.map((name) => ({ name }))];
}

/** A registered person as the matcher compares them (reconciliation, the door's duplicate check, list guards). */
export interface RegistryPerson {
  id: string;
  externalId: string | null;
  primaryName: string;
  /** "YYYY-MM-DD", or "YYYY" when only the year is known. */
  birthDate: string | null;
  category: string;
  status: string;
  evidence: PersonEvidence;
}

/** The registry for matching: the live matcher and the people it returns, by id. */
export interface Registry {
  index: MatchIndex;
  byId: { get(id: string): RegistryPerson | undefined; has(id: string): boolean };
}

export function evidenceOf(e: Pick<Entry, "names" | "birthDate" | "birthYear" | "region" | "category" | "sex">): PersonEvidence {
  return { names: e.names, birthDate: e.birthDate ?? (e.birthYear ? String(e.birthYear) : null), region: e.region, category: e.category, sex: e.sex === "unknown" ? null : (e.sex as Sex) };
}

/** Lower case, ё as е, apostrophes dropped: what substring search compares. */
export function fold(s: string): string {
  return s.toLowerCase().replace(/ё/g, "е").replace(/['`’ʼ]/g, "");
}

// Alphabet order of both languages (ґ after г, є after е, і ї after и); ё sorts as е, as Russian dictionaries do.
const ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщъыьэюя";
// By character code (Cyrillic is U+0400–U+04FF): one array read per letter while 100,000 keys are built at start-up;
// a letter of the alphabet becomes U+0100 + its place, anything else stays itself (0: not a letter of the alphabet).
const RANK = new Uint16Array(0x500);
for (const [i, c] of [...ALPHABET].entries()) RANK[c.charCodeAt(0)] = 0x100 + i;
RANK["ё".charCodeAt(0)] = RANK["е".charCodeAt(0)]!;
// Each character below U+0500 as its code once lowered (its place, or its lower case), or 0 where lowering it alone
// is not one character (İ lowers to two, Σ by its neighbours; and NUL): such a name is lowered whole first.
const LOWERED = new Uint16Array(0x500);
for (let c = 1; c < 0x500; c++) {
  const lower = String.fromCharCode(c).toLowerCase();
  const l = lower.charCodeAt(0);
  if (lower.length === 1 && c !== 0x3a3) LOWERED[c] = (l < 0x500 && RANK[l]) || l;
}

// A key is a one-byte string: each code (a letter's place, or a character lowered) written as bytes that keep its
// order — below 0x80 itself; 0x80–0xFF as 0x80 then itself; 0x100–0x124 (the alphabet's places) as one byte 0x81–0xA5;
// above, 0xA6 then its high and low bytes. The bytes of each code sort as the codes do and none begins another's,
// so keys compare as their codes would (personIndex.test.ts). At 100,000 people the build's sort of one-byte keys
// took a third of the time of the two-byte ones (U+0100 + place), which also held twice the memory; and the key is
// made at once, one flat string (a key built as name + "\0" + id was a rope, which the sort flattened again).
const codes: number[] = [];
function pushCode(v: number): void {
  if (v < 0x80) codes.push(v);
  else if (v < 0x100) codes.push(0x80, v);
  else if (v <= 0x124) codes.push(0x81 + v - 0x100);
  else codes.push(0xa6, v >> 8, v & 0xff);
}

export function sortKey(name: string, id: string): string {
  codes.length = 0;
  let i = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const k = c < 0x500 ? LOWERED[c]! : 0;
    if (!k) break;
    pushCode(k);
  }
  if (i < name.length) {
    codes.length = 0;
    const lower = name.toLowerCase();
    for (let j = 0; j < lower.length; j++) {
      const code = lower.charCodeAt(j);
      pushCode((code < 0x500 && RANK[code]) || code);
    }
  }
  codes.push(0);
  for (let j = 0; j < id.length; j++) pushCode(id.charCodeAt(j));
  if (codes.length <= 4096) return String.fromCharCode.apply(null, codes);
  let k = "";
  for (let j = 0; j < codes.length; j += 4096) k += String.fromCharCode.apply(null, codes.slice(j, j + 4096));
  return k;
}

export const ENTRY_FIELDS = [
  "id", "externalId", "primaryName", "key", "sex", "birthDate", "birthYear", "region", "category", "status", "consent",
  "facilityId", "updatedAt", "statusSince", "exchangeConsent", "isDemo", "photoUrl", "hay", "names",
] as const satisfies readonly (keyof Entry)[];
// A field added to Entry and not saved would come back undefined after a snapshot load: a compile error names it.
type Unsaved = Exclude<keyof Entry, (typeof ENTRY_FIELDS)[number] | "slot">;
const everyFieldSaved: [Unsaved] extends [never] ? true : { unsaved: Unsaved } = true;
void everyFieldSaved;

/** Entries from saved columns, each one object literal (one shape for all, as a build makes them). */
export function entriesOf(c: unknown[][], slots: Int32Array): Entry[] {
  const out = new Array<Entry>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    out[i] = {
      id: c[0]![i] as string,
      externalId: c[1]![i] as string | null,
      primaryName: c[2]![i] as string,
      key: c[3]![i] as string,
      sex: c[4]![i] as string,
      birthDate: c[5]![i] as string | null,
      birthYear: c[6]![i] as number | null,
      region: c[7]![i] as string | null,
      category: c[8]![i] as string,
      status: c[9]![i] as string,
      consent: c[10]![i] as string,
      facilityId: c[11]![i] as string | null,
      updatedAt: c[12]![i] as number,
      statusSince: c[13]![i] as string | null,
      exchangeConsent: c[14]![i] as string,
      isDemo: c[15]![i] as boolean,
      photoUrl: c[16]![i] as string | null,
      hay: c[17]![i] as string[],
      names: c[18]![i] as string[],
      slot: slots[i]!,
    };
  }
  return out;
}

/** Variants of one typed word for the substring search: folded, and in the other script. */
export function wordVariants(word: string): string[] {
  const w = fold(word);
  const out = new Set([w]);
  if (/[a-z]/.test(w)) out.add(fold(toCyrillic(w)));
  if (/[\u0400-\u04FF]/.test(w)) {
    out.add(fold(transliterate(w, "bgn")));
    out.add(fold(transliterate(w, "ua2010")));
  }
  return [...out].filter((v) => v.length > 0);
}

// Spellings word by word, each word's folded form and folded Latin transliteration remembered: a registry of 100,000
// people has a few thousand distinct surnames and given names, and folding and transliterating each spelling whole was
// a fifth of the index's build. Equal to folding (and transliterating) the whole spelling: lowering, the rules of
// transliteration and the apostrophes dropped look at neighbouring letters within a word only, and a space is not a
// letter (personIndex.test.ts).
const words = new Map<string, { folded: string; latin: string; cyrillic: boolean }>();
function wordOf(w: string): { folded: string; latin: string; cyrillic: boolean } {
  let x = words.get(w);
  if (x === undefined) {
    if (words.size > 500_000) words.clear();
    words.set(w, (x = { folded: fold(w), latin: fold(transliterate(w, "bgn")), cyrillic: /[\u0400-\u04FF]/.test(w) }));
  }
  return x;
}

/** The haystack of one person: each spelling folded, and each Cyrillic one transliterated (folded); no repeats. */
export function haystackOf(names: string[]): string[] {
  const out: string[] = [];
  const add = (s: string) => void (out.includes(s) || out.push(s));
  for (const n of names) {
    const ws = n.split(" ");
    if (ws.length === 1) {
      const x = wordOf(n);
      add(x.folded);
      if (x.cyrillic) add(x.latin);
      continue;
    }
    const folded: string[] = [];
    const latin: string[] = [];
    let cyrillic = false;
    for (const w of ws) {
      const x = wordOf(w);
      folded.push(x.folded);
      latin.push(x.latin);
      cyrillic ||= x.cyrillic;
    }
    add(folded.join(" "));
    if (cyrillic) add(latin.join(" "));
  }
  return out;
}
