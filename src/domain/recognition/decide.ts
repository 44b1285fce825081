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
  const prev = currentDecision(assessment);
  if (prev && prev.outcome === decision.outcome) {
    return { ok: false, code: "SAME_OUTCOME", message: `The current decision is already "${prev.outcome}".` };
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
  };
  if (current) s.current = current;
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
  for (const d of st.history.slice(0, -1)) {
    lines.push(`  earlier: #${d.seq} ${d.outcome.replace(/_/g, " ")} by ${d.reviewerId} on ${d.at} (${d.reason})`);
  }
  return lines;
}
