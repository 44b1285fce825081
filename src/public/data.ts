// Loading for the public pages: repositories (which return only consented people and only public columns)
// → public presenters (which whitelist fields per consent level). Routes call these and render.
import type { Db } from "../db/client.js";
import { casesOf, facilitiesByIds, namesOf } from "../db/repositories/people.js";
import { findPublicPerson, listPublicPeople, publicRegions, type PublicFilter, type PublicPersonRow } from "../db/repositories/publicPeople.js";
import { HELD_STATUSES } from "../db/repositories/publicStats.js";
import type { LetterFacility } from "./pages/letters.js";
import type { PeopleData, PeopleQuery } from "./pages/people.js";
import { presentLetterRecipient, presentOpenData, presentPublicCard, presentPublicProfile, type OpenDataRecord, type PublicProfile } from "./presenters.js";
import { searchPublicIds } from "./search.js";

export const PAGE_SIZE = 20;

export async function loadPeoplePage(db: Db, organisationId: string, q: PeopleQuery): Promise<PeopleData & { page: number }> {
  const filter: PublicFilter = {
    organisationId,
    category: q.category ? [q.category] : undefined,
    status: q.status ? [q.status] : undefined,
    region: q.region,
  };
  const regions = await publicRegions(db, organisationId);
  let rows: PublicPersonRow[];
  let total: number;
  if (q.q?.trim()) {
    // Search: best match first, so the filtered hits are ordered by the search rank, not by name.
    const ranked = await searchPublicIds(db, organisationId, q.q);
    const all = await listPublicPeople(db, { ...filter, ids: ranked.slice(0, 500) }, { limit: 500, offset: 0 });
    const rank = new Map(ranked.map((id, i) => [id, i]));
    const sorted = all.rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    total = sorted.length;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(q.page, pages);
    rows = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return finish(db, rows, total, page, regions);
  }
  const first = await listPublicPeople(db, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
  ({ rows, total } = first);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page number past the end (an old link) shows the last page rather than an empty list.
  if (q.page > pages) ({ rows } = await listPublicPeople(db, filter, { limit: PAGE_SIZE, offset: (pages - 1) * PAGE_SIZE }));
  return finish(db, rows, total, Math.min(q.page, pages), regions);
}

async function finish(db: Db, rows: PublicPersonRow[], total: number, page: number, regions: string[]): Promise<PeopleData & { page: number }> {
  // Spellings are loaded for named profiles only; an anonymised person's names never leave the database.
  const names = await namesOf(db, rows.filter((r) => r.publicityConsent === "full").map((r) => r.id));
  return {
    items: rows.map((r) => presentPublicCard(r, names.get(r.id))),
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    page,
    regions,
  };
}

export async function loadProfile(db: Db, organisationId: string, id: string): Promise<PublicProfile | null> {
  const row = await findPublicPerson(db, organisationId, id);
  if (!row) return null;
  const full = row.publicityConsent === "full";
  const [names, cases, facilities] = await Promise.all([
    full ? namesOf(db, [id]) : Promise.resolve(new Map<string, { name: string }[]>()),
    casesOf(db, [id]),
    full && row.currentFacilityId ? facilitiesByIds(db, [row.currentFacilityId]) : Promise.resolve(new Map()),
  ]);
  return presentPublicProfile(row, names.get(id) ?? [], cases, (row.currentFacilityId && facilities.get(row.currentFacilityId)) || null);
}

/** Every consented person as an open-data record, in pages so a large registry is not one huge query. */
export async function loadOpenData(db: Db, organisationId: string): Promise<OpenDataRecord[]> {
  const out: OpenDataRecord[] = [];
  const batch = 500;
  for (let offset = 0; ; offset += batch) {
    const { rows } = await listPublicPeople(db, { organisationId }, { limit: batch, offset });
    if (!rows.length) break;
    const fullIds = rows.filter((r) => r.publicityConsent === "full").map((r) => r.id);
    const facilityIds = [...new Set(rows.filter((r) => r.publicityConsent === "full" && r.currentFacilityId).map((r) => r.currentFacilityId!))];
    const [names, cases, facilities] = await Promise.all([namesOf(db, fullIds), casesOf(db, rows.map((r) => r.id)), facilitiesByIds(db, facilityIds)]);
    for (const r of rows) {
      const f = r.publicityConsent === "full" && r.currentFacilityId ? facilities.get(r.currentFacilityId) : undefined;
      out.push(presentOpenData(presentPublicProfile(r, names.get(r.id) ?? [], cases.filter((c) => c.personId === r.id), f ?? null)));
    }
    if (rows.length < batch) break;
  }
  return out;
}

/** Facilities holding named people now, each with the people one can write to there. */
export async function loadLetterFacilities(db: Db, organisationId: string): Promise<LetterFacility[]> {
  const { rows } = await listPublicPeople(db, { organisationId, status: HELD_STATUSES }, { limit: 5000, offset: 0 });
  // Prisoners of war have no address to write to (letters go through the ICRC), so they are not listed here.
  const named = rows.filter((r) => r.publicityConsent === "full" && r.currentFacilityId && r.category !== "ua_pow");
  const facilities = await facilitiesByIds(db, [...new Set(named.map((r) => r.currentFacilityId!))]);
  const out = new Map<string, LetterFacility>();
  for (const r of named) {
    const f = facilities.get(r.currentFacilityId!);
    if (!f) continue;
    let entry = out.get(f.id);
    if (!entry) out.set(f.id, (entry = { name: f.name, kind: f.kind, region: f.region, postalAddress: f.postalAddress, people: [] }));
    const recipient = presentLetterRecipient(r);
    if (recipient) entry.people.push(recipient);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
