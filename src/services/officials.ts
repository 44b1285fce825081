import { z } from "zod";
import type { Db } from "../db/client.js";
import { assignedPersonIds } from "../db/repositories/people.js";
import * as repo from "../db/repositories/officials.js";
import { publicBodyKinds } from "../db/schema/official.js";
import { MATCH_THRESHOLD } from "../domain/names/index.js";
import { OfficialNameIndex, summariseRecord, type OfficialRecordSummary } from "../domain/officials.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { conflict, invalid, notFound } from "./errors.js";
import { nameRows, tx } from "./people.js";
import { patchOf } from "./patch.js";
import { isoDate } from "./personInput.js";
import { authorize, can, type Action } from "./policy.js";
import { keysOfUser, lawyerKeys } from "./assignees.js";

// Officials behind political cases: create, edit, read (per role), sealed private details. Links to cases and the
// review of proposed links are in officialLinks.ts; exports in officialExport.ts. See docs/officials.md.

export const positionInput = z.object({
  bodyId: z.uuid().nullish(),
  /** A body by name: found or created in the same transaction (forms and imports rarely know ids). */
  bodyName: z.string().trim().min(1).max(300).nullish(),
  position: z.string().trim().min(1).max(300),
  rank: z.string().trim().max(200).nullish(),
  region: z.string().trim().max(200).nullish(),
  fromDate: isoDate.nullish(),
  toDate: isoDate.nullish(),
  sourceId: z.uuid().nullish(),
});

export const privateDetailsInput = z.object({
  homeAddress: z.string().trim().max(1000).nullish(),
  relatives: z.string().trim().max(4000).nullish(),
  phone: z.string().trim().max(200).nullish(),
});
export type OfficialPrivateDetails = z.infer<typeof privateDetailsInput>;

export const officialInput = z.object({
  primaryName: z.string().trim().min(1).max(300),
  nameLatin: z.string().trim().max(300).nullish(),
  alternateNames: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  birthDate: isoDate.nullish(),
  notes: z.string().max(10_000).nullish(),
  positions: z.array(positionInput).max(100).default([]),
  private: privateDetailsInput.nullish(),
  isDemo: z.boolean().default(false),
  /** Create even though the matcher finds an official of the same name (a namesake, not the same person). */
  confirmDuplicate: z.boolean().default(false),
});
export const officialPatch = patchOf(officialInput).omit({ isDemo: true, confirmDuplicate: true });

export const bodyInput = z.object({
  name: z.string().trim().min(1).max(300),
  nameLatin: z.string().trim().max(300).nullish(),
  kind: z.enum(publicBodyKinds).default("other"),
  region: z.string().trim().max(200).nullish(),
});

const isLawyer = (ctx: ServiceContext) => ctx.actor.kind === "user" && ctx.actor.role === "lawyer";
const isVolunteer = (ctx: ServiceContext) => ctx.actor.kind === "user" && ctx.actor.role === "volunteer";

/** Load an official of the actor's organisation for an action; absent and not-visible read the same (404). */
export async function loadOfficialFor(db: Db, ctx: ServiceContext, id: string, action: Action): Promise<repo.OfficialRow> {
  const organisationId = actorOrganisationId(ctx.actor);
  const row = await repo.findOfficial(db, organisationId, id);
  if (!row) throw notFound("official");
  const keys = lawyerKeys(ctx);
  const subject = keys && ctx.actor.kind === "user" ? { assignedUserIds: (await repo.assignedToCasesOf(db, id, keys)) ? [ctx.actor.userId] : [] } : undefined;
  if (!can(ctx.actor, "read", "official", subject)) throw notFound("official");
  authorize(ctx.actor, action, "official", subject);
  return row;
}

async function bodyIdFor(db: Db, organisationId: string, p: z.infer<typeof positionInput>, isDemo: boolean): Promise<string | null> {
  if (p.bodyId) {
    const known = await repo.bodiesByIds(db, [p.bodyId]);
    if (known.get(p.bodyId)?.organisationId !== organisationId) throw invalid(`positions: no public body with id ${p.bodyId}`);
    return p.bodyId;
  }
  if (!p.bodyName) return null;
  const existing = await repo.findBodyByName(db, organisationId, p.bodyName);
  return (existing ?? (await repo.insertBody(db, { organisationId, name: p.bodyName, region: p.region ?? null, isDemo }))).id;
}

async function writePositions(db: Db, ctx: ServiceContext, officialId: string, positions: z.infer<typeof positionInput>[], isDemo: boolean) {
  const organisationId = actorOrganisationId(ctx.actor);
  const rows = [];
  for (const p of positions) {
    if (p.fromDate && p.toDate && p.toDate < p.fromDate) throw invalid(`positions: "${p.position}" ends (${p.toDate}) before it starts (${p.fromDate})`);
    if (p.sourceId && !(await repo.findSource(db, organisationId, p.sourceId))) throw invalid(`positions: no source with id ${p.sourceId}`);
    rows.push({ bodyId: await bodyIdFor(db, organisationId, p, isDemo), position: p.position, rank: p.rank ?? null, region: p.region ?? null, fromDate: p.fromDate ?? null, toDate: p.toDate ?? null, sourceId: p.sourceId ?? null });
  }
  await repo.replacePositions(db, officialId, rows);
}

function sealPrivate(ctx: ServiceContext, p: OfficialPrivateDetails | null | undefined): string | null {
  if (!p || !Object.values(p).some((v) => v)) return null;
  return ctx.cipher.sealJson(p);
}

/** Create an official inside an existing transaction (the API, the link review and the demo use it). */
export async function createOfficialIn(db: Db, ctx: ServiceContext, v: z.output<typeof officialInput>): Promise<repo.OfficialRow> {
  const organisationId = actorOrganisationId(ctx.actor);
  const row = await repo.insertOfficial(db, { organisationId, primaryName: v.primaryName, nameLatin: v.nameLatin ?? null, birthDate: v.birthDate ?? null, notes: v.notes ?? null, privateEnc: sealPrivate(ctx, v.private), isDemo: v.isDemo });
  await repo.replaceOfficialNames(db, row.id, nameRows(v.primaryName, [...(v.nameLatin ? [v.nameLatin] : []), ...v.alternateNames]));
  await writePositions(db, ctx, row.id, v.positions, v.isDemo);
  // Names of officials are public acts of office, but the audit log keeps to facts about the change.
  await recordAudit(db, ctx.actor, { type: "official.created", targetType: "official", targetId: row.id, detail: { positions: v.positions.length, private: v.private ? "sealed" : null, isDemo: v.isDemo } }, ctx.now());
  return row;
}

/**
 * An existing official the new one is probably the same person as: a spelling at the matcher's "match" verdict
 * (across scripts and initials) and no birth date that tells them apart.
 */
async function sameNamedOfficial(db: Db, organisationId: string, v: z.output<typeof officialInput>): Promise<repo.OfficialRow | null> {
  const index = new OfficialNameIndex();
  for (const o of await repo.officialsForMatching(db, organisationId)) index.add(o.id, o.names);
  for (const name of [v.primaryName, v.nameLatin, ...v.alternateNames]) {
    const hit = name ? index.best(name) : null;
    if (!hit || hit.score < MATCH_THRESHOLD) continue;
    const existing = await repo.findOfficial(db, organisationId, hit.id);
    if (existing && !(existing.birthDate && v.birthDate && existing.birthDate !== v.birthDate)) return existing;
  }
  return null;
}

export async function createOfficial(ctx: ServiceContext, input: unknown) {
  authorize(ctx.actor, "create", "official");
  const v = officialInput.parse(input);
  return tx(ctx, async (db) => {
    const same = v.confirmDuplicate ? null : await sameNamedOfficial(db, actorOrganisationId(ctx.actor), v);
    if (same) throw conflict(`an official named "${same.primaryName}" exists: confirm that this is a different person`);
    return createOfficialIn(db, ctx, v);
  });
}

/** PATCH semantics: a key left out is unchanged; null clears it; `positions`/`alternateNames` replace the list. */
export async function updateOfficial(ctx: ServiceContext, id: string, input: unknown) {
  const patch = officialPatch.parse(input);
  return tx(ctx, async (db) => {
    const before = await loadOfficialFor(db, ctx, id, "update");
    const values: Partial<repo.OfficialInsert> = {};
    if (patch.primaryName !== undefined) values.primaryName = patch.primaryName;
    if (patch.nameLatin !== undefined) values.nameLatin = patch.nameLatin ?? null;
    if (patch.birthDate !== undefined) values.birthDate = patch.birthDate ?? null;
    if (patch.notes !== undefined) values.notes = patch.notes ?? null;
    if (patch.private !== undefined) values.privateEnc = sealPrivate(ctx, patch.private);
    const after = await repo.updateOfficialRow(db, id, values);
    if (patch.primaryName !== undefined || patch.nameLatin !== undefined || patch.alternateNames !== undefined) {
      const current = (await repo.officialNamesOf(db, [id])).get(id) ?? [];
      const alternates = patch.alternateNames ?? current.filter((n) => !n.isPrimary && n.name !== before.nameLatin).map((n) => n.name);
      await repo.replaceOfficialNames(db, id, nameRows(after.primaryName, [...(after.nameLatin ? [after.nameLatin] : []), ...alternates]));
    }
    if (patch.positions) await writePositions(db, ctx, id, patch.positions, before.isDemo);
    await recordAudit(db, ctx.actor, { type: "official.updated", targetType: "official", targetId: id, detail: { changed: Object.keys(patch) } }, ctx.now());
    return after;
  });
}

export async function deleteOfficial(ctx: ServiceContext, id: string) {
  return tx(ctx, async (db) => {
    await loadOfficialFor(db, ctx, id, "delete");
    await repo.deleteOfficialRow(db, id);
    await recordAudit(db, ctx.actor, { type: "official.deleted", targetType: "official", targetId: id }, ctx.now());
  });
}

export interface OfficialRoleView {
  id: string;
  role: string;
  fromDate: string | null;
  toDate: string | null;
  note: string | null;
  bodyId: string | null;
  sourceId: string | null;
  case: repo.CaseFacts;
}

export interface OfficialDetail {
  official: repo.OfficialRow;
  names: { name: string; script: string; isPrimary: boolean }[];
  positions: Awaited<ReturnType<typeof repo.positionsOf>>;
  sources: Awaited<ReturnType<typeof repo.sourcesOfOfficials>>;
  roles: OfficialRoleView[];
  summary: OfficialRecordSummary;
  bodies: Map<string, repo.PublicBodyRow>;
  canReadSensitive: boolean;
  /** Roles in cases the viewer may not see (a lawyer's other cases) are left out; this says how many. */
  hiddenRoles: number;
}

/** The roles of an official the viewer may see, with each case's facts. */
export async function visibleRoles(db: Db, ctx: ServiceContext, officialId: string): Promise<{ roles: OfficialRoleView[]; hidden: number }> {
  const organisationId = actorOrganisationId(ctx.actor);
  const roles = await repo.rolesOfOfficials(db, [officialId]);
  const facts = new Map((await repo.caseFacts(db, organisationId, [...new Set(roles.map((r) => r.caseId))])).map((c) => [c.caseId, c]));
  let visible = roles.filter((r) => facts.has(r.caseId));
  if (isVolunteer(ctx)) visible = [];
  else if (isLawyer(ctx) && ctx.actor.kind === "user") {
    const mine = await assignedPersonIds(db, keysOfUser(ctx, ctx.actor.userId), [...new Set(visible.map((r) => facts.get(r.caseId)!.personId))]);
    visible = visible.filter((r) => mine.has(facts.get(r.caseId)!.personId));
  }
  return {
    roles: visible.map((r) => ({ id: r.id, role: r.role, fromDate: r.fromDate, toDate: r.toDate, note: r.note, bodyId: r.bodyId, sourceId: r.sourceId, case: facts.get(r.caseId)! })),
    hidden: roles.length - visible.length,
  };
}

export async function getOfficial(ctx: ServiceContext, id: string): Promise<OfficialDetail> {
  const db = ctx.db;
  const o = await loadOfficialFor(db, ctx, id, "read");
  const [names, positions, sources, { roles, hidden }] = await Promise.all([repo.officialNamesOf(db, [id]), repo.positionsOf(db, [id]), repo.sourcesOfOfficials(db, [id]), visibleRoles(db, ctx, id)]);
  const bodies = await repo.bodiesByIds(db, [...new Set(roles.map((r) => r.bodyId).filter((x): x is string => !!x))]);
  const summary = summariseRecord(
    roles.map((r) => ({ caseId: r.case.caseId, role: r.role, fromDate: r.fromDate, toDate: r.toDate })),
    roles.map((r) => r.case),
  );
  return { official: o, names: names.get(id) ?? [], positions, sources, roles, summary, bodies, canReadSensitive: can(ctx.actor, "readSensitive", "official"), hiddenRoles: hidden };
}

export async function listOfficials(ctx: ServiceContext, input: { q?: string | undefined; limit?: number | undefined; offset?: number | undefined; ids?: string[] | undefined }) {
  const lawyer = isLawyer(ctx) && ctx.actor.kind === "user" ? ctx.actor.userId : undefined;
  authorize(ctx.actor, "list", "official", lawyer ? { assignedUserIds: [lawyer] } : undefined);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const offset = Math.max(input.offset ?? 0, 0);
  const r = await repo.listOfficials(ctx.db, { organisationId: actorOrganisationId(ctx.actor), q: input.q, assignedTo: lawyerKeys(ctx), ids: input.ids }, { limit, offset });
  const ids = r.rows.map((o) => o.id);
  const [names, positions] = await Promise.all([repo.officialNamesOf(ctx.db, ids), repo.positionsOf(ctx.db, ids)]);
  return { ...r, limit, offset, names, positions };
}

/** The sealed private details (home address, relatives, phone): readSensitive only, and every read is audited. */
export async function readOfficialPrivate(ctx: ServiceContext, id: string): Promise<OfficialPrivateDetails> {
  return tx(ctx, async (db) => {
    const o = await loadOfficialFor(db, ctx, id, "readSensitive");
    await recordAudit(db, ctx.actor, { type: "official.sensitiveRead", targetType: "official", targetId: id, detail: { fields: ["homeAddress", "relatives", "phone"] } }, ctx.now());
    return o.privateEnc ? ctx.cipher.openJson<OfficialPrivateDetails>(o.privateEnc) : {};
  });
}

export const officialSourceInput = z.object({ sourceId: z.uuid(), note: z.string().max(2000).nullish() });

export async function citeOfficialSource(ctx: ServiceContext, id: string, input: unknown) {
  const v = officialSourceInput.parse(input);
  return tx(ctx, async (db) => {
    await loadOfficialFor(db, ctx, id, "update");
    if (!(await repo.findSource(db, actorOrganisationId(ctx.actor), v.sourceId))) throw notFound("source");
    await repo.citeOfficialSource(db, id, v.sourceId, v.note ?? null);
    await recordAudit(db, ctx.actor, { type: "official.sourceCited", targetType: "official", targetId: id, detail: { sourceId: v.sourceId } }, ctx.now());
  });
}

export async function listPublicBodies(ctx: ServiceContext, q?: string) {
  authorize(ctx.actor, "list", "official", isLawyer(ctx) && ctx.actor.kind === "user" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  return repo.listBodies(ctx.db, actorOrganisationId(ctx.actor), q);
}

export async function createPublicBody(ctx: ServiceContext, input: unknown) {
  authorize(ctx.actor, "create", "official");
  const v = bodyInput.parse(input);
  const organisationId = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    if (await repo.findBodyByName(db, organisationId, v.name)) throw conflict(`a public body named "${v.name}" exists`);
    const row = await repo.insertBody(db, { organisationId, name: v.name, nameLatin: v.nameLatin ?? null, kind: v.kind, region: v.region ?? null });
    await recordAudit(db, ctx.actor, { type: "publicBody.created", targetType: "publicBody", targetId: row.id, detail: { kind: v.kind } }, ctx.now());
    return row;
  });
}
