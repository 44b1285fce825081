import { z } from "zod";
import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/assessment.js";
import { casesOf } from "../db/repositories/cases.js";
import { roles } from "../db/schema/enums.js";
import {
  AssessmentFieldsSchema,
  AssessmentInputSchema,
  checkCriteriaUnique,
  contradictions,
  OUTCOMES,
  decideRecognition as decideDomain,
  recognitionState,
  type RecognitionAssessment,
  type RecognitionState,
  type RefusalCode,
} from "../domain/recognition/index.js";
import { recordAudit } from "./audit.js";
import type { ServiceContext } from "./context.js";
import type { ServerText } from "../i18n/serverTexts.js";
import { conflict, invalid, notFound, ServiceError } from "./errors.js";
import { loadPersonFor, tx } from "./people.js";
import { authorize, roleMayEver } from "./policy.js";
import { isUniqueViolation } from "./priority.js";

/** Body of "assess": the assessment without the person (taken from the URL). */
export const assessInput = AssessmentFieldsSchema.omit({ personId: true }).superRefine(checkCriteriaUnique);
export type AssessInput = z.input<typeof assessInput>;

export const decideInput = z.object({
  /** Defaults to the person's newest assessment. */
  assessmentId: z.uuid().optional(),
  outcome: z.enum(OUTCOMES),
  reason: z.string().trim().min(1).max(10_000),
  acknowledgeExclusions: z.boolean().optional(),
});
export type DecideInput = z.input<typeof decideInput>;

export interface RecognitionView {
  assessment: RecognitionAssessment;
  state: RecognitionState;
  /** Display names of the author and reviewers, by user id. */
  users: Record<string, string>;
}

export interface PersonRecognition {
  personId: string;
  /** The newest assessment and its state; null when never assessed. */
  current: RecognitionView | null;
  /** Earlier assessments, newest first. */
  earlier: RecognitionView[];
}

function toDomain(a: repo.AssessmentRow, decisions: repo.DecisionRow[]): RecognitionAssessment {
  const out: RecognitionAssessment = {
    id: a.id,
    personId: a.personId,
    authorId: a.authorId,
    createdAt: a.createdAt.toISOString(),
    criteria: a.criteria,
    exclusions: a.exclusions,
    proposal: a.proposal,
    summary: a.summary,
    decisions: decisions.map((d) => ({
      seq: d.seq,
      outcome: d.outcome,
      reason: d.reason,
      reviewerId: d.reviewerId,
      at: d.decidedAt.toISOString(),
      ...(d.supersedesSeq !== null ? { supersedes: d.supersedesSeq } : {}),
      ...(d.exclusionsAcknowledged ? { exclusionsAcknowledged: true } : {}),
    })),
  };
  if (a.caseId) out.caseId = a.caseId;
  return out;
}

async function loadViews(db: Db, personId: string): Promise<RecognitionView[]> {
  const rows = await repo.assessmentsOf(db, personId);
  const decisions = await repo.decisionsOf(
    db,
    rows.map((r) => r.id),
  );
  const userIds = rows.flatMap((r) => [r.authorId, ...(decisions.get(r.id) ?? []).map((d) => d.reviewerId)]);
  const labels = await repo.userLabels(db, userIds);
  return rows.map((r) => {
    const assessment = toDomain(r, decisions.get(r.id) ?? []);
    const users: Record<string, string> = {};
    for (const id of [assessment.authorId, ...assessment.decisions.map((d) => d.reviewerId)]) users[id] = labels.get(id) ?? id;
    return { assessment, state: recognitionState(assessment), users };
  });
}

export async function getRecognition(ctx: ServiceContext, personId: string): Promise<PersonRecognition> {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  authorize(ctx.actor, "read", "recognition");
  const views = await loadViews(ctx.db, personId);
  return { personId, current: views[0] ?? null, earlier: views.slice(1) };
}

function userActor(ctx: ServiceContext) {
  if (ctx.actor.kind !== "user") throw invalid("recognition assessments and decisions are made by a signed-in person, not by the system");
  return ctx.actor;
}

export async function assessRecognition(ctx: ServiceContext, personId: string, input: unknown): Promise<RecognitionView> {
  authorize(ctx.actor, "assess", "recognition");
  const actor = userActor(ctx);
  const v = AssessmentInputSchema.parse({ ...(input as object), personId });
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "read");
    if (v.caseId) {
      const cases = await casesOf(db, [personId]);
      if (!cases.some((c) => c.id === v.caseId)) throw notFound("case");
    }
    const row = await repo.insertAssessment(db, {
      personId,
      caseId: v.caseId ?? null,
      authorId: actor.userId,
      criteria: v.criteria,
      exclusions: v.exclusions,
      proposal: v.proposal,
      summary: v.summary,
      createdAt: ctx.now(),
    });
    await recordAudit(
      db,
      ctx.actor,
      {
        type: "recognition.assessed",
        targetType: "person",
        targetId: personId,
        detail: {
          assessmentId: row.id,
          caseId: row.caseId,
          proposal: row.proposal,
          criteriaMet: v.criteria.filter((c) => c.met).map((c) => c.criterion),
          exclusionsApplying: v.exclusions.filter((e) => e.applies).map((e) => e.kind),
          contradictions: contradictions(v).map((c) => `${c.criterion}/${c.exclusion}`),
        },
      },
      ctx.now(),
    );
    const views = await loadViews(db, personId);
    return views.find((x) => x.assessment.id === row.id)!;
  });
}

const refusalKind: Record<RefusalCode, "forbidden" | "invalid" | "conflict"> = {
  AUTHOR_CANNOT_DECIDE: "forbidden",
  ROLE_REQUIRED: "forbidden",
  REASON_REQUIRED: "invalid",
  NO_CRITERION_MET: "invalid",
  EXCLUSION_APPLIES: "invalid",
  SAME_OUTCOME: "conflict",
  SOURCES_REQUIRED: "invalid",
  REVERSAL_SAME_REVIEWER: "forbidden",
  REVERSAL_REASON_TOO_SHORT: "invalid",
};

/** Roles that the permission table lets decide: the domain's four-eyes rule uses exactly these. */
function deciderRoles(): string[] {
  return roles.filter((r) => roleMayEver(r, "decide", "recognition"));
}

export async function decideRecognition(ctx: ServiceContext, personId: string, input: unknown): Promise<RecognitionView> {
  authorize(ctx.actor, "decide", "recognition");
  const actor = userActor(ctx);
  const d = decideInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "read");
    const rows = await repo.assessmentsOf(db, personId);
    const row = d.assessmentId ? rows.find((r) => r.id === d.assessmentId) : rows[0];
    if (!row) throw notFound("recognition assessment");
    const decisions = (await repo.decisionsOf(db, [row.id])).get(row.id) ?? [];
    const assessment = toDomain(row, decisions);
    const result = decideDomain(
      assessment,
      { id: actor.userId, roles: [actor.role] },
      { outcome: d.outcome, reason: d.reason, at: ctx.now().toISOString(), ...(d.acknowledgeExclusions ? { acknowledgeExclusions: true } : {}) },
      { deciderRoles: deciderRoles() },
    );
    // The domain's refusals are sentences of src/i18n/serverTexts.ts (its test checks each one).
    if (!result.ok) throw new ServiceError(refusalKind[result.code], result.message as ServerText, { code: result.code });
    const dec = result.decision;
    try {
      await repo.insertDecision(db, {
        assessmentId: row.id,
        seq: dec.seq,
        outcome: dec.outcome,
        reason: dec.reason,
        reviewerId: dec.reviewerId,
        supersedesSeq: dec.supersedes ?? null,
        exclusionsAcknowledged: dec.exclusionsAcknowledged ?? false,
        decidedAt: ctx.now(),
      });
    } catch (e) {
      // Two reviewers deciding at once: the unique (assessment, seq) index lets only one through.
      if (isUniqueViolation(e)) {
        throw conflict("another decision was recorded at the same time; reload and decide again");
      }
      throw e;
    }
    await recordAudit(
      db,
      ctx.actor,
      {
        type: "recognition.decided",
        targetType: "person",
        targetId: personId,
        detail: {
          assessmentId: row.id,
          seq: dec.seq,
          outcome: dec.outcome,
          authorId: row.authorId,
          supersedes: dec.supersedes ?? null,
          exclusionsAcknowledged: dec.exclusionsAcknowledged ?? false,
        },
      },
      ctx.now(),
    );
    const views = await loadViews(db, personId);
    return views.find((x) => x.assessment.id === row.id)!;
  });
}
