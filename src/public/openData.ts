// Open data: serialisation of OpenDataRecord (src/public/presenters.ts) to CSV and JSON, and the schema both
// the /open-data page and docs/public-site.md describe.
import { csvCell } from "../domain/csv.js";
import { personCategories, personStatuses, sentenceRegimes } from "../domain/vocabulary/enums.js";
import type { MessageKey } from "../i18n/index.js";
import { openDataFields, type OpenDataRecord } from "./presenters.js";

export const LICENCE = "CC BY 4.0";
export const LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/";
export const ATTRIBUTION = "All for All registry (allforall)";
export const SCHEMA_VERSION = 1;

type FieldType = "text" | "list" | "integer" | "date";
export const openDataSchema: { field: (typeof openDataFields)[number]; type: FieldType; values?: readonly string[] }[] = [
  { field: "id", type: "text" },
  { field: "profile_path", type: "text" },
  { field: "consent", type: "text" },
  { field: "display_name", type: "text" },
  { field: "other_names", type: "list" },
  { field: "category", type: "text", values: personCategories },
  { field: "status", type: "text", values: personStatuses },
  { field: "status_since", type: "date" },
  { field: "region", type: "text" },
  { field: "birth_year", type: "integer" },
  { field: "articles", type: "list" },
  { field: "sentence_months", type: "integer" },
  { field: "sentence_regime", type: "text", values: sentenceRegimes },
  { field: "facility_name", type: "text" },
  { field: "facility_region", type: "text" },
  { field: "facility_address", type: "text" },
];

export const fieldDescriptionKey = (f: (typeof openDataFields)[number]) => `publicData.open.f.${f}` as const satisfies MessageKey;
export const fieldTypeKey = (t: FieldType) => `publicData.open.t.${t}` as const satisfies MessageKey;

export { csvCell };

export function toCsv(records: OpenDataRecord[]): string {
  const lines = [openDataFields.join(",")];
  for (const r of records) lines.push(openDataFields.map((f) => csvCell(r[f])).join(","));
  // BOM: spreadsheet programs otherwise read UTF-8 Cyrillic as mojibake.
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function toJson(records: OpenDataRecord[], generatedAt: Date) {
  return {
    licence: LICENCE,
    licence_url: LICENCE_URL,
    attribution: ATTRIBUTION,
    schema_version: SCHEMA_VERSION,
    schema: "/open-data#schema",
    generated_at: generatedAt.toISOString(),
    count: records.length,
    // Rebuilt field by field: the record objects are already whitelisted, this keeps the order documented.
    records: records.map((r) => Object.fromEntries(openDataFields.map((f) => [f, r[f]]))),
  };
}
