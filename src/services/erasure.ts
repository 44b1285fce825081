import { eq, getTableName, inArray, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { mergedInto } from "../db/repositories/identity.js";
import { lockListsThenPeople } from "../db/repositories/exchangeLists.js";
import { appeal } from "../db/schema/appeal.js";
import { exchangeList, exchangeListRow } from "../db/schema/exchangeList.js";
import { person, personName } from "../db/schema/person.js";
import { ident, schemaTables } from "../security/schemaTables.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { invalid, notFound } from "./errors.js";
import { authorize } from "./policy.js";
import { tx } from "./people.js";
import { dropSuggestionIndexes } from "./appeals/suggest.js";
import { erasePersonKeys } from "../security/personKeys.js";

// Erasure on request: the person's row goes, and with it (ON DELETE CASCADE) names, cases, status history,
// health and Geneva records, consents, assessments and priority facts. What does not cascade is handled here:
// appeals about the person (deleted with their sealed text and attachments), rows of immutable exchange-list
// versions (replaced by a placeholder keeping the row's place and hash, so positions, counts and the version's
// content hash still add up), and hand-made list edits naming the person. The audit entry records the erasure,
// the reason with the person's names removed, and counts — never the data.
export const ERASED = "[erased]";

// Tables referencing person.id whose rows this service handles itself; any other non-cascading reference
// makes erasure fail loudly (a module added a table that keeps personal data and erasure must learn about it).
const HANDLED = new Set(["appeal", "exchange_list_row"]);

export interface ErasureReport {
  appeals: number;
  listRows: number;
  lists: number;
}

function scrubReason(reason: string, names: string[]): string {
  let out = reason;
  const tokens = new Set(names.flatMap((n) => n.split(/[\s,.;-]+/)).filter((t) => t.length >= 3));
  for (const t of [...tokens].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu"), ERASED);
  return out.slice(0, 500);
}

/** Replace every string in a JSON value that mentions the person (id or a name) with "[erased]". */
function scrubJson(value: unknown, needles: string[]): unknown {
  if (typeof value === "string") return needles.some((n) => value.toLowerCase().includes(n.toLowerCase())) ? ERASED : value;
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, needles));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, needles)]));
  return value;
}

async function deleteAppealsIn(db: Db, ids: string[]): Promise<void> {
  if (!ids.length) return;
  // Appeals merged into these keep existing but no longer point at erased ones.
  await db.update(appeal).set({ mergedIntoId: null }).where(inArray(appeal.mergedIntoId, ids));
  await db.delete(appeal).where(inArray(appeal.id, ids));
}

export async function erasePerson(ctx: ServiceContext, personId: string, reason: string): Promise<ErasureReport> {
  authorize(ctx.actor, "delete", "person");
  if (!reason.trim()) throw invalid("give the reason for the erasure (the request it answers)");
  const org = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    // Locked first, the lists and then the person (the order a list's version is written in: its list row, then
    // its people, src/db/repositories/listBuilds.ts, and a merge's): a version being stored with her on it in another
    // connection commits before the rows below are read, and none is stored with her afterwards.
    await lockListsThenPeople(db, org, [personId]);
    const [p] = await db.select().from(person).where(eq(person.id, personId));
    if (!p || p.organisationId !== org) throw notFound("person");
    const names = [p.primaryName, ...(await db.select({ name: personName.name }).from(personName).where(eq(personName.personId, personId))).map((r) => r.name)];

    const appeals = await db.select({ id: appeal.id }).from(appeal).where(eq(appeal.linkedPersonId, personId));
    await deleteAppealsIn(db, appeals.map((a) => a.id));

    // Frozen list rows may still carry the ids of records merged into this one.
    const ids = [personId, ...(await mergedInto(db, [personId])).map((m) => m.mergedId)];
    const listRows = await db.select({ id: exchangeListRow.id }).from(exchangeListRow).where(inArray(exchangeListRow.personId, ids));
    // The row becomes a placeholder: its sealed part and the person id go, its place and its row hash stay, so
    // the version still verifies ("row N erased, the rest intact"). Copies of the sealed part elsewhere (WAL,
    // older backups) are under the person's key, which goes after the commit.
    if (listRows.length) await db.update(exchangeListRow).set({ personId: null, personal: null, erased: true }).where(inArray(exchangeListRow.personId, ids));

    // Hand-made additions/removals and the outcome report may hold the id or a name.
    const needles = [...ids, ...names];
    let lists = 0;
    for (const l of await db.select().from(exchangeList).where(eq(exchangeList.organisationId, org))) {
      const text = JSON.stringify([l.manualAdds, l.manualRemoves, l.outcome]);
      if (!needles.some((n) => text.toLowerCase().includes(n.toLowerCase()))) continue;
      await db
        .update(exchangeList)
        .set({
          manualAdds: l.manualAdds.filter((x) => !ids.includes(x)),
          manualRemoves: l.manualRemoves.filter((x) => !ids.includes(x)),
          outcome: l.outcome === null ? null : scrubJson(l.outcome, needles),
        })
        .where(eq(exchangeList.id, l.id));
      lists++;
    }

    await assertNoOtherReferences(db, personId);
    await db.delete(person).where(eq(person.id, personId));
    const report = { appeals: appeals.length, listRows: listRows.length, lists };
    await recordAudit(db, ctx.actor, { type: "person.erased", targetType: "person", targetId: personId, detail: { reason: scrubReason(reason, names), ...report } }, ctx.now());
    return report;
  })
    .then((report) => {
      // Cryptographic erasure: without the key, the copies no delete reaches (WAL segments, dead tuples, older
      // data backups) cannot be opened. Deleted after the commit, so a failed erasure leaves the person readable;
      // a crash in between leaves a key without a person, which the next start deletes (openRuntime).
      erasePersonKeys([personId]);
      return report;
    })
    .finally(() => dropSuggestionIndexes(ctx.db));
  // The staff and public name searches rebuild themselves when the count of people changes; the appeal
  // suggestion indexes are incremental, so they are dropped here and rebuilt from the database on next use.
}

/** Every schema table that references person.id without ON DELETE CASCADE must be one handled above. */
async function assertNoOtherReferences(db: Db, personId: string): Promise<void> {
  for (const t of await schemaTables()) {
    if (HANDLED.has(t.name)) continue;
    for (const fk of getTableConfig(t.table).foreignKeys) {
      const ref = fk.reference();
      if (getTableName(ref.foreignTable) !== "person" || fk.onDelete === "cascade") continue;
      for (const col of ref.columns) {
        if (fk.onDelete === "set null") continue;
        const r = await db.execute(sql.raw(`select 1 from ${ident(t.name)} where ${ident(col.name)} = '${personId}' limit 1`));
        if (rowsOf(r).length)
          throw new Error(`erasure does not know how to clear ${t.name}.${col.name}: add it to src/services/erasure.ts`);
      }
    }
  }
}

export async function eraseAppeal(ctx: ServiceContext, appealId: string, reason: string): Promise<void> {
  authorize(ctx.actor, "delete", "appeal");
  if (!reason.trim()) throw invalid("give the reason for the erasure (the request it answers)");
  const org = actorOrganisationId(ctx.actor);
  await tx(ctx, async (db) => {
    const [a] = await db.select({ id: appeal.id, organisationId: appeal.organisationId, heldName: appeal.heldName }).from(appeal).where(eq(appeal.id, appealId));
    if (!a || a.organisationId !== org) throw notFound("appeal");
    await deleteAppealsIn(db, [appealId]);
    await recordAudit(db, ctx.actor, { type: "appeal.erased", targetType: "appeal", targetId: appealId, detail: { reason: scrubReason(reason, a.heldName ? [a.heldName] : []) } }, ctx.now());
  }).finally(() => dropSuggestionIndexes(ctx.db));
}
