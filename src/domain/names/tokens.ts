/**
 * Comparison of two single name tokens (given name vs given name, surname vs
 * surname…) with a plain-English note saying why they agree or differ.
 */
import type { ParsedToken } from "./parse.js";
import { spellingSimilarity } from "./score.js";
import { STANDARD_LABELS, transliterations, type Standard } from "./transliterate.js";
import { foldLatin } from "./normalize.js";
import type { GivenName } from "./givenNames.js";

export type PairKind =
  | "equal"
  | "transliteration"
  | "equivalent"
  | "diminutive"
  | "initial"
  | "spelling"
  | "sex-form"
  | "different-name"
  | "different";

export interface TokenComparison {
  sim: number;
  /**
   * How surely the two tokens stand in the same place of the name, for alignment:
   * Евгений/Евгения or Ivanov/Ivanova correspond even though they do not match.
   */
  affinity?: number;
  kind: PairKind;
  note: string;
}

const SIM_EQUIVALENT = 0.97;
const SIM_DIMINUTIVE = 0.85;
const SIM_INITIAL = 0.72;
const SIM_KNOWN_DIFFERENT_MAX = 0.25;

function standardsFor(a: ParsedToken, b: ParsedToken): Standard[] {
  const [cyr, lat] = a.script === "cyrillic" ? [a, b] : [b, a];
  if (cyr.script !== "cyrillic" || lat.script !== "latin") return [];
  const target = foldLatin(lat.norm);
  return transliterations(cyr.norm).get(target) ?? [];
}

function transliterationNote(a: ParsedToken, b: ParsedToken): string {
  if (a.script === b.script) {
    return a.script === "latin" ? "same name in another spelling (transliteration variant)" : "equal after normalisation";
  }
  const stds = standardsFor(a, b);
  if (stds.length === 0) return "equal after transliteration (spelling variants unified)";
  if (stds.length >= 5) return "equal after transliteration (most standards agree)";
  return `equal after ${stds.map((s) => STANDARD_LABELS[s]).join(" / ")} transliteration`;
}

function shareGroup(xs: GivenName[], ys: GivenName[]): GivenName | undefined {
  return xs.find((x) => ys.some((y) => y.id === x.id));
}

function counterparts(xs: GivenName[], ys: GivenName[]): [GivenName, GivenName] | undefined {
  for (const x of xs) for (const y of ys) if (x.counterpart === y.id) return [x, y];
  return undefined;
}

const sexWord = (g: GivenName): string => (g.sex === "male" ? "male" : "female");

/** Given-name comparison through the equivalents/diminutives table; null when the table has no say. */
function compareGiven(a: ParsedToken, b: ParsedToken): TokenComparison | null {
  const ga = a.given;
  const gb = b.given;
  const same = shareGroup(ga.full, gb.full);
  if (same) {
    return { sim: SIM_EQUIVALENT, kind: "equivalent", note: `${a.raw} ≈ ${b.raw} (forms of ${same.display})` };
  }
  const cp = counterparts(ga.full, gb.full);
  if (cp) {
    return {
      sim: 0,
      affinity: 0.95,
      kind: "sex-form",
      note: `${a.raw} (${sexWord(cp[0])}) and ${b.raw} (${sexWord(cp[1])}) are different names`,
    };
  }
  const dimA = shareGroup(ga.diminutiveOf, gb.full);
  const dimB = shareGroup(gb.diminutiveOf, ga.full);
  const dim = dimA ?? dimB;
  if (dim) {
    const [short, full] = dimA ? [a, b] : [b, a];
    return { sim: SIM_DIMINUTIVE, kind: "diminutive", note: `${short.raw} is a diminutive of ${full.raw}` };
  }
  const bothDim = shareGroup(ga.diminutiveOf, gb.diminutiveOf);
  if (bothDim) {
    return { sim: SIM_DIMINUTIVE - 0.05, kind: "diminutive", note: `${a.raw} and ${b.raw} are both short for ${bothDim.display}` };
  }
  if (ga.full.length > 0 && gb.full.length > 0) {
    const sim = Math.min(SIM_KNOWN_DIFFERENT_MAX, spellingSimilarity(a.skel, b.skel));
    return { sim, affinity: 0.5, kind: "different-name", note: `${a.raw} and ${b.raw} are different given names` };
  }
  return null;
}

function comparePatronymics(a: ParsedToken, b: ParsedToken): TokenComparison | null {
  const pa = a.patronymic;
  const pb = b.patronymic;
  if (!pa || !pb || a.role !== "patronymic" || b.role !== "patronymic") return null;
  if (pa.sex !== pb.sex && pa.stem === pb.stem) {
    return { sim: 0, affinity: 0.95, kind: "sex-form", note: `patronymics ${a.raw} and ${b.raw} are marked for different sexes` };
  }
  const father = shareGroup(pa.fathers, pb.fathers);
  if (pa.stem === pb.stem || father) {
    if (pa.sex !== pb.sex) {
      return { sim: 0, affinity: 0.95, kind: "sex-form", note: `patronymics ${a.raw} and ${b.raw} are marked for different sexes` };
    }
    const how = a.skel === b.skel ? "equal after transliteration" : `same father's name${father ? ` (${father.display})` : ""}`;
    return { sim: a.norm === b.norm ? 1 : SIM_EQUIVALENT, kind: "equivalent", note: `patronymic ${a.raw} ≈ ${b.raw}: ${how}` };
  }
  if (pa.fathers.length > 0 && pb.fathers.length > 0) {
    return { sim: 0.1, affinity: 0.6, kind: "different-name", note: `patronymics differ: ${a.raw} vs ${b.raw} (different father's names)` };
  }
  return null;
}

/** Compare two tokens; roles decide which rules apply. */
export function compareTokens(a: ParsedToken, b: ParsedToken): TokenComparison {
  if (a.initial || b.initial) {
    const [ini, full] = a.initial ? [a, b] : [b, a];
    if (ini.initial && full.initial) {
      return ini.skel[0] === full.skel[0]
        ? { sim: 0.9, kind: "initial", note: `initials ${ini.raw} = ${full.raw}` }
        : { sim: 0, kind: "different", note: `initials ${ini.raw} ≠ ${full.raw}` };
    }
    const firstLetters = new Set([full.skel[0], ...full.given.full.flatMap((g) => g.forms.map((f) => f[0]))]);
    return firstLetters.has(ini.skel[0])
      ? { sim: SIM_INITIAL, kind: "initial", note: `initial ${ini.raw} fits ${full.raw}` }
      : { sim: 0, kind: "different", note: `initial ${ini.raw} does not fit ${full.raw}` };
  }
  if (a.norm === b.norm) return { sim: 1, kind: "equal", note: `${a.raw} = ${b.raw}` };
  const patr = comparePatronymics(a, b);
  if (patr) return patr;
  if (a.skel === b.skel) return { sim: 1, kind: "transliteration", note: `${a.raw} = ${b.raw}: ${transliterationNote(a, b)}` };
  const given = compareGiven(a, b);
  if (given) return given;
  const sa = a.surname;
  const sb = b.surname;
  if (sa.sex && sb.sex && sa.sex !== sb.sex && sa.stem === sb.stem && sa.stem.length >= 3) {
    return {
      sim: 0,
      affinity: 0.95,
      kind: "sex-form",
      note: `${a.raw} and ${b.raw} are the ${sa.sex} and ${sb.sex} forms of one surname`,
    };
  }
  const sim = spellingSimilarity(a.skel, b.skel);
  if (sim >= 0.75) return { sim, kind: "spelling", note: `${a.raw} ≈ ${b.raw}: close spelling (typo or variant)` };
  return { sim, kind: "different", note: `${a.raw} ≠ ${b.raw}` };
}
