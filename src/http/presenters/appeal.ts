import type { AppealRow } from "../../db/repositories/appeals.js";
import { replyChannelOf } from "../../services/appeals/reply.js";
import type { AppealDetail, AppealQueueItem, AppealSuggestions } from "../../services/appeals/index.js";

// Staff views of appeals. The summary never carries sealed fields (not even their ciphertext); the detail
// carries them opened only when the service opened them (roles allowed `readSensitive`, audited).

function base(r: AppealRow) {
  return {
    id: r.id,
    status: r.status,
    language: r.language,
    channel: r.channel,
    heldName: r.heldName,
    heldBirthDate: r.heldBirthDate,
    heldWhere: r.heldWhere,
    heldArticle: r.heldArticle,
    heldSince: r.heldSince,
    requests: r.requests,
    publicityConsent: r.publicityConsent,
    exchangeConsent: r.exchangeConsent,
    hasContact: r.contactEnc !== null,
    hasText: r.textEnc !== null,
    assigneeId: r.assigneeId,
    linkedPersonId: r.linkedPersonId,
    mergedIntoId: r.mergedIntoId,
    closeReason: r.closeReason,
    receivedAt: new Date(r.receivedAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export function presentAppealRow(r: AppealRow) {
  return base(r);
}

export function presentSuggestions(s: AppealSuggestions | null) {
  return s ? { people: s.people, duplicates: s.duplicates } : null;
}

export function presentAppealQueueItem(i: AppealQueueItem) {
  return { ...base(i.row), attachments: i.attachments, suggestions: presentSuggestions(i.suggestions) };
}

export function presentAppealDetail(d: AppealDetail) {
  // Where a reply goes (a chat id, the letter's Message-ID) stays on the server: staff see the channel only.
  const contact = d.contact ? { method: d.contact.method, value: d.contact.value, safetyNote: d.contact.safetyNote, ...(d.contact.name ? { name: d.contact.name } : {}) } : null;
  return {
    ...base(d.row),
    canReadSensitive: d.canReadSensitive,
    contact,
    /** "email" or "telegram" when a reply can go back by the channel the appeal came in (POST …/reply). */
    replyVia: d.canReadSensitive ? replyChannelOf(d.row, d.contact) : null,
    text: d.text,
    facts: d.facts,
    attachments: d.attachments,
    history: d.events.map((e) => ({
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actor: e.actorLabel,
      at: new Date(e.at).toISOString(),
      detail: e.detail,
      note: e.note,
    })),
  };
}
