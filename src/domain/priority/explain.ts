/**
 * Message codes for the reasons of the priority parts (PriorityPart.code/params beside the English `why`),
 * rendered in the reader's language by the staff app (src/i18n/explainPriority.ts). PRIORITY_MESSAGES is the
 * single list of codes and their parameters' kinds (the same kinds as the release-date explanations).
 */
import type { ExplainedMessage, ParamKind, ParamsOf, ParamValue } from "../release/explain.js";

export const PRIORITY_MESSAGES = {
  "priority.health.severity": { severity: "severity" },
  "priority.health.none": {},
  "priority.decree54": { items: "list" },
  "priority.decree54.flagged": {},
  "priority.decree54.matched": { matches: "list" },
  "priority.decree54.match": { code: "text", entries: "list" },
  "priority.decree54.entry": { entry: "decree54" },
  "priority.decree54.notListed": { codes: "text" },
  "priority.decree54.noCodes": {},
  "priority.decree54.invalid": { codes: "text" },
  "priority.age.unknown": {},
  "priority.age.minor": { age: "years" },
  "priority.age.over70": { age: "years" },
  "priority.age.over65": { age: "years" },
  "priority.age.young": { age: "years", max: "years" },
  "priority.age.plain": { age: "years" },
  "priority.remaining.life": {},
  "priority.remaining.unknown": {},
  "priority.remaining.passed": { date: "date" },
  "priority.remaining.band": { days: "days", years: "years", date: "date", minYears: "years" },
  "priority.remaining.gravelyIll": { basis: "msg", points: "number" },
  "priority.care.none": {},
  "priority.care.list": { items: "list" },
  "priority.care.capped": { items: "list", cap: "number" },
  "priority.care.pregnant": { points: "number" },
  "priority.care.childUnder14": { children: "number", points: "number" },
  "priority.care.soleCarer": { points: "number" },
  "priority.care.notInWeights": { version: "number" },
  "priority.factor.recorded": {},
  "priority.factor.notRecorded": {},
  "priority.dependants.none": {},
  "priority.dependants.count": { minors: "number", perMinor: "number", others: "number", perOther: "number", total: "number" },
  "priority.dependants.capped": { minors: "number", perMinor: "number", others: "number", perOther: "number", total: "number", cap: "number" },
  "priority.conditions.none": {},
  "priority.conditions.list": { items: "list" },
  "priority.conditions.capped": { items: "list", cap: "number" },
  "priority.condition.verified": { kind: "condition", points: "number" },
  "priority.condition.unverified": { kind: "condition", factor: "number", points: "number" },
  "priority.profile": { profile: "profile" },
  // Set by the service when the viewer may not read the records a reason quotes (src/services/priority.ts).
  "priority.withheld.health": {},
  "priority.withheld.cases": {},
} as const satisfies Record<string, Record<string, ParamKind>>;

export type PriorityCode = keyof typeof PRIORITY_MESSAGES;

export function priorityMsg<C extends PriorityCode>(code: C, params: ParamsOf<(typeof PRIORITY_MESSAGES)[C]>): ExplainedMessage & { code: C; params: Record<string, ParamValue> } {
  return { code, params: params as Record<string, ParamValue> };
}
