import * as repo from "../../db/repositories/appeals.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { letterText, readAppeal, type AppealFacts } from "./readAppeal.js";
import { notFound, ServiceError } from "../errors.js";
import { authorize, can } from "../policy.js";
import { tx } from "../people.js";
import { appealQueueQuery, type AppealContact, type AppealText } from "./input.js";
import { appealSubject, loadAppealFor } from "./shared.js";
import { suggestionsForRows, type AppealSuggestions } from "./suggest.js";
import { keysOfUser } from "../assignees.js";
import { openAppealJson, openAppealValue } from "./appealSeal.js";

// Reading appeals for triage: the queue (no sensitive fields, with the matcher's suggestions) and one appeal
// in full. Opening contact data or the appeal's words is an audited read, and only for roles that may.

export interface AppealQueueItem {
  row: repo.AppealRow;
  attachments: number;
  suggestions: AppealSuggestions | null;
}

export async function listAppealQueue(ctx: ServiceContext, input: unknown) {
  const q = appealQueueQuery.parse(input ?? {});
  authorize(ctx.actor, "list", "appeal");
  const organisationId = actorOrganisationId(ctx.actor);
  const { rows, total } = await repo.listAppeals(
    ctx.db,
    { organisationId, status: q.status ?? ["received", "in_review", "needs_info", "added_to_registry", "legal_help_assigned"], language: q.language, assigneeKeys: q.assigneeId ? keysOfUser(ctx, q.assigneeId) : undefined, unassigned: q.unassigned },
    { limit: q.limit, offset: q.offset },
  );
  const [attachments, suggestions] = await Promise.all([
    repo.attachmentsOf(ctx.db, rows.map((r) => r.id)),
    q.suggestions ? suggestionsForRows(ctx, rows) : Promise.resolve(new Map<string, AppealSuggestions>()),
  ]);
  const counts = new Map<string, number>();
  for (const a of attachments) counts.set(a.appealId, (counts.get(a.appealId) ?? 0) + 1);
  const items: AppealQueueItem[] = rows.map((row) => ({ row, attachments: counts.get(row.id) ?? 0, suggestions: suggestions.get(row.id) ?? null }));
  return { total, limit: q.limit, offset: q.offset, items };
}

export interface AppealDetail {
  row: repo.AppealRow;
  /** Opened only for roles that may read sensitive appeal data; null otherwise (and when absent). */
  contact: AppealContact | null;
  text: AppealText | null;
  /** What the text says about who the appeal is about, each fact with its span in `letterText(text)`. */
  facts: AppealFacts | null;
  canReadSensitive: boolean;
  events: (Omit<repo.AppealEventRow, "noteEnc"> & { note: string | null })[];
  attachments: { id: string; filename: string | null; contentType: string; size: number }[];
}

export async function getAppeal(ctx: ServiceContext, id: string): Promise<AppealDetail> {
  const detail = await tx(ctx, async (db): Promise<AppealDetail> => {
    const row = await loadAppealFor(db, ctx, id, "read");
    const sensitive = can(ctx.actor, "readSensitive", "appeal", appealSubject(row));
    const [events, attachments] = await Promise.all([repo.eventsOf(db, id), repo.attachmentsOf(db, [id])]);
    const open = <T>(v: string | null): T | null => (sensitive && v ? openAppealJson<T>(ctx.cipher, v) : null);
    if (sensitive && (row.contactEnc || row.textEnc || attachments.length || events.some((e) => e.noteEnc)))
      await recordAudit(db, ctx.actor, { type: "appeal.sensitiveRead", targetType: "appeal", targetId: id, detail: { fields: ["contact", "text", "notes", "attachmentNames"] } }, ctx.now());
    return {
      row,
      contact: open<AppealContact>(row.contactEnc),
      text: open<AppealText>(row.textEnc),
      facts: null,
      canReadSensitive: sensitive,
      events: events.map(({ noteEnc, ...e }) => ({ ...e, note: sensitive && noteEnc ? openAppealValue(ctx.cipher, noteEnc) : null })),
      attachments: attachments.map((a) => ({ id: a.id, filename: sensitive && a.filenameEnc ? openAppealValue(ctx.cipher, a.filenameEnc) : null, contentType: a.contentType, size: a.size })),
    };
  });
  // Read outside the transaction (CPU work); only for those who may read the text at all.
  if (detail.text) detail.facts = await readAppeal(letterText(detail.text), detail.row.language, ctx.now());
  return detail;
}

/** One attachment's bytes, for roles that may read sensitive appeal data; audited. */
export async function readAppealAttachment(ctx: ServiceContext, appealId: string, attachmentId: string) {
  return tx(ctx, async (db) => {
    const row = await loadAppealFor(db, ctx, appealId, "readSensitive");
    const a = await repo.findAttachment(db, attachmentId);
    if (!a || a.appealId !== row.id) throw notFound("attachment");
    const content = Buffer.from(openAppealValue(ctx.cipher, a.contentEnc), "base64");
    if (content.length !== a.size) throw new ServiceError("conflict", "attachment is damaged (size differs)");
    await recordAudit(db, ctx.actor, { type: "appeal.sensitiveRead", targetType: "appeal", targetId: row.id, detail: { fields: ["attachment"], attachmentId } }, ctx.now());
    return { filename: a.filenameEnc ? openAppealValue(ctx.cipher, a.filenameEnc) : null, contentType: a.contentType, content };
  });
}
