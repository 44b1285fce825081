import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/officials.js";
import type { PublicityConsent } from "../db/schema/enums.js";

// What every officials' export (FtM, CSV, XLSX, dossier PDF, public page) is built from. The consent rule lives
// here once: a person who held a case is named only with full publicity consent; otherwise the case is described
// without them (no name, no birth date, no link to their record).

export interface ExportBody {
  id: string;
  name: string;
  nameLatin: string | null;
  kind: string;
  region: string | null;
}

export interface ExportCase {
  caseId: string;
  caseNumber: string | null;
  court: string | null;
  chargedOn: string | null;
  verdictOn: string | null;
  sentence: string | null;
  articles: string[];
  /** The same articles and sentence as data, for pages that word them in the reader's language. */
  articleRefs: { code: string; article: string; part: string | null }[];
  term: { years: number | null; months: number | null; days: number | null; regime: string | null };
  category: string;
  /** The person's name, present only with full publicity consent. */
  victimName: string | null;
  /** The person's id (for stable ids of their FtM entity), present only with full publicity consent. */
  victimId: string | null;
  victimIsDemo: boolean;
}

export interface ExportRole {
  id: string;
  role: string;
  fromDate: string | null;
  toDate: string | null;
  body: ExportBody | null;
  case: ExportCase;
}

export interface ExportOfficial {
  id: string;
  primaryName: string;
  nameLatin: string | null;
  alternateNames: string[];
  birthDate: string | null;
  isDemo: boolean;
  positions: { id: string; position: string; rank: string | null; region: string | null; fromDate: string | null; toDate: string | null; body: ExportBody | null; sourceUrl: string | null }[];
  sources: { title: string; url: string | null; reliability: string; kind: string }[];
  roles: ExportRole[];
}

export function mayNameVictim(consent: PublicityConsent): boolean {
  return consent === "full";
}

export function sentenceText(c: { sentenceYears: number | null; sentenceMonths: number | null; sentenceDays: number | null; regime: string | null }): string | null {
  const parts = [c.sentenceYears ? `${c.sentenceYears} y` : null, c.sentenceMonths ? `${c.sentenceMonths} m` : null, c.sentenceDays ? `${c.sentenceDays} d` : null].filter(Boolean);
  if (!parts.length) return null;
  return `${parts.join(" ")}${c.regime ? ` (${c.regime.replace(/_/g, " ")})` : ""}`;
}

export function articleText(a: { code: string; article: string; part: string | null }): string {
  const code = a.code === "RU_CC" ? "УК РФ" : a.code === "RU_CAO" ? "КоАП РФ" : a.code === "UA_CC" ? "КК України" : "";
  return `${a.part ? `ч. ${a.part} ` : ""}ст. ${a.article}${code ? ` ${code}` : ""}`;
}

function exportCase(c: repo.CaseFacts, onlyConsented: boolean): ExportCase | null {
  const named = mayNameVictim(c.publicityConsent);
  if (onlyConsented && !named) return null;
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    court: c.court,
    chargedOn: c.chargedOn,
    verdictOn: c.verdictOn,
    sentence: sentenceText(c),
    articles: c.articles.map(articleText),
    articleRefs: c.articles,
    term: { years: c.sentenceYears, months: c.sentenceMonths, days: c.sentenceDays, regime: c.regime },
    category: c.category,
    victimName: named ? c.personName : null,
    victimId: named ? c.personId : null,
    victimIsDemo: c.isDemo,
  };
}

const bodyOf = (b: repo.PublicBodyRow | null | undefined): ExportBody | null => (b ? { id: b.id, name: b.name, nameLatin: b.nameLatin, kind: b.kind, region: b.region } : null);

/**
 * Officials with positions, sources and roles, ready to render. `onlyConsentedCases` (the public page) drops
 * cases whose person did not consent; the staff exports keep them, described without the person.
 */
export async function loadExportModel(db: Db, organisationId: string, opts: { officialIds?: string[]; onlyConsentedCases?: boolean } = {}): Promise<ExportOfficial[]> {
  const { rows } = await repo.listOfficials(db, { organisationId, ids: opts.officialIds }, { limit: 100_000, offset: 0 });
  const ids = rows.map((r) => r.id);
  const [names, positions, sources, roles] = await Promise.all([repo.officialNamesOf(db, ids), repo.positionsOf(db, ids), repo.sourcesOfOfficials(db, ids), repo.rolesOfOfficials(db, ids)]);
  const facts = new Map((await repo.caseFacts(db, organisationId, [...new Set(roles.map((r) => r.caseId))])).map((c) => [c.caseId, c]));
  const bodies = await repo.bodiesByIds(db, [...new Set(roles.map((r) => r.bodyId).filter((x): x is string => !!x))]);
  const sourceUrls = new Map(sources.map((s) => [s.source.id, s.source.url]));
  return rows.map((o) => ({
    id: o.id,
    primaryName: o.primaryName,
    nameLatin: o.nameLatin,
    alternateNames: (names.get(o.id) ?? []).filter((n) => !n.isPrimary && n.name !== o.nameLatin).map((n) => n.name),
    birthDate: o.birthDate,
    isDemo: o.isDemo,
    positions: positions
      .filter((p) => p.position.officialId === o.id)
      .map((p) => ({ id: p.position.id, position: p.position.position, rank: p.position.rank, region: p.position.region, fromDate: p.position.fromDate, toDate: p.position.toDate, body: bodyOf(p.body), sourceUrl: p.position.sourceId ? (sourceUrls.get(p.position.sourceId) ?? null) : null })),
    sources: sources.filter((s) => s.officialId === o.id).map((s) => ({ title: s.source.title, url: s.source.url, reliability: s.source.reliability, kind: s.source.kind })),
    roles: roles
      .filter((r) => r.officialId === o.id && facts.has(r.caseId))
      .flatMap((r) => {
        const c = exportCase(facts.get(r.caseId)!, !!opts.onlyConsentedCases);
        return c ? [{ id: r.id, role: r.role, fromDate: r.fromDate, toDate: r.toDate, body: bodyOf(r.bodyId ? bodies.get(r.bodyId) : null), case: c }] : [];
      }),
  }));
}
