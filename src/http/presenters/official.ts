import type { OfficialRow } from "../../db/repositories/officials.js";
import type { Actor } from "../../services/context.js";
import type { OfficialDetail, listOfficials } from "../../services/officials.js";
import { redactFields, type Visibility } from "./person.js";

// Officials per viewer: volunteers get names only ("limited"); staff and lawyers the record (a lawyer's roles are
// already narrowed to their assigned people's cases by the service). Private details never come through here.
export const officialFieldVisibility: Record<string, Visibility> = {
  id: "limited",
  primaryName: "limited",
  nameLatin: "limited",
  names: "limited",
  isDemo: "limited",
  birthDate: "internal",
  notes: "internal",
  positions: "internal",
  sources: "internal",
  roles: "internal",
  summary: "internal",
  hasPrivateDetails: "internal",
  canReadSensitive: "internal",
  hiddenRoles: "internal",
  updatedAt: "internal",
};

type Positions = Awaited<ReturnType<typeof listOfficials>>["positions"];

function presentPositions(positions: Positions) {
  return positions.map((p) => ({
    id: p.position.id,
    position: p.position.position,
    rank: p.position.rank,
    region: p.position.region,
    fromDate: p.position.fromDate,
    toDate: p.position.toDate,
    sourceId: p.position.sourceId,
    body: p.body ? { id: p.body.id, name: p.body.name, kind: p.body.kind, region: p.body.region } : null,
  }));
}

export function presentOfficialSummary(o: OfficialRow, names: { name: string }[], positions: Positions, viewer: Actor) {
  return redactFields(
    {
      id: o.id,
      primaryName: o.primaryName,
      nameLatin: o.nameLatin,
      names: names.map((n) => n.name),
      birthDate: o.birthDate,
      isDemo: o.isDemo,
      positions: presentPositions(positions.filter((p) => p.position.officialId === o.id)),
      updatedAt: o.updatedAt,
    },
    viewer,
    officialFieldVisibility,
  );
}

export function presentOfficialDetail(d: OfficialDetail, viewer: Actor) {
  const o = d.official;
  return redactFields(
    {
      id: o.id,
      primaryName: o.primaryName,
      nameLatin: o.nameLatin,
      names: d.names,
      birthDate: o.birthDate,
      notes: o.notes,
      isDemo: o.isDemo,
      positions: presentPositions(d.positions),
      sources: d.sources.map((s) => ({ id: s.source.id, title: s.source.title, url: s.source.url, kind: s.source.kind, reliability: s.source.reliability, note: s.note })),
      roles: d.roles.map((r) => ({
        id: r.id,
        role: r.role,
        fromDate: r.fromDate,
        toDate: r.toDate,
        note: r.note,
        body: r.bodyId ? (d.bodies.get(r.bodyId)?.name ?? null) : null,
        case: {
          id: r.case.caseId,
          caseNumber: r.case.caseNumber,
          court: r.case.court,
          detainedOn: r.case.detainedOn,
          verdictOn: r.case.verdictOn,
          sentence: { years: r.case.sentenceYears, months: r.case.sentenceMonths, days: r.case.sentenceDays, regime: r.case.regime },
          articles: r.case.articles,
          person: { id: r.case.personId, primaryName: r.case.personName, category: r.case.category, status: r.case.status, publicityConsent: r.case.publicityConsent },
        },
      })),
      summary: d.summary,
      hasPrivateDetails: !!o.privateEnc,
      canReadSensitive: d.canReadSensitive,
      hiddenRoles: d.hiddenRoles,
      updatedAt: o.updatedAt,
    },
    viewer,
    officialFieldVisibility,
  );
}
