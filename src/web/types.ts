// Shapes the API answers (src/http/presenters/person.ts); only what the screens read.

export interface PersonSummary {
  id: string;
  externalId: string | null;
  primaryName: string;
  alternateNames: string[];
  sex: string;
  birthDate: string | null;
  homeRegion: string | null;
  category: string;
  status: string;
  statusSince: string | null;
  facility: string | null;
  publicityConsent?: string;
  exchangeConsent?: string;
  isDemo: boolean;
  updatedAt: string;
  match?: { score: number; verdict: string };
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface CaseView {
  id: string;
  caseNumber: string | null;
  investigatingBody: string | null;
  court: string | null;
  judge: string | null;
  prosecutor: string | null;
  detainedOn: string | null;
  chargedOn: string | null;
  verdictOn: string | null;
  appealOn: string | null;
  verdict: string | null;
  sentence: { years: number | null; months: number | null; days: number | null; regime: string | null };
  regimeChangedOn: string | null;
  regimeChangedTo: string | null;
  fineRub: number | null;
  bans: string | null;
  summary: string | null;
  articles: { code: string; article: string; part: string | null; paragraph: string | null }[];
  custodyPeriods: { kind: string; fromDate: string; toDate: string | null }[];
}

export interface PersonDetail extends PersonSummary {
  names: { name: string; script: string; isPrimary: boolean }[];
  citizenship: string | null;
  publicSummary: string | null;
  photoUrl: string | null;
  sentenceText: string | null;
  facilityDetail: { id: string; name: string; region: string | null; postalAddress: string | null } | null;
  /** Absent for roles that see only public and letter-writing fields (volunteers). */
  cases?: CaseView[];
  timeline?: { status: string; occurredOn: string | null; note: string | null; createdAt: string }[];
  canReadSensitive: boolean;
  createdAt: string;
}
