import { z } from "zod";

/**
 * PACE Resolution 1900 (2012) "The definition of political prisoner", para. 3:
 * a person deprived of liberty is regarded as a political prisoner if the detention
 * meets one of criteria (a)–(e).
 */
export const PACE_CRITERIA = ["a", "b", "c", "d", "e"] as const;
export type PaceCriterion = (typeof PACE_CRITERIA)[number];

export const PACE_CRITERIA_TEXT: Readonly<Record<PaceCriterion, string>> = {
  a: "Detention imposed in violation of a fundamental guarantee of the ECHR: freedom of thought, conscience and religion, of expression and information, of assembly and association.",
  b: "Detention imposed for purely political reasons without connection to any offence.",
  c: "For political motives, the length of the detention or its conditions are clearly out of proportion to the offence the person has been found guilty of or is suspected of.",
  d: "For political motives, the person is detained in a discriminatory manner as compared to other persons.",
  e: "Detention is the result of proceedings that were clearly unfair, and this appears to be connected with political motives of the authorities.",
};

/**
 * Grounds that exclude or call recognition into question; recorded explicitly so
 * that a decision to recognise despite one of them is visible and reasoned.
 */
export const EXCLUSION_KINDS = ["violence_against_persons", "war_crimes", "terrorism_after_fair_trial", "other"] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

export const EXCLUSION_TEXT: Readonly<Record<ExclusionKind, string>> = {
  violence_against_persons: "Used or called for violence against persons.",
  war_crimes: "Credible allegations of war crimes or crimes against humanity.",
  terrorism_after_fair_trial:
    "Convicted of terrorist crimes in proceedings that met national law and the ECHR (Res. 1900 (2012), para. 3: such persons are not political prisoners).",
  other: "Other ground (see the note).",
};

export const OUTCOMES = ["recognised", "not_recognised", "needs_more_information"] as const;
export type RecognitionOutcome = (typeof OUTCOMES)[number];

export const CriterionFindingSchema = z.object({
  criterion: z.enum(PACE_CRITERIA),
  met: z.boolean(),
  reasoning: z.string().trim().min(1, "say why"),
  sources: z.array(z.string().trim().min(1)).default([]),
});
export type CriterionFinding = z.infer<typeof CriterionFindingSchema>;

export const ExclusionNoteSchema = z.object({
  kind: z.enum(EXCLUSION_KINDS),
  /** True when the ground is found to apply, false when it was considered and rejected. */
  applies: z.boolean(),
  note: z.string().trim().min(1, "say why"),
});
export type ExclusionNote = z.infer<typeof ExclusionNoteSchema>;

/** The assessment's fields, without cross-field checks (for `.omit` / `.pick`). */
export const AssessmentFieldsSchema = z.object({
  personId: z.string().min(1),
  caseId: z.string().min(1).optional(),
  criteria: z.array(CriterionFindingSchema),
  exclusions: z.array(ExclusionNoteSchema).default([]),
  proposal: z.enum(OUTCOMES),
  summary: z.string().trim().min(1),
});

/** Each criterion at most once. */
export function checkCriteriaUnique(v: { criteria: Array<{ criterion: string }> }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const c of v.criteria) {
    if (seen.has(c.criterion)) ctx.addIssue({ code: "custom", message: `criterion (${c.criterion}) given twice`, path: ["criteria"] });
    seen.add(c.criterion);
  }
}

export const AssessmentInputSchema = AssessmentFieldsSchema.superRefine(checkCriteriaUnique);
export type AssessmentInput = z.input<typeof AssessmentInputSchema>;

/** One entry of the decision history. Entries are never edited or removed. */
export interface RecognitionDecision {
  seq: number;
  outcome: RecognitionOutcome;
  reason: string;
  reviewerId: string;
  at: string;
  /** seq of the decision this one replaces (a reversal), if any. */
  supersedes?: number;
  /** Set when the reviewer recognised despite an exclusion that applies. */
  exclusionsAcknowledged?: boolean;
}

export interface RecognitionAssessment {
  id: string;
  personId: string;
  caseId?: string;
  authorId: string;
  createdAt: string;
  criteria: CriterionFinding[];
  exclusions: ExclusionNote[];
  proposal: RecognitionOutcome;
  summary: string;
  decisions: RecognitionDecision[];
}

/** A user as seen by the four-eyes rule: an id and the roles they hold. */
export interface Reviewer {
  id: string;
  roles: readonly string[];
}

export interface DecisionRequest {
  outcome: RecognitionOutcome;
  reason: string;
  /** ISO timestamp of the decision (the caller's clock: the domain has none). */
  at: string;
  /** Required to recognise when an exclusion applies. */
  acknowledgeExclusions?: boolean;
}

export const REFUSALS = [
  "AUTHOR_CANNOT_DECIDE",
  "ROLE_REQUIRED",
  "REASON_REQUIRED",
  "NO_CRITERION_MET",
  "EXCLUSION_APPLIES",
  "SAME_OUTCOME",
  "SOURCES_REQUIRED",
  "REVERSAL_SAME_REVIEWER",
  "REVERSAL_REASON_TOO_SHORT",
] as const;
export type RefusalCode = (typeof REFUSALS)[number];

export type DecideResult =
  | { ok: true; assessment: RecognitionAssessment; decision: RecognitionDecision }
  | { ok: false; code: RefusalCode; message: string };

export type RecognitionStatus = "pending" | RecognitionOutcome;

export interface RecognitionState {
  status: RecognitionStatus;
  current?: RecognitionDecision;
  /** Decisions in order, oldest first, including superseded ones. */
  history: RecognitionDecision[];
  /** Criteria found met, e.g. ["a", "e"]. */
  criteriaMet: PaceCriterion[];
  exclusionsApplying: ExclusionKind[];
  /** Criteria found met that contradict an exclusion found to apply (see `contradictions`). */
  contradictions: Contradiction[];
  /** The current decision when it reversed an earlier one: its reason, for the next reviewer to read first. */
  reversal?: { seq: number; supersedes: number; reason: string; reviewerId: string };
}

/** A criterion found met and an exclusion found to apply that cannot both be true. */
export interface Contradiction {
  criterion: PaceCriterion;
  exclusion: ExclusionKind;
  /** Why the pair contradicts itself (English; `code` names it for translation). */
  why: string;
  code: string;
}
