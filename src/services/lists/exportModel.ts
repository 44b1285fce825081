/**
 * What every export format prints: one model built from a stored version, so the PDF, the XLSX and
 * the CSV show the same people, in the same order, with the same text.
 */
import { createHash } from "node:crypto";
import { describeReasons, type ListRowData } from "./rows.js";
import { LATIN_STANDARD, formatListDate, type ListLanguage } from "./format.js";
import { t, type MessageKey } from "../../i18n/index.js";

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
  /** The day its rows were computed for ("YYYY-MM-DD"): printed as the list's date (a build in the background may
   *  store them on a later day). */
  versionAsOf: string;
  /** When this file was produced: the only part allowed to differ between two exports of a version. */
  exportedAt: Date;
  scope: ExportScope;
  latinStandard: string;
  /** Language of the labels and the sentence (the list's). */
  language: ListLanguage;
  /** The columns, in order, with their titles in the list's language (and English beside Russian/Ukrainian). */
  columns: ExportColumn[];
  /** Set when the list was frozen although someone's consent to exchange was not on record. */
  consentOverride: { reason: string; by: string; at: string; people: number } | null;
  rows: ExportRow[];
}

export interface ExportColumn {
  key: ColumnKey;
  title: string;
  /** Relative width in the PDF table. */
  width: number;
}

export interface ExportRow {
  no: number;
  nameCyrillic: string;
  nameLatin: string;
  birthDate: string;
  articles: string;
  facility: string;
  sentence: string;
  category: string;
  status: string;
  detainedOn: string;
  exchangeConsent: string;
  /** Counterpart lists: their own row number and notes, as received. */
  theirNo: string;
  notes: string;
  eligible: boolean;
  /** Why not eligible (empty when eligible). */
  reasons: string;
  /** What to check, not excluding. */
  warnings: string;
}

/** Their "№" and notes columns, found by heading (as the other side writes them). */
export const THEIR_NO = ["№", "no", "no.", "n", "#", "номер", "№ п/п", "п/п", "number"];
export const NOTES = ["примечание", "примечания", "примітка", "примітки", "notes", "note", "комментарий", "коментар", "comment", "comments"];
export function receivedValue(received: Record<string, string> | null | undefined, names: string[]): string {
  if (!received) return "";
  const key = Object.keys(received).find((k) => names.includes(k.trim().toLowerCase()));
  return key ? received[key] ?? "" : "";
}

const CONSENT_LABELS: Record<ListLanguage, Record<string, string>> = {
  en: { consents: "consents", refuses: "REFUSES", unknown: "UNKNOWN (not recorded)" },
  ru: { consents: "согласен(а)", refuses: "ОТКАЗ", unknown: "НЕИЗВЕСТНО (не записано)" },
  uk: { consents: "згоден(на)", refuses: "ВІДМОВА", unknown: "НЕВІДОМО (не записано)" },
};

function label(language: ListLanguage, prefix: string, value: string | null | undefined): string {
  if (!value) return "";
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(language, key);
  return text === key ? value : text;
}

const TITLES: Record<ColumnKey, Record<ListLanguage, string>> = {
  no: { en: "No.", ru: "№", uk: "№" },
  theirNo: { en: "Their No.", ru: "№ в их списке", uk: "№ у їхньому списку" },
  name: { en: "Name", ru: "ФИО", uk: "ПІБ" },
  birthDate: { en: "Born", ru: "Дата рождения", uk: "Дата народження" },
  category: { en: "Category", ru: "Категория", uk: "Категорія" },
  status: { en: "Status", ru: "Статус", uk: "Статус" },
  detainedOn: { en: "Detained", ru: "Дата задержания", uk: "Дата затримання" },
  facility: { en: "Facility", ru: "Учреждение", uk: "Установа" },
  articles: { en: "Articles", ru: "Статья", uk: "Стаття" },
  sentence: { en: "Sentence", ru: "Приговор", uk: "Вирок" },
  exchangeConsent: { en: "Exchange consent", ru: "Согласие на обмен", uk: "Згода на обмін" },
  notes: { en: "Notes", ru: "Примечание", uk: "Примітка" },
};
export type ColumnKey = "no" | "theirNo" | "name" | "birthDate" | "category" | "status" | "detainedOn" | "facility" | "articles" | "sentence" | "exchangeConsent" | "notes";

const WIDTH: Record<ColumnKey, number> = {
  no: 0.035, theirNo: 0.065, name: 0.185, birthDate: 0.09, category: 0.11, status: 0.07, detainedOn: 0.085, facility: 0.12, articles: 0.1, sentence: 0.11, exchangeConsent: 0.07, notes: 0.1,
};

function columnsFor(kind: string, language: ListLanguage): ExportColumn[] {
  // Counterpart lists carry their own № and notes; consent is ours to record, so it is on our lists only.
  const keys: ColumnKey[] = ["no", ...(kind === "counterpart" ? (["theirNo"] as const) : []), "name", "birthDate", "category", "status", "detainedOn", "facility", "articles", "sentence", ...(kind === "counterpart" ? (["notes"] as const) : (["exchangeConsent"] as const))];
  return keys.map((key) => ({ key, title: language === "en" ? TITLES[key].en : `${TITLES[key][language]} / ${TITLES[key].en}`, width: WIDTH[key] }));
}

/** A row's cell for a column (the name column holds both spellings, Cyrillic first). */
export function cellOf(r: ExportRow, key: ColumnKey): string {
  if (key === "no") return String(r.no);
  if (key === "name") return [r.nameCyrillic, r.nameLatin].filter(Boolean).join("\n");
  return r[key];
}

export function exportModel(
  list: { id: string; name: string; purpose: string | null; kind: string; frozenVersion: number | null; language?: ListLanguage; consentOverride?: ExportModel["consentOverride"] | null },
  version: { version: number; contentHash: string; createdAt: Date; asOf: string },
  rows: ListRowData[],
  scope: ExportScope,
  exportedAt: Date,
): ExportModel {
  const chosen = scope === "eligible" ? rows.filter((r) => r.eligible) : rows;
  const language = list.language ?? "ru";
  const frozen = list.frozenVersion === version.version;
  return {
    listId: list.id,
    listName: list.name,
    purpose: list.purpose,
    kind: list.kind,
    frozen,
    version: version.version,
    contentHash: version.contentHash,
    versionCreatedAt: version.createdAt,
    versionAsOf: version.asOf,
    exportedAt,
    scope,
    latinStandard: LATIN_STANDARD,
    language,
    columns: columnsFor(list.kind, language),
    consentOverride: frozen ? (list.consentOverride ?? null) : null,
    rows: chosen.map((r, i) => ({
      no: i + 1,
      nameCyrillic: r.nameCyrillic ?? "",
      nameLatin: r.nameLatin ?? "",
      birthDate: r.birthDate ? formatListDate(r.birthDate, language) : "",
      articles: r.articles ?? "",
      facility: r.facility ?? "",
      sentence: r.sentence ?? "",
      category: label(language, "common.category", r.category),
      status: label(language, "common.status", r.status),
      detainedOn: r.detainedOn ? formatListDate(r.detainedOn, language) : "",
      // Counterpart rows say nothing of consent; own rows of old versions did not record it.
      exchangeConsent: list.kind === "counterpart" ? "" : CONSENT_LABELS[language][r.exchangeConsent ?? "unknown"] ?? r.exchangeConsent ?? "",
      theirNo: receivedValue(r.received, THEIR_NO),
      notes: receivedValue(r.received, NOTES),
      eligible: r.eligible,
      reasons: describeReasons(r.reasons),
      warnings: describeReasons(r.warnings),
    })),
  };
}

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

/** A line of the document's furniture in the list's language, with English beside Russian or Ukrainian (as the column titles). */
export function bilingual(m: ExportModel, key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]): string {
  const own = t(m.language, key, params);
  return m.language === "en" ? own : `${own} / ${t("en", key, params)}`;
}

/** The day the rows are as of, in the list's language (English beside Russian or Ukrainian, as the column titles). */
export function asOfLine(m: ExportModel): string {
  const own = t(m.language, "web.lists.asOf", { date: formatListDate(m.versionAsOf, m.language) });
  return m.language === "en" ? own : `${own} / ${t("en", "web.lists.asOf", { date: m.versionAsOf })}`;
}

export function statusLine(m: ExportModel): string {
  if (m.scope === "all") return bilingual(m, "web.lists.export.internal");
  if (!m.frozen) return bilingual(m, "web.lists.export.draft");
  const frozen = bilingual(m, "web.lists.export.frozen", { n: m.version });
  if (m.consentOverride) return `${frozen} · ${bilingual(m, "web.lists.export.withoutConsent", { count: m.consentOverride.people })}; ${m.consentOverride.by}: ${m.consentOverride.reason}`;
  return frozen;
}
