/** Candidates a search finds, and the one decision they lead to (from one index, or merged from several). */
import { verdictFor, type MatchResult } from "./score.js";
import type { PersonEvidence } from "./people.js";

export interface IndexedPerson {
  id: string;
  evidence: PersonEvidence;
}

export interface Candidate extends MatchResult {
  id: string;
  /** Corroborating evidence behind the score (exact birth date, equal patronymic); breaks ties. */
  support: number;
}

export interface Resolution {
  /** The chosen person, or null when nothing reached `possible`. */
  best: Candidate | null;
  /** Verdict after ambiguity: two people matching equally well make a `match` a `possible`. */
  verdict: MatchResult["verdict"];
  alternatives: Candidate[];
  ambiguous: boolean;
}

/**
 * One decision from candidates sorted best first (from one index, or merged from several shards):
 * a `match` becomes `possible` when a rival scores within AMBIGUITY_MARGIN with at least as much
 * corroborating evidence.
 */
export function resolveCandidates(list: readonly Candidate[]): Resolution {
  const best = list[0] ?? null;
  if (!best) return { best: null, verdict: "none", alternatives: [], ambiguous: false };
  const rivals = list.slice(1).filter((c) => c.verdict === "match" && best.score - c.score < AMBIGUITY_MARGIN && c.support >= best.support);
  const ambiguous = best.verdict === "match" && rivals.length > 0;
  const verdict = ambiguous ? "possible" : verdictFor(best.score);
  const explained: Candidate = ambiguous
    ? { ...best, verdict, explanation: [...best.explanation, `ambiguous: ${rivals.length + 1} registered people match about equally well`] }
    : best;
  return { best: explained, verdict, alternatives: list.slice(1), ambiguous };
}

/** Score gap under which two `match` candidates are treated as indistinguishable namesakes. */
export const AMBIGUITY_MARGIN = 0.03;
