import * as repo from "../../db/repositories/appeals.js";
import { regionValue } from "../../domain/vocabulary/regions.js";
import { activeUsersWithRole, findUserById } from "../../db/repositories/users.js";
import { parseBirthDate } from "../../domain/names/index.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { invalid, notFound, ServiceError } from "../errors.js";
import { authorize } from "../policy.js";
import { createPersonIn, loadPersonFor, tx } from "../people.js";
import { birthDateInput, personInput } from "../personInput.js";
import { rememberConfirmedDistinct, throughTheDoor } from "../duplicates.js";
import { appealDetailsInput, assignInput, closeInput, createPersonFromAppealInput, linkInput, mergeInput, noteInput } from "./input.js";
import { applyChange, assertOpen, loadAppealFor } from "./shared.js";
import { appealEvidence, noteAppealEvidence } from "./suggest.js";
import { keysOfUser } from "../assignees.js";

// Triage actions. Each one: load the appeal in the caller's organisation, authorize `triage`, change the row,
// append to the appeal's history and the audit chain — in one transaction.

export async function startReview(ctx: ServiceContext, id: string) {
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    if (row.status === "merged") throw new ServiceError("conflict", "this appeal was merged into another one; act on that one");
    return applyChange(db, ctx, row, { kind: "review", toStatus: "in_review", values: { closeReason: null }, audit: "appeal.statusChanged" });
  });
}

export async function updateAppealDetails(ctx: ServiceContext, id: string, input: unknown) {
  const patch = appealDetailsInput.parse(input);
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(row[k]));
    if (!changed.length) return row;
    const after = await applyChange(db, ctx, row, { kind: "details", values: patch, audit: "appeal.updated", detail: { fields: changed } });
    if (changed.includes("heldName") || changed.includes("heldBirthDate")) noteAppealEvidence(ctx.db, row.organisationId, id, appealEvidence(after));
    return after;
  });
}

export async function linkAppealToPerson(ctx: ServiceContext, id: string, input: unknown) {
  const { personId } = linkInput.parse(input);
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    assertOpen(row);
    await loadPersonFor(db, ctx, personId, "read");
    return linkIn(db, ctx, row, personId, "appeal.linked");
  });
}

async function linkIn(db: Parameters<typeof applyChange>[0], ctx: ServiceContext, row: repo.AppealRow, personId: string, audit: "appeal.linked" | "appeal.personCreated") {
  // Legal help already assigned stays the more advanced stage; otherwise the family sees "added to the registry".
  const toStatus = row.status === "legal_help_assigned" ? "legal_help_assigned" : "added_to_registry";
  const detail = { personId, ...(row.linkedPersonId && row.linkedPersonId !== personId ? { previousPersonId: row.linkedPersonId } : {}) };
  const after = await applyChange(db, ctx, row, { kind: audit === "appeal.linked" ? "linked" : "personCreated", toStatus, values: { linkedPersonId: personId }, audit, detail });
  if (row.assigneeId) await grantLawyer(db, ctx, personId, row.assigneeId);
  return after;
}

async function grantLawyer(db: Parameters<typeof applyChange>[0], ctx: ServiceContext, personId: string, userId: string): Promise<void> {
  const keys = keysOfUser(ctx, userId);
  // The audit names the assignee by the keyed hash too: the log must not say who works on whom either.
  if (await repo.assignPersonToUser(db, personId, keys))
    await recordAudit(db, ctx.actor, { type: "person.assigned", targetType: "person", targetId: personId, detail: { assignee: keys[0], via: "appeal" } }, ctx.now());
}

/** "12.03.1985", "1985-3-12" or "1985" as the family wrote it, in the registry's form; null when unreadable. */
export function registryBirthDate(given: string | null): string | null {
  const b = parseBirthDate(given);
  if (!b) return null;
  const full = b.month && b.day ? `${b.year}-${String(b.month).padStart(2, "0")}-${String(b.day).padStart(2, "0")}` : null;
  if (full && birthDateInput.safeParse(full).success) return full;
  return birthDateInput.safeParse(String(b.year)).success ? String(b.year) : null;
}

export async function createPersonFromAppeal(ctx: ServiceContext, id: string, input: unknown) {
  const o = createPersonFromAppealInput.parse(input);
  authorize(ctx.actor, "create", "person");
  const valuesOf = (row: repo.AppealRow) => {
    const primaryName = o.primaryName ?? row.heldName;
    if (!primaryName) throw invalid("the appeal names nobody: give primaryName");
    return personInput.parse({
      primaryName,
      alternateNames: o.alternateNames,
      sex: o.sex,
      birthDate: o.birthDate !== undefined ? o.birthDate : registryBirthDate(row.heldBirthDate),
      homeRegion: regionValue(o.homeRegion),
      facilityName: o.facilityName ?? null,
      category: o.category,
      publicityConsent: row.publicityConsent,
      exchangeConsent: row.exchangeConsent,
    });
  };
  // The door, as for any new person: check and create as one step (on PostgreSQL across processes and hosts).
  const evidence = valuesOf(await loadAppealFor(ctx.db, ctx, id, "triage"));
  return throughTheDoor(ctx, evidence, o.confirmDistinct, (check) =>
    tx(ctx, async (db) => {
      const { found, warnings } = await check(db);
      const row = await loadAppealFor(db, ctx, id, "triage");
      assertOpen(row);
      if (row.linkedPersonId) throw new ServiceError("conflict", "this appeal is linked to a registry person already");
      const p = await createPersonIn(db, ctx, valuesOf(row));
      await rememberConfirmedDistinct(db, ctx, p.id, found.matches.map((m) => m.id));
      const after = await linkIn(db, ctx, row, p.id, "appeal.personCreated");
      return { appeal: after, personId: p.id, warnings };
    }),
  );
}

export async function mergeAppeals(ctx: ServiceContext, id: string, input: unknown) {
  const { intoId } = mergeInput.parse(input);
  if (intoId === id) throw invalid("an appeal cannot be merged into itself");
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    assertOpen(row);
    let target = await loadAppealFor(db, ctx, intoId, "triage");
    // Merge into the surviving appeal of a chain; refuse cycles.
    for (let hops = 0; target.status === "merged" && target.mergedIntoId; hops++) {
      if (hops > 20 || target.mergedIntoId === id) throw new ServiceError("conflict", "these appeals are merged the other way already");
      target = await loadAppealFor(db, ctx, target.mergedIntoId, "triage");
    }
    if (target.id === id) throw new ServiceError("conflict", "these appeals are merged the other way already");
    const after = await applyChange(db, ctx, row, { kind: "merged", toStatus: "merged", values: { mergedIntoId: target.id }, audit: "appeal.merged", detail: { into: target.id } });
    // The surviving appeal keeps what the duplicate knew: its link to the registry and its assignee.
    const carry: Partial<repo.AppealInsert> = {};
    if (!target.linkedPersonId && row.linkedPersonId) carry.linkedPersonId = row.linkedPersonId;
    if (!target.assigneeId && row.assigneeId) Object.assign(carry, { assigneeId: row.assigneeId, assigneeKey: keysOfUser(ctx, row.assigneeId)[0] });
    const survivor = await applyChange(db, ctx, target, { kind: "mergedFrom", values: carry, audit: "appeal.merged", detail: { from: row.id, carried: Object.keys(carry) } });
    // A lawyer now responsible for a linked person must be able to see that person.
    if (Object.keys(carry).length && survivor.linkedPersonId && survivor.assigneeId) await grantLawyer(db, ctx, survivor.linkedPersonId, survivor.assigneeId);
    return { appeal: after, intoId: target.id };
  });
}

export async function requestAppealInfo(ctx: ServiceContext, id: string, input: unknown) {
  const { note } = noteInput.parse(input ?? {});
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    assertOpen(row);
    return applyChange(db, ctx, row, { kind: "infoRequested", toStatus: "needs_info", audit: "appeal.infoRequested", note });
  });
}

export async function assignAppealLawyer(ctx: ServiceContext, id: string, input: unknown) {
  const { userId } = assignInput.parse(input);
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    assertOpen(row);
    const user = await findUserById(db, userId);
    if (!user || user.organisationId !== actorOrganisationId(ctx.actor) || !user.active) throw notFound("user");
    if (user.role !== "lawyer") throw invalid("only a lawyer can be assigned to give legal help");
    const after = await applyChange(db, ctx, row, {
      kind: "lawyerAssigned",
      toStatus: "legal_help_assigned",
      // Sealed, with its keyed hash for the filters: the row does not say who works on whom either.
      values: { assigneeId: userId, assigneeKey: keysOfUser(ctx, userId)[0] },
      audit: "appeal.lawyerAssigned",
      // The lawyer by the keyed hash, as person.assigned: the log must not say who works on whom.
      detail: { assignee: keysOfUser(ctx, userId)[0], personId: row.linkedPersonId },
    });
    // The lawyer needs the person as well as the appeal: the person policy's condition is the assignment.
    if (row.linkedPersonId) await grantLawyer(db, ctx, row.linkedPersonId, userId);
    return after;
  });
}

export async function closeAppeal(ctx: ServiceContext, id: string, input: unknown) {
  const { reason, note } = closeInput.parse(input);
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, id, "triage");
    assertOpen(row);
    return applyChange(db, ctx, row, { kind: "closed", toStatus: "closed", values: { closeReason: reason }, audit: "appeal.closed", detail: { reason }, note });
  });
}

/** The lawyers an appeal can be assigned to: names and ids only, for the coordinators who triage. */
export async function listAssignableLawyers(ctx: ServiceContext) {
  authorize(ctx.actor, "triage", "appeal");
  return activeUsersWithRole(ctx.db, actorOrganisationId(ctx.actor), "lawyer");
}
