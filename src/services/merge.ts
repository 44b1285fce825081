/**
 * Merging two records of one person: everything the merged-away record had moves to the survivor — every
 * spelling of the name, cases, status history, appeals, sources, health, consent history, assignments, custody
 * history, recognition assessments, the Geneva record and priority facts. Where both records hold a different
 * value the coordinator chooses (`choices`). The old id keeps naming the survivor (person_merge): reads redirect,
 * writes are refused; frozen exchange-list versions keep their rows (and their content hash) untouched.
 */
import { eq, getTableName, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "../db/client.js";
import * as identity from "../db/repositories/identity.js";
import * as repo from "../db/repositories/people.js";
import { lockListsThenPeople } from "../db/repositories/exchangeLists.js";
import { exchangeList } from "../db/schema/exchangeList.js";
import { ident, schemaTables } from "../security/schemaTables.js";
import { dropSuggestionIndexes } from "./appeals/suggest.js";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "./context.js";
import { invalid } from "./errors.js";
import { loadPersonFor, nameRows, tx } from "./people.js";
import { authorize } from "./policy.js";
import { resealPersonValues } from "../db/repositories/sealedValues.js";
import { erasePersonKeys } from "../security/personKeys.js";

/** Person columns a coordinator may have to choose between (bookkeeping columns are the survivor's). */
export const MERGE_FIELDS = [
  "externalId",
  "primaryName",
  "latinName",
  "sex",
  "birthDate",
  "citizenship",
  "homeRegion",
  "category",
  "status",
  "currentFacilityId",
  "publicityConsent",
  "exchangeConsent",
  "publicSummary",
  "photoUrl",
  "sentenceText",
] as const;
/** One-per-person child records: when both have one, one is kept. */
export const MERGE_SINGLE_RECORDS = { genevaRecord: "geneva_record", priorityFacts: "priority_facts" } as const;
export type MergeField = (typeof MERGE_FIELDS)[number] | keyof typeof MERGE_SINGLE_RECORDS;

/**
 * How each table that references person.id is handled. "move": its rows are re-pointed to the survivor;
 * "assignments", "single", "pairs", "merges": the code below; "names": rebuilt with every spelling; "history":
 * immutable rows that keep the old id on purpose. A table missing here makes a merge fail (and merge.test.ts).
 */
export const MERGE_HANDLING: Record<string, "move" | "names" | "assignments" | "single" | "pairs" | "merges"> = {
  criminal_case: "move",
  custody_history: "move",
  status_event: "move",
  health_record: "move",
  consent_record: "move",
  rosfin_listing: "move",
  person_source: "move",
  recognition_assessment: "move",
  appeal: "move",
  // Import rows waiting for a decision about this person (candidate) or decided onto them (person).
  import_review: "move",
  person_name: "names",
  person_assignment: "assignments",
  geneva_record: "single",
  priority_facts: "single",
  person_distinct_pair: "pairs",
  person_merge: "merges",
};

export const mergeInput = z.object({
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  /** For each field where both records hold a different value: whose value the survivor keeps. */
  choices: z.partialRecord(z.enum([...MERGE_FIELDS, "genevaRecord", "priorityFacts"]), z.enum(["survivor", "merged"])).default({}),
});
export type MergeInput = z.input<typeof mergeInput>;

export interface MergeConflict {
  field: MergeField;
  survivor: unknown;
  merged: unknown;
}

/** Every (table, column) that references person.id, from the Drizzle schema. */
export async function personReferences(): Promise<Array<{ table: string; column: string }>> {
  const out: Array<{ table: string; column: string }> = [];
  for (const t of await schemaTables())
    for (const fk of getTableConfig(t.table).foreignKeys) {
      const ref = fk.reference();
      if (getTableName(ref.foreignTable) === "person") for (const c of ref.columns) out.push({ table: t.name, column: c.name });
    }
  return out;
}

// "unknown" is no value: it never conflicts with a known one, and the known one wins.
const EMPTY = new Set<unknown>([null, undefined, "", "unknown"]);
function fieldValue(p: repo.PersonRow, f: (typeof MERGE_FIELDS)[number]): unknown {
  if (f === "birthDate") return p.birthDate ?? (p.birthYear !== null ? String(p.birthYear) : null);
  return p[f];
}

async function singleRecords(db: Db, id: string): Promise<Record<keyof typeof MERGE_SINGLE_RECORDS, boolean>> {
  const has = async (table: string) => {
    const r = (await db.execute(sql.raw(`select 1 from ${ident(table)} where person_id = '${id}' limit 1`))) as unknown as { rows: unknown[] };
    return r.rows.length > 0;
  };
  return { genevaRecord: await has("geneva_record"), priorityFacts: await has("priority_facts") };
}

async function conflictsOf(db: Db, a: repo.PersonRow, b: repo.PersonRow): Promise<MergeConflict[]> {
  const out: MergeConflict[] = [];
  for (const f of MERGE_FIELDS) {
    const x = fieldValue(a, f);
    const y = fieldValue(b, f);
    if (!EMPTY.has(x) && !EMPTY.has(y) && JSON.stringify(x) !== JSON.stringify(y)) out.push({ field: f, survivor: x, merged: y });
  }
  const [sa, sb] = [await singleRecords(db, a.id), await singleRecords(db, b.id)];
  for (const k of Object.keys(MERGE_SINGLE_RECORDS) as (keyof typeof MERGE_SINGLE_RECORDS)[])
    if (sa[k] && sb[k]) out.push({ field: k, survivor: "(record)", merged: "(record)" });
  return out;
}

async function loadPair(db: Db, ctx: ServiceContext, survivorId: string, mergedId: string) {
  authorize(ctx.actor, "merge", "person");
  if (survivorId === mergedId) throw invalid("a record cannot be merged into itself");
  const survivor = await loadPersonFor(db, ctx, survivorId, "update");
  const merged = await loadPersonFor(db, ctx, mergedId, "update");
  return { survivor, merged };
}

/** What a merge would do: the two records, the fields to choose between, and how many of each child would move. */
export async function previewMerge(ctx: ServiceContext, survivorId: string, mergedId: string) {
  const { survivor, merged } = await loadPair(ctx.db, ctx, survivorId, mergedId);
  const names = await repo.namesOf(ctx.db, [survivorId, mergedId]);
  const describe = (p: repo.PersonRow) => ({
    id: p.id,
    ...Object.fromEntries(MERGE_FIELDS.map((f) => [f, fieldValue(p, f)])),
    names: (names.get(p.id) ?? []).map((n) => n.name),
  });
  return { survivor: describe(survivor), merged: describe(merged), conflicts: await conflictsOf(ctx.db, survivor, merged) };
}

export interface MergeReport {
  survivorId: string;
  mergedId: string;
  /** Rows moved per table. */
  moved: Record<string, number>;
}

export async function mergePeople(ctx: ServiceContext, input: MergeInput): Promise<MergeReport> {
  const v = mergeInput.parse(input);
  // Asked before the locks below (loadPair asks again): one who may not merge takes none of them.
  authorize(ctx.actor, "merge", "person");
  const organisationId = actorOrganisationId(ctx.actor);
  return tx(ctx, async (db) => {
    // The lists (their hand edits name the merged record), then both records, before any write: the order an
    // erasure takes them in — this merge used to lock the records first and the lists last, and the two deadlocked.
    await lockListsThenPeople(db, organisationId, [v.survivorId, v.mergedId]);
    const { survivor, merged } = await loadPair(db, ctx, v.survivorId, v.mergedId);
    const conflicts = await conflictsOf(db, survivor, merged);
    const unchosen = conflicts.filter((c) => !v.choices[c.field]);
    if (unchosen.length) throw invalid(`both records hold a value for ${unchosen.map((c) => c.field).join(", ")}: choose whose to keep`, { conflicts: unchosen.map((c) => c.field) });
    const takeMerged = (f: MergeField) => v.choices[f] === "merged";

    // Scalars: the chosen value, or the one record's value where only one has it.
    const values: Partial<repo.PersonInsert> = {};
    for (const f of MERGE_FIELDS) {
      const mine = fieldValue(survivor, f);
      const theirs = fieldValue(merged, f);
      if (EMPTY.has(theirs) || (!EMPTY.has(mine) && !takeMerged(f)) || JSON.stringify(mine) === JSON.stringify(theirs)) continue;
      if (f === "birthDate") Object.assign(values, { birthDate: merged.birthDate, birthYear: merged.birthYear });
      else if (f === "status") Object.assign(values, { status: merged.status, statusSince: merged.statusSince });
      else Object.assign(values, { [f]: merged[f] });
    }
    // Both records' staff notes are kept (sealed; nothing to choose between, nothing shown in the comparison).
    // Read opened; written under the survivor's key (updatePersonRow seals it).
    if (merged.staffNoteEnc) {
      const notes = [survivor.staffNoteEnc, merged.staffNoteEnc].flatMap((n) => (n ? [n] : []));
      values.staffNoteEnc = [...new Set(notes)].join("\n\n");
    }
    // The merged record's spreadsheet id must stop naming a person before the survivor may take it (unique index).
    const mergedExternalId = merged.externalId;
    if (mergedExternalId) await repo.updatePersonRow(db, merged.id, { externalId: null });

    const moved: Record<string, number> = {};
    const count = (r: unknown) => (r as { affectedRows?: number; rowCount?: number }).affectedRows ?? (r as { rowCount?: number }).rowCount ?? 0;
    for (const ref of await personReferences()) {
      const how = MERGE_HANDLING[ref.table];
      if (!how) throw new Error(`merge does not know how to move ${ref.table}.${ref.column}: add it to src/services/merge.ts`);
      const [t, c] = [ident(ref.table), ident(ref.column)];
      if (how === "move") moved[ref.table] = count(await db.execute(sql.raw(`update ${t} set ${c} = '${survivor.id}' where ${c} = '${merged.id}'`)));
      else if (how === "assignments") {
        // Keyed hashes of the lawyers (src/security/assignmentKeys.ts) move as they are: they name users, not people.
        await db.execute(sql.raw(`insert into ${t} (person_id, user_key, user_id, assigned_at) select '${survivor.id}', user_key, user_id, assigned_at from ${t} where person_id = '${merged.id}' on conflict do nothing`));
        moved[ref.table] = count(await db.execute(sql.raw(`delete from ${t} where person_id = '${merged.id}'`)));
      } else if (how === "single") {
        const field = (Object.keys(MERGE_SINGLE_RECORDS) as (keyof typeof MERGE_SINGLE_RECORDS)[]).find((k) => MERGE_SINGLE_RECORDS[k] === ref.table)!;
        const both = conflicts.some((x) => x.field === field);
        if (both && !takeMerged(field)) await db.execute(sql.raw(`delete from ${t} where person_id = '${merged.id}'`));
        if (both && takeMerged(field)) await db.execute(sql.raw(`delete from ${t} where person_id = '${survivor.id}'`));
        moved[ref.table] = count(await db.execute(sql.raw(`update ${t} set person_id = '${survivor.id}' where person_id = '${merged.id}'`)));
      } else if (how === "pairs" && ref.column === "low_id") await identity.moveDistinctPairs(db, organisationId, merged.id, survivor.id);
      // Earlier merges into the record now merged away follow it, so every old id resolves in one hop.
      else if (how === "merges") await db.execute(sql.raw(`update ${t} set ${c} = '${survivor.id}' where ${c} = '${merged.id}'`));
    }
    // Every spelling of both records is kept; the primary name is the chosen one.
    const names = await repo.namesOf(db, [survivor.id, merged.id]);
    const primary = (values.primaryName as string | undefined) ?? survivor.primaryName;
    const spellings = [survivor.primaryName, merged.primaryName, ...[survivor.id, merged.id].flatMap((id) => (names.get(id) ?? []).map((n) => n.name))].filter((n) => n !== primary);
    await repo.replacePersonNames(db, survivor.id, nameRows(primary, spellings));
    moved.person_name = (names.get(merged.id) ?? []).length;

    // Hand edits of draft lists name people by id: they follow the survivor. Versions (frozen or not) are immutable.
    for (const l of await db.select().from(exchangeList).where(eq(exchangeList.organisationId, organisationId))) {
      if (!l.manualAdds.includes(merged.id) && !l.manualRemoves.includes(merged.id)) continue;
      const swap = (ids: string[]) => [...new Set(ids.map((id) => (id === merged.id ? survivor.id : id)))];
      await db.update(exchangeList).set({ manualAdds: swap(l.manualAdds), manualRemoves: swap(l.manualRemoves) }).where(eq(exchangeList.id, l.id));
    }

    // Values sealed under the merged record's key (its case texts, notes, …, now the survivor's) move to the
    // survivor's key; the merged record's key is deleted once this commits.
    await resealPersonValues(db, merged.id, survivor.id);
    await db.execute(sql`delete from person where id = ${merged.id}`);
    await repo.updatePersonRow(db, survivor.id, values);
    await identity.recordMerge(db, { mergedId: merged.id, survivorId: survivor.id, organisationId, mergedExternalId, mergedBy: actorUserId(ctx.actor), mergedAt: ctx.now() });
    // Field names and choices only: values may identify the person (erasure must leave no copy in the audit log).
    await recordAudit(db, ctx.actor, { type: "person.merged", targetType: "person", targetId: survivor.id, detail: { mergedId: merged.id, choices: v.choices, moved } }, ctx.now());
    return { survivorId: survivor.id, mergedId: merged.id, moved };
  })
    .then((report) => {
      erasePersonKeys([report.mergedId]);
      return report;
    })
    .finally(() => dropSuggestionIndexes(ctx.db));
}
