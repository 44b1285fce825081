import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { appeal, appealAttachment, appealEvent } from "../../db/schema/appeal.js";
import type { FieldCipher } from "../../security/fieldCipher.js";
import { ensurePersonKeys, isPersonSealed, openSealed, sealFor } from "../../security/personKeys.js";

// A family's appeal is sealed with the field key when it arrives (nobody knows yet whom it is about). Once triage
// links it to a registry person, everything it holds — the family's contact and words, attachments, staff notes —
// is re-sealed under that person's own key (issue #20): erasing the person deletes the appeal, and the key's
// deletion makes its copies in WAL segments and older backups unreadable too. Re-linking moves it to the other
// person's key, unlinking back to the field key; a person merge moves it to the survivor's
// (`resealPersonValues`). Readers open either kind with `openAppealValue`.

/** An appeal's sealed value opened: under the linked person's key, or the field key. */
export function openAppealValue(cipher: FieldCipher, sealed: string): string {
  return isPersonSealed(sealed) ? openSealed(sealed) : cipher.open(sealed);
}

export function openAppealJson<T>(cipher: FieldCipher, sealed: string): T {
  return JSON.parse(openAppealValue(cipher, sealed)) as T;
}

/** Seal a value of an appeal linked to `personId` (under their key), or of one linked to nobody (field key). */
export function sealAppealValue(cipher: FieldCipher, personId: string | null, clear: string): string {
  return personId ? sealFor(personId, clear) : cipher.seal(clear);
}

/** Re-seal the sealed content of one appeal for the person it is now linked to (null: nobody). */
export async function resealAppealContent(db: Db, cipher: FieldCipher, appealId: string, personId: string | null): Promise<void> {
  const again = (v: string | null): string | null => (v === null ? null : sealAppealValue(cipher, personId, openAppealValue(cipher, v)));
  const [a] = await db.select({ contactEnc: appeal.contactEnc, textEnc: appeal.textEnc }).from(appeal).where(eq(appeal.id, appealId));
  if (!a) return;
  await db.update(appeal).set({ contactEnc: again(a.contactEnc), textEnc: again(a.textEnc) }).where(eq(appeal.id, appealId));
  for (const f of await db.select({ id: appealAttachment.id, filenameEnc: appealAttachment.filenameEnc, contentEnc: appealAttachment.contentEnc }).from(appealAttachment).where(eq(appealAttachment.appealId, appealId)))
    await db.update(appealAttachment).set({ filenameEnc: again(f.filenameEnc), contentEnc: again(f.contentEnc)! }).where(eq(appealAttachment.id, f.id));
  for (const e of await db.select({ id: appealEvent.id, noteEnc: appealEvent.noteEnc }).from(appealEvent).where(eq(appealEvent.appealId, appealId)))
    if (e.noteEnc) await db.update(appealEvent).set({ noteEnc: again(e.noteEnc) }).where(eq(appealEvent.id, e.id));
}

/**
 * Start-up, for a database an older version wrote: appeals linked to a person whose content is still under the field
 * key are re-sealed under that person's key. Returns how many appeals moved.
 */
export async function resealLinkedAppeals(db: Db, cipher: FieldCipher): Promise<number> {
  const rows = rowsOf<{ id: string; pid: string }>(await db.execute(sql`
    select a.id::text as id, a.linked_person_id::text as pid from appeal a where a.linked_person_id is not null and (
      left(a.contact_enc, 3) = 'v1.' or left(a.text_enc, 3) = 'v1.'
      or exists (select 1 from appeal_event e where e.appeal_id = a.id and left(e.note_enc, 3) = 'v1.')
      or exists (select 1 from appeal_attachment f where f.appeal_id = a.id and (left(f.content_enc, 3) = 'v1.' or left(f.filename_enc, 3) = 'v1.')))`));
  if (!rows.length) return 0;
  ensurePersonKeys(rows.map((x) => x.pid));
  await db.transaction(async (t) => {
    for (const a of rows) await resealAppealContent(t, cipher, a.id, a.pid);
  });
  return rows.length;
}
