/**
 * Humanitarian priority score: a sum of named parts, each with its points and the
 * reason, so that anyone reading a list can see why a person ranks where they do.
 * Pure: the caller supplies `asOf` and the weights.
 */
import { diffDays, isIsoDate, parseIso, type IsoDate } from "../release/dates.js";
import { matchDecree54, normaliseIcd10, type Decree54Entry } from "./icd10.js";
import {
  CONDITION_LABELS,
  type ConditionKind,
  type HealthSeverity,
  type PriorityWeights,
  type PublicProfile,
} from "./weights.js";
import { priorityMsg, type PriorityCode } from "./explain.js";
import type { ExplainedMessage, ParamValue } from "../release/explain.js";

export interface ReportedCondition {
  kind: ConditionKind;
  verified?: boolean;
  /** When it was reported (for display only). */
  reportedAt?: IsoDate;
  note?: string;
}

export interface PriorityFacts {
  /** Reference date for age and remaining time. */
  asOf: IsoDate;
  birthDate?: IsoDate;
  /** Used only when birthDate is unknown. */
  ageYears?: number;
  health?: {
    severity: HealthSeverity;
    icd10?: string[];
    /** A health record says the illness is on the list (e.g. a commission's finding), codes or not. */
    preventsServing?: boolean;
  };
  /** Expected release date; null = unknown (pre-trial, not computed); "life" = life imprisonment. */
  releaseDate?: IsoDate | "life" | null;
  minorChildren?: number;
  otherDependants?: number;
  conditions?: ReportedCondition[];
  publicProfile?: PublicProfile;
  /** Pregnancy (CC art. 82). */
  pregnant?: boolean;
  /** Children under 14 the person cares for (CC art. 82). */
  childrenUnder14?: number;
  /** The only carer of a child or a dependent adult. */
  soleCarer?: boolean;
  /** Keys of the admin-defined factors (weights.factors) that apply to the person. */
  factors?: string[];
}

export type PriorityPartKey = "health_severity" | "health_decree54" | "age" | "remaining_time" | "dependants" | "care" | "conditions" | "public_profile" | `factor.${string}`;

export interface PriorityPart {
  key: PriorityPartKey;
  label: string;
  points: number;
  why: string;
  /** `why` as a message code (priority.*) and its parameters, for translation. */
  code: PriorityCode;
  params: Record<string, ParamValue>;
  /** Admin-defined factors: the label in each language, from the weights. */
  labels?: { en: string; ru: string; uk: string };
}

export interface PriorityResult {
  total: number;
  weightsVersion: number;
  parts: PriorityPart[];
}

/** Full years between birth date and asOf. */
export function ageOn(birthDate: IsoDate, asOf: IsoDate): number {
  const b = parseIso(birthDate);
  const a = parseIso(asOf);
  let age = a.year - b.year;
  if (a.month < b.month || (a.month === b.month && a.day < b.day)) age -= 1;
  return age;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function ageOf(f: PriorityFacts): number | undefined {
  if (f.birthDate && isIsoDate(f.birthDate)) return ageOn(f.birthDate, f.asOf);
  return f.ageYears;
}

export function computePriority(f: PriorityFacts, w: PriorityWeights): PriorityResult {
  if (!isIsoDate(f.asOf)) throw new Error(`asOf: not a valid date: ${f.asOf}`);
  const parts: PriorityPart[] = [];

  // Health severity
  const sev = f.health?.severity;
  parts.push({
    key: "health_severity",
    label: "Health",
    points: sev ? w.health.severity[sev] : 0,
    why: sev ? `severity "${sev}"` : "no health information recorded",
    ...(sev ? priorityMsg("priority.health.severity", { severity: sev }) : priorityMsg("priority.health.none", {})),
  });

  // Decree No. 54 list
  const codes = f.health?.icd10 ?? [];
  const matched: Array<{ code: string; entries: Decree54Entry[] }> = [];
  const invalid: string[] = [];
  for (const c of codes) {
    const n = normaliseIcd10(c);
    if (!n) {
      invalid.push(c);
      continue;
    }
    const entries = matchDecree54(n);
    if (entries.length) matched.push({ code: n, entries });
  }
  let why54: string;
  const items54: ExplainedMessage[] = [];
  if (matched.length) {
    items54.push(
      priorityMsg("priority.decree54.matched", {
        matches: matched.map((m) =>
          priorityMsg("priority.decree54.match", { code: m.code, entries: m.entries.map((e) => priorityMsg("priority.decree54.entry", { entry: e.id })) }),
        ),
      }),
    );
    why54 =
      matched.map((m) => `${m.code}: ${m.entries.map((e) => `${e.title} — listed if ${e.condition}`).join("; ")}`).join("; ") +
      " (Decree No. 54 list, kind of illness only: a medical commission decides)";
  } else if (codes.length) {
    why54 = `no code on the Decree No. 54 list (${codes.join(", ")})`;
    items54.push(priorityMsg("priority.decree54.notListed", { codes: codes.join(", ") }));
  } else {
    why54 = "no ICD-10 codes recorded";
    items54.push(priorityMsg("priority.decree54.noCodes", {}));
  }
  if (invalid.length) {
    why54 += `; not ICD-10 codes: ${invalid.join(", ")}`;
    items54.push(priorityMsg("priority.decree54.invalid", { codes: invalid.join(", ") }));
  }
  const flagged = f.health?.preventsServing === true;
  if (flagged) {
    why54 = `recorded as an illness preventing serving a sentence; ${why54}`;
    items54.unshift(priorityMsg("priority.decree54.flagged", {}));
  }
  parts.push({
    key: "health_decree54",
    label: "Illness on the list preventing serving a sentence",
    points: matched.length || flagged ? w.health.decree54Listed : 0,
    why: why54,
    ...priorityMsg("priority.decree54", { items: items54 }),
  });

  // Age
  const age = ageOf(f);
  let agePoints = 0;
  let ageWhy = "age unknown";
  let ageMsg = priorityMsg("priority.age.unknown", {}) as ReturnType<typeof priorityMsg<PriorityCode>>;
  if (age !== undefined) {
    if (age < 18) {
      agePoints = w.age.minor;
      ageWhy = `${age}: a minor`;
      ageMsg = priorityMsg("priority.age.minor", { age });
    } else if (age >= 70) {
      agePoints = w.age.elderly70;
      ageWhy = `${age}: 70 or older`;
      ageMsg = priorityMsg("priority.age.over70", { age });
    } else if (age >= 65) {
      agePoints = w.age.elderly65;
      ageWhy = `${age}: 65 or older`;
      ageMsg = priorityMsg("priority.age.over65", { age });
    } else if (age <= w.age.youngMaxAge) {
      agePoints = w.age.young;
      ageWhy = `${age}: young (up to ${w.age.youngMaxAge})`;
      ageMsg = priorityMsg("priority.age.young", { age, max: w.age.youngMaxAge });
    } else {
      ageWhy = `${age}`;
      ageMsg = priorityMsg("priority.age.plain", { age });
    }
  }
  parts.push({ key: "age", label: "Age", points: agePoints, why: ageWhy, ...ageMsg });

  // Remaining time
  let remPoints: number;
  let remWhy: string;
  let remMsg: ReturnType<typeof priorityMsg<PriorityCode>>;
  if (f.releaseDate === "life") {
    remPoints = w.remaining.life;
    remWhy = "life imprisonment";
    remMsg = priorityMsg("priority.remaining.life", {});
  } else if (!f.releaseDate || !isIsoDate(f.releaseDate)) {
    remPoints = w.remaining.unknown;
    remWhy = "release date unknown (pre-trial or not computed)";
    remMsg = priorityMsg("priority.remaining.unknown", {});
  } else {
    const days = diffDays(f.asOf, f.releaseDate);
    const years = Math.max(0, days) / 365.25;
    const band = w.remaining.bands.find((b) => years >= b.minYears) ?? w.remaining.bands[w.remaining.bands.length - 1]!;
    remPoints = band.points;
    remWhy =
      days < 0
        ? `release date ${f.releaseDate} has passed`
        : `${days} days (${round1(years)} y) to release on ${f.releaseDate}: band ≥ ${band.minYears} y`;
    remMsg =
      days < 0
        ? priorityMsg("priority.remaining.passed", { date: f.releaseDate })
        : priorityMsg("priority.remaining.band", { days, years: round1(years), date: f.releaseDate, minYears: band.minYears });
  }
  // Time left must never count against the gravely ill: a short term left is no comfort to someone who may
  // not live to its end (docs/priority.md, "Time left and the gravely ill"). They get this part's highest points.
  const gravelyIll = sev === "severe" || sev === "critical" || matched.length > 0 || flagged;
  if (gravelyIll) {
    const top = Math.max(...w.remaining.bands.map((b) => b.points), w.remaining.life, w.remaining.unknown);
    if (top > remPoints) {
      remWhy = `gravely ill: time left does not lower the score (${remWhy}) → ${top}`;
      remMsg = priorityMsg("priority.remaining.gravelyIll", { basis: remMsg, points: top });
      remPoints = top;
    }
  }
  parts.push({ key: "remaining_time", label: "Time left to serve", points: remPoints, why: remWhy, ...remMsg });

  // Dependants
  const minors = Math.max(0, Math.floor(f.minorChildren ?? 0));
  const others = Math.max(0, Math.floor(f.otherDependants ?? 0));
  const rawDep = minors * w.dependants.perMinorChild + others * w.dependants.perOtherDependant;
  const dep = Math.min(rawDep, w.dependants.cap);
  parts.push({
    key: "dependants",
    label: "Minor children and dependants",
    points: dep,
    why:
      minors || others
        ? `${minors} minor child(ren) × ${w.dependants.perMinorChild} + ${others} other dependant(s) × ${w.dependants.perOtherDependant} = ${rawDep}${rawDep > dep ? `, capped at ${dep}` : ""}`
        : "none recorded",
    ...(minors || others
      ? rawDep > dep
        ? priorityMsg("priority.dependants.capped", { minors, perMinor: w.dependants.perMinorChild, others, perOther: w.dependants.perOtherDependant, total: rawDep, cap: dep })
        : priorityMsg("priority.dependants.count", { minors, perMinor: w.dependants.perMinorChild, others, perOther: w.dependants.perOtherDependant, total: rawDep })
      : priorityMsg("priority.dependants.none", {})),
  });

  parts.push(carePart(f, w));

  // Reported conditions: each kind counted once (the worst-verified report wins).
  const byKind = new Map<ConditionKind, boolean>();
  for (const c of f.conditions ?? []) byKind.set(c.kind, (byKind.get(c.kind) ?? false) || c.verified === true);
  let rawCond = 0;
  const condWhy: string[] = [];
  const condItems: ExplainedMessage[] = [];
  for (const [kind, verified] of byKind) {
    const base = w.conditions.kinds[kind];
    const p = verified ? base : base * w.conditions.unverifiedFactor;
    rawCond += p;
    condWhy.push(`${CONDITION_LABELS[kind]} ${verified ? "(verified)" : `(unverified × ${w.conditions.unverifiedFactor})`} ${round1(p)}`);
    condItems.push(
      verified
        ? priorityMsg("priority.condition.verified", { kind, points: round1(p) })
        : priorityMsg("priority.condition.unverified", { kind, factor: w.conditions.unverifiedFactor, points: round1(p) }),
    );
  }
  const cond = round1(Math.min(rawCond, w.conditions.cap));
  parts.push({
    key: "conditions",
    label: "Reported conditions of detention",
    points: cond,
    why: condWhy.length ? condWhy.join("; ") + (rawCond > w.conditions.cap ? `; capped at ${w.conditions.cap}` : "") : "none reported",
    ...(condItems.length
      ? rawCond > w.conditions.cap
        ? priorityMsg("priority.conditions.capped", { items: condItems, cap: w.conditions.cap })
        : priorityMsg("priority.conditions.list", { items: condItems })
      : priorityMsg("priority.conditions.none", {})),
  });

  // Public profile: less known people get fewer other advocates.
  const prof = f.publicProfile ?? "unknown";
  parts.push({
    key: "public_profile",
    label: "Low public profile",
    points: w.publicProfile[prof],
    why: `public profile: ${prof}`,
    ...priorityMsg("priority.profile", { profile: prof }),
  });

  // Factors added by an admin (weights.factors): a part each, with its label in three languages.
  const present = new Set(f.factors ?? []);
  for (const factor of w.factors ?? []) {
    const applies = present.has(factor.key);
    parts.push({
      key: `factor.${factor.key}`,
      label: factor.labels.en,
      labels: factor.labels,
      points: applies ? factor.points : 0,
      why: applies ? "recorded" : "not recorded",
      ...(applies ? priorityMsg("priority.factor.recorded", {}) : priorityMsg("priority.factor.notRecorded", {})),
    });
  }

  const total = round1(parts.reduce((s, p) => s + p.points, 0));
  return { total, weightsVersion: w.version, parts };
}

/** Text lines for the CLI and exports. */
export function describePriority(r: PriorityResult): string[] {
  const lines = [`Priority ${r.total} (weights v${r.weightsVersion})`];
  for (const p of r.parts) lines.push(`  ${String(p.points).padStart(5)}  ${p.label}: ${p.why}`);
  return lines;
}

/** Pregnancy, children under 14 (after CC art. 82) and being someone's sole carer. */
function carePart(f: PriorityFacts, w: PriorityWeights): PriorityPart {
  const base = { key: "care" as const, label: "Pregnancy, young children, sole carer" };
  if (!w.care) return { ...base, points: 0, why: `not part of weights v${w.version}`, ...priorityMsg("priority.care.notInWeights", { version: w.version }) };
  const items: ExplainedMessage[] = [];
  const why: string[] = [];
  let raw = 0;
  if (f.pregnant) {
    raw += w.care.pregnancy;
    items.push(priorityMsg("priority.care.pregnant", { points: w.care.pregnancy }));
    why.push(`pregnant ${w.care.pregnancy}`);
  }
  const children = Math.max(0, Math.floor(f.childrenUnder14 ?? 0));
  if (children > 0) {
    raw += w.care.childUnder14;
    items.push(priorityMsg("priority.care.childUnder14", { children, points: w.care.childUnder14 }));
    why.push(`${children} child(ren) under 14 ${w.care.childUnder14}`);
  }
  if (f.soleCarer) {
    raw += w.care.soleCarer;
    items.push(priorityMsg("priority.care.soleCarer", { points: w.care.soleCarer }));
    why.push(`sole carer ${w.care.soleCarer}`);
  }
  if (!items.length) return { ...base, points: 0, why: "none recorded", ...priorityMsg("priority.care.none", {}) };
  const points = Math.min(raw, w.care.cap);
  return {
    ...base,
    points,
    why: why.join("; ") + (raw > points ? `; capped at ${w.care.cap}` : ""),
    ...(raw > points ? priorityMsg("priority.care.capped", { items, cap: w.care.cap }) : priorityMsg("priority.care.list", { items })),
  };
}
