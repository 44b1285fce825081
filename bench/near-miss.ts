/**
 * Near-miss surnames: every pair of the bench's seeded surnames (bench/matching-data.ts: Russian,
 * Ukrainian and Crimean Tatar frequency lists) one or two letters apart in Cyrillic — different
 * people's names that a matcher must not call the same with names alone (Яшин / Яхин, Домнин /
 * Домнич). The pairs are frozen in bench/data/near-miss-surnames.tsv (`--write` regenerates it from
 * the seed lists); the bench compares each pair, with no birth date, in Cyrillic, Cyrillic against
 * the ICAO Latin (iuliia), and Latin against Latin, with an equal given name and then with an equal
 * given name and patronymic, and prints how many reach `match` (must be 0) and `possible`.
 * Run: npx tsx bench/near-miss.ts [--write] [--show]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import iuliia from "iuliia";
import * as D from "./matching-data.js";
import { compareNames } from "../src/domain/names/index.js";

export const NEAR_MISS_FILE = fileURLToPath(new URL("./data/near-miss-surnames.tsv", import.meta.url));

/** Plain Levenshtein distance (no transliteration knowledge: the pairs must not depend on the matcher). */
export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export interface NearMiss {
  a: string;
  b: string;
  distance: number;
}

export function seededPairs(): NearMiss[] {
  const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== "");
  const all = [...new Set([...words(D.RU_SURNAMES), ...words(D.UA_SURNAMES), ...words(D.CRIMEAN_TATAR_SURNAMES)])];
  const out: NearMiss[] = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const d = levenshtein(all[i]!.toLowerCase(), all[j]!.toLowerCase());
      if (d >= 1 && d <= 2) out.push({ a: all[i]!, b: all[j]!, distance: d });
    }
  }
  return out;
}

export function readPairs(): NearMiss[] {
  return readFileSync(NEAR_MISS_FILE, "utf8")
    .split("\n")
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [a = "", b = "", d = "0"] = l.split("\t");
      return { a, b, distance: Number(d) };
    });
}

const icao = (s: string): string => {
  const t = iuliia.translate(s, iuliia.ICAO_DOC_9303) as string;
  return t.replace(/(^|\s)(\p{L})/gu, (_, sp: string, c: string) => sp + c.toUpperCase());
};

export type Form = "cyrillic" | "cyrillic-latin" | "latin";
/** The names compared for one pair: an equal given name, optionally an equal patronymic. */
export function namesFor(p: NearMiss, form: Form, patronymic: boolean): [string, string] {
  const rest = patronymic ? "Сергей Петрович" : "Сергей";
  const a = `${rest} ${p.a}`;
  const b = `${rest} ${p.b}`;
  if (form === "cyrillic") return [a, b];
  if (form === "cyrillic-latin") return [a, icao(b)];
  return [icao(a), icao(b)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--write")) {
    const pairs = seededPairs();
    writeFileSync(NEAR_MISS_FILE, ["surname_a\tsurname_b\tedit_distance", ...pairs.map((p) => `${p.a}\t${p.b}\t${p.distance}`)].join("\n") + "\n");
    console.log(`wrote ${pairs.length} pairs to ${NEAR_MISS_FILE}`);
  }
  const pairs = readPairs();
  const show = process.argv.includes("--show");
  console.log(`near-miss surname pairs: ${pairs.length} (${pairs.filter((p) => p.distance === 1).length} one letter apart, ${pairs.filter((p) => p.distance === 2).length} two)`);
  console.log("| compared as | with | distance | pairs | match | possible | none | highest score |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const form of ["cyrillic", "cyrillic-latin", "latin"] as Form[]) {
    for (const patronymic of [false, true]) {
      for (const d of [1, 2]) {
        const sel = pairs.filter((p) => p.distance === d);
        let match = 0;
        let possible = 0;
        let top = 0;
        for (const p of sel) {
          const [x, y] = namesFor(p, form, patronymic);
          const r = compareNames(x, y);
          if (r.verdict === "match") {
            match++;
            if (show) console.log(`  MATCH ${r.score} ${x} | ${y}: ${r.explanation.join("; ")}`);
          } else if (r.verdict === "possible") possible++;
          top = Math.max(top, r.score);
        }
        console.log(`| ${form} | ${patronymic ? "given name + patronymic" : "given name"} | ${d} | ${sel.length} | ${match} | ${possible} | ${sel.length - match - possible} | ${top.toFixed(3)} |`);
      }
    }
  }
}
