import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/appeals.js";
import { appeal, type AppealStatus } from "../../db/schema/appeal.js";
import { sealPersonRow } from "../../db/schema/sealed.js";
import { resealAppealContent, sealAppealValue } from "./appealSeal.js";
import { publicOrganisationId as publicSiteOrganisationId } from "../publicSite/organisation.js";
import { recordAudit, type AuditEventType } from "../audit.js";
import { actorLabel, actorUserId, type ServiceContext } from "../context.js";
import { notFound, ServiceError } from "../errors.js";
import { authorize, can, type Action, type Subject } from "../policy.js";

/** Who may see an appeal: its assignee (lawyers see only appeals assigned to them). */
export function appealSubject(row: Pick<repo.AppealRow, "assigneeId">): Subject {
  return { assignedUserIds: row.assigneeId ? [row.assigneeId] : [] };
}

export async function loadAppealFor(db: Db, ctx: ServiceContext, id: string, action: Action): Promise<repo.AppealRow> {
  const row = await repo.findAppealById(db, id);
  // Another organisation's appeal, or one the role may not read, is reported as absent: ids leak nothing.
  if (!row || ctx.actor.kind === "anonymous" || ctx.actor.organisationId !== row.organisationId) throw notFound("appeal");
  const subject = appealSubject(row);
  if (!can(ctx.actor, "read", "appeal", subject)) throw notFound("appeal");
  authorize(ctx.actor, action, "appeal", subject);
  return row;
}

/** The organisation that receives anonymous appeals: the one whose site the family is on (src/services/publicSite/organisation.ts). */
export async function publicOrganisationId(db: Db): Promise<string> {
  const id = await publicSiteOrganisationId(db);
  if (!id) throw new ServiceError("not_found", "no organisation receives appeals on this server");
  return id;
}

export interface Change {
  kind: string;
  toStatus?: AppealStatus | undefined;
  values?: Partial<repo.AppealInsert>;
  audit: AuditEventType;
  /** Non-sensitive facts for both the appeal's history and the audit log. */
  detail?: Record<string, unknown>;
  /** A staff note: sealed in the history, only its presence goes to the audit log. */
  note?: string | undefined;
}

/** Apply one triage action: row update, history event and audit entry, all in the caller's transaction. */
export async function applyChange(db: Db, ctx: ServiceContext, row: repo.AppealRow, change: Change): Promise<repo.AppealRow> {
  const now = ctx.now();
  const values: Partial<repo.AppealInsert> = heldUnderLinkedPerson(row, { ...change.values });
  if (change.toStatus) values.status = change.toStatus;
  const after = await repo.updateAppealRow(db, row.id, values, now);
  // Linked to someone else (or to nobody): the appeal's sealed content follows (appealSeal.ts).
  if ((after.linkedPersonId ?? null) !== (row.linkedPersonId ?? null)) await resealAppealContent(db, ctx.cipher, row.id, after.linkedPersonId ?? null);
  const detail = change.detail ?? {};
  await repo.appendAppealEvent(db, {
    appealId: row.id,
    kind: change.kind,
    fromStatus: row.status,
    toStatus: after.status,
    actorId: actorUserId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    detail,
    noteEnc: change.note ? sealAppealValue(ctx.cipher, after.linkedPersonId ?? null, change.note) : null,
    at: now,
  });
  await recordAudit(
    db,
    ctx.actor,
    { type: change.audit, targetType: "appeal", targetId: row.id, detail: { ...detail, ...(row.status !== after.status ? { from: row.status, to: after.status } : {}), ...(change.note ? { note: "(sealed in appeal history)" } : {}) } },
    now,
  );
  return after;
}

const HELD = ["heldName", "heldBirthDate", "heldWhere", "heldArticle", "heldSince"] as const;

/**
 * The family's words about the held person (appeal.held_*) are under the linked person's key once the appeal is
 * linked, so that erasing that person reaches their copies in WAL and older backups too; under the field key
 * (the column's own mapping) while it is linked to nobody. Linking to someone else, or to no one, re-seals all
 * five; an edit of a linked appeal seals what it changes.
 */
function heldUnderLinkedPerson(row: repo.AppealRow, values: Partial<repo.AppealInsert>): Partial<repo.AppealInsert> {
  const relinked = values.linkedPersonId !== undefined && values.linkedPersonId !== row.linkedPersonId;
  const personId = values.linkedPersonId !== undefined ? values.linkedPersonId : row.linkedPersonId;
  const held: Partial<repo.AppealInsert> = {};
  for (const k of HELD) if (values[k] !== undefined || relinked) held[k] = values[k] !== undefined ? values[k] : row[k];
  return { ...values, ...(personId ? sealPersonRow(appeal, personId, held) : held) };
}

/** Merged and closed appeals take no further triage actions (reopening goes through startReview). */
export function assertOpen(row: repo.AppealRow): void {
  if (row.status === "merged") throw new ServiceError("conflict", "this appeal was merged into another one; act on that one");
  if (row.status === "closed") throw new ServiceError("conflict", "this appeal is closed; reopen it for review first");
}
