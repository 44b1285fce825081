// Loading for the public pages: repositories (which return only consented people and only public columns)
// → public presenters (which whitelist fields per consent level). Routes call these and render.
import type { Db } from "../db/client.js";
import { casesOf, facilitiesByIds, namesOf } from "../db/repositories/people.js";
import { findPublicPerson, letterFacilityPage, letterRecipientsAt, listPublicPeople, publicFacilityName, publicRegions, type PublicFilter, type PublicPersonRow } from "../db/repositories/publicPeople.js";
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
    facilityId: q.facility,
  };
  const [regions, facilityName] = await Promise.all([publicRegions(db, organisationId), q.facility ? publicFacilityName(db, organisationId, q.facility) : undefined]);
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
    return finish(db, rows, total, page, regions, facilityName);
  }
  const first = await listPublicPeople(db, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
  ({ rows, total } = first);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page number past the end (an old link) shows the last page rather than an empty list.
  if (q.page > pages) ({ rows } = await listPublicPeople(db, filter, { limit: PAGE_SIZE, offset: (pages - 1) * PAGE_SIZE }));
  return finish(db, rows, total, Math.min(q.page, pages), regions, facilityName);
}

async function finish(db: Db, rows: PublicPersonRow[], total: number, page: number, regions: string[], facilityName: string | undefined): Promise<PeopleData & { page: number }> {
  // Spellings are loaded for named profiles only; an anonymised person's names never leave the database.
  const names = await namesOf(db, rows.filter((r) => r.publicityConsent === "full").map((r) => r.id));
  return {
    items: rows.map((r) => presentPublicCard(r, names.get(r.id))),
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    page,
    regions,
    facilityName,
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

export const LETTER_FACILITIES_PER_PAGE = 12;
/** Names listed per facility on /letters; the rest are one click away on /people?facility=… (keeps pages small). */
export const LETTER_NAMES_PER_FACILITY = 5;

/** Facilities holding named people now, each with a few of the people one can write to there. */
export async function loadLetterFacilities(db: Db, organisationId: string, pageNo: number): Promise<{ facilities: LetterFacility[]; page: number; pages: number }> {
  const first = await letterFacilityPage(db, organisationId, HELD_STATUSES, { limit: LETTER_FACILITIES_PER_PAGE, offset: (pageNo - 1) * LETTER_FACILITIES_PER_PAGE });
  const pages = Math.max(1, Math.ceil(first.total / LETTER_FACILITIES_PER_PAGE));
  const page = Math.min(pageNo, pages);
  const { rows } = page === pageNo ? first : await letterFacilityPage(db, organisationId, HELD_STATUSES, { limit: LETTER_FACILITIES_PER_PAGE, offset: (page - 1) * LETTER_FACILITIES_PER_PAGE });
  const people = await letterRecipientsAt(db, organisationId, HELD_STATUSES, rows.map((r) => r.id));
  const facilities = rows.map((f) => ({
    id: f.id,
    name: f.name,
    kind: f.kind,
    region: f.region,
    postalAddress: f.postalAddress,
    count: f.n,
    people: people
      .filter((p) => p.currentFacilityId === f.id)
      .slice(0, LETTER_NAMES_PER_FACILITY)
      .map(presentLetterRecipient)
      .filter((r): r is NonNullable<typeof r> => r !== null),
  }));
  return { facilities, page, pages };
}
