/**
 * `allforall import people` and the staff app's Import screen: a sheet as an NGO keeps it, read by the one
 * tabular reader, each row turned into a person draft, and one person kept as one record:
 * - a row with the registry's own id (external_id) creates or updates that person, as before;
 * - a row without one is matched against the registry (indexed once per import) and against the rows created
 *   earlier in the same file: nothing resembles it → created; exactly one `match` with the same full birth date →
 *   that person's empty fields are filled (a conflicting value is reported, never overwritten); any other
 *   `match` or `possible` → the review list, not created. Re-importing a file therefore creates nobody.
 * Each batch is one transaction, so an interrupted import leaves whole batches and a re-run completes it.
 * `dryRun` does all of it but writes nothing.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { anyOf } from "../../db/repositories/bulk.js";
import * as repo from "../../db/repositories/people.js";
import { person } from "../../db/schema/person.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "../context.js";
import { throughTheDoorInBulk } from "../duplicates.js";
import { authorize } from "../policy.js";
import { conflict } from "../errors.js";
import { registryPeople, registrySnapshot } from "../reconcile.js";
import { openTable, TableError, type Table } from "../tabular/table.js";
import { draftOf, ImportRefused, planColumns, type ColumnPlan, type PersonDraft, type RowIssue } from "./draft.js";
import type { ImportMessage } from "./messages.js";
import { RowMatcher, rowToMatch, type RowDecision } from "./matchRows.js";
import { contentKeyOf } from "./contentKey.js";
import { LateComers } from "./lateComers.js";
import { inThread, MATCH_THREAD_MIN_ROWS, startWorker, type EarlyWorker } from "./matchThread.js";
import { mayChangeConsent, pendingReviewsByContent, storeReviews, type ReviewDraft } from "./review.js";
import { applyFills, applyIdUpdates, createPeople, loadForUpdate, planFill, planIdUpdate, type Conflict, type FillPlan, type IdUpdate } from "./store.js";

export { IMPORT_CASE_ORIGIN } from "./store.js";
export { ImportRefused } from "./draft.js";

export interface ImportOptions {
  /** A file on disk, or `file` + `content` for an upload. */
  path?: string;
  file?: string;
  content?: Buffer;
  sheet?: string | undefined;
  /** Header → field (or "ignore"), for headers the dictionary does not know. */
  map?: Record<string, string> | undefined;
  /** The category of every row that has no category cell. */
  category?: string | undefined;
  dryRun?: boolean;
  batchSize?: number;
  /** Every 500 rows read; a promise returned is awaited before the next row is read. */
  onProgress?: (p: { rows: number; fraction: number | null }) => void | Promise<void>;
  isDemo?: boolean;
  /** How many drafts to return for the mapping step's preview. */
  previewRows?: number;
  /** Match a large file's rows in a worker thread (default); false keeps them in this thread (same decisions). */
  matchThread?: boolean;
}

export interface ReviewPreview {
  row: number;
  name: string;
  reason: ReviewDraft["reason"];
  candidateId: string | null;
  score: number | null;
}

export interface ImportReport {
  file: string;
  format: Table["format"];
  encoding: Table["encoding"];
  separator: Table["separator"];
  sheet: string | null;
  sheets: string[];
  headers: string[];
  columns: ColumnPlan["columns"];
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows left for review (and consent items), not created. */
  review: number;
  /** Rows refused (each with its issues). */
  failed: number;
  issues: RowIssue[];
  conflicts: (Conflict & { file: string })[];
  warnings: ImportMessage[];
  /** The refused rows as read, to download, fix and upload again. */
  refusedRows: { row: number; cells: string[] }[];
  reviewRows: ReviewPreview[];
  preview: { row: number; draft: PersonDraft }[];
}

/** Read the table and its columns; throws ImportRefused for a file that cannot be imported at all. */
export async function readImportTable(opts: ImportOptions): Promise<{ table: Table; plan: ColumnPlan; warnings: ImportMessage[] }> {
  const file = opts.file ?? basename(opts.path ?? "upload");
  const content = opts.content ?? readFileSync(opts.path!);
  let table: Table;
  try {
    table = await openTable(file, content, { sheet: opts.sheet });
  } catch (e) {
    if (!(e instanceof TableError)) throw e;
    const key = e.code === "unreadable" ? "import.unreadable" : e.code === "empty" ? "import.empty" : e.code === "noSheet" ? "import.noSheet" : "import.unsupported";
    throw new ImportRefused({ key, params: { file, reason: "", sheet: "", sheets: "", ...e.params } });
  }
  const { plan, warnings } = planColumns(table, { map: opts.map, category: opts.category });
  return { table, plan, warnings };
}

interface Pending {
  row: number;
  draft: PersonDraft;
}

export async function importPeople(ctx: ServiceContext, opts: ImportOptions): Promise<ImportReport> {
  authorize(ctx.actor, "import", "person");
  // A file that may be large starts its matching thread now, which loads its code while this thread reads the
  // file (about as long, on the other core); closed again below if the file turns out small or cannot be read.
  const early = (opts.matchThread ?? true) && mayHoldRows(opts, MATCH_THREAD_MIN_ROWS) ? startWorker() : null;
  let started = false;
  try {
    return await importRead(ctx, opts, early, () => (started = true));
  } finally {
    if (!started) await early?.close();
  }
}

/** Bytes below which a file cannot hold `rows` rows (a row of a name and a date takes more than this). */
const MIN_ROW_BYTES = 24;

function mayHoldRows(opts: ImportOptions, rows: number): boolean {
  try {
    const size = opts.content?.length ?? (opts.path ? statSync(opts.path).size : 0);
    return size >= rows * MIN_ROW_BYTES;
  } catch {
    return false; // unreadable: readImportTable says so
  }
}

async function importRead(ctx: ServiceContext, opts: ImportOptions, early: EarlyWorker | null, handedOver: () => void): Promise<ImportReport> {
  const { table, plan, warnings } = await readImportTable(opts);
  const dryRun = opts.dryRun ?? false;
  const file = table.file;
  const report: ImportReport = {
    file, format: table.format, encoding: table.encoding, separator: table.separator, sheet: table.sheet, sheets: table.sheets, headers: table.headers, columns: plan.columns,
    dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, review: 0, failed: 0, issues: [], conflicts: [], warnings, refusedRows: [], reviewRows: [], preview: [],
  };
  const today = ctx.now().toISOString().slice(0, 10);
  const organisationId = actorOrganisationId(ctx.actor);
  const userId = actorUserId(ctx.actor);
  const consentAllowed = mayChangeConsent(ctx.actor);
  const header = (f: string) => plan.columns.find((c) => c.field === f)?.header ?? f;

  // Before the registry is read: people others create from now on are looked for again at each batch's write.
  const late = dryRun ? null : await LateComers.begin(ctx.db, organisationId);
  // Rows are decided by a RowMatcher (the registry's name index, built once, and a second, small index of the
  // people this file creates): in this thread for a small file; for a large one in a worker thread, which
  // decides batch n + 1 while this thread writes batch n.
  const waitingReview = await pendingReviewsByContent(ctx.db, organisationId, ctx.cipher);
  const threaded = (opts.matchThread ?? true) && table.rows.length >= MATCH_THREAD_MIN_ROWS;
  const decider = threaded
    ? (early ?? startWorker()).begin({ people: await registryPeople(ctx.db, organisationId), waiting: [...waitingReview] })
    : inThread(new RowMatcher((await registrySnapshot(ctx.db, organisationId)).index, waitingReview));
  // The decider closes the thread from here on (an early one not begun is closed by importPeople).
  if (threaded) handedOver();
  const inFileDraft = new Map<string, PersonDraft>();
  const seenIds = new Map<string, number>();
  const facilityIds = new Map<string, string | null>();

  const batchSize = opts.batchSize ?? 2500;
  let batch: Pending[] = [];
  let decided: { rows: Pending[]; decisions: Promise<RowDecision[]> } | null = null;
  // Hand `next` to the matcher, then write the batch decided before it (once its decisions are in). With a
  // worker, `next` is decided there while the batch before it is written here.
  const writeDecided = async (next: Pending[] | null) => {
    const prev = decided;
    decided = null;
    if (next) {
      const withId = next.filter((r) => r.draft.externalId);
      const known = withId.length ? await repo.existingExternalIds(ctx.db, organisationId, withId.map((r) => r.draft.externalId!)) : new Set<string>();
      // Only the fields the matcher reads cross to its thread (and the content key, when a review waits).
      const decisions = decider.decide(next.map((r) => rowToMatch(r.row, r.draft, !!r.draft.externalId && known.has(r.draft.externalId), waitingReview.size ? contentKeyOf(r.draft) : undefined)));
      decisions.catch(() => {}); // awaited when the batch is written; a failure surfaces there
      decided = { rows: next, decisions };
    }
    if (!prev) return;
    const decisions = await prev.decisions;
    const run = (db: Db) => writeBatch(db, prev.rows, decisions);
    if (dryRun) await run(ctx.db);
    else await throughTheDoorInBulk(ctx, run);
  };
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await writeDecided(rows);
  };

  const writeBatch = async (db: Db, rows: Pending[], decided: RowDecision[]) => {
    const decisions = late ? await late.revise(db, rows, decided) : decided;
    if (!dryRun) {
      const unseen = [...new Set(rows.flatMap((r) => (r.draft.facility && !facilityIds.has(r.draft.facility) ? [r.draft.facility] : [])))];
      for (const [name, id] of await repo.facilityIdsByName(db, unseen)) facilityIds.set(name, id);
    }
    const facilityOf = (d: PersonDraft) => (d.facility ? (facilityIds.get(d.facility) ?? null) : null);
    const withId = rows.filter((r) => r.draft.externalId);
    const existing = withId.length ? await db.select().from(person).where(and(eq(person.organisationId, organisationId), anyOf(person.externalId, withId.map((r) => r.draft.externalId!)))) : [];
    const byExternal = new Map(existing.map((p) => [p.externalId!, p]));

    const creates: { id: string; draft: PersonDraft; facilityId: string | null }[] = [];
    const fills: { row: number; id: string; draft: PersonDraft }[] = [];
    const idUpdates: Pending[] = [];
    const reviews: ReviewDraft[] = [];
    const consentFor = (r: Pending, id: string) => {
      if (consentAllowed || (!r.draft.publicityConsent && !r.draft.exchangeConsent)) return;
      reviews.push({ file, row: r.row, reason: "consent", draft: r.draft, candidateId: id, score: null, explanation: [] });
      warnings.push({ key: "import.consentNotApplied", params: { file, row: String(r.row) } });
    };

    rows.forEach((r, i) => {
      const d = decisions[i]!;
      if (d.kind === "create") {
        const clean = consentAllowed ? r.draft : { ...r.draft, publicityConsent: null, exchangeConsent: null };
        creates.push({ id: d.id, draft: clean, facilityId: facilityOf(r.draft) });
        inFileDraft.set(d.id, r.draft);
        consentFor(r, d.id);
      } else if (d.kind === "update") {
        // Known by external id when the batch was decided, and read again here, in this batch's transaction.
        if (!byExternal.has(r.draft.externalId!)) throw conflict(`the person with external id ${r.draft.externalId} was deleted while ${file} was being imported; import the file again`);
        idUpdates.push(r);
      } else if (d.kind === "fill") {
        fills.push({ row: r.row, id: d.id, draft: r.draft });
        consentFor(r, d.id);
      } else reviews.push({ file, row: r.row, draft: r.draft, reason: d.reason, candidateId: d.candidateId, score: d.score, explanation: d.explanation });
    });

    // Writes (skipped in a dry run): new people, updates by id, fills, review items, one audit entry.
    if (!dryRun) await createPeople(db, ctx.dbKind, creates, { organisationId, userId, file, isDemo: opts.isDemo ?? false });
    report.created += creates.length;
    const loaded = await loadForUpdate(db, [...existing.map((p) => p.id), ...fills.map((f) => f.id)]);
    const updatedIds: string[] = [];
    const idPlans: IdUpdate[] = [];
    for (const r of idUpdates) {
      const before = byExternal.get(r.draft.externalId!)!;
      const idPlan = planIdUpdate(before, loaded.names.get(before.id) ?? [], loaded.cases.get(before.id) ?? [], r.draft, facilityOf(r.draft), !consentAllowed, { column: plan.byField.has("note") });
      if (idPlan) {
        idPlans.push(idPlan);
        updatedIds.push(before.id);
      } else report.unchanged++;
      consentFor(r, before.id);
    }
    if (!dryRun) await applyIdUpdates(db, ctx.dbKind, idPlans, userId, file);
    const fillPlans: { p: repo.PersonRow; f: FillPlan }[] = [];
    for (const f of fills) {
      const p = loaded.people.get(f.id);
      if (!p) {
        // Created earlier in this same file during a dry run: nothing stored to compare with.
        const same = JSON.stringify(inFileDraft.get(f.id)) === JSON.stringify(f.draft);
        if (same) report.unchanged++;
        else report.updated++;
        continue;
      }
      const fill = planFill(p, loaded.names.get(p.id) ?? [], loaded.cases.get(p.id) ?? [], f.draft, facilityOf(f.draft), f.row, header, consentAllowed);
      for (const c of fill.conflicts) report.conflicts.push({ file, ...c });
      if (!fill.changed) {
        report.unchanged++;
        continue;
      }
      fillPlans.push({ p, f: fill });
      updatedIds.push(p.id);
      // Later rows compare against what is now stored.
      loaded.people.set(p.id, { ...p, ...fill.patch } as repo.PersonRow);
      if (fill.newNames.length) loaded.names.set(p.id, [...(loaded.names.get(p.id) ?? []), ...fill.newNames.map((name) => ({ name, isPrimary: false }))]);
    }
    if (!dryRun) await applyFills(db, ctx.dbKind, fillPlans, userId, file);
    report.updated += updatedIds.length;
    report.review += dryRun ? reviews.length : await storeReviews(db, organisationId, userId, reviews, ctx.dbKind, ctx.cipher);
    for (const rv of reviews) if (report.reviewRows.length < 500) report.reviewRows.push({ row: rv.row, name: rv.draft.name, reason: rv.reason, candidateId: rv.candidateId, score: rv.score });
    if (!dryRun && (creates.length || updatedIds.length || reviews.length))
      // One entry per batch: which records the file created or changed (ids only, no personal data).
      await recordAudit(db, ctx.actor, { type: "person.imported", targetType: "person", targetId: null, detail: { file, created: creates.map((c) => c.id), updated: updatedIds, review: reviews.length } }, ctx.now());
  };

  const total = table.rows.length;
  try {
  for (const r of table.rows) {
    report.rows++;
    const before = report.issues.length;
    const draft = draftOf(plan, r, today, report.issues);
    if (draft?.externalId) {
      const prev = seenIds.get(draft.externalId);
      if (prev !== undefined) report.issues.push({ file, row: r.row, column: header("external_id"), field: "external_id", value: draft.externalId, expected: { key: "import.expected.uniqueId", params: { other: String(prev) } } });
      else seenIds.set(draft.externalId, r.row);
    }
    if (report.issues.length > before || !draft) {
      report.refusedRows.push({ row: r.row, cells: r.cells });
      continue;
    }
    if (report.preview.length < (opts.previewRows ?? 0)) report.preview.push({ row: r.row, draft });
    batch.push({ row: r.row, draft });
    if (batch.length >= batchSize) await flush();
    if (opts.onProgress && report.rows % 500 === 0) await opts.onProgress({ rows: report.rows, fraction: total ? report.rows / total : null });
  }
    await flush();
    await writeDecided(null);
  } finally {
    await decider.close();
  }
  await opts.onProgress?.({ rows: report.rows, fraction: 1 });
  report.failed = report.refusedRows.length;
  return report;
}
