// Shapes of the exchange-list API (src/services/lists): only what the screens read.

import type { OutcomeReport } from "../services/lists/lifecycle.js";
import type { ListRowData } from "../services/lists/rows.js";

export type { OutcomeReport };

export interface VersionSummary {
  version: number;
  contentHash: string;
  rowCount: number;
  eligibleCount: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
  /** The day its rows were computed for (a build in the background may store them on a later day). */
  asOf: string;
}

export interface ListHeader {
  id: string;
  name: string;
  purpose: string | null;
  /** Frozen although someone's exchange consent was not on record: the coordinator's reason. */
  consentOverride?: { reason: string; by: string; at: string; people: number } | null;
  kind: "own" | "counterpart";
  status: string;
  categories: string[];
  allForAll: boolean;
  currentVersion: number;
  frozenVersion: number | null;
  comparedWithListId: string | null;
  sourceFileName: string | null;
  carriedOutOn: string | null;
  outcomeSource: string | null;
  /** The report stored when the outcome was recorded (status carried_out). */
  outcome: OutcomeReport | null;
  /** The next version while it is built in the background, or why its build failed (src/services/lists/background.ts). */
  build: ListBuildState | null;
  createdAt: string;
}

export interface ListBuildState {
  state: "building" | "failed";
  done: number;
  total: number;
  startedAt: string;
  requestedBy: string;
  asOf: string;
  error: "people_gone" | "error" | null;
  gone: number | null;
}

export interface ListDetail extends ListHeader {
  versions: VersionSummary[];
  signOffs: { userId: string; user: string; note: string | null; signedAt: string }[];
}

/** A row as the API returns it: the server's stored row shape (type-only import, nothing of the server is bundled). */
export type ListRow = ListRowData;

export interface VersionRows {
  list: ListHeader;
  version: VersionSummary;
  rows: ListRow[];
}

export const ROW_SHOWS = ["all", "eligible", "ineligible", "warnings"] as const;
export type RowShow = (typeof ROW_SHOWS)[number];

/** One page of a version's rows (GET …/versions/:n?show&offset&limit); `position` is the row's number in the version. */
export interface VersionPage {
  list: ListHeader;
  version: VersionSummary;
  show: RowShow;
  offset: number;
  limit: number;
  total: number;
  counts: Record<RowShow, number>;
  rows: (ListRow & { position: number })[];
}

export interface VersionDiff {
  from: VersionSummary;
  to: VersionSummary;
  added: ListRow[];
  removed: ListRow[];
  changed: { key: string; personId: string | null; name: string; fields: { field: string; from: unknown; to: unknown }[] }[];
  unchanged: number;
}

export const rowName = (r: ListRow) => r.nameCyrillic ?? r.nameLatin ?? r.received?.name ?? "—";
