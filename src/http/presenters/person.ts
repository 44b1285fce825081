import type { PersonRow, CaseWithDetails } from "../../db/repositories/people.js";
import type { PersonDetail } from "../../services/people.js";

// Field visibility, in one table: public fields may reach anonymous visitors (with publicity consent),
// internal fields only staff, sensitive fields only roles allowed `readSensitive` (and they are encrypted at rest).
export const personFieldVisibility = {
  id: "public",
  primaryName: "public",
  names: "public",
  category: "public",
  status: "public",
  statusSince: "public",
  publicSummary: "public",
  photoUrl: "public",
  facility: "public",
  sentenceText: "public",
  externalId: "internal",
  sex: "internal",
  birthDate: "internal",
  birthYear: "internal",
  citizenship: "internal",
  homeRegion: "internal",
  publicityConsent: "internal",
  exchangeConsent: "internal",
  isDemo: "internal",
  createdAt: "internal",
  updatedAt: "internal",
  cases: "internal",
  timeline: "internal",
} as const;

export function presentPersonSummary(p: PersonRow, names: { name: string }[] = [], facilityName?: string | null) {
  return {
    id: p.id,
    externalId: p.externalId,
    primaryName: p.primaryName,
    alternateNames: names.map((n) => n.name).filter((n) => n !== p.primaryName),
    sex: p.sex,
    birthDate: p.birthDate ?? (p.birthYear ? String(p.birthYear) : null),
    homeRegion: p.homeRegion,
    category: p.category,
    status: p.status,
    statusSince: p.statusSince,
    facility: facilityName ?? null,
    publicityConsent: p.publicityConsent,
    exchangeConsent: p.exchangeConsent,
    isDemo: p.isDemo,
    updatedAt: p.updatedAt,
  };
}

export function presentCase(c: CaseWithDetails) {
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    investigatingBody: c.investigatingBody,
    court: c.court,
    judge: c.judge,
    prosecutor: c.prosecutor,
    detainedOn: c.detainedOn,
    chargedOn: c.chargedOn,
    verdictOn: c.verdictOn,
    appealOn: c.appealOn,
    verdict: c.verdict,
    sentence: { years: c.sentenceYears, months: c.sentenceMonths, days: c.sentenceDays, regime: c.regime },
    regimeChangedOn: c.regimeChangedOn,
    regimeChangedTo: c.regimeChangedTo,
    fineRub: c.fineRub,
    bans: c.bans,
    summary: c.summary,
    articles: c.articles.map((a) => ({ code: a.code, article: a.article, part: a.part, paragraph: a.paragraph })),
    custodyPeriods: c.custodyPeriods.map((p) => ({ kind: p.kind, fromDate: p.fromDate, toDate: p.toDate })),
  };
}

export function presentPersonDetail(d: PersonDetail) {
  const p = d.person;
  return {
    ...presentPersonSummary(p, d.names, d.facility?.name),
    names: d.names,
    citizenship: p.citizenship,
    publicSummary: p.publicSummary,
    photoUrl: p.photoUrl,
    sentenceText: p.sentenceText,
    facilityDetail: d.facility,
    cases: d.cases.map(presentCase),
    timeline: d.timeline.map((e) => ({ status: e.status, occurredOn: e.occurredOn, note: e.note, createdAt: e.createdAt })),
    canReadSensitive: d.canReadSensitive,
    createdAt: p.createdAt,
  };
}
