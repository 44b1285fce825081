// Shapes of the exchange-list API (src/services/lists): only what the screens read.

export interface VersionSummary {
  version: number;
  contentHash: string;
  rowCount: number;
  eligibleCount: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

export interface ListHeader {
  id: string;
  name: string;
  purpose: string | null;
  kind: "own" | "counterpart";
  status: string;
  categories: string[];
  allForAll: boolean;
  currentVersion: number;
  frozenVersion: number | null;
  comparedWithListId: string | null;
  sourceFileName: string | null;
  createdAt: string;
}

export interface ListDetail extends ListHeader {
  versions: VersionSummary[];
  signOffs: { userId: string; user: string; note: string | null; signedAt: string }[];
}

export interface ListRow {
  personId: string | null;
  nameCyrillic: string | null;
  nameLatin: string | null;
  birthDate: string | null;
  articles: string | null;
  facility: string | null;
  sentence: string | null;
  category: string | null;
  status: string | null;
  priority: number | null;
  eligible: boolean;
  reasons: string[];
  warnings: string[];
  received?: Record<string, string> | null;
  match?: { verdict: string; score: number; explanation: string[]; candidateId?: string | null } | null;
}

export interface VersionRows {
  list: ListHeader;
  version: VersionSummary;
  rows: ListRow[];
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
