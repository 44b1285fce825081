// What anonymous visitors may read, for the public pages. There is no role to check: an anonymous reader is
// authorized by consent alone, which the repositories apply in SQL (only consented people, only public columns)
// and the public presenters apply again per field (src/public/presenters.ts). Public reads are not audited: they
// are open to anyone, and logging visitors would itself be a record worth seizing.
import { mergeOf } from "../../db/repositories/identity.js";
import { facilitiesByIds, namesOf } from "../../db/repositories/people.js";
import { casesOf } from "../../db/repositories/cases.js";
import { publicPersonWithDetails } from "../../db/repositories/personDetail.js";
import { letterFacilityPage, letterRecipientsAt, listPublicPeople, publicFacilityName } from "../../db/repositories/publicPeople.js";
import { FREED_STATUSES, HELD_STATUSES } from "../../domain/vocabulary/enums.js";
import { regionFromText } from "../../domain/vocabulary/regions.js";
import type { LetterFacility } from "../../public/pages/letters.js";
import type { PeopleData, PeopleQuery } from "../../public/pages/people.js";
import { presentLetterRecipient, presentOpenData, presentPublicCard, presentPublicProfile, type OpenDataRecord, type PublicCardRow, type PublicProfile } from "../../public/presenters.js";
import { searchPublicIds } from "../../public/search.js";
import type { ServiceContext } from "../context.js";
import { pageOf, type Accept } from "../directory/filters.js";
import { spellingsOf, type Entry, type PersonIndex } from "../directory/personIndex.js";

export const PAGE_SIZE = 20;

/** What the public pages count: consented profiles, and everyone held or freed (numbers only). */
export function publicTotals(index: PersonIndex): { publicProfiles: number; held: number; freed: number } {
  // The index keeps these counts as people come and go: nothing is recounted per request.
  const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + index.countOfStatus(s), 0);
  return { publicProfiles: index.countOfConsent("full") + index.countOfConsent("anonymised"), held: sum(HELD_STATUSES), freed: sum(FREED_STATUSES) };
}

/** Regions for the filter: only those of named profiles (an anonymised person's region is not public). */
function publicRegions(index: PersonIndex): string[] {
  return index.namedRegions();
}

/**
 * A page of the public index. Order, filters and the count come from the person index (named profiles
 * alphabetically, then anonymised ones by id: sorting those by their real name would leak where the name falls
 * in the alphabet); the page's rows are then read by id, consent checked again in SQL.
 */
export async function loadPeoplePage(ctx: ServiceContext, organisationId: string, q: PeopleQuery): Promise<PeopleData & { page: number }> {
  const index = await ctx.people.indexOf(organisationId, undefined, ctx.since);
  // The filter's values are the stored codes; a region typed by name ("Moscow", "Томская область") finds its code too.
  const region = q.region ? (regionFromText(q.region) ?? q.region) : undefined;
  // The public order holds consented profiles only; with no filter a page is a slice of it.
  const filtered = !!(q.category || q.status || region || q.facility);
  const test = (e: Entry) =>
    (e.consent === "full" || e.consent === "anonymised") &&
    (!q.category || e.category === q.category) &&
    (!q.status || e.status === q.status) &&
    // Region and facility are shown only on named profiles, so filtering by them must not find anonymised ones.
    (!region || (e.consent === "full" && e.region?.trim() === region)) &&
    (!q.facility || (e.consent === "full" && e.facilityId === q.facility));
  const accept: Accept = filtered ? test : Object.assign(test, { everyone: true });
  const facilityName = q.facility ? await publicFacilityName(ctx.db, organisationId, q.facility) : undefined;
  let ids: string[];
  let total: number;
  let page: number;
  if (q.q?.trim()) {
    // Search: best match first, so the filtered hits are ordered by the search rank, not by name.
    const hits = searchPublicIds(index, q.q).filter((id) => accept(index.entries.get(id)!));
    total = hits.length;
    page = Math.min(q.page, Math.max(1, Math.ceil(total / PAGE_SIZE)));
    ids = hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  } else {
    ({ ids, total } = pageOf(index.publicOrder(), accept, (q.page - 1) * PAGE_SIZE, PAGE_SIZE));
    // A page number past the end (an old link) shows the last page rather than an empty list.
    page = Math.min(q.page, Math.max(1, Math.ceil(total / PAGE_SIZE)));
    if (page !== q.page) ids = pageOf(index.publicOrder(), accept, (page - 1) * PAGE_SIZE, PAGE_SIZE).ids;
  }
  // Cards from the index entries (kept current by the change feed, consent included): no SQL per page.
  const items: PeopleData["items"] = [];
  for (const id of ids) {
    const e = index.entries.get(id);
    if (e && (e.consent === "full" || e.consent === "anonymised")) items.push(presentPublicCard(cardRowOf(e), e.consent === "full" ? spellingsOf(e) : []));
  }
  return { items, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), page, regions: publicRegions(index), facilityName };
}

function cardRowOf(e: Entry): PublicCardRow {
  return {
    id: e.id,
    primaryName: e.primaryName,
    publicityConsent: e.consent as PublicCardRow["publicityConsent"],
    category: e.category as PublicCardRow["category"],
    status: e.status as PublicCardRow["status"],
    statusSince: e.statusSince,
    homeRegion: e.region,
    photoUrl: e.photoUrl,
  };
}

export async function loadProfile(ctx: ServiceContext, organisationId: string, id: string): Promise<PublicProfile | null> {
  // One statement; spellings and facility come back for named profiles only (decided in SQL).
  const found = await publicPersonWithDetails(ctx.db, organisationId, id);
  if (!found) return null;
  return presentPublicProfile(found.row, found.names, found.cases, found.facility);
}

/**
 * Where a merged-away id now lives, for a redirect — only when the survivor's own page is public: a redirect must
 * not reveal that a non-public person exists.
 */
export async function publicSurvivorOf(ctx: ServiceContext, organisationId: string, id: string): Promise<string | null> {
  const merged = await mergeOf(ctx.db, organisationId, id);
  return merged && (await loadProfile(ctx, organisationId, merged.survivorId)) ? merged.survivorId : null;
}

/** Every consented person as an open-data record, in pages so a large registry is not one huge query. */
export async function loadOpenData(ctx: ServiceContext, organisationId: string): Promise<OpenDataRecord[]> {
  const db = ctx.db;
  const out: { named: boolean; name: string; id: string; record: OpenDataRecord }[] = [];
  const batch = 500;
  for (let offset = 0; ; offset += batch) {
    const { rows } = await listPublicPeople(db, { organisationId }, { limit: batch, offset });
    if (!rows.length) break;
    const fullIds = rows.filter((r) => r.publicityConsent === "full").map((r) => r.id);
    const facilityIds = [...new Set(rows.filter((r) => r.publicityConsent === "full" && r.currentFacilityId).map((r) => r.currentFacilityId!))];
    const [names, cases, facilities] = await Promise.all([namesOf(db, fullIds), casesOf(db, rows.map((r) => r.id)), facilitiesByIds(db, facilityIds)]);
    for (const r of rows) {
      const f = r.publicityConsent === "full" && r.currentFacilityId ? facilities.get(r.currentFacilityId) : undefined;
      out.push({ named: r.publicityConsent === "full", name: r.primaryName, id: r.id, record: presentOpenData(presentPublicProfile(r, names.get(r.id) ?? [], cases.filter((c) => c.personId === r.id), f ?? null)) });
    }
    if (rows.length < batch) break;
  }
  // Named profiles alphabetically (names are opened only here), then anonymised ones in id order.
  out.sort((a, b) => Number(b.named) - Number(a.named) || (a.named ? a.name.localeCompare(b.name, "ru") : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out.map((o) => o.record);
}

export const LETTER_FACILITIES_PER_PAGE = 12;
/** Names listed per facility on /letters; the rest are one click away on /people?facility=… (keeps pages small). */
export const LETTER_NAMES_PER_FACILITY = 5;

/** Facilities holding named people now, each with a few of the people one can write to there. */
export async function loadLetterFacilities(ctx: ServiceContext, organisationId: string, pageNo: number): Promise<{ facilities: LetterFacility[]; page: number; pages: number }> {
  const db = ctx.db;
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
