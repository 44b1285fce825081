// Shapes of the officials API as the staff app receives them (src/http/presenters/official.ts). Fields a role may
// not see are absent (volunteers get names only).

export interface OfficialPosition {
  id: string;
  position: string;
  rank: string | null;
  region: string | null;
  fromDate: string | null;
  toDate: string | null;
  body: { id: string; name: string; kind: string; region: string | null } | null;
}

export interface OfficialSummary {
  id: string;
  primaryName: string;
  nameLatin: string | null;
  names: string[];
  isDemo: boolean;
  birthDate?: string | null;
  positions?: OfficialPosition[];
}

export interface OfficialRole {
  id: string;
  role: string;
  fromDate: string | null;
  toDate: string | null;
  note: string | null;
  body: string | null;
  case: {
    id: string;
    caseNumber: string | null;
    court: string | null;
    detainedOn: string | null;
    verdictOn: string | null;
    sentence: { years: number | null; months: number | null; days: number | null; regime: string | null };
    articles: { code: string; article: string; part: string | null }[];
    person: { id: string; primaryName: string; category: string; status: string; publicityConsent: string };
  };
}

export interface OfficialDetail {
  id: string;
  primaryName: string;
  nameLatin: string | null;
  names: { name: string; script: string; isPrimary: boolean }[];
  isDemo: boolean;
  birthDate?: string | null;
  notes?: string | null;
  positions?: OfficialPosition[];
  sources?: { id: string; title: string; url: string | null; kind: string; reliability: string; note: string | null }[];
  roles?: OfficialRole[];
  summary?: {
    cases: number;
    people: number;
    peopleSentenced: number;
    totalYears: number;
    categories: { category: string; people: number }[];
    articles: { article: string; cases: number }[];
    timeline: { date: string; caseId: string; role: string; what: "role" | "verdict" }[];
  };
  hasPrivateDetails?: boolean;
  canReadSensitive?: boolean;
  hiddenRoles?: number;
}

export const caseRoles = ["investigator", "investigation_head", "prosecutor", "judge_first_instance", "judge_appeal", "judge_cassation", "expert", "colony_head", "other"] as const;
