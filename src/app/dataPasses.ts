import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { migrationsFolder } from "../db/client.js";
import { sealedTables } from "../db/repositories/sealedValues.js";
import { dataPass } from "../db/schema/dataPass.js";
import { schemaTables } from "../security/schemaTables.js";

// The data passes over what older versions stored run once per code, not at every start: each is a scan of whole
// tables (sealPlaintextValues alone ~0.8 s of a 100,000-person start, before the index build could begin). A start
// runs them when the database's record (table data_pass, kept IN the database: a restored or copied older database
// brings its own older record, or none) differs from this code's fingerprint, and records the fingerprint once
// they all ended. The current code never stores a sealed column in clear (the columns seal on write:
// test/security/seizedFolder.test.ts), so between two starts of the same code there is nothing for them to find.

/**
 * The passes, in the order a start runs them. Adding one changes the fingerprint, so it runs once on every
 * database; a pass whose work changes without a new name bumps DATA_PASSES_REVISION.
 */
export const DATA_PASSES = ["hashUnhashedListRows", "sealPlaintextValues", "sealClearFieldValues", "resealLinkedAppeals", "hashLegacyAssignments", "codeRegionTexts"] as const;
const DATA_PASSES_REVISION = 1;
const RECORD = "start-up";

let cached: Promise<string> | undefined;

/**
 * This code's fingerprint: the passes, the sealed columns they cover (a column sealed by a later migration must be
 * scanned again — they are read from the schema, not listed) and the last SQL migration (a migration may bring back
 * what a pass converts, as 0027 gathered list rows' clear columns for the seal).
 */
export function dataPassesFingerprint(): Promise<string> {
  return (cached ??= (async () => {
    const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const sealed = (await sealedTables()).map((t) => [t.name, t.columns, t.fieldSealedColumns, t.personIdColumn]);
    const field = (await schemaTables()).map((t) => [t.name, t.encColumns, t.mappedEncColumns]);
    const what = JSON.stringify({ revision: DATA_PASSES_REVISION, passes: DATA_PASSES, migration: journal.entries.at(-1)?.tag, sealed, field });
    return createHash("sha256").update(what).digest("hex").slice(0, 32);
  })());
}

/** Whether this database's record says the passes ran for this code (a database without one: never). */
export async function dataPassesDone(db: Db): Promise<boolean> {
  const [row] = await db.select({ fingerprint: dataPass.fingerprint }).from(dataPass).where(eq(dataPass.name, RECORD)).limit(1);
  return row?.fingerprint === (await dataPassesFingerprint());
}

/** Called once every pass ended: a start interrupted before leaves the older record, and the next runs them all again. */
export async function recordDataPasses(db: Db, now: Date): Promise<void> {
  const fingerprint = await dataPassesFingerprint();
  await db.insert(dataPass).values({ name: RECORD, fingerprint, ranAt: now }).onConflictDoUpdate({ target: dataPass.name, set: { fingerprint, ranAt: now } });
}
