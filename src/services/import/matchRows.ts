/**
 * The importer's one-person-one-record decision for each row, apart from the database: a row with the
 * registry's own id updates that person (or creates them); a row still waiting for review stays there; any
 * other row is matched against the registry and against the rows this file created before it. Nothing
 * resembles it → created; exactly one `match` with the same full birth date → filled; else → review.
 *
 * Pure (no database, no I/O), so it runs in the importer's thread for a small file and in a worker thread of
 * its own for a large one (matchThread.ts), while the importer writes the previous batch: the decisions are
 * the same either way.
 */
import { randomUUID } from "node:crypto";
import { MatchIndex, MatchQuery, type Candidate, type IndexedPerson, type PersonEvidence } from "../../domain/names/index.js";
import type { ImportReviewReason } from "../../db/schema/importReview.js";
import type { PersonDraft } from "./draft.js";

/** A review item found by content: an earlier import of the same row left it waiting. */
export interface WaitingReview {
  reason: ImportReviewReason;
  candidateId: string | null;
  score: number | null;
  explanation: string[];
}

/** What the matcher reads of a row's draft (a large import sends only this to its matching thread). */
export type MatchDraft = Pick<PersonDraft, "externalId" | "name" | "altNames" | "birthDate" | "sex">;

export interface RowToMatch {
  row: number;
  draft: MatchDraft;
  /** A row with an external id the registry already holds (an update by id, never matched). */
  knownId: boolean;
  /**
   * contentKeyOf(the whole draft), given when some review is waiting (else unused): it is computed where the
   * whole draft is, so that only the fields above cross to a matching thread.
   */
  contentKey?: string;
}

/** The part of a draft the matcher reads, and its content key when reviews wait (see RowToMatch). */
export function rowToMatch(row: number, draft: PersonDraft, knownId: boolean, contentKey?: string): RowToMatch {
  const { externalId, name, altNames, birthDate, sex } = draft;
  return { row, draft: { externalId, name, altNames, birthDate, sex }, knownId, ...(contentKey === undefined ? {} : { contentKey }) };
}

export type RowDecision =
  | { kind: "create"; row: number; id: string }
  | { kind: "update"; row: number }
  | { kind: "fill"; row: number; id: string }
  | ({ kind: "review"; row: number } & WaitingReview);

const evidenceOf = (d: MatchDraft): PersonEvidence => ({ names: [d.name, ...d.altNames], birthDate: d.birthDate, sex: d.sex === "unknown" ? null : d.sex });

export class RowMatcher {
  /** The people this file created so far, so a person listed twice in it is still one record. */
  private readonly inFile = new MatchIndex();
  private readonly inFileBirth = new Map<string, string | null>();

  /** `newId`: the id of a person a row creates (random; a benchmark makes them repeatable). */
  constructor(
    private readonly registry: MatchIndex,
    private readonly waiting: ReadonlyMap<string, WaitingReview>,
    private readonly newId: (row: number) => string = () => randomUUID(),
  ) {}

  /** A matcher over registry people given as plain data (in a worker thread, which has no registry of its own). */
  static of(people: Iterable<IndexedPerson>, waiting: Iterable<[string, WaitingReview]>, newId?: (row: number) => string): RowMatcher {
    return new RowMatcher(new MatchIndex(people), new Map(waiting), newId);
  }

  /** Decisions for a batch, in row order; the rows created here are seen by the later rows. */
  decide(rows: readonly RowToMatch[]): RowDecision[] {
    return rows.map((r) => this.decideRow(r));
  }

  /**
   * One row's decision against the registry given, remembering nothing: the importer's check of its creates
   * against the people others added while it ran (lateComers.ts). "create" there carries no id.
   */
  judge(r: RowToMatch): RowDecision {
    return this.decideRow(r, false);
  }

  private create(r: RowToMatch, query?: MatchQuery): RowDecision {
    const id = this.newId(r.row);
    this.inFile.add(id, query ?? evidenceOf(r.draft));
    this.inFileBirth.set(id, r.draft.birthDate);
    return { kind: "create", row: r.row, id };
  }

  private birthOf(id: string): string | null {
    if (this.inFileBirth.has(id)) return this.inFileBirth.get(id) ?? null;
    const b = this.registry.evidenceOf(id)?.birth;
    return b?.month && b.day ? `${b.year}-${String(b.month).padStart(2, "0")}-${String(b.day).padStart(2, "0")}` : null;
  }

  private decideRow(r: RowToMatch, remember = true): RowDecision {
    const d = r.draft;
    if (d.externalId) return r.knownId ? { kind: "update", row: r.row } : this.create(r);
    // Already waiting for a decision (an earlier import of this row): it stays there, not created now.
    // (Hashing the row's content costs more than matching a row in a small registry: only when something waits;
    // the importer hashes it, see RowToMatch.contentKey.)
    if (this.waiting.size && r.contentKey === undefined) throw new Error("a row to match needs its content key while reviews wait");
    const waiting = this.waiting.size ? this.waiting.get(r.contentKey!) : undefined;
    if (waiting) return { kind: "review", row: r.row, ...waiting };
    // Prepared once (parse, keys, spacing repairs) for both indexes, and kept by the in-file index if created.
    const evidence = new MatchQuery(evidenceOf(d));
    const candidates: Candidate[] = [...this.registry.best(evidence, 5), ...this.inFile.best(evidence, 5)].sort((a, b) => b.score - a.score || b.support - a.support);
    if (!candidates.length) return remember ? this.create(r, evidence) : { kind: "create", row: r.row, id: "" };
    const matches = candidates.filter((c) => c.verdict === "match");
    const best = matches[0] ?? candidates[0]!;
    const sameFullBirth = d.birthDate?.length === 10 && this.birthOf(best.id) === d.birthDate;
    if (matches.length === 1 && sameFullBirth) return { kind: "fill", row: r.row, id: best.id };
    const reason = matches.length > 1 ? "ambiguous" : matches.length === 1 ? "matchWithoutBirthDate" : "possible";
    // The explanation is written here (it is read lazily from the index that found the candidate).
    return { kind: "review", row: r.row, reason, candidateId: best.id, score: best.score, explanation: [...best.explanation] };
  }
}
