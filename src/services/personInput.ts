import { z } from "zod";
import { CHANGE_STAGES, DECISION_OUTCOMES, type ChangeStage } from "../domain/release/types.js";
import {
  custodyKinds,
  exchangeConsents,
  legalCodes,
  personCategories,
  personStatuses,
  publicityConsents,
  scripts,
  sentenceRegimes,
  sexes,
} from "../db/schema/enums.js";
import { patchOf } from "./patch.js";

// Input shapes for people and cases, shared by the API, the importer and the CLI.

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD").refine((s) => !Number.isNaN(Date.parse(s + "T00:00:00Z")) && new Date(s + "T00:00:00Z").toISOString().startsWith(s), "not a real date");

/** "YYYY-MM-DD" or "YYYY" — many registries know only the year of birth. */
export const birthDateInput = z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, "expected YYYY-MM-DD or YYYY").refine((s) => {
  const year = Number(s.slice(0, 4));
  if (year < 1900 || year > 2030) return false;
  return s.length === 4 || isoDate.safeParse(s).success;
}, "not a real date between 1900 and 2030");

export const nameInput = z.object({
  name: z.string().trim().min(1).max(300),
  script: z.enum(scripts).optional(),
});

export const articleInput = z.object({
  code: z.enum(legalCodes).default("RU_CC"),
  article: z.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, "expected an article number such as 207.3"),
  part: z.string().trim().max(10).optional().nullable(),
  paragraph: z.string().trim().max(10).optional().nullable(),
});
export type ArticleInput = z.infer<typeof articleInput>;

export const custodyPeriodInput = z.object({
  kind: z.enum(custodyKinds),
  fromDate: isoDate,
  toDate: isoDate.nullable().optional(),
  /** Ban on actions only: false when the ban did not include leaving the dwelling (then it is not credited). */
  banOnLeavingHome: z.boolean().nullable().optional(),
});

const termInput = z
  .object({ years: z.number().int().min(0).max(50), months: z.number().int().min(0).max(11), days: z.number().int().min(0).max(31) })
  .refine((t) => t.years + t.months + t.days > 0, "a term of zero");

/** A later court decision on a case (the first-instance verdict is the case's own fields). */
export const sentenceChangeInput = z.object({
  date: isoDate,
  stage: z.enum(CHANGE_STAGES.filter((s) => s !== "first_instance") as [Exclude<ChangeStage, "first_instance">, ...Exclude<ChangeStage, "first_instance">[]]),
  outcome: z.enum(DECISION_OUTCOMES).optional(),
  term: termInput.optional(),
  regime: z.enum(sentenceRegimes).optional(),
  articles: z.array(articleInput).max(30).optional(),
  termStart: isoDate.optional(),
  combinedUnder: z.enum(["69.5", "70"]).optional(),
  releasedOn: isoDate.optional(),
  pending: z.boolean().optional(),
  note: z.string().trim().max(1000).optional(),
});
export type SentenceChangeInput = z.infer<typeof sentenceChangeInput>;

export const caseInput = z.object({
  caseNumber: z.string().max(100).nullish(),
  investigatingBody: z.string().max(300).nullish(),
  court: z.string().max(300).nullish(),
  judge: z.string().max(200).nullish(),
  prosecutor: z.string().max(200).nullish(),
  detainedOn: isoDate.nullish(),
  offenceOn: isoDate.nullish(),
  chargedOn: isoDate.nullish(),
  verdictOn: isoDate.nullish(),
  appealOn: isoDate.nullish(),
  verdict: z.string().max(2000).nullish(),
  sentenceYears: z.number().int().min(0).max(50).nullish(),
  sentenceMonths: z.number().int().min(0).max(11).nullish(),
  sentenceDays: z.number().int().min(0).max(31).nullish(),
  regime: z.enum(sentenceRegimes).nullish(),
  regimeChangedOn: isoDate.nullish(),
  regimeChangedTo: z.enum(sentenceRegimes).nullish(),
  fineRub: z.number().int().min(0).nullish(),
  bans: z.string().max(1000).nullish(),
  summary: z.string().max(5000).nullish(),
  articles: z.array(articleInput).max(30).default([]),
  custodyPeriods: z.array(custodyPeriodInput).max(50).default([]),
  /** Later court decisions, replacing the stored list when given (no default: a PATCH without it keeps them). */
  changes: z.array(sentenceChangeInput).max(50).optional(),
});
export type CaseInput = z.infer<typeof caseInput>;

export const personInput = z.object({
  externalId: z.string().trim().min(1).max(100).nullish(),
  primaryName: z.string().trim().min(1).max(300),
  /** Latin spelling as in the passport, when known. */
  latinName: z.string().trim().min(1).max(300).regex(/^[A-Za-z\u00C0-\u024F' .-]+$/, "Latin letters as in the passport").nullish(),
  alternateNames: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  sex: z.enum(sexes).default("unknown"),
  birthDate: birthDateInput.nullish(),
  citizenship: z.string().max(100).nullish(),
  homeRegion: z.string().max(200).nullish(),
  category: z.enum(personCategories),
  status: z.enum(personStatuses).default("unknown"),
  statusSince: isoDate.nullish(),
  facilityName: z.string().max(300).nullish(),
  publicityConsent: z.enum(publicityConsents).default("none"),
  exchangeConsent: z.enum(exchangeConsents).default("unknown"),
  publicSummary: z.string().max(5000).nullish(),
  sentenceText: z.string().max(500).nullish(),
  isDemo: z.boolean().default(false),
});
export type PersonInput = z.input<typeof personInput>;
export type PersonValues = z.output<typeof personInput>;

// A patch must not fill in defaults: PATCH {status} would otherwise reset consent, sex and spellings.
export const personPatch = patchOf(personInput).omit({ isDemo: true });
export const casePatch = patchOf(caseInput);
export type CasePatch = z.output<typeof casePatch>;
export type PersonPatch = z.output<typeof personPatch>;

export function detectScript(name: string): "cyrl" | "latn" | "other" {
  if (/[\u0400-\u04FF]/.test(name)) return "cyrl";
  if (/[A-Za-z\u00C0-\u024F]/.test(name)) return "latn";
  return "other";
}

export function splitBirthDate(birthDate: string | null | undefined): { birthDate: string | null; birthYear: number | null } {
  if (!birthDate) return { birthDate: null, birthYear: null };
  if (birthDate.length === 4) return { birthDate: null, birthYear: Number(birthDate) };
  return { birthDate, birthYear: Number(birthDate.slice(0, 4)) };
}
