/**
 * List rows as plain data: eligibility, the content hash and the diff between two versions.
 * Pure (no I/O), so the rules negotiators rely on are easy to test and to read.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../audit.js";

/** Upper bound for version numbers in input: keeps absurd numbers out of integer columns (a 400, not a 500). */
export const MAX_VERSION = 1_000_000;

export type RecognitionState = "recognised" | "not_recognised" | "needs_more_information" | "pending" | "unknown";

/** One row of a list version, exactly as it is stored, hashed and exported. */
export interface ListRowData {
  personId: string | null;
  nameCyrillic: string | null;
  nameLatin: string | null;
  birthDate: string | null;
  articles: string | null;
  facility: string | null;
  sentence: string | null;
  /** Day of the first detention (ISO date), when known. Absent in versions stored before it existed. */
  detainedOn?: string | null;
  /** The person's exchange consent when the version was stored ("unknown", "consents", "refuses"). */
  exchangeConsent?: string | null;
  category: string | null;
  status: string | null;
  priority: number | null;
  recognition: RecognitionState | null;
  eligible: boolean;
  /** Why the row is not eligible (codes from INELIGIBILITY_TEXT); empty when eligible. */
  reasons: string[];
  /** Facts a coordinator should check that do not exclude the person (codes from WARNING_TEXT). */
  warnings: string[];
  /** Counterpart lists: the row as received. */
  received?: Record<string, string> | null;
  /** Counterpart lists: the match against the registry. */
  match?: { verdict: string; score: number; explanation: string[]; candidateId?: string | null } | null;
  /** The row was replaced by erasure on request: a placeholder keeping its place and its row hash. */
  erased?: true;
}

export const INELIGIBILITY_TEXT: Readonly<Record<string, string>> = {
  refuses_exchange: "refuses to be exchanged (exchange consent: refuses)",
  not_recognised: "not recognised as a political prisoner",
  released: "already released",
  pardoned: "already pardoned",
  exchanged: "already exchanged",
  deceased: "deceased",
  removed_by_hand: "removed from the list by hand",
  not_in_registry: "not found in the registry",
};

export const WARNING_TEXT: Readonly<Record<string, string>> = {
  consent_unknown: "exchange consent not recorded",
  recognition_unknown: "recognition not assessed",
  recognition_pending: "recognition assessed, decision pending",
  recognition_needs_more_information: "recognition: more information needed",
  priority_unknown: "priority not computed",
  added_by_hand: "added by hand (outside the list's filters)",
  possible_match: "matched to the registry only as a possible match: check by hand",
  duplicate: "appears more than once on this list",
  category_outside_purpose: "category outside the list's declared categories (added by hand): check it belongs on this list",
};

export interface EligibilityFacts {
  status: string;
  exchangeConsent: string;
  category: string;
  recognition: RecognitionState;
  removedByHand?: boolean;
  addedByHand?: boolean;
  priority: number | null;
}

/**
 * Eligibility for an exchange list. Every failing rule is reported (not only the first), so a coordinator
 * sees at once that someone both refuses and is already released.
 */
export function eligibility(f: EligibilityFacts): { eligible: boolean; reasons: string[]; warnings: string[] } {
  const reasons: string[] = [];
  const warnings: string[] = [];
  // The person's own refusal wins over any negotiating interest: exchange without consent can mean
  // forced deportation or loss of citizenship.
  if (f.exchangeConsent === "refuses") reasons.push("refuses_exchange");
  else if (f.exchangeConsent !== "consents") warnings.push("consent_unknown");
  if (f.recognition === "not_recognised") reasons.push("not_recognised");
  // Recognition under PACE 1900 is a question for Russian political prisoners; civilians and POWs are
  // on lists because of how they are held, not because of a recognition decision.
  else if (f.category === "ru_political_prisoner" && f.recognition !== "recognised") warnings.push(`recognition_${f.recognition}`);
  if (["released", "pardoned", "exchanged", "deceased"].includes(f.status)) reasons.push(f.status);
  if (f.removedByHand) reasons.push("removed_by_hand");
  if (f.addedByHand) warnings.push("added_by_hand");
  if (f.priority === null) warnings.push("priority_unknown");
  return { eligible: reasons.length === 0, reasons, warnings };
}

export function describeReasons(codes: readonly string[]): string {
  return codes.map((c) => INELIGIBILITY_TEXT[c] ?? WARNING_TEXT[c] ?? c).join("; ");
}

/** The fields that make up a row's content, in a fixed order (used by the hash and by the diff). */
export const ROW_FIELDS = [
  "personId",
  "nameCyrillic",
  "nameLatin",
  "birthDate",
  "articles",
  "facility",
  "sentence",
  "category",
  "status",
  "priority",
  "recognition",
  "eligible",
  "reasons",
  "warnings",
  "received",
  "match",
] as const satisfies readonly (keyof ListRowData)[];
/** Fields added later: hashed only when present, so versions stored before them keep their hash. */
export const LATER_ROW_FIELDS = ["detainedOn", "exchangeConsent"] as const satisfies readonly (keyof ListRowData)[];
export type RowField = (typeof ROW_FIELDS)[number] | (typeof LATER_ROW_FIELDS)[number];

function rowContent(r: ListRowData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ROW_FIELDS) out[f] = r[f] ?? null;
  for (const f of LATER_ROW_FIELDS) if (r[f] !== undefined && r[f] !== null) out[f] = r[f];
  return out;
}

/** How versions written now are hashed: the content hash covers the row hashes (see checkVersion). */
export const HASH_SCHEME = 2;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Every field a row's content may hold, in canonicalJson's key order (UTF-16 code units), with its key as JSON. */
const CONTENT_KEYS = [...ROW_FIELDS, ...LATER_ROW_FIELDS].sort().map((f) => ({ f, key: `${JSON.stringify(f)}:`, later: (LATER_ROW_FIELDS as readonly string[]).includes(f) }));

/**
 * canonicalJson(rowContent(r)), written in one pass over the fields in their sorted order: no object built and no
 * keys sorted per row (every version written and every version read hashes all its rows). rows.test.ts holds it
 * equal to the general form.
 */
export function rowCanonicalJson(r: ListRowData): string {
  let out = "{";
  for (const { f, key, later } of CONTENT_KEYS) {
    const v = r[f];
    if (later && (v === undefined || v === null)) continue;
    out += (out.length > 1 ? "," : "") + key + canonicalJson(v ?? null);
  }
  return out + "}";
}

/** The general form of a row's canonical content (rowCanonicalJson is the fast one; they must agree). */
export function rowCanonicalJsonGeneral(r: ListRowData): string {
  return canonicalJson(rowContent(r));
}

/** sha256 of one row's canonical content: kept with the row, so the row can be checked on its own. */
export function rowHash(r: ListRowData): string {
  return sha256(rowCanonicalJson(r));
}

/** Scheme 2: sha256 over the rows' hashes in order. An erased row keeps its hash, so the version still verifies. */
export function contentHashOfRowHashes(hashes: readonly string[]): string {
  return sha256(canonicalJson(hashes));
}

/**
 * The content hash printed on a version: equal content gives an equal hash, on any machine. Scheme 1 (versions
 * stored before row hashes) hashed the rows themselves as one canonical JSON document.
 */
export function contentHash(rows: readonly ListRowData[], scheme: number = HASH_SCHEME): string {
  if (scheme === 1) return sha256(canonicalJson(rows.map(rowContent)));
  return contentHashOfRowHashes(rows.map(rowHash));
}

/** A stored row as the integrity check needs it. */
export interface StoredRow {
  position: number;
  rowHash: string | null;
  erased: boolean;
  row: ListRowData;
}

export interface VersionIntegrity {
  /** The printed content hash is confirmed: every row not erased matches its hash and the hashes add up to it. */
  verified: boolean;
  /** Positions of rows replaced by erasure on request. */
  erasedRows: number[];
  /** Positions of rows whose content no longer matches their own hash (changed behind the services' back). */
  changedRows: number[];
  /** In one sentence, for the command line and the staff app. */
  summary: string;
}

function positions(ns: number[]): string {
  return ns.length === 1 ? `row ${ns[0]}` : `rows ${ns.slice(0, 20).join(", ")}${ns.length > 20 ? ` and ${ns.length - 20} more` : ""}`;
}

/**
 * Check a stored version against its content hash. Each row is checked against its own hash; the hashes in
 * order must give the printed content hash. An erased row cannot be re-hashed (its content is gone on purpose)
 * but its hash was kept, so the rest of the version is still proved intact ("row 12 erased, rest intact").
 */
export function checkVersion(version: { contentHash: string; hashScheme: number }, rows: readonly StoredRow[]): VersionIntegrity {
  const erasedRows: number[] = [];
  const changedRows: number[] = [];
  let unhashed = 0;
  for (const r of rows) {
    if (r.erased) erasedRows.push(r.position);
    else if (r.rowHash === null) unhashed++;
    else if (rowHash(r.row) !== r.rowHash) changedRows.push(r.position);
  }
  const rest = rows.length - erasedRows.length;
  let sumsUp: boolean;
  let legacyNote = "";
  if (version.hashScheme === 1) {
    // The printed hash covers the rows themselves: it can be recomputed only while no row is erased.
    sumsUp = erasedRows.length === 0 && contentHash(rows.map((r) => r.row), 1) === version.contentHash;
    if (erasedRows.length)
      legacyNote = "; this version was stored before row hashes, so its printed content hash can no longer be recomputed — the other rows match the row hashes taken when it was upgraded";
  } else sumsUp = unhashed === 0 && contentHashOfRowHashes(rows.map((r) => r.rowHash ?? "")) === version.contentHash;
  const verified = sumsUp && changedRows.length === 0;
  let summary: string;
  if (changedRows.length) summary = `NOT intact: ${positions(changedRows)} changed since the version was stored`;
  else if (!sumsUp && !legacyNote) summary = "NOT intact: the rows no longer add up to the content hash (rows added, removed or reordered)";
  else if (erasedRows.length) summary = `${positions(erasedRows)} erased on request, the other ${rest} intact${legacyNote}`;
  else summary = `intact: all ${rows.length} rows match the content hash`;
  return { verified, erasedRows, changedRows, summary };
}

/** Identity of a row across versions: the registry person, or for unmatched counterpart rows the name and birth date. */
export function rowKey(r: ListRowData): string {
  if (r.personId) return `p:${r.personId}`;
  return `n:${(r.nameCyrillic ?? r.nameLatin ?? "").toLowerCase()}|${r.birthDate ?? ""}`;
}

export interface RowChange {
  key: string;
  personId: string | null;
  name: string;
  fields: { field: RowField; from: unknown; to: unknown }[];
}

export interface VersionDiff {
  added: ListRowData[];
  removed: ListRowData[];
  changed: RowChange[];
  unchanged: number;
}

function displayName(r: ListRowData): string {
  return r.nameCyrillic ?? r.nameLatin ?? "(no name)";
}

/** What changed from `a` to `b`; a row becoming ineligible is a change (with its reasons), not a removal. */
export function diffRows(a: readonly ListRowData[], b: readonly ListRowData[]): VersionDiff {
  const before = new Map(a.map((r) => [rowKey(r), r]));
  const after = new Map(b.map((r) => [rowKey(r), r]));
  const added = b.filter((r) => !before.has(rowKey(r)));
  const removed = a.filter((r) => !after.has(rowKey(r)));
  const changed: RowChange[] = [];
  let unchanged = 0;
  for (const r of b) {
    const key = rowKey(r);
    const old = before.get(key);
    if (!old) continue;
    const fields: RowChange["fields"] = [];
    for (const f of [...ROW_FIELDS, ...LATER_ROW_FIELDS]) {
      const x = old[f] ?? null;
      const y = r[f] ?? null;
      if (canonicalJson(x) !== canonicalJson(y)) fields.push({ field: f, from: x, to: y });
    }
    if (fields.length) changed.push({ key, personId: r.personId, name: displayName(r), fields });
    else unchanged++;
  }
  return { added, removed, changed, unchanged };
}

/** The same order as localeCompare(…, "ru"), without building a collator per comparison (seconds at 100,000 rows). */
const RU_ORDER = new Intl.Collator("ru");

/** Order of rows in a version: eligible first, then by priority (highest first), then by name. */
export function sortRows(rows: ListRowData[]): ListRowData[] {
  return [...rows].sort(
    (x, y) =>
      Number(y.eligible) - Number(x.eligible) ||
      (y.priority ?? -1) - (x.priority ?? -1) ||
      RU_ORDER.compare(x.nameCyrillic ?? x.nameLatin ?? "", y.nameCyrillic ?? y.nameLatin ?? "") ||
      (x.personId ?? "").localeCompare(y.personId ?? ""),
  );
}
