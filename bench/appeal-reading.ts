// How well the appeal reader finds the people a letter is about, on the frozen set of letters
// (test/fixtures/appeals/texts.json, made by bench/appeal-texts-gen.ts before the reader was tuned).
//   npx tsx bench/appeal-reading.ts [--every N] [--misses]
// Prints person-name recall (exact nominative, and "found by the matcher" — what triage needs), birth-year
// accuracy, both by language and by grammatical case, and the misses by cause.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { comparePeople } from "../src/domain/names/index.js";
import { readAppeal } from "../src/services/appeals/readAppeal.js";

interface Expected {
  name: string;
  birthYear: number | null;
  birthDate: string | null;
}
interface Letter {
  id: string;
  language: "ru" | "uk";
  text: string;
  people: Expected[];
  cases: string[];
  typo: boolean;
}

export interface ReadingScore {
  people: number;
  exact: number;
  found: number;
  yearsRight: number;
  byLanguage: Record<string, { people: number; found: number }>;
  byCase: Record<string, { people: number; found: number }>;
  misses: { id: string; expected: string; got: string[]; cause: string }[];
  ms: number;
}

const fold = (s: string) => s.toLowerCase().replace(/ё/g, "е");

export function loadLetters(): Letter[] {
  const path = fileURLToPath(new URL("../test/fixtures/appeals/texts.json", import.meta.url));
  return (JSON.parse(readFileSync(path, "utf8")) as { texts: Letter[] }).texts;
}

/** Why a person was missed: the cause a reader of docs/appeals.md needs to judge the figure. */
function causeOf(l: Letter, e: Expected, got: string[]): string {
  if (!got.length) return "no name found in the letter";
  // Declined forms keep all but the last letter of the nominative (Павел → Павла aside): when one is missing
  // from a letter that has a typo, the typo is in the name.
  if (l.typo && e.name.split(" ").some((part) => !l.text.includes(part.slice(0, -1)))) return "typo inside the name";
  if (/[іїєґ]/iu.test(e.name) && l.language === "ru") return "Ukrainian name declined the Russian way";
  return "wrong nominative chosen";
}

export async function scoreReading(letters: Letter[], now = new Date("2026-12-04T00:00:00Z")): Promise<ReadingScore> {
  const s: ReadingScore = { people: 0, exact: 0, found: 0, yearsRight: 0, byLanguage: {}, byCase: {}, misses: [], ms: 0 };
  const t0 = performance.now();
  for (const l of letters) {
    const facts = await readAppeal(l.text, l.language, now);
    l.people.forEach((e, i) => {
      s.people++;
      const lang = (s.byLanguage[l.language] ??= { people: 0, found: 0 });
      const kase = (s.byCase[l.cases[i] ?? "?"] ??= { people: 0, found: 0 });
      lang.people++;
      kase.people++;
      const exact = facts.people.find((p) => fold(p.name) === fold(e.name));
      // Found: the matcher calls the read name (with its birth date) the same person as the expected one.
      const found =
        exact ??
        facts.people.find((p) => comparePeople({ names: [p.name], birthDate: p.birthDate }, { names: [e.name], birthDate: e.birthDate ?? (e.birthYear ? String(e.birthYear) : null) }).verdict === "match");
      if (exact) s.exact++;
      if (found) {
        s.found++;
        lang.found++;
        kase.found++;
        if (found.birthDate?.slice(0, 4) === String(e.birthYear)) s.yearsRight++;
      } else {
        const got = facts.people.map((p) => p.name);
        s.misses.push({ id: l.id, expected: e.name, got, cause: causeOf(l, e, got) });
      }
    });
  }
  s.ms = performance.now() - t0;
  return s;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const every = Number(process.argv[process.argv.indexOf("--every") + 1] ?? 1) || 1;
  const letters = loadLetters().filter((_, i) => i % every === 0);
  const s = await scoreReading(letters);
  const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : "-");
  console.log(`letters ${letters.length}, people ${s.people}, ${(s.ms / letters.length).toFixed(0)} ms a letter`);
  console.log(`person-name recall: found by the matcher ${pct(s.found, s.people)}, exact nominative ${pct(s.exact, s.people)}`);
  console.log(`birth-year accuracy (people found): ${pct(s.yearsRight, s.found)}`);
  for (const [k, v] of Object.entries(s.byLanguage)) console.log(`  ${k}: ${pct(v.found, v.people)} of ${v.people}`);
  for (const [k, v] of Object.entries(s.byCase)) console.log(`  ${k}: ${pct(v.found, v.people)} of ${v.people}`);
  const causes = new Map<string, number>();
  for (const m of s.misses) causes.set(m.cause, (causes.get(m.cause) ?? 0) + 1);
  console.log("misses by cause:", Object.fromEntries(causes));
  if (process.argv.includes("--misses")) for (const m of s.misses) console.log(`  ${m.id} ${m.expected} ← ${m.got.join("; ") || "—"} (${m.cause})`);
}
