import { and, asc, eq, inArray, isNotNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/officials.js";
import { criminalCase } from "../db/schema/case.js";
import { caseRoles, official, officialCaseRole, officialLinkProposal, type CaseRole } from "../db/schema/official.js";
import { person } from "../db/schema/person.js";
import { namesInFreeText, OfficialNameIndex, sameOfficialName } from "../domain/officials.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "./context.js";
import { invalid, notFound } from "./errors.js";
import { createOfficialIn, loadOfficialFor, officialInput } from "./officials.js";
import { loadPersonFor, nameRows, personSubject, tx } from "./people.js";
import { isoDate } from "./personInput.js";
import { authorize } from "./policy.js";

// Officials in cases: linking by hand, everyone involved in a case, and the review of links proposed from the
// cases' free-text judge and prosecutor fields (never linked silently).

export const caseRoleInput = z.object({
  caseId: z.uuid(),
  role: z.enum(caseRoles),
  bodyId: z.uuid().nullish(),
  fromDate: isoDate.nullish(),
  toDate: isoDate.nullish(),
  note: z.string().max(2000).nullish(),
  sourceId: z.uuid().nullish(),
});

/** The case's person, loaded for the actor (404 when not visible), and the actor allowed to `action` the case. */
async function loadCaseFor(db: Db, ctx: ServiceContext, caseId: string, action: "read" | "update") {
  const owner = await repo.caseOwner(db, caseId);
  if (!owner || owner.organisationId !== actorOrganisationId(ctx.actor)) throw notFound("case");
  await loadPersonFor(db, ctx, owner.personId, "read");
  authorize(ctx.actor, action, "case", await personSubject(db, ctx, owner.personId));
  return owner;
}

export async function linkOfficialToCase(ctx: ServiceContext, officialId: string, input: unknown) {
  const v = caseRoleInput.parse(input);
  if (v.fromDate && v.toDate && v.toDate < v.fromDate) throw invalid(`the end date ${v.toDate} is before the start date ${v.fromDate}`);
  return tx(ctx, async (db) => {
    await loadOfficialFor(db, ctx, officialId, "update");
    await loadCaseFor(db, ctx, v.caseId, "read");
    const organisationId = actorOrganisationId(ctx.actor);
    if (v.bodyId && (await repo.bodiesByIds(db, [v.bodyId])).get(v.bodyId)?.organisationId !== organisationId) throw invalid(`bodyId: no public body with id ${v.bodyId}`);
    if (v.sourceId && !(await repo.findSource(db, organisationId, v.sourceId))) throw invalid(`sourceId: no source with id ${v.sourceId}`);
    const row = await repo.insertCaseRole(db, { officialId, caseId: v.caseId, role: v.role, bodyId: v.bodyId ?? null, fromDate: v.fromDate ?? null, toDate: v.toDate ?? null, note: v.note ?? null, sourceId: v.sourceId ?? null });
    if (!row) throw invalid("the official already has this role in this case");
    await recordAudit(db, ctx.actor, { type: "official.roleLinked", targetType: "official", targetId: officialId, detail: { caseId: v.caseId, role: v.role } }, ctx.now());
    return row;
  });
}

export async function unlinkCaseRole(ctx: ServiceContext, officialId: string, roleId: string) {
  return tx(ctx, async (db) => {
    await loadOfficialFor(db, ctx, officialId, "update");
    const role = await repo.findCaseRole(db, roleId);
    if (!role || role.officialId !== officialId) throw notFound("case role");
    await repo.deleteCaseRole(db, roleId);
    await recordAudit(db, ctx.actor, { type: "official.roleUnlinked", targetType: "official", targetId: officialId, detail: { caseId: role.caseId, role: role.role } }, ctx.now());
  });
}

/** Everyone involved in one case (investigators, prosecutors, judges …), for the case's page. */
export async function caseOfficials(ctx: ServiceContext, caseId: string) {
  await loadCaseFor(ctx.db, ctx, caseId, "read");
  return repo.rolesOfCases(ctx.db, [caseId]);
}

// Free-text field → the role it records.
const FIELDS: { field: "judge" | "prosecutor"; role: CaseRole }[] = [
  { field: "judge", role: "judge_first_instance" },
  { field: "prosecutor", role: "prosecutor" },
];

/**
 * Read every case's free-text judge and prosecutor and propose, for review, the official record each names: an
 * existing official when the matcher finds one (spellings across scripts, initials), otherwise a new record.
 * Cases already linked for that role and fields already proposed with the same text are skipped; a changed
 * text replaces a pending or rejected proposal. Returns the counts.
 */
export async function proposeOfficialLinks(ctx: ServiceContext) {
  authorize(ctx.actor, "create", "official");
  const organisationId = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    const cases = await db
      .select({ id: criminalCase.id, judge: criminalCase.judge, prosecutor: criminalCase.prosecutor })
      .from(criminalCase)
      .innerJoin(person, eq(person.id, criminalCase.personId))
      .where(and(eq(person.organisationId, organisationId), or(isNotNull(criminalCase.judge), isNotNull(criminalCase.prosecutor))));
    const caseIds = cases.map((c) => c.id);
    const [linked, existing] = caseIds.length
      ? await Promise.all([
          db.select({ caseId: officialCaseRole.caseId, role: officialCaseRole.role }).from(officialCaseRole).where(inArray(officialCaseRole.caseId, caseIds)),
          db.select().from(officialLinkProposal).where(eq(officialLinkProposal.organisationId, organisationId)),
        ])
      : [[], []];
    const hasRole = new Set(linked.map((l) => `${l.caseId}:${l.role}`));
    const proposed = new Map(existing.map((p) => [`${p.caseId}:${p.field}`, p]));
    const index = new OfficialNameIndex();
    for (const o of await repo.officialsForMatching(db, organisationId)) index.add(o.id, o.names);
    const counts = { proposed: 0, toExisting: 0, toNew: 0, skipped: 0 };
    for (const c of cases) {
      for (const { field, role } of FIELDS) {
        const text = c[field]?.trim();
        if (!text) continue;
        const before = proposed.get(`${c.id}:${field}`);
        const name = namesInFreeText(text)[0];
        if (hasRole.has(`${c.id}:${role}`) || !name || (before && (before.text === text || before.status === "accepted"))) {
          counts.skipped++;
          continue;
        }
        const hit = index.best(name);
        const values = { organisationId, caseId: c.id, field, text, role, officialId: hit?.id ?? null, score: hit?.score ?? null, status: "pending" as const, decidedBy: null, decidedAt: null };
        if (before) await db.update(officialLinkProposal).set(values).where(eq(officialLinkProposal.id, before.id));
        else await db.insert(officialLinkProposal).values(values);
        counts.proposed++;
        if (hit) counts.toExisting++;
        else counts.toNew++;
      }
    }
    await recordAudit(db, ctx.actor, { type: "official.linksProposed", targetType: "official", detail: counts }, ctx.now());
    return counts;
  });
}

export async function listLinkProposals(ctx: ServiceContext, input: { status?: "pending" | "accepted" | "rejected" | undefined; limit?: number | undefined }) {
  authorize(ctx.actor, "update", "official");
  const organisationId = actorOrganisationId(ctx.actor);
  const rows = await ctx.db
    .select({ proposal: officialLinkProposal, officialName: official.primaryName, personId: criminalCase.personId, personName: person.primaryName, court: criminalCase.court, caseNumber: criminalCase.caseNumber })
    .from(officialLinkProposal)
    .innerJoin(criminalCase, eq(criminalCase.id, officialLinkProposal.caseId))
    .innerJoin(person, eq(person.id, criminalCase.personId))
    .leftJoin(official, eq(official.id, officialLinkProposal.officialId))
    .where(and(eq(officialLinkProposal.organisationId, organisationId), eq(officialLinkProposal.status, input.status ?? "pending")))
    .orderBy(asc(officialLinkProposal.text), asc(officialLinkProposal.createdAt))
    .limit(Math.min(Math.max(input.limit ?? 200, 1), 1000));
  return rows.map((r) => ({ ...r, suggestedName: namesInFreeText(r.proposal.text)[0] ?? r.proposal.text }));
}

export const proposalDecision = z.object({
  decision: z.enum(["accept", "reject"]),
  /** Link to this official instead of the proposed one. */
  officialId: z.uuid().nullish(),
  /** For a proposal of a new record: the name to create it under (default: the name read from the text). */
  primaryName: z.string().trim().min(1).max(300).nullish(),
});

/**
 * Accept (link the case to the proposed or chosen official, creating the record when none exists, and keep the
 * spelling as an alternate name) or reject a proposal. Accepting a new record also points the other pending
 * proposals that spell the same name to it, so one judge spelled three ways becomes one record.
 */
export async function decideLinkProposal(ctx: ServiceContext, id: string, input: unknown) {
  const v = proposalDecision.parse(input);
  authorize(ctx.actor, "update", "official");
  const organisationId = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    const [p] = await db.select().from(officialLinkProposal).where(and(eq(officialLinkProposal.id, id), eq(officialLinkProposal.organisationId, organisationId)));
    if (!p) throw notFound("link proposal");
    if (p.status !== "pending") throw invalid("this proposal was decided already");
    const decided = { decidedBy: actorUserId(ctx.actor), decidedAt: ctx.now() };
    if (v.decision === "reject") {
      await db.update(officialLinkProposal).set({ status: "rejected", ...decided }).where(eq(officialLinkProposal.id, id));
      await recordAudit(db, ctx.actor, { type: "official.proposalDecided", targetType: "official", targetId: p.officialId, detail: { proposalId: id, decision: "reject" } }, ctx.now());
      return { status: "rejected" as const, officialId: p.officialId };
    }
    const spelled = namesInFreeText(p.text)[0] ?? p.text;
    let officialId = v.officialId ?? p.officialId;
    let created = false;
    if (officialId) await loadOfficialFor(db, ctx, officialId, "update");
    else {
      const o = await createOfficialIn(db, ctx, officialInput.parse({ primaryName: v.primaryName ?? spelled }));
      officialId = o.id;
      created = true;
    }
    const names = (await repo.officialNamesOf(db, [officialId])).get(officialId) ?? [];
    if (!names.some((n) => n.name.toLowerCase() === spelled.toLowerCase())) {
      const [row] = await db.select().from(official).where(eq(official.id, officialId));
      await repo.replaceOfficialNames(db, officialId, nameRows(row!.primaryName, [...names.filter((n) => !n.isPrimary).map((n) => n.name), spelled]));
    }
    const [c] = await db.select({ court: criminalCase.court }).from(criminalCase).where(eq(criminalCase.id, p.caseId));
    const bodyId = p.field === "judge" && c?.court ? await courtBodyId(db, organisationId, c.court) : null;
    await repo.insertCaseRole(db, { officialId, caseId: p.caseId, role: p.role, bodyId, sourceId: null });
    await db.update(officialLinkProposal).set({ status: "accepted", officialId, ...decided }).where(eq(officialLinkProposal.id, id));
    let alsoPointed = 0;
    if (created) {
      const open = await db.select().from(officialLinkProposal).where(and(eq(officialLinkProposal.organisationId, organisationId), eq(officialLinkProposal.status, "pending")));
      for (const o of open) {
        if (o.officialId) continue;
        const name = namesInFreeText(o.text)[0];
        if (name && sameOfficialName(name, spelled)) {
          await db.update(officialLinkProposal).set({ officialId }).where(eq(officialLinkProposal.id, o.id));
          alsoPointed++;
        }
      }
    }
    await recordAudit(db, ctx.actor, { type: "official.proposalDecided", targetType: "official", targetId: officialId, detail: { proposalId: id, decision: "accept", caseId: p.caseId, role: p.role, created, alsoPointed } }, ctx.now());
    return { status: "accepted" as const, officialId, created, alsoPointed };
  });
}

async function courtBodyId(db: Db, organisationId: string, court: string): Promise<string> {
  const existing = await repo.findBodyByName(db, organisationId, court);
  return (existing ?? (await repo.insertBody(db, { organisationId, name: court, kind: "court" }))).id;
}
