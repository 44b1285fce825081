/**
 * The review list of an import: rows the matcher would not decide alone (a `possible`, a `match` without the
 * same full birth date, several matches) and consent the importer may not change. Worked in the staff app:
 * "same person" fills the candidate's empty fields, "different person" creates the row as a new person.
 */
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { anyOf, bulkInsert, holdReferencedRows, withNewParentsOnly } from "../../db/repositories/bulk.js";
import { orderedRowId } from "../../db/rowIds.js";
import * as repo from "../../db/repositories/people.js";
import { importReview, type ImportReviewReason } from "../../db/schema/importReview.js";
import { appUser, organisation } from "../../db/schema/organisation.js";
import { person } from "../../db/schema/person.js";
import { recordAudit } from "../audit.js";
import { contentKeyOf } from "./contentKey.js";
import { actorOrganisationId, actorUserId, type Actor, type ServiceContext } from "../context.js";
import { conflict, notFound, ServiceError } from "../errors.js";
import { tx } from "../people.js";
import { authorize, can } from "../policy.js";
import type { PersonDraft } from "./draft.js";
import { applyFills, createPeople, loadForUpdate, planFill, type Conflict, type NoteSeal } from "./store.js";

/** Consent decides what is published and who is put on an exchange list: coordinators and admins only. */
export function mayChangeConsent(actor: Actor): boolean {
  return can(actor, "recordConsent", "person");
}

export interface ReviewDraft {
  file: string;
  row: number;
  reason: ImportReviewReason;
  draft: PersonDraft;
  candidateId: string | null;
  score: number | null;
  explanation: string[];
}

export { contentKeyOf } from "./contentKey.js";

// A row left for review names a person (and may carry a note): stored sealed, like the person it may become.
// Rows stored by older versions hold the draft in clear with only the note sealed, and the name in clear.
const sealDraft = (cipher: NoteSeal, draft: PersonDraft): Record<string, unknown> => ({ sealed: cipher.seal(JSON.stringify(draft)) });
function openDraft(cipher: NoteSeal, stored: Record<string, unknown>): PersonDraft {
  if (typeof stored.sealed === "string") return JSON.parse(cipher.open(stored.sealed)) as PersonDraft;
  const legacy = stored as unknown as PersonDraft;
  return { ...legacy, note: legacy.note ? cipher.open(legacy.note) : null };
}
// The explanation quotes both names ("surname: Сидоров = Сидоров"): one sealed line holds them all.
const sealLines = (cipher: NoteSeal, lines: string[]): string[] => (lines.length ? [cipher.seal(JSON.stringify(lines))] : []);
const openLines = (cipher: NoteSeal, stored: string[]): string[] =>
  stored.length === 1 && stored[0]!.startsWith("v1.") ? (JSON.parse(cipher.open(stored[0]!)) as string[]) : stored;
const openName = (cipher: NoteSeal, stored: string): string => (stored.startsWith("v1.") ? cipher.open(stored) : stored);

/**
 * Rows still waiting for a person's decision, by content. A re-import finds its rows here whatever the matcher
 * retrieves at today's registry size: a row left for review because of a person that, in a registry grown
 * tenfold, sits in a surname block too big to scan, must not be created the second time round.
 */
export async function pendingReviewsByContent(db: Db, organisationId: string, cipher: NoteSeal): Promise<Map<string, Omit<ReviewDraft, "file" | "row" | "draft">>> {
  const rows = await db
    .select({ reason: importReview.reason, candidateId: importReview.candidateId, score: importReview.score, explanation: importReview.explanation, draft: importReview.draft })
    .from(importReview)
    .where(and(eq(importReview.organisationId, organisationId), eq(importReview.status, "pending")));
  const byContent = new Map<string, Omit<ReviewDraft, "file" | "row" | "draft">>();
  for (const r of rows) byContent.set(contentKeyOf(openDraft(cipher, r.draft)), { reason: r.reason, candidateId: r.candidateId, score: r.score, explanation: openLines(cipher, r.explanation) });
  return byContent;
}

const keyOf = (r: ReviewDraft) => createHash("sha256").update(JSON.stringify([r.reason, r.candidateId, r.draft])).digest("base64url");

/**
 * Store review items; one already pending for the same row and candidate is not listed twice. Returns how many
 * are new. The row (name, dates, note) is stored sealed.
 */
export async function storeReviews(db: Db, organisationId: string, userId: string | null, items: ReviewDraft[], dbKind: Parameters<typeof bulkInsert>[1], cipher: NoteSeal): Promise<number> {
  if (!items.length) return 0;
  const keyed = items.map((r) => ({ r, key: keyOf(r) }));
  // Looked up by key alone (import_review_key_idx), the status read back: with the status in the condition PGlite's
  // planner, which has no statistics, walked every pending item of the organisation through the status index for each
  // batch — 1.5 s of a 100,000-row import, growing with the square of the rows left for review (session 10).
  const stored = await db
    .select({ key: importReview.draftKey, status: importReview.status })
    .from(importReview)
    .where(and(eq(importReview.organisationId, organisationId), anyOf(importReview.draftKey, keyed.map((k) => k.key))));
  const seen = new Set(stored.flatMap((p) => (p.status === "pending" ? [p.key] : [])));
  const fresh = keyed.filter((k) => !seen.has(k.key) && (seen.add(k.key), true));
  if (!fresh.length) return 0;
  const rows = fresh.map(({ r, key }) => ({ id: orderedRowId(), organisationId, file: r.file, row: r.row, reason: r.reason, inputName: cipher.seal(r.draft.name), draft: sealDraft(cipher, r.draft), draftKey: key, candidateId: r.candidateId, score: r.score, explanation: sealLines(cipher, r.explanation), createdBy: userId }));
  // What the items point at (the organisation, the candidates, the importing user) is locked once here, as the
  // per-row foreign-key checks would lock it — those ran two or three queries for each of an import's thousands of
  // items (bulk.ts withNewParentsOnly; PGlite only, the server keeps its checks).
  await holdReferencedRows(db, organisation, [organisationId]);
  await holdReferencedRows(db, person, rows.flatMap((x) => (x.candidateId ? [x.candidateId] : [])));
  if (userId) await holdReferencedRows(db, appUser, [userId]);
  await withNewParentsOnly(db, dbKind, [importReview], () => bulkInsert(db, dbKind, importReview, rows), { insertsOnly: true });
  return fresh.length;
}

export interface ReviewItem {
  id: string;
  file: string;
  row: number;
  reason: ImportReviewReason;
  status: string;
  inputName: string;
  draft: PersonDraft;
  score: number | null;
  explanation: string[];
  candidate: { id: string; name: string; externalId: string | null; birthDate: string | null; birthYear: number | null; region: string | null } | null;
  createdAt: string;
}

export async function listImportReviews(ctx: ServiceContext, input: { status?: "pending" | "decided"; limit?: number } = {}): Promise<ReviewItem[]> {
  authorize(ctx.actor, "import", "person");
  const organisationId = actorOrganisationId(ctx.actor);
  const rows = await ctx.db
    .select({ r: importReview, p: { id: person.id, name: person.primaryName, externalId: person.externalId, birthDate: person.birthDate, birthYear: person.birthYear, region: person.homeRegion } })
    .from(importReview)
    .leftJoin(person, eq(person.id, importReview.candidateId))
    .where(and(eq(importReview.organisationId, organisationId), ...(input.status === "decided" ? [] : [eq(importReview.status, "pending")])))
    .orderBy(desc(importReview.createdAt), importReview.row)
    .limit(input.limit ?? 500);
  return rows.map(({ r, p }) => ({
    id: r.id,
    file: r.file,
    row: r.row,
    reason: r.reason,
    status: r.status,
    inputName: openName(ctx.cipher, r.inputName),
    // The list does not show the row's note.
    draft: { ...openDraft(ctx.cipher, r.draft), note: null },
    score: r.score,
    explanation: openLines(ctx.cipher, r.explanation),
    candidate: p?.id ? { id: p.id, name: p.name, externalId: p.externalId, birthDate: p.birthDate, birthYear: p.birthYear, region: p.region } : null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export const reviewDecision = z.enum(["same", "different", "applied", "dismissed"]);
export type ReviewDecision = z.infer<typeof reviewDecision>;

/**
 * Decide one review item. `same`: the row is the candidate (empty fields filled, conflicts returned);
 * `different`: the row is a new person; for a consent item, `applied` writes the consent, `dismissed` drops it.
 */
export async function decideImportReview(ctx: ServiceContext, input: { id: string; decision: ReviewDecision }): Promise<{ personId: string | null; conflicts: Conflict[] }> {
  authorize(ctx.actor, "import", "person");
  const decision = reviewDecision.parse(input.decision);
  const organisationId = actorOrganisationId(ctx.actor);
  const userId = actorUserId(ctx.actor);
  return tx(ctx, async (db) => {
    const [item] = await db.select().from(importReview).where(and(eq(importReview.id, input.id), eq(importReview.organisationId, organisationId))).for("update");
    if (!item) throw notFound("import review item");
    if (item.status !== "pending") throw conflict("this row has already been decided");
    const draft = openDraft(ctx.cipher, item.draft);
    const isConsent = item.reason === "consent";
    if (isConsent !== (decision === "applied" || decision === "dismissed")) throw new ServiceError("invalid", `decision "${decision}" does not fit a ${item.reason} item`);
    let personId: string | null = item.candidateId;
    let conflicts: Conflict[] = [];
    const consentAllowed = mayChangeConsent(ctx.actor);
    if (decision === "applied") {
      if (!consentAllowed) throw new ServiceError("forbidden", "only a coordinator or an admin may change consent");
      const patch: Partial<repo.PersonInsert> = {};
      if (draft.publicityConsent) patch.publicityConsent = draft.publicityConsent;
      if (draft.exchangeConsent) patch.exchangeConsent = draft.exchangeConsent;
      await repo.updatePersonRow(db, item.candidateId!, patch);
    } else if (decision === "same") {
      const loaded = await loadForUpdate(db, [item.candidateId!]);
      const p = loaded.people.get(item.candidateId!);
      if (!p) throw notFound("person");
      const facilityId = draft.facility ? await repo.findFacilityIdByName(db, draft.facility) : null;
      const plan = planFill(p, loaded.names.get(p.id) ?? [], loaded.cases.get(p.id) ?? [], draft, facilityId, item.row, (f) => f, consentAllowed);
      await applyFills(db, ctx.dbKind, [{ p, f: plan }], userId, item.file);
      conflicts = plan.conflicts;
    } else if (decision === "different") {
      personId = randomUUID();
      const facilityId = draft.facility ? await repo.findFacilityIdByName(db, draft.facility) : null;
      const clean = consentAllowed ? draft : { ...draft, publicityConsent: null, exchangeConsent: null };
      await createPeople(db, ctx.dbKind, [{ id: personId, draft: clean, facilityId }], { organisationId, userId, file: item.file, isDemo: false });
    }
    await db.update(importReview).set({ status: decision, decidedBy: userId, decidedAt: ctx.now(), personId }).where(eq(importReview.id, item.id));
    await recordAudit(db, ctx.actor, { type: "person.importReviewed", targetType: "person", targetId: personId, detail: { review: item.id, file: item.file, row: item.row, decision } }, ctx.now());
    return { personId, conflicts };
  });
}
