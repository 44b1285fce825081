import { z } from "zod";
import { assessInput, assessRecognition, decideInput, decideRecognition, getRecognition } from "../../services/recognition.js";
import { computePersonReleaseDates } from "../../services/releaseDate.js";
import {
  computePersonPriority,
  getPriorityFacts,
  getPriorityWeights,
  getPriorityWeightsVersion,
  priorityFactsInput,
  setPriorityFacts,
  updatePriorityWeights,
  updateWeightsInput,
} from "../../services/priority.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { redactFields } from "../presenters/person.js";
import type { Actor } from "../../services/context.js";
import { EXCLUSION_KINDS, EXCLUSION_TEXT, OUTCOMES, PACE_CRITERIA, PACE_CRITERIA_TEXT } from "../../domain/recognition/index.js";
import { CONDITION_KINDS, CONDITION_LABELS, DECREE_54_LIST, matchDecree54, normaliseIcd10 } from "../../domain/priority/index.js";

// Recognition (PACE 1900, four-eyes), release dates (CC art. 72/79, PEC art. 173) and the priority score.

const idParams = z.object({ id: z.uuid() });
const asOfQuery = z.object({ asOf: z.iso.date().optional() });

// Priority facts (dependants, reported conditions of detention) are internal: a volunteer gets none of them.
function presentFacts(r: Awaited<ReturnType<typeof getPriorityFacts>>, viewer: Actor) {
  return redactFields({
    personId: r.personId,
    minorChildren: r.minorChildren,
    otherDependants: r.otherDependants,
    publicProfile: r.publicProfile,
    conditions: r.conditions,
    pregnant: r.pregnant,
    childrenUnder14: r.childrenUnder14,
    soleCarer: r.soleCarer,
    factors: r.factors,
    updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null,
  }, viewer, {}, "internal");
}

export const assessmentRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/recognition",
    summary: "Recognition as a political prisoner: the newest assessment, its decision history, earlier assessments",
    tag: "recognition",
    api: true,
    permission: { action: "read", resource: "recognition" },
    params: idParams,
    async handler({ ctx, params }) {
      const r = await getRecognition(ctx, params.id);
      // Volunteers get the outcome only (field visibility "limited"): the reasoning and reviewers' names are internal.
      if (ctx.actor.kind === "user" && ctx.actor.role === "volunteer")
        return { personId: r.personId, current: r.current ? { state: { status: r.current.state.status, criteriaMet: r.current.state.criteriaMet } } : null, earlier: [] };
      return r;
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/people/:id/recognition",
    summary: "Record an assessment against PACE Res. 1900 criteria (a)–(e), with exclusion notes",
    tag: "recognition",
    api: true,
    permission: { action: "assess", resource: "recognition" },
    params: idParams,
    body: assessInput,
    successStatus: 201,
    async handler({ ctx, params, body }) {
      return assessRecognition(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/people/:id/recognition/decisions",
    summary: "Decide on the newest (or given) assessment; the author cannot decide (four-eyes); a later decision reverses an earlier one",
    tag: "recognition",
    api: true,
    permission: { action: "decide", resource: "recognition" },
    params: idParams,
    body: decideInput,
    successStatus: 201,
    async handler({ ctx, params, body }) {
      return decideRecognition(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/release-date",
    tokenScope: "registry:read",
    summary: "Expected release and earliest parole dates for each case, with the working and the rules applied",
    tag: "release",
    api: true,
    permission: { action: "read", resource: "case" },
    params: idParams,
    query: asOfQuery,
    async handler({ ctx, params, query }) {
      return computePersonReleaseDates(ctx, params.id, { asOf: query.asOf });
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/priority",
    summary: "Humanitarian priority score with its parts and reasons",
    tag: "priority",
    api: true,
    permission: { action: "read", resource: "person" },
    params: idParams,
    query: asOfQuery.extend({ weightsVersion: z.coerce.number().int().positive().optional() }),
    async handler({ ctx, params, query }) {
      // Audited by the service when health counted (in a batch: a read must not empty the read cache).
      return computePersonPriority(ctx, params.id, { asOf: query.asOf, weightsVersion: query.weightsVersion });
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/v1/people/:id/priority/facts",
    summary: "Set the facts the priority score needs that have no other home: dependants, public profile, reported conditions",
    tag: "priority",
    api: true,
    permission: { action: "update", resource: "person" },
    params: idParams,
    body: priorityFactsInput,
    async handler({ ctx, params, body }) {
      return presentFacts(await setPriorityFacts(ctx, params.id, body), ctx.actor);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/priority/facts",
    summary: "The facts the priority score needs that have no other home (the defaults when none were recorded; internal, so empty for volunteers)",
    tag: "priority",
    api: true,
    permission: { action: "read", resource: "person" },
    params: idParams,
    async handler({ ctx, params }) {
      return presentFacts(await getPriorityFacts(ctx, params.id), ctx.actor);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/priority-weights",
    summary: "Current priority weights and every earlier version",
    tag: "priority",
    api: true,
    permission: { action: "read", resource: "priorityWeights" },
    async handler({ ctx }) {
      return getPriorityWeights(ctx);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/priority-weights/:version",
    summary: "One version of the priority weights",
    tag: "priority",
    api: true,
    permission: { action: "read", resource: "priorityWeights" },
    params: z.object({ version: z.coerce.number().int().positive() }),
    async handler({ ctx, params }) {
      return getPriorityWeightsVersion(ctx, params.version);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/priority-weights",
    summary: "Edit the priority weights: stores a new version (validated); earlier versions stay",
    tag: "priority",
    api: true,
    permission: { action: "update", resource: "priorityWeights" },
    body: updateWeightsInput,
    successStatus: 201,
    async handler({ ctx, body }) {
      return updatePriorityWeights(ctx, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/reference/recognition",
    summary: "PACE Res. 1900 (2012) criteria (a)–(e), exclusion kinds and outcomes, for assessment forms",
    tag: "recognition",
    api: true,
    permission: "signedIn",
    async handler() {
      return {
        criteria: PACE_CRITERIA.map((c) => ({ criterion: c, text: PACE_CRITERIA_TEXT[c] })),
        exclusions: EXCLUSION_KINDS.map((k) => ({ kind: k, text: EXCLUSION_TEXT[k] })),
        outcomes: OUTCOMES,
      };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/reference/decree-54",
    summary: "Illnesses preventing serving a sentence (Government Decree No. 54 list, ICD-10 ranges; our reconstruction) and reported-condition kinds; ?icd10= checks one code",
    tag: "priority",
    api: true,
    permission: "signedIn",
    query: z.object({ icd10: z.string().max(10).optional() }),
    async handler({ query }) {
      return {
        entries: DECREE_54_LIST,
        conditionKinds: CONDITION_KINDS.map((k) => ({ kind: k, label: CONDITION_LABELS[k] })),
        ...(query.icd10 !== undefined ? { match: { code: normaliseIcd10(query.icd10) ?? query.icd10, entries: matchDecree54(query.icd10).map((e) => e.id) } } : {}),
      };
    },
  }),
];
