import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { appeal, appealAttachment, appealEvent } from "../../db/schema/appeal.js";
import type { FieldCipher } from "../../security/fieldCipher.js";
import { isPersonSealed, openSealed, sealFor } from "../../security/personKeys.js";

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
