/**
 * The report on a counterpart list: its composition, and its rows in sections (matched to people we hold,
 * unmatched, duplicates, already free, deceased, possible matches, and ours missing from theirs). Sections are
 * read a page at a time: compared with our list of everyone, "ours missing from theirs" is most of 100,000 rows,
 * counted and picked in SQL from the unsealed columns (person id, eligibility); only the page shown is opened.
 */
import { z } from "zod";
import * as repo from "../../db/repositories/exchangeLists.js";
import type { ServiceContext } from "../context.js";
import { invalid } from "../errors.js";
import { authorize } from "../policy.js";
import { NOT_HELD_STATUSES } from "../reconcile.js";
import { loadList, summariseVersion, toRowData, versionRows } from "./common.js";
import { NOTES, THEIR_NO, receivedValue } from "./exportModel.js";
import { MAX_VERSION, type ListRowData } from "./rows.js";

/** How the categories are grouped in the composition: what negotiators need to tell apart at a glance. */
export const COMPOSITION_GROUPS: Record<string, string> = {
  ru_political_prisoner: "political prisoners",
  ru_persecuted_not_detained: "political prisoners",
  ua_civilian_hostage: "Ukrainian civilians",
  ua_pow: "Ukrainian servicemen (POWs, convicted)",
  ua_serviceman_convicted: "Ukrainian servicemen (POWs, convicted)",
  held_in_ukraine: "held in Ukraine (servicemen, collaborators)",
  other: "other registered",
};

export const REPORT_SECTIONS = ["held", "unmatched", "duplicates", "alreadyFree", "deceased", "possibleMatches", "missingFromTheirs"] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const reportLimit = z.coerce.number().int().min(1).max(500);
export const reportRowsInput = z.object({
  version: z.coerce.number().int().min(1).max(MAX_VERSION).optional(),
  section: z.enum(REPORT_SECTIONS),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: reportLimit.default(100),
});

/** Their own "№" and notes stay beside each row: negotiators refer to the other side's rows by them. */
function show(r: ListRowData) {
  return {
    personId: r.personId,
    name: r.nameCyrillic ?? r.nameLatin,
    birthDate: r.birthDate,
    row: r.received?.["#row"] ?? null,
    theirNo: receivedValue(r.received, THEIR_NO) || null,
    notes: receivedValue(r.received, NOTES) || null,
    status: r.status,
    match: r.match ?? null,
  };
}
type Shown = ReturnType<typeof show>;

/** The report's parts: their rows in memory, ours as positions of our version (opened only when shown). */
async function reportParts(ctx: ServiceContext, id: string, version?: number) {
  authorize(ctx.actor, "read", "reconciliation");
  const list = await loadList(ctx.db, ctx, id);
  if (list.kind !== "counterpart") throw invalid("this report is for counterpart lists");
  // Their rows as stored, not checked against the version's hashes: the report does not show the check (the
  // list's own page and its exports do); at 2,000 rows it was ~30 ms of each read.
  const { version: v, rows } = await versionRows(ctx.db, list, version);
  const notHeld = NOT_HELD_STATUSES as readonly string[];
  const theirs: Record<Exclude<ReportSection, "missingFromTheirs">, ListRowData[]> = {
    // Rows naming people we still hold: the part of their list that is an actual exchange candidate.
    held: rows.filter((r) => r.personId && !notHeld.includes(r.status ?? "")),
    unmatched: rows.filter((r) => !r.personId && r.match?.verdict !== "possible"),
    duplicates: rows.filter((r) => r.warnings.includes("duplicate")),
    alreadyFree: rows.filter((r) => r.personId && ["released", "pardoned", "exchanged"].includes(r.status ?? "")),
    deceased: rows.filter((r) => r.status === "deceased"),
    possibleMatches: rows.filter((r) => r.match?.verdict === "possible"),
  };
  let ours: { versionId: string; theirIds: string[]; count: number } | null = null;
  let comparedWith: { id: string; name: string; version: number } | null = null;
  if (list.comparedWithListId) {
    const our = await loadList(ctx.db, ctx, list.comparedWithListId);
    const n = our.frozenVersion ?? our.currentVersion;
    const ov = await repo.findVersion(ctx.db, our.id, n);
    if (ov) {
      const theirIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
      ours = { versionId: ov.id, theirIds, count: await repo.rowsMissingCount(ctx.db, ov.id, theirIds) };
      comparedWith = { id: our.id, name: our.name, version: n };
    }
  }
  const counts = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, s === "missingFromTheirs" ? (ours?.count ?? 0) : theirs[s].length])) as Record<ReportSection, number>;
  /** Rows [offset, offset + n) of a section, ready to show. */
  const slice = async (section: ReportSection, offset: number, n: number): Promise<Shown[]> => {
    if (section !== "missingFromTheirs") return theirs[section].slice(offset, offset + n).map(show);
    if (!ours || offset >= ours.count) return [];
    return (await repo.rowsMissingPage(ctx.db, ours.versionId, ours.theirIds, { offset, limit: Math.min(n, ours.count) })).map((r) => show(toRowData(r)));
  };
  return { list, v, rows, counts, comparedWith, slice };
}

/**
 * The whole report; `limit` keeps each section to its first rows (the staff app asks for one page of each, and
 * the rest with counterpartReportRows). `counts` says how many rows each section holds either way.
 */
export async function counterpartReport(ctx: ServiceContext, id: string, version?: number, opts: { limit?: number } = {}) {
  const p = await reportParts(ctx, id, version);
  const byCategory: Record<string, number> = {};
  const byGroup: Record<string, number> = {};
  for (const r of p.rows) {
    const cat = r.personId ? r.category ?? "other" : r.match?.verdict === "possible" ? "possible_match" : "unknown";
    byCategory[cat] = (byCategory[cat] ?? 0) + 1;
    const group = r.personId ? COMPOSITION_GROUPS[cat] ?? "other registered" : cat === "possible_match" ? "possible match (check by hand)" : "unknown (not in the registry)";
    byGroup[group] = (byGroup[group] ?? 0) + 1;
  }
  const n = opts.limit ?? Number.MAX_SAFE_INTEGER;
  const section = (s: ReportSection) => p.slice(s, 0, n);
  return {
    list: { id: p.list.id, name: p.list.name, sourceFileName: p.list.sourceFileName },
    version: summariseVersion(p.v),
    total: p.rows.length,
    matched: p.rows.filter((r) => r.personId).length,
    byCategory,
    byGroup,
    counts: p.counts,
    held: await section("held"),
    unmatched: await section("unmatched"),
    duplicates: await section("duplicates"),
    alreadyFree: await section("alreadyFree"),
    deceased: await section("deceased"),
    possibleMatches: await section("possibleMatches"),
    comparedWith: p.comparedWith,
    missingFromTheirs: p.comparedWith ? await section("missingFromTheirs") : null,
  };
}

/** One page of one section of the report, with the section's size. */
export async function counterpartReportRows(ctx: ServiceContext, id: string, input: z.input<typeof reportRowsInput>) {
  const q = reportRowsInput.parse(input);
  const p = await reportParts(ctx, id, q.version);
  return { section: q.section, offset: q.offset, limit: q.limit, total: p.counts[q.section], rows: await p.slice(q.section, q.offset, q.limit) };
}
