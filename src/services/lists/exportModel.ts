/**
 * What every export format prints: one model built from a stored version, so the PDF, the XLSX and
 * the CSV show the same people, in the same order, with the same text.
 */
import { createHash } from "node:crypto";
import { describeReasons, type ListRowData } from "./rows.js";
import { LATIN_STANDARD } from "./format.js";

export const exportFormats = ["pdf", "xlsx", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * "eligible": the people we ask for — the form that may leave the organisation.
 * "all": every row with its eligibility and reasons — internal only (it names people who refused).
 */
export const exportScopes = ["eligible", "all"] as const;
export type ExportScope = (typeof exportScopes)[number];

export interface ExportModel {
  listId: string;
  listName: string;
  purpose: string | null;
  kind: string;
  /** Whether this version is the list's frozen one. Later steps (sign-off, outcome) are not printed, so the
   *  document stays identical whenever it is exported. */
  frozen: boolean;
  version: number;
  contentHash: string;
  /** When the version was stored: the fixed date of the document (reproducible exports). */
  versionCreatedAt: Date;
  /** When this file was produced: the only part allowed to differ between two exports of a version. */
  exportedAt: Date;
  scope: ExportScope;
  latinStandard: string;
  rows: ExportRow[];
}

export interface ExportRow {
  no: number;
  nameCyrillic: string;
  nameLatin: string;
  birthDate: string;
  articles: string;
  facility: string;
  sentence: string;
  eligible: boolean;
  /** Why not eligible (empty when eligible). */
  reasons: string;
  /** What to check, not excluding. */
  warnings: string;
}

export function exportModel(
  list: { id: string; name: string; purpose: string | null; kind: string; frozenVersion: number | null },
  version: { version: number; contentHash: string; createdAt: Date },
  rows: ListRowData[],
  scope: ExportScope,
  exportedAt: Date,
): ExportModel {
  const chosen = scope === "eligible" ? rows.filter((r) => r.eligible) : rows;
  return {
    listId: list.id,
    listName: list.name,
    purpose: list.purpose,
    kind: list.kind,
    frozen: list.frozenVersion === version.version,
    version: version.version,
    contentHash: version.contentHash,
    versionCreatedAt: version.createdAt,
    exportedAt,
    scope,
    latinStandard: LATIN_STANDARD,
    rows: chosen.map((r, i) => ({
      no: i + 1,
      nameCyrillic: r.nameCyrillic ?? "",
      nameLatin: r.nameLatin ?? "",
      birthDate: r.birthDate ?? "",
      articles: r.articles ?? "",
      facility: r.facility ?? "",
      sentence: r.sentence ?? "",
      eligible: r.eligible,
      reasons: describeReasons(r.reasons),
      warnings: describeReasons(r.warnings),
    })),
  };
}

/** The column headings, bilingual: the document is read by both sides. */
export const COLUMNS = [
  { key: "no", title: "№" },
  { key: "name", title: "ФИО / Name" },
  { key: "birthDate", title: "Дата рождения / Born" },
  { key: "articles", title: "Статья / Article" },
  { key: "facility", title: "Учреждение / Facility" },
  { key: "sentence", title: "Приговор / Sentence" },
] as const;

export function fileBaseName(m: ExportModel): string {
  const slug = m.listName
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `${slug || "list"}-v${m.version}-${m.contentHash.slice(0, 8)}${m.scope === "all" ? "-internal" : ""}`;
}

/** A fixed 16-byte document ID derived from the version, so two exports of one version share it. */
export function documentId(m: ExportModel): Buffer {
  return createHash("md5").update(`${m.listId}\n${m.version}\n${m.contentHash}\n${m.scope}`).digest();
}

export function statusLine(m: ExportModel): string {
  if (m.scope === "all") return "INTERNAL — includes people who are not requested (with reasons). Do not transmit.";
  if (!m.frozen) return "DRAFT — not frozen, not signed off. Do not transmit.";
  return `Frozen version ${m.version}`;
}
