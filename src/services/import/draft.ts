/**
 * From a table's rows to person drafts: which column is which field (the header dictionary, a mapping file,
 * `--category`), and each cell read by the domain's value parsers. A refused row yields one issue per bad cell,
 * each naming the file, row, column, value and what was expected — never a second, derived message.
 */
import { exchangeConsents, personCategories, personStatuses, publicityConsents, type ExchangeConsent, type PersonCategory, type PersonStatus, type PublicityConsent, type SentenceRegime, type Sex } from "../../db/schema/enums.js";
import { parseArticles, type ParsedArticle } from "../../domain/tabular/articles.js";
import { parseDateCell, type DateKind } from "../../domain/tabular/dates.js";
import { acceptedHeaders, FIELDS, fieldOfHeader, isField, type Field } from "../../domain/tabular/headers.js";
import { parseSentence } from "../../domain/tabular/sentence.js";
import { parseCategory, parseExchangeConsent, parsePublicityConsent, parseSex, parseStatus } from "../../domain/tabular/words.js";
import type { ImportMessage } from "./messages.js";
import type { Table, TableRow } from "../tabular/table.js";

export interface CaseDraft {
  articles: ParsedArticle[];
  years: number | null;
  months: number | null;
  regime: SentenceRegime | null;
  /** The sentence as written when it is not a plain term in custody (suspended, a fine, life). */
  verdictText: string | null;
  fineRub: number | null;
  detainedOn: string | null;
  verdictOn: string | null;
  court: string | null;
  judge: string | null;
}

/** One row as it will be stored; plain JSON so a row left for review can be kept and applied later. */
export interface PersonDraft {
  externalId: string | null;
  name: string;
  altNames: string[];
  sex: Sex | null;
  birthDate: string | null;
  citizenship: string | null;
  region: string | null;
  category: PersonCategory;
  status: PersonStatus | null;
  statusSince: string | null;
  facility: string | null;
  publicityConsent: PublicityConsent | null;
  exchangeConsent: ExchangeConsent | null;
  publicSummary: string | null;
  /** Kept on the person when the sentence cell is not a term we can compute with. */
  sentenceText: string | null;
  /** The sheet's note (Примечание / Примітка): sealed on the person as the staff note, never stored in clear. */
  note: string | null;
  case: CaseDraft | null;
}

export interface RowIssue {
  file: string;
  row: number;
  /** The header as the file writes it. */
  column: string;
  field: Field;
  value: string;
  expected: ImportMessage;
}

/** A problem with the file as a whole (no name column, unreadable…): nothing is imported. */
export class ImportRefused extends Error {
  constructor(readonly reason: ImportMessage) {
    super(`${reason.key} ${JSON.stringify(reason.params)}`);
  }
}

export interface ColumnPlan {
  file: string;
  byField: Map<Field, number>;
  /** What each recognised header became, for the report and the mapping step of the Import screen. */
  columns: { header: string; field: Field | null }[];
  category: PersonCategory | null;
  separator: string | null;
}

/** Work out which column is which field. `map` (header → field or "ignore") overrides the dictionary. */
export function planColumns(table: Table, opts: { map?: Record<string, string> | undefined; category?: string | undefined }): { plan: ColumnPlan; warnings: ImportMessage[] } {
  const file = table.file;
  const warnings: ImportMessage[] = [];
  const map = new Map<string, string>();
  for (const [h, f] of Object.entries(opts.map ?? {})) {
    if (f !== "ignore" && !isField(f)) throw new ImportRefused({ key: "import.badMap", params: { file, field: f, known: [...FIELDS, "ignore"].join(", ") } });
    map.set(h.trim().toLowerCase(), f);
  }
  const byField = new Map<Field, number>();
  const columns = table.headers.map((header, i) => {
    const mapped = map.get(header.trim().toLowerCase());
    const field = mapped === "ignore" ? null : ((mapped as Field | undefined) ?? fieldOfHeader(header));
    if (field && !byField.has(field)) byField.set(field, i);
    else if (!field && header.trim() && mapped !== "ignore") warnings.push({ key: "import.unknownColumn", params: { file, header } });
    return { header, field };
  });
  // A lone "Имя" column holding the whole name is the name.
  if (!byField.has("name") && !byField.has("surname") && byField.has("given_name")) {
    byField.set("name", byField.get("given_name")!);
    byField.delete("given_name");
  }
  const found = table.headers.filter((h) => h.trim()).join(", ") || "—";
  if (!byField.has("name") && !byField.has("surname")) throw new ImportRefused({ key: "import.missingName", params: { file, found, accepted: acceptedHeaders("name").join(", ") } });
  let category: PersonCategory | null = null;
  if (opts.category !== undefined) {
    category = parseCategory(opts.category);
    if (!category) throw new ImportRefused({ key: "import.missingCategory", params: { file, found, accepted: acceptedHeaders("category").join(", "), codes: personCategories.join(", ") } });
  } else if (!byField.has("category")) {
    throw new ImportRefused({ key: "import.missingCategory", params: { file, found, accepted: acceptedHeaders("category").join(", "), codes: personCategories.join(", ") } });
  }
  return { plan: { file, byField, columns, category, separator: table.separator }, warnings };
}

const MAX: Partial<Record<Field, number>> = { external_id: 100, name: 300, citizenship: 100, region: 200, facility: 300, court: 300, judge: 200, public_summary: 5000, note: 5000, sentence: 2000, name_alt: 3000 };

/**
 * Cells already parsed in this import, by their text: a sheet repeats its sentences, articles, categories, sexes and
 * dates thousands of times (parsing each again was half the CPU of the drafts of a 100,000-row import, session 10).
 * Kept per column plan (one import) and per `today`; each parser is pure, and what it returns is not changed later
 * (a parsed article list is copied into each draft all the same).
 */
interface ParsedCells {
  today: string;
  /** By kind of cell, then by text. */
  byKind: Map<string, Map<string, unknown>>;
}
const parsedCells = new WeakMap<ColumnPlan, ParsedCells>();
const PARSED_CELLS_LIMIT = 20_000;

function parsedOnce<T>(cells: ParsedCells, kind: string, text: string, parse: (s: string) => T): T {
  let values = cells.byKind.get(kind);
  if (!values) cells.byKind.set(kind, (values = new Map()));
  const known = values.get(text);
  if (known !== undefined) return known as T;
  const v = parse(text);
  if (values.size >= PARSED_CELLS_LIMIT) values.clear();
  values.set(text, v);
  return v;
}

export function draftOf(plan: ColumnPlan, r: TableRow, today: string, issues: RowIssue[]): PersonDraft | null {
  const before = issues.length;
  let cells = parsedCells.get(plan);
  if (!cells || cells.today !== today) parsedCells.set(plan, (cells = { today, byKind: new Map() }));
  const parsed = cells;
  const cell = (f: Field): string => {
    const i = plan.byField.get(f);
    return i === undefined ? "" : (r.cells[i] ?? "").trim();
  };
  const refuse = (f: Field, value: string, expected: ImportMessage) =>
    issues.push({ file: plan.file, row: r.row, column: plan.columns[plan.byField.get(f)!]?.header ?? f, field: f, value, expected });
  const text = (f: Field): string | null => {
    const v = cell(f);
    const max = MAX[f];
    if (max && v.length > max) {
      refuse(f, v.slice(0, 40) + "…", { key: "import.expected.tooLong", params: { max: String(max) } });
      return null;
    }
    return v || null;
  };
  const date = (f: Field, kind: DateKind): string | null => {
    const v = cell(f);
    if (!v) return null;
    const d = parsedOnce(parsed, `d:${kind}`, v, (t) => parseDateCell(t, kind, today));
    if ("value" in d) return d.value;
    const from = kind === "birth" ? "1900" : "1950";
    const to = kind === "birth" ? today : String(Number(today.slice(0, 4)) + 1);
    refuse(f, v, d.error === "date" ? { key: kind === "birth" ? "import.expected.date" : "import.expected.eventDate", params: {} } : d.error === "dateAmbiguous" ? { key: "import.expected.dateAmbiguous", params: {} } : { key: "import.expected.dateRange", params: { from, to } });
    return null;
  };
  const word = <T>(f: Field, parse: (s: string) => T | null, expected: ImportMessage): T | null => {
    const v = cell(f);
    if (!v) return null;
    const p = parsedOnce(parsed, `w:${f}`, v, parse);
    if (p === null) refuse(f, v, expected);
    return p;
  };

  // More filled cells than headers: a cell held the separator without quotes, and every cell after it has
  // moved one column right. Refused as a whole rather than stored in the wrong fields.
  if (r.cells.length > plan.columns.length && r.cells.slice(plan.columns.length).some((c) => c.trim())) {
    issues.push({ file: plan.file, row: r.row, column: "*", field: "row_number", value: r.cells.join(plan.separator ?? ",").slice(0, 120), expected: { key: "import.expected.cells", params: { headers: String(plan.columns.length), cells: String(r.cells.length), separator: plan.separator === "\t" ? "tab" : (plan.separator ?? ",") } } });
    return null;
  }
  const name = plan.byField.has("name") ? text("name") : [cell("surname"), cell("given_name"), cell("patronymic")].filter(Boolean).join(" ") || null;
  if (!name) refuse(plan.byField.has("name") ? "name" : "surname", "", { key: "import.expected.name", params: {} });
  const sex = word("sex", parseSex, { key: "import.expected.sex", params: {} });
  const birthDate = date("birth_date", "birth");
  const categoryCell = cell("category");
  const category = categoryCell ? word("category", parseCategory, { key: "import.expected.category", params: { codes: personCategories.join(", ") } }) : plan.category;
  if (!categoryCell && !category) refuse("category", "", { key: "import.expected.category", params: { codes: personCategories.join(", ") } });
  const status = word("status", parseStatus, { key: "import.expected.status", params: { codes: personStatuses.join(", ") } });
  const publicityConsent = word("publicity_consent", parsePublicityConsent, { key: "import.expected.publicity", params: { codes: publicityConsents.join(", ") } });
  const exchangeConsent = word("exchange_consent", parseExchangeConsent, { key: "import.expected.exchange", params: { codes: exchangeConsents.join(", ") } });
  const articlesCell = text("articles");
  let articles: ParsedArticle[] = [];
  if (articlesCell) {
    const a = parsedOnce(parsed, "a", articlesCell, parseArticles);
    if ("value" in a) articles = a.value.map((x) => ({ ...x }));
    else refuse("articles", articlesCell, { key: "import.expected.article", params: { piece: a.piece } });
  }
  const sentenceCell = text("sentence");
  const sentence = sentenceCell ? parsedOnce(parsed, "s", sentenceCell, parseSentence) : null;
  const term = sentence && !sentence.suspended && (sentence.years || sentence.months) ? sentence : null;
  const detainedOn = date("detained_on", "event");
  const verdictOn = date("verdict_on", "event");
  const statusSince = date("status_since", "event");
  const court = text("court");
  const judge = text("judge");
  const externalId = text("external_id");
  const citizenship = text("citizenship");
  const region = text("region");
  const facility = text("facility");
  const publicSummary = text("public_summary");
  const note = text("note");
  const altNames = (text("name_alt") ?? "").split(";").map((s) => s.trim()).filter(Boolean);
  if (issues.length > before || !name || !category) return null;

  const hasCase = articles.length || sentenceCell || detainedOn || verdictOn || court || judge;
  return {
    externalId,
    name: name.replace(/\s+/g, " "),
    altNames,
    sex,
    birthDate,
    citizenship,
    region,
    category,
    status,
    statusSince,
    facility,
    publicityConsent,
    exchangeConsent,
    publicSummary,
    sentenceText: sentenceCell && !term ? sentenceCell : null,
    note,
    case: hasCase
      ? {
          articles,
          years: term ? term.years : null,
          months: term ? term.months : null,
          regime: term?.regime ?? null,
          verdictText: sentenceCell && !term ? sentenceCell : null,
          fineRub: sentence?.fineRub ?? null,
          detainedOn,
          verdictOn,
          court,
          judge,
        }
      : null,
  };
}
