import { eq } from "drizzle-orm";
import { appeal } from "../../src/db/schema/appeal.js";
import { appealCodeHash, normaliseAppealCode } from "../../src/services/appeals/code.js";
import { commitHeldAppeals } from "../../src/services/appeals/hold.js";
import { HOUR_MS, messageKeys } from "../../src/services/appeals/intakeKeys.js";
import type { TestRuntime } from "./runtime.js";

/** The address tests submit the public form from (form tokens are bound to it). */
export const FAMILY_ADDRESS = "198.51.100.7";

/** Commit the held appeals as the hourly batch would once this hour is over (src/services/appeals/hold.ts). */
export async function commitAppealsNow(rt: TestRuntime): Promise<number> {
  const ctx = rt.ctx({ kind: "anonymous" });
  return commitHeldAppeals(ctx, new Date(ctx.now().getTime() + HOUR_MS));
}

/** The committed appeal's id, found by the family's code (committing the held batch first). */
export async function appealIdByCode(rt: TestRuntime, code: string): Promise<string> {
  await commitAppealsNow(rt);
  const [row] = await rt.database.db.select({ id: appeal.id }).from(appeal).where(eq(appeal.codeHash, appealCodeHash(normaliseAppealCode(code)!)));
  if (!row) throw new Error(`no appeal committed for code ${code}`);
  return row.id;
}

/** The committed appeal of an imported e-mail, found by its Message-ID (kept only as a keyed hash). */
export async function appealIdByMessageId(rt: TestRuntime, messageId: string): Promise<string> {
  await commitAppealsNow(rt);
  const [hash] = messageKeys(rt.cipher, messageId, "appeal");
  const [row] = await rt.database.db.select({ id: appeal.id }).from(appeal).where(eq(appeal.messageId, hash!));
  if (!row) throw new Error(`no appeal committed for message ${messageId}`);
  return row.id;
}
