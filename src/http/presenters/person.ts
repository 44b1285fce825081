import type { CaseWithDetails } from "../../db/repositories/cases.js";
import type { Actor } from "../../services/context.js";
import type { PersonDetail } from "../../services/people.js";
import type { PersonSummaryRow } from "../../services/directory/personIndex.js";

// Field visibility, in one table. "public" fields may reach anonymous visitors (public presenters, with publicity
// consent); "limited" adds the few internal facts volunteers need to write letters and answer families; "internal"
// is for researchers, lawyers, coordinators and admins; "sensitive" only for roles allowed `readSensitive` (encrypted
// at rest, served by /people/:id/sensitive with an audit entry). A field missing from the table counts as internal.
export type Visibility = "public" | "limited" | "internal" | "sensitive";
export const personFieldVisibility: Record<string, Visibility> = {
  id: "public",
  primaryName: "public",
  alternateNames: "public",
  names: "public",
  category: "public",
  status: "public",
  statusSince: "public",
  publicSummary: "public",
  photoUrl: "public",
  facility: "public",
  facilityDetail: "public",
  sentenceText: "public",
  sex: "limited",
  birthYear: "limited",
  homeRegion: "public",
  isDemo: "limited",
  updatedAt: "limited",
  canReadSensitive: "limited",
  externalId: "internal",
  latinName: "internal",
  birthDate: "internal",
  citizenship: "internal",
  publicityConsent: "internal",
  exchangeConsent: "internal",
  createdAt: "internal",
  cases: "internal",
  timeline: "internal",
};

const levelsFor: Record<"volunteer" | "staff", ReadonlySet<Visibility>> = {
  volunteer: new Set(["public", "limited"]),
  staff: new Set(["public", "limited", "internal"]),
};

/** The visibility levels a viewer may receive from the staff API (sensitive fields never come through here). */
export function visibleLevels(viewer: Actor): ReadonlySet<Visibility> {
  if (viewer.kind === "system") return levelsFor.staff;
  if (viewer.kind === "user") return viewer.role === "volunteer" ? levelsFor.volunteer : levelsFor.staff;
  return new Set(["public"]);
}

/** Keep only the fields the viewer may see; fields missing from the table count as `unlisted` (internal: deny by default). */
export function redactFields<T extends Record<string, unknown>>(obj: T, viewer: Actor, table: Record<string, Visibility> = personFieldVisibility, unlisted: Visibility = "internal"): Partial<T> {
  const levels = visibleLevels(viewer);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (levels.has(table[k] ?? unlisted)) out[k] = v;
  return out as Partial<T>;
}

export function presentPersonSummary(p: PersonSummaryRow, names: { name: string }[] = [], facilityName: string | null | undefined, viewer: Actor) {
  return redactFields(summaryFields(p, names, facilityName), viewer);
}

function summaryFields(p: PersonSummaryRow, names: { name: string }[], facilityName?: string | null) {
  return {
    id: p.id,
    externalId: p.externalId,
    primaryName: p.primaryName,
    alternateNames: names.map((n) => n.name).filter((n) => n !== p.primaryName),
    sex: p.sex,
    birthDate: p.birthDate ?? (p.birthYear ? String(p.birthYear) : null),
    birthYear: p.birthYear ?? (p.birthDate ? Number(p.birthDate.slice(0, 4)) : null),
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
    offenceOn: c.offenceOn,
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
    custodyPeriods: c.custodyPeriods.map((p) => ({ kind: p.kind, fromDate: p.fromDate, toDate: p.toDate, ...(p.banOnLeavingHome !== null ? { banOnLeavingHome: p.banOnLeavingHome } : {}) })),
    changes: c.sentenceChanges,
  };
}

export function presentPersonDetail(d: PersonDetail, viewer: Actor) {
  const p = d.person;
  return redactFields({
    ...summaryFields(p, d.names, d.facility?.name),
    names: d.names,
    latinName: p.latinName,
    citizenship: p.citizenship,
    publicSummary: p.publicSummary,
    photoUrl: p.photoUrl,
    sentenceText: p.sentenceText,
    facilityDetail: d.facility,
    cases: d.cases.map(presentCase),
    timeline: d.timeline.map((e) => ({ status: e.status, occurredOn: e.occurredOn, note: e.note, createdAt: e.createdAt })),
    canReadSensitive: d.canReadSensitive,
    createdAt: p.createdAt,
  }, viewer);
}
