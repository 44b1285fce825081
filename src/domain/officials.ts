import { compareParsed } from "./names/compare.js";
import { AMBIGUITY_MARGIN, MATCH_THRESHOLD, POSSIBLE_THRESHOLD, parseName, type ParsedName } from "./names/index.js";

// Pure logic about officials: the record an official's page summarises, and reading names out of free text.

export interface RoleInCase {
  caseId: string;
  role: string;
  fromDate: string | null;
  toDate: string | null;
}

export interface CaseForRecord {
  caseId: string;
  personId: string;
  category: string;
  verdictOn: string | null;
  detainedOn: string | null;
  sentenceYears: number | null;
  sentenceMonths: number | null;
  sentenceDays: number | null;
  articles: { code: string; article: string; part: string | null }[];
}

export interface OfficialRecordSummary {
  cases: number;
  people: number;
  /** People with a sentence of deprivation of liberty in the official's cases. */
  peopleSentenced: number;
  /** Sum of those sentences, in years (months / 12, days / 365), one decimal. */
  totalYears: number;
  categories: { category: string; people: number }[];
  articles: { article: string; cases: number }[];
  timeline: { date: string; caseId: string; role: string; what: "role" | "verdict" }[];
}

export function sentenceInYears(c: Pick<CaseForRecord, "sentenceYears" | "sentenceMonths" | "sentenceDays">): number {
  return (c.sentenceYears ?? 0) + (c.sentenceMonths ?? 0) / 12 + (c.sentenceDays ?? 0) / 365;
}

const byCount = <T extends { n: number; key: string }>(a: T, b: T) => b.n - a.n || a.key.localeCompare(b.key);

/** What an official's page states: cases, people, sentenced and total years, categories, articles, a timeline. */
export function summariseRecord(roles: readonly RoleInCase[], cases: readonly CaseForRecord[]): OfficialRecordSummary {
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  const involved = [...new Set(roles.map((r) => r.caseId))].map((id) => byId.get(id)).filter((c): c is CaseForRecord => !!c);
  const people = new Set(involved.map((c) => c.personId));
  // A person sentenced in two of the official's cases counts once among people, each case's term counts in the total.
  const sentenced = new Set<string>();
  let years = 0;
  for (const c of involved) {
    const y = sentenceInYears(c);
    if (y > 0) {
      sentenced.add(c.personId);
      years += y;
    }
  }
  const categories = new Map<string, Set<string>>();
  for (const c of involved) categories.set(c.category, (categories.get(c.category) ?? new Set()).add(c.personId));
  const articles = new Map<string, number>();
  for (const c of involved) for (const a of new Set(c.articles.map((x) => `${x.article}${x.part ? ` ч. ${x.part}` : ""}`))) articles.set(a, (articles.get(a) ?? 0) + 1);
  const timeline: OfficialRecordSummary["timeline"] = [];
  for (const r of roles) {
    const c = byId.get(r.caseId);
    const date = r.fromDate ?? c?.detainedOn ?? null;
    if (date) timeline.push({ date, caseId: r.caseId, role: r.role, what: "role" });
    if (c?.verdictOn && r.role.startsWith("judge_first")) timeline.push({ date: c.verdictOn, caseId: r.caseId, role: r.role, what: "verdict" });
  }
  timeline.sort((a, b) => a.date.localeCompare(b.date) || a.caseId.localeCompare(b.caseId));
  return {
    cases: involved.length,
    people: people.size,
    peopleSentenced: sentenced.size,
    totalYears: Math.round(years * 10) / 10,
    categories: [...categories].map(([key, s]) => ({ key, n: s.size })).sort(byCount).map((x) => ({ category: x.key, people: x.n })),
    articles: [...articles].map(([key, n]) => ({ key, n })).sort(byCount).map((x) => ({ article: x.key, cases: x.n })),
    timeline,
  };
}

// Titles and ranks written before or after a name in case files: "судья", "ст. следователь", "прокурор …".
const TITLE_WORDS =
  /^(федеральн\w*|мировой|председательствующ\w*|судь[яи]|ст\.|старш\w*|следовател\w*|руководител\w*|прокурор\w*|помощник\w*|заместител\w*|гос\.?|государственн\w*|обвинител\w*|эксперт\w*|начальник\w*|майор|подполковник|полковник|капитан|лейтенант|юстиции|judge|prosecutor|investigator|senior|expert|[-–—:,])$/i;

/**
 * The name in a free-text field such as "судья Сташина Е.А." or "Сташина Елена Анатольевна (председательствующая)":
 * titles and parenthesised remarks removed. Null when nothing name-like is left; several names separated by ";" or
 * "," after a full name are returned separately.
 */
export function namesInFreeText(text: string): string[] {
  const out: string[] = [];
  for (const part of text.replace(/\([^)]*\)/g, " ").split(/[;\n]|\s+и\s+|\s+and\s+/)) {
    const words = part.trim().split(/\s+/).filter((w) => w && !TITLE_WORDS.test(w));
    const name = words.join(" ").replace(/^[,.\s]+|[,\s]+$/g, "");
    // A name has a surname of at least two letters; digits mean a case number or a court, not a person.
    if (name && /\p{L}{2}/u.test(name) && !/\d/.test(name)) out.push(name);
  }
  return [...new Set(out)];
}

/** Officials' spellings, parsed once, to find the record a free-text name refers to (the registry's own matcher). */
export class OfficialNameIndex {
  private readonly entries: { id: string; parsed: ParsedName }[] = [];
  add(id: string, names: readonly string[]): void {
    for (const n of names) this.entries.push({ id, parsed: parseName(n) });
  }
  /** The best official for a name, at "possible" or better; ties within the ambiguity margin are reported as such. */
  best(name: string): { id: string; score: number; ambiguous: boolean } | null {
    const q = parseName(name);
    const byId = new Map<string, number>();
    for (const e of this.entries) {
      const s = compareParsed(q, e.parsed).score;
      if (s > (byId.get(e.id) ?? -1)) byId.set(e.id, s);
    }
    const ranked = [...byId].sort((a, b) => b[1] - a[1]);
    const top = ranked[0];
    if (!top || top[1] < POSSIBLE_THRESHOLD) return null;
    return { id: top[0], score: Math.round(top[1] * 1000) / 1000, ambiguous: !!ranked[1] && top[1] - ranked[1][1] < AMBIGUITY_MARGIN };
  }
}

/** Whether two free-text spellings name the same official with the confidence the matcher calls "match". */
export function sameOfficialName(a: string, b: string): boolean {
  return compareParsed(parseName(a), parseName(b)).score >= MATCH_THRESHOLD;
}
