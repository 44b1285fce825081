import { z } from "zod";
import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/assessment.js";
import { publicProfiles } from "../db/schema/assessment.js";
import type { HealthSeverity } from "../db/schema/enums.js";
import {
  priorityMsg,
  CONDITION_KINDS,
  DEFAULT_PRIORITY_WEIGHTS,
  HEALTH_SEVERITIES,
  PriorityWeightsSchema,
  computePriority,
  type PriorityFacts,
  type PriorityResult,
  type PriorityWeights,
} from "../domain/priority/index.js";
import { recordAudit } from "./audit.js";
import { bufferAudit } from "./auditBuffer.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "./context.js";
import { conflict, notFound } from "./errors.js";
import { loadPersonFor, tx } from "./people.js";
import { authorize, can } from "./policy.js";
import { lawyerSubject, moscowDate, releaseDatesFromCases, releaseDatesIn } from "./releaseDate.js";
import { assignedPersonIds } from "../db/repositories/people.js";
import { casesOf, type CaseFacts } from "../db/repositories/cases.js";
import { keysOfUser } from "./assignees.js";

export interface WeightsVersionView {
  version: number;
  weights: PriorityWeights;
  note: string | null;
  createdBy: string | null;
  createdAt: string | null;
  /** True for the built-in defaults, never stored. */
  builtIn: boolean;
}

function builtIn(): WeightsVersionView {
  return { version: DEFAULT_PRIORITY_WEIGHTS.version, weights: DEFAULT_PRIORITY_WEIGHTS, note: DEFAULT_PRIORITY_WEIGHTS.note ?? null, createdBy: null, createdAt: null, builtIn: true };
}

function viewOf(r: repo.WeightsRow): WeightsVersionView {
  return { version: r.version, weights: r.weights, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), builtIn: false };
}

async function currentWeightsIn(db: Db, organisationId: string): Promise<WeightsVersionView> {
  const row = await repo.latestWeights(db, organisationId);
  return row ? viewOf(row) : builtIn();
}

export async function getPriorityWeights(ctx: ServiceContext): Promise<{ current: WeightsVersionView; history: WeightsVersionView[] }> {
  authorize(ctx.actor, "read", "priorityWeights");
  const org = actorOrganisationId(ctx.actor);
  const rows = await repo.weightsHistory(ctx.db, org);
  const history = rows.map(viewOf);
  if (!rows.some((r) => r.version === DEFAULT_PRIORITY_WEIGHTS.version)) history.push(builtIn());
  return { current: history[0]!, history };
}

export async function getPriorityWeightsVersion(ctx: ServiceContext, version: number): Promise<WeightsVersionView> {
  authorize(ctx.actor, "read", "priorityWeights");
  const row = await repo.weightsVersion(ctx.db, actorOrganisationId(ctx.actor), version);
  if (row) return viewOf(row);
  if (version === DEFAULT_PRIORITY_WEIGHTS.version) return builtIn();
  throw notFound("priority weights version");
}

/** Body: the whole weights object (its `version` is ignored: the next number is assigned). */
export const updateWeightsInput = z.object({
  weights: z.unknown(),
  note: z.string().trim().max(2000).optional(),
});

/** Edit the weights: validates and stores a new version; older versions stay. */
export async function updatePriorityWeights(ctx: ServiceContext, input: unknown): Promise<WeightsVersionView> {
  authorize(ctx.actor, "update", "priorityWeights");
  const body = updateWeightsInput.parse(input);
  const org = actorOrganisationId(ctx.actor);
  try {
    return await insertNextWeights(ctx, org, body);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("the weights were edited at the same time by someone else; reload and edit again");
    throw e;
  }
}

/** Postgres unique_violation, whether the driver error is thrown directly or wrapped by drizzle. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === "23505";
}

async function insertNextWeights(ctx: ServiceContext, org: string, body: z.infer<typeof updateWeightsInput>): Promise<WeightsVersionView> {
  return tx(ctx, async (db) => {
    let latest = await repo.latestWeights(db, org);
    if (!latest) {
      // Store the built-in defaults as version 1 first, so the history is complete.
      latest = await repo.insertWeights(db, { organisationId: org, version: 1, weights: DEFAULT_PRIORITY_WEIGHTS, note: "built-in defaults", createdBy: null, createdAt: ctx.now() });
    }
    const version = latest.version + 1;
    const weights = PriorityWeightsSchema.parse({ ...(body.weights as object), version });
    const row = await repo.insertWeights(db, { organisationId: org, version, weights, note: body.note ?? weights.note ?? null, createdBy: actorUserId(ctx.actor), createdAt: ctx.now() });
    await recordAudit(db, ctx.actor, { type: "priorityWeights.updated", targetType: "priorityWeights", targetId: row.id, detail: { version, previous: latest.version } }, ctx.now());
    return viewOf(row);
  });
}

export const priorityFactsInput = z.object({
  minorChildren: z.number().int().min(0).max(30).optional(),
  otherDependants: z.number().int().min(0).max(30).optional(),
  publicProfile: z.enum(publicProfiles).optional(),
  conditions: z
    .array(
      z.object({
        kind: z.enum(CONDITION_KINDS),
        verified: z.boolean().optional(),
        reportedAt: z.iso.date().optional(),
      }),
    )
    .max(50)
    .optional(),
  pregnant: z.boolean().optional(),
  childrenUnder14: z.number().int().min(0).max(30).optional(),
  soleCarer: z.boolean().optional(),
  /** Keys of the admin-defined factors that apply (weights `factors`). */
  factors: z.array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/)).max(30).optional(),
});
export type PriorityFactsInput = z.input<typeof priorityFactsInput>;

/** The stored priority facts, or the defaults the score uses when none were recorded (updatedAt null). */
export async function getPriorityFacts(ctx: ServiceContext, personId: string): Promise<Omit<repo.PriorityFactsRow, "updatedAt" | "updatedBy"> & { updatedAt: Date | null }> {
  await loadPersonFor(ctx.db, ctx, personId, "read");
  const row = await repo.findPriorityFacts(ctx.db, personId);
  if (row) return row;
  return { personId, minorChildren: 0, otherDependants: 0, publicProfile: "unknown", conditions: [], pregnant: false, childrenUnder14: 0, soleCarer: false, factors: [], updatedAt: null };
}

export async function setPriorityFacts(ctx: ServiceContext, personId: string, input: unknown): Promise<repo.PriorityFactsRow> {
  const v = priorityFactsInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "update");
    const before = await repo.findPriorityFacts(db, personId);
    const row = await repo.upsertPriorityFacts(db, {
      personId,
      minorChildren: v.minorChildren ?? before?.minorChildren ?? 0,
      otherDependants: v.otherDependants ?? before?.otherDependants ?? 0,
      publicProfile: v.publicProfile ?? before?.publicProfile ?? "unknown",
      conditions: v.conditions ?? before?.conditions ?? [],
      pregnant: v.pregnant ?? before?.pregnant ?? false,
      childrenUnder14: v.childrenUnder14 ?? before?.childrenUnder14 ?? 0,
      soleCarer: v.soleCarer ?? before?.soleCarer ?? false,
      factors: v.factors ?? before?.factors ?? [],
      updatedBy: actorUserId(ctx.actor),
    });
    await recordAudit(
      db,
      ctx.actor,
      { type: "person.updated", targetType: "person", targetId: personId, detail: { priorityFacts: { fields: Object.keys(v) } } },
      ctx.now(),
    );
    return row;
  });
}

const severityOrder: readonly HealthSeverity[] = HEALTH_SEVERITIES;

export interface PersonPriority extends PriorityResult {
  personId: string;
  asOf: string;
  /** False when this viewer may not read health records: health is then left out of the points and the total. */
  healthDetailsShown: boolean;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

type HealthRow = Awaited<ReturnType<typeof repo.healthRecordsOf>>[number];

/** Health facts from stored records: worst severity, ICD-10 codes from the sealed details, the "prevents serving" flag. */
function healthFromRecords(records: HealthRow[]): PriorityFacts["health"] {
  if (!records.length) return undefined;
  let severity: HealthSeverity = "none";
  const codes = new Set<string>();
  let preventsServing = false;
  for (const r of records) {
    if (severityOrder.indexOf(r.severity) > severityOrder.indexOf(severity)) severity = r.severity;
    if (r.preventsServing) preventsServing = true;
    // Opened by the column's mapping (null once the person's key is erased; a plain string in older records).
    const d: { icd10?: unknown; icd10Codes?: unknown } = typeof r.detailsEnc === "object" && r.detailsEnc !== null ? r.detailsEnc : {};
    for (const list of [d.icd10, d.icd10Codes]) {
      if (Array.isArray(list)) {
        for (const c of list) if (typeof c === "string") codes.add(c);
      } else if (typeof list === "string") {
        codes.add(list);
      }
    }
  }
  return { severity, icd10: [...codes], ...(preventsServing ? { preventsServing } : {}) };
}

function priorityInput(
  p: { birthDate: string | null; birthYear: number | null },
  facts: repo.PriorityFactsRow | undefined,
  health: PriorityFacts["health"],
  releaseDate: string | null,
  asOf: string,
): PriorityFacts {
  const input: PriorityFacts = {
    asOf,
    releaseDate,
    minorChildren: facts?.minorChildren ?? 0,
    otherDependants: facts?.otherDependants ?? 0,
    conditions: facts?.conditions ?? [],
    publicProfile: facts?.publicProfile ?? "unknown",
    pregnant: facts?.pregnant ?? false,
    childrenUnder14: facts?.childrenUnder14 ?? 0,
    soleCarer: facts?.soleCarer ?? false,
    factors: facts?.factors ?? [],
  };
  if (p.birthDate) input.birthDate = p.birthDate;
  else if (p.birthYear) input.ageYears = Number(asOf.slice(0, 4)) - p.birthYear;
  if (health) input.health = health;
  return input;
}

/** The reasons drawn from records the viewer may not read are withheld (health's points are 0 then: not computed). */
function redact(result: PriorityResult, mayReadHealth: boolean, mayReadCases: boolean): PriorityResult {
  return {
    ...result,
    parts: result.parts.map((part) => {
      // The code's parameters quote the same records as `why`: both are replaced.
      if (!mayReadHealth && (part.key === "health_severity" || part.key === "health_decree54"))
        return { ...part, why: "withheld: needs permission to read health records", ...priorityMsg("priority.withheld.health", {}) };
      if (!mayReadCases && part.key === "remaining_time") return { ...part, why: "withheld: needs permission to read cases", ...priorityMsg("priority.withheld.cases", {}) };
      return part;
    }),
  };
}

async function resolveWeights(ctx: ServiceContext, db: Db, weightsVersion: number | undefined): Promise<PriorityWeights> {
  return weightsVersion !== undefined ? (await getPriorityWeightsVersion(ctx, weightsVersion)).weights : (await currentWeightsIn(db, actorOrganisationId(ctx.actor))).weights;
}

export async function computePersonPriority(ctx: ServiceContext, personId: string, opts: { asOf?: string | undefined; weightsVersion?: number | undefined } = {}): Promise<PersonPriority> {
  const p = await loadPersonFor(ctx.db, ctx, personId, "read");
  const db = ctx.db;
  const asOf = opts.asOf ?? moscowDate(ctx.now());
  const weights = await resolveWeights(ctx, db, opts.weightsVersion);
  const subject = await lawyerSubject(db, ctx, personId);
  const mayReadHealth = can(ctx.actor, "read", "healthRecord", subject);
  const mayReadCases = can(ctx.actor, "read", "case", subject);
  // Without permission to read health records, health does not enter the score at all: its points would map
  // back to "severe" or "on the Decree 54 list" through the published weights, and so would the total.
  const [facts, records, release] = await Promise.all([repo.findPriorityFacts(db, personId), mayReadHealth ? repo.healthRecordsOf(db, personId) : [], releaseDatesIn(db, ctx, personId, asOf)]);
  const result = computePriority(priorityInput(p, facts, healthFromRecords(records), release.current?.releaseDate ?? null, asOf), weights);
  const shown = { ...redact(result, mayReadHealth, mayReadCases), personId, asOf, healthDetailsShown: mayReadHealth };
  // Health points (and their reasons, which quote sealed ICD-10 codes) shown: audited, in a batch (auditBuffer.ts).
  if (mayReadHealth && healthCounted(shown)) bufferAudit(ctx, { type: "health.sensitiveRead", targetType: "person", targetId: personId, detail: { fields: ["health.details"], via: "priority" } });
  return shown;
}

/** True when health records added points to this score. */
export function healthCounted(p: PriorityResult): boolean {
  return p.parts.some((part) => (part.key === "health_severity" || part.key === "health_decree54") && part.points > 0);
}

/**
 * Audit a read that used health-derived values of several people (a search filtered by priority), in a batch.
 * Only for viewers whose scores count health; the others' scores leave it out.
 */
export function auditHealthDerivedRead(ctx: ServiceContext, personIds: string[], via: string, detail: Record<string, unknown> = {}): void {
  if (!personIds.length || !can(ctx.actor, "read", "healthRecord", ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? { assignedUserIds: [ctx.actor.userId] } : undefined)) return;
  bufferAudit(ctx, { type: "health.derivedRead", targetType: "person", targetId: null, detail: { via, ...detail, people: personIds.length, personIds: personIds.slice(0, 500) } });
}

/**
 * Priority for many people at once, in a fixed number of queries (for list building). People the actor
 * may not read (other organisations; lawyers: not assigned) are absent from the result.
 */
export async function computePeoplePriorities(
  ctx: ServiceContext,
  personIds: string[],
  opts: {
    asOf?: string | undefined;
    weightsVersion?: number | undefined;
    /** People and their cases the caller has already read (a list being built): not read a second time. */
    loaded?: { people: Pick<Awaited<ReturnType<typeof repo.peopleOfOrganisation>>[number], "id" | "organisationId" | "birthDate" | "birthYear">[]; cases: CaseFacts[] } | undefined;
  } = {},
): Promise<Map<string, PersonPriority>> {
  authorize(ctx.actor, "list", "person", ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  const db = ctx.db;
  const org = actorOrganisationId(ctx.actor);
  const asOf = opts.asOf ?? moscowDate(ctx.now());
  const ids = [...new Set(personIds)];
  const wanted = new Set(ids);
  let people = opts.loaded ? opts.loaded.people.filter((p) => p.organisationId === org && wanted.has(p.id)) : await repo.peopleOfOrganisation(db, org, ids);
  const lawyer = ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? ctx.actor : null;
  if (lawyer) {
    const assigned = await assignedPersonIds(db, keysOfUser(ctx, lawyer.userId), people.map((p) => p.id));
    people = people.filter((p) => assigned.has(p.id));
  }
  const readable = people.map((p) => p.id);
  const readableSet = new Set(readable);
  // Lawyers read health records of their assigned people only, and only those are left here. Viewers who may not
  // read health records get scores without health (see computePersonPriority).
  const mayReadHealth = can(ctx.actor, "read", "healthRecord", lawyer ? { assignedUserIds: [lawyer.userId] } : undefined);
  const mayReadCases = can(ctx.actor, "read", "case", lawyer ? { assignedUserIds: [lawyer.userId] } : undefined);
  const [weights, facts, records, cases] = await Promise.all([
    resolveWeights(ctx, db, opts.weightsVersion),
    repo.priorityFactsOf(db, readable),
    mayReadHealth ? repo.healthRecordsOfMany(db, readable) : [],
    opts.loaded ? opts.loaded.cases.filter((c) => readableSet.has(c.personId)) : casesOf(db, readable),
  ]);
  const casesBy = groupBy(cases, (c) => c.personId);
  const recordsBy = groupBy(records, (r) => r.personId);
  const out = new Map<string, PersonPriority>();
  for (const p of people) {
    const release = releaseDatesFromCases(p.id, casesBy.get(p.id) ?? [], asOf, p);
    const health = healthFromRecords(recordsBy.get(p.id) ?? []);
    const result = computePriority(priorityInput(p, facts.get(p.id), health, release.current?.releaseDate ?? null, asOf), weights);
    out.set(p.id, { ...redact(result, mayReadHealth, mayReadCases), personId: p.id, asOf, healthDetailsShown: mayReadHealth });
  }
  return out;
}
