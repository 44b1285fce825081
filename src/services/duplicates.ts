/**
 * One person, one record — at the door. Before a person is created (API, staff app, appeal → new person, import)
 * the matcher compares them with the registry: a `match` is refused with the candidates unless the caller
 * confirms they are a different person (`confirmDistinct`), a `possible` is a warning. A confirmed pair is
 * remembered (person_distinct_pair) so neither the duplicates screen nor the list guard raises it again.
 */
import { z } from "zod";
import type { Db } from "../db/client.js";
import * as identity from "../db/repositories/identity.js";
import type { PersonRow } from "../db/repositories/people.js";
import type { Verdict } from "../domain/names/index.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "./context.js";
import { invalid, ServiceError } from "./errors.js";
import { createPerson, loadPersonFor, tx } from "./people.js";
import { personInput } from "./personInput.js";
import { authorize } from "./policy.js";
import { registryIndex } from "./reconcile.js";

export interface DuplicateCandidate {
  id: string;
  name: string;
  /** "YYYY-MM-DD" or "YYYY"; null when the registry does not know it. */
  birthDate: string | null;
  score: number;
  verdict: Verdict;
  explanation: string[];
}

export interface ProbableDuplicates {
  /** The matcher says `match`: creating needs `confirmDistinct`. */
  matches: DuplicateCandidate[];
  /** The matcher says `possible`: worth a look, not a refusal. */
  possible: DuplicateCandidate[];
}

/** What the matcher needs of a person about to be created (the create input, or an import row). */
export interface NewPersonEvidence {
  primaryName: string;
  alternateNames?: string[] | undefined;
  birthDate?: string | null | undefined;
  homeRegion?: string | null | undefined;
  category?: string | null | undefined;
  sex?: "male" | "female" | "unknown" | null | undefined;
}

/**
 * Registered people the matcher takes for this one, best first. Reusable by the importer: it reads the
 * registry index outside any transaction (call it before opening one). `exceptIds` leaves records out (the
 * person themself, when asking about an existing record).
 */
export async function findProbableDuplicates(ctx: ServiceContext, input: NewPersonEvidence, opts: { exceptIds?: string[]; limit?: number } = {}): Promise<ProbableDuplicates> {
  authorize(ctx.actor, "create", "person");
  const registry = await registryIndex(ctx, actorOrganisationId(ctx.actor));
  const except = new Set(opts.exceptIds ?? []);
  const found = registry.index.best(
    {
      names: [input.primaryName, ...(input.alternateNames ?? [])].filter((n) => n.trim() !== ""),
      birthDate: input.birthDate ?? null,
      region: input.homeRegion ?? null,
      category: input.category ?? null,
      sex: input.sex && input.sex !== "unknown" ? input.sex : null,
    },
    opts.limit ?? 5,
  );
  const out: ProbableDuplicates = { matches: [], possible: [] };
  for (const c of found) {
    const p = registry.byId.get(c.id);
    if (!p || except.has(c.id) || c.verdict === "none") continue;
    const candidate: DuplicateCandidate = { id: p.id, name: p.primaryName, birthDate: p.birthDate, score: Math.round(c.score * 1000) / 1000, verdict: c.verdict, explanation: c.explanation };
    (c.verdict === "match" ? out.matches : out.possible).push(candidate);
  }
  return out;
}

/** The refusal at the door: 409 `{ error: "probableDuplicate", candidates }`. */
export class ProbableDuplicate extends ServiceError {
  constructor(readonly candidates: DuplicateCandidate[]) {
    super("conflict", "this may be a person already in the registry: merge, or send confirmDistinct: true if it is someone else", { candidates }, "probableDuplicate");
  }
}

export interface DoorWarning {
  code: "possibleDuplicate";
  message: string;
  candidates: DuplicateCandidate[];
}

/** The door's verdict on already-found candidates: throws on a `match` unless confirmed; returns the warnings. */
export function checkAtTheDoor(found: ProbableDuplicates, confirmDistinct: boolean | undefined): DoorWarning[] {
  if (found.matches.length && !confirmDistinct) throw new ProbableDuplicate(found.matches);
  return found.possible.length ? [{ code: "possibleDuplicate", message: "this may be a person already in the registry", candidates: found.possible }] : [];
}

/** Remember, inside the creating transaction, that the new record is not the candidates it was confirmed against. */
export async function rememberConfirmedDistinct(db: Parameters<typeof identity.insertDistinctPairs>[0], ctx: ServiceContext, personId: string, overridden: string[]): Promise<void> {
  if (!overridden.length) return;
  await identity.insertDistinctPairs(db, actorOrganisationId(ctx.actor), overridden.map((id) => [personId, id]), actorUserId(ctx.actor), ctx.now());
  await recordAudit(db, ctx.actor, { type: "person.distinctConfirmed", targetType: "person", targetId: personId, detail: { overriddenCandidates: overridden } }, ctx.now());
}

export const registerPersonInput = personInput.extend({
  /** The caller saw the candidates and says this is someone else: created anyway, the pairs remembered. */
  confirmDistinct: z.boolean().optional(),
});
export type RegisterPersonInput = z.input<typeof registerPersonInput>;

/** Create a person through the door: the matcher first (`POST /api/v1/people`, the staff app). */
export async function registerPerson(ctx: ServiceContext, input: RegisterPersonInput): Promise<{ person: PersonRow; warnings: DoorWarning[] }> {
  authorize(ctx.actor, "create", "person");
  const { confirmDistinct, ...values } = registerPersonInput.parse(input);
  return throughTheDoor(ctx, values, confirmDistinct, async (check) => {
    let door!: DoorCheck;
    const person = await createPerson(
      ctx,
      values,
      (db, row) =>
        rememberConfirmedDistinct(
          db,
          ctx,
          row.id,
          door.found.matches.map((m) => m.id),
        ),
      async (db) => void (door = await check(db)),
    );
    return { person, warnings: door.warnings };
  });
}

export interface DoorCheck {
  found: ProbableDuplicates;
  warnings: DoorWarning[];
}

/**
 * The door's check and the create as one step per organisation, so that the same person sent twice at once (a
 * double click, a retried request, two workers or hosts) passes the check only once: the reads of the person index
 * do not wait for a write still running.
 * - Within a runtime the steps are queued per organisation (`oneAtTheDoor`): the next check begins after the
 *   previous create has ended, so the index has it.
 * - On PostgreSQL other processes and hosts create too: `create` opens the creating transaction and calls
 *   `check(db)` first in it, which takes the organisation's door lock (pg_advisory_xact_lock, held until commit)
 *   and only then reads the person index — caught up from the change feed after the lock was granted, so it holds
 *   every person created through the door before. A match found then is the same 409 (ProbableDuplicate).
 * - On PGlite (one process) the check runs before the transaction, as the index cannot be caught up while the
 *   transaction holds the one connection.
 * `check` throws ProbableDuplicate (409) on a match without `confirmDistinct`.
 */
export function throughTheDoor<T>(ctx: ServiceContext, evidence: NewPersonEvidence, confirmDistinct: boolean | undefined, create: (check: (db: Db) => Promise<DoorCheck>) => Promise<T>): Promise<T> {
  const organisationId = actorOrganisationId(ctx.actor);
  const checkNow = async (at: ServiceContext = ctx): Promise<DoorCheck> => {
    const found = await findProbableDuplicates(at, evidence);
    return { found, warnings: checkAtTheDoor(found, confirmDistinct) };
  };
  return oneAtTheDoor(ctx, organisationId, async () => {
    if (ctx.dbKind === "postgres")
      return create(async (db) => {
        await identity.lockTheDoor(db, organisationId);
        // Caught up from a question asked after the lock was granted, not from one since the request arrived.
        return checkNow({ ...ctx, since: performance.now() });
      });
    const early = await checkNow();
    return create(() => Promise.resolve(early));
  });
}

/**
 * A bulk write that creates people (an import's batch) through the same door: queued with single creates in this
 * runtime, and on PostgreSQL its transaction takes the organisation's door lock first, so a create through the door
 * elsewhere is either committed before it (and the batch's late check sees it: import/lateComers.ts) or waits
 * for it (and its own check sees the batch's people).
 */
export function throughTheDoorInBulk<T>(ctx: ServiceContext, write: (db: Db) => Promise<T>): Promise<T> {
  const organisationId = actorOrganisationId(ctx.actor);
  return oneAtTheDoor(ctx, organisationId, () =>
    tx(ctx, async (db) => {
      if (ctx.dbKind === "postgres") await identity.lockTheDoor(db, organisationId);
      return write(db);
    }),
  );
}

// Per runtime (its person index), per organisation: two runtimes in one process are two servers, as two processes are.
const doorQueues = new WeakMap<object, Map<string, Promise<unknown>>>();

function oneAtTheDoor<T>(ctx: ServiceContext, organisationId: string, step: () => Promise<T>): Promise<T> {
  let queues = doorQueues.get(ctx.people);
  if (!queues) doorQueues.set(ctx.people, (queues = new Map()));
  const run = (queues.get(organisationId) ?? Promise.resolve()).then(step);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(organisationId, settled);
  void settled.then(() => queues.get(organisationId) === settled && queues.delete(organisationId));
  return run;
}

export const confirmDistinctInput = z.object({ otherId: z.uuid() });

/** Two existing records are two people (from the duplicates screen or an exchange list's freeze check). */
export async function confirmDistinctPeople(ctx: ServiceContext, personId: string, input: unknown): Promise<{ ok: true }> {
  const { otherId } = confirmDistinctInput.parse(input);
  if (otherId === personId) throw invalid("a record cannot be distinct from itself");
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "update");
    await loadPersonFor(db, ctx, otherId, "update");
    await identity.insertDistinctPairs(db, actorOrganisationId(ctx.actor), [[personId, otherId]], actorUserId(ctx.actor), ctx.now());
    await recordAudit(db, ctx.actor, { type: "person.distinctConfirmed", targetType: "person", targetId: personId, detail: { overriddenCandidates: [otherId] } }, ctx.now());
    return { ok: true as const };
  });
}
