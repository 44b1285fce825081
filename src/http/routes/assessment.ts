import { z } from "zod";
import { assessInput, assessRecognition, decideInput, decideRecognition, getRecognition } from "../../services/recognition.js";
import { computePersonReleaseDates } from "../../services/releaseDate.js";
import {
  computePersonPriority,
  getPriorityWeights,
  getPriorityWeightsVersion,
  priorityFactsInput,
  setPriorityFacts,
  updatePriorityWeights,
  updateWeightsInput,
} from "../../services/priority.js";
import { defineRoute, type AnyRoute } from "../route.js";

// Recognition (PACE 1900, four-eyes), release dates (CC art. 72/79, PEC art. 173) and the priority score.

const idParams = z.object({ id: z.uuid() });
const asOfQuery = z.object({ asOf: z.iso.date().optional() });

function presentFacts(r: Awaited<ReturnType<typeof setPriorityFacts>>) {
  return {
    personId: r.personId,
    minorChildren: r.minorChildren,
    otherDependants: r.otherDependants,
    publicProfile: r.publicProfile,
    conditions: r.conditions,
    updatedAt: r.updatedAt.toISOString(),
  };
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
      return presentFacts(await setPriorityFacts(ctx, params.id, body));
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
];
