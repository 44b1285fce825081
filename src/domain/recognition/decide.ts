/**
 * The four-eyes rule for recognition decisions, as pure functions.
 *
 * An assessment is written by its author; the decision (recognised / not recognised /
 * needs more information) must come from a second person who is not the author and
 * holds a deciding role. Decisions are appended, never edited: a later decision
 * supersedes the earlier one (a reversal) and both stay in the history.
 */
import {
  AssessmentInputSchema,
  type Contradiction,
  type ExclusionKind,
  type AssessmentInput,
  type DecideResult,
  type DecisionRequest,
  type PaceCriterion,
  type RecognitionAssessment,
  type RecognitionDecision,
  type RecognitionState,
  type Reviewer,
} from "./types.js";

/**
 * Roles allowed to decide, unless the caller passes its own list. Matches the
 * permission table (services/policy.ts: "decide" on "recognition").
 */
export const DEFAULT_DECIDER_ROLES: readonly string[] = ["coordinator", "admin"];

/**
 * A reversal's reason must be one of substance: at least this many characters, of which at least half are
 * letters ("x", "." and "back" are refused). It is shown to the next reviewer.
 */
export const REVERSAL_REASON_MIN = 40;

/**
 * Pairs that cannot both hold (PACE Res. 1900 (2012), para. 3 and its exclusion of terrorists tried fairly):
 * (b) "purely political reasons without connection to any offence" contradicts any finding of an offence
 * (violence, war crimes, a fair terrorism trial); (e) "clearly unfair proceedings" contradicts "convicted of
 * terrorism in proceedings that met national law and the ECHR".
 */
const CONTRADICTIONS: ReadonlyArray<{ criterion: PaceCriterion; exclusion: ExclusionKind; code: string; why: string }> = [
  { criterion: "b", exclusion: "violence_against_persons", code: "noOffenceButViolence", why: "(b) says the detention has no connection to any offence, but violence against persons is found" },
  { criterion: "b", exclusion: "war_crimes", code: "noOffenceButWarCrimes", why: "(b) says the detention has no connection to any offence, but credible war-crimes allegations are found" },
  { criterion: "b", exclusion: "terrorism_after_fair_trial", code: "noOffenceButFairTrial", why: "(b) says the detention has no connection to any offence, but a fair terrorism trial is found" },
  { criterion: "e", exclusion: "terrorism_after_fair_trial", code: "unfairButFairTrial", why: "(e) finds the proceedings clearly unfair, while the exclusion finds they met national law and the ECHR" },
];

/** Criterion/exclusion pairs of an assessment that contradict each other. */
export function contradictions(a: Pick<RecognitionAssessment, "criteria" | "exclusions">): Contradiction[] {
  const met = new Set(a.criteria.filter((c) => c.met).map((c) => c.criterion));
  const applying = new Set(a.exclusions.filter((e) => e.applies).map((e) => e.kind));
  return CONTRADICTIONS.filter((c) => met.has(c.criterion) && applying.has(c.exclusion)).map((c) => ({ ...c }));
}

function reasonOfSubstance(reason: string): boolean {
  const letters = reason.match(/\p{L}/gu)?.length ?? 0;
  return reason.length >= REVERSAL_REASON_MIN && letters * 2 >= reason.length;
}

export interface DecideOptions {
  deciderRoles?: readonly string[];
}

export function createAssessment(
  input: AssessmentInput,
  meta: { id: string; authorId: string; createdAt: string },
): RecognitionAssessment {
  const v = AssessmentInputSchema.parse(input);
  const a: RecognitionAssessment = {
    id: meta.id,
    personId: v.personId,
    authorId: meta.authorId,
    createdAt: meta.createdAt,
    criteria: v.criteria,
    exclusions: v.exclusions,
    proposal: v.proposal,
    summary: v.summary,
    decisions: [],
  };
  if (v.caseId !== undefined) a.caseId = v.caseId;
  return a;
}

export function currentDecision(a: RecognitionAssessment): RecognitionDecision | undefined {
  return a.decisions[a.decisions.length - 1];
}

export function decideRecognition(
  assessment: RecognitionAssessment,
  reviewer: Reviewer,
  decision: DecisionRequest,
  opts: DecideOptions = {},
): DecideResult {
  const deciderRoles = opts.deciderRoles ?? DEFAULT_DECIDER_ROLES;
  if (reviewer.id === assessment.authorId) {
    return {
      ok: false,
      code: "AUTHOR_CANNOT_DECIDE",
      message: "The author of an assessment cannot decide on it: a second reviewer must (four-eyes rule).",
    };
  }
  if (!reviewer.roles.some((r) => deciderRoles.includes(r))) {
    return {
      ok: false,
      code: "ROLE_REQUIRED",
      message: `Deciding on recognition needs one of the roles: ${deciderRoles.join(", ")}.`,
    };
  }
  const reason = decision.reason.trim();
  if (!reason) return { ok: false, code: "REASON_REQUIRED", message: "A decision needs a reason." };

  const met = assessment.criteria.filter((c) => c.met);
  if (decision.outcome === "recognised") {
    if (met.length === 0) {
      return {
        ok: false,
        code: "NO_CRITERION_MET",
        message: "Recognition needs at least one PACE 1900 criterion (a)–(e) found met in the assessment.",
      };
    }
    const applying = assessment.exclusions.filter((e) => e.applies);
    if (applying.length > 0 && !decision.acknowledgeExclusions) {
      return {
        ok: false,
        code: "EXCLUSION_APPLIES",
        message: `Exclusion(s) found to apply (${applying.map((e) => e.kind).join(", ")}): recognising needs an explicit acknowledgement and a reason that addresses them.`,
      };
    }
  }
  if (decision.outcome !== "needs_more_information") {
    // A decision rests on sources: each criterion found met cites at least one, and the assessment cites some.
    const unsourced = met.filter((c) => c.sources.length === 0).map((c) => c.criterion);
    const any = assessment.criteria.some((c) => c.sources.length > 0);
    if (unsourced.length || !any) {
      return {
        ok: false,
        code: "SOURCES_REQUIRED",
        message: `A decision needs sources: cite at least one for each criterion found met (${unsourced.length ? unsourced.join(", ") : "none cited"}), or decide "needs more information".`,
      };
    }
  }
  const prev = currentDecision(assessment);
  if (prev && prev.outcome === decision.outcome) {
    return { ok: false, code: "SAME_OUTCOME", message: `The current decision is already "${prev.outcome}".` };
  }
  if (prev && prev.outcome !== "needs_more_information") {
    // A reversal (of recognised / not recognised; answering "needs more information" is not one): another pair of eyes than whoever made the decision being reversed, and a reason of substance.
    if (prev.reviewerId === reviewer.id) {
      return { ok: false, code: "REVERSAL_SAME_REVIEWER", message: "A decision cannot be reversed by the reviewer who made it: another reviewer must." };
    }
    if (!reasonOfSubstance(reason)) {
      return {
        ok: false,
        code: "REVERSAL_REASON_TOO_SHORT",
        message: `Reversing a decision needs a reason of substance: at least ${REVERSAL_REASON_MIN} characters, mostly words. It is shown to the next reviewer.`,
      };
    }
  }
  const d: RecognitionDecision = {
    seq: assessment.decisions.length + 1,
    outcome: decision.outcome,
    reason,
    reviewerId: reviewer.id,
    at: decision.at,
  };
  if (prev) d.supersedes = prev.seq;
  if (decision.outcome === "recognised" && assessment.exclusions.some((e) => e.applies)) d.exclusionsAcknowledged = true;
  return { ok: true, assessment: { ...assessment, decisions: [...assessment.decisions, d] }, decision: d };
}

export function recognitionState(a: RecognitionAssessment): RecognitionState {
  const current = currentDecision(a);
  const s: RecognitionState = {
    status: current ? current.outcome : "pending",
    history: [...a.decisions],
    criteriaMet: a.criteria.filter((c) => c.met).map((c) => c.criterion as PaceCriterion),
    exclusionsApplying: a.exclusions.filter((e) => e.applies).map((e) => e.kind),
    contradictions: contradictions(a),
  };
  if (current) s.current = current;
  if (current?.supersedes !== undefined) s.reversal = { seq: current.seq, supersedes: current.supersedes, reason: current.reason, reviewerId: current.reviewerId };
  return s;
}

/** One-paragraph human-readable state, for the CLI and exports. */
export function describeRecognition(a: RecognitionAssessment): string[] {
  const st = recognitionState(a);
  const lines: string[] = [];
  lines.push(
    `Recognition (PACE Res. 1900 (2012)): ${st.status === "pending" ? "pending second review" : st.status.replace(/_/g, " ")}` +
      (st.current ? ` — by ${st.current.reviewerId} on ${st.current.at}: ${st.current.reason}` : ""),
  );
  lines.push(`  Assessment by ${a.authorId} on ${a.createdAt}, proposing ${a.proposal.replace(/_/g, " ")}: ${a.summary}`);
  for (const c of a.criteria) lines.push(`  (${c.criterion}) ${c.met ? "met" : "not met"}: ${c.reasoning}`);
  for (const e of a.exclusions) lines.push(`  exclusion ${e.kind}: ${e.applies ? "APPLIES" : "considered, does not apply"} — ${e.note}`);
  for (const c of st.contradictions) lines.push(`  CONTRADICTION (${c.criterion}) / ${c.exclusion}: ${c.why}`);
  for (const d of st.history.slice(0, -1)) {
    lines.push(`  earlier: #${d.seq} ${d.outcome.replace(/_/g, " ")} by ${d.reviewerId} on ${d.at} (${d.reason})`);
  }
  return lines;
}
