// The list filters as a test on index entries. What the index does not hold (who is assigned to whom, case
// articles) comes from SQL as a set of ids; everything else is read from the entry itself.
import type { Db } from "../../db/client.js";
import { regionFromText } from "../../domain/vocabulary/regions.js";
import { assignedPeopleOf, peopleWithArticle } from "../../db/repositories/personDirectory.js";
import { fold, type Entry } from "./personIndex.js";

export interface PeopleFilter {
  q?: string | undefined;
  category?: string[] | undefined;
  status?: string[] | undefined;
  /** Part of the home region, any case. */
  region?: string | undefined;
  article?: string | undefined;
  facilityId?: string | undefined;
  ids?: string[] | undefined;
  /** Only people assigned to this user (lawyers). */
  /** A lawyer's keyed hashes (`lawyerKeys`): only their assigned people. */
  assignedTo?: readonly string[] | undefined;
}

export type Accept = ((e: Entry) => boolean) & { everyone?: boolean };
const everyone: Accept = Object.assign(() => true, { everyone: true });

/** The filter as a test on entries; marked `everyone` when nothing is filtered (a page is then a slice). */
export async function acceptFor(db: Db, f: PeopleFilter): Promise<Accept> {
  if (!f.assignedTo && !f.article && !f.ids && !f.category?.length && !f.status?.length && !f.region && !f.facilityId && !f.q?.trim()) return everyone;
  const [assigned, withArticle] = await Promise.all([f.assignedTo ? assignedPeopleOf(db, f.assignedTo) : undefined, f.article ? peopleWithArticle(db, f.article) : undefined]);
  const ids = f.ids ? new Set(f.ids) : undefined;
  const category = f.category?.length ? new Set(f.category) : undefined;
  const status = f.status?.length ? new Set(f.status) : undefined;
  const region = f.region?.toLowerCase();
  // Regions are stored as ISO codes (free text only where unrecognised): "Новосибирская" finds RU-NVS.
  const regionCode = f.region ? regionFromText(f.region) : undefined;
  const q = f.q?.trim() ? fold(f.q.trim()) : undefined;
  const rawQ = f.q?.trim();
  return (e) =>
    (!ids || ids.has(e.id)) &&
    (!category || category.has(e.category)) &&
    (!status || status.has(e.status)) &&
    (!region || (!!regionCode && e.region === regionCode) || (e.region?.toLowerCase().includes(region) ?? false)) &&
    (!f.facilityId || e.facilityId === f.facilityId) &&
    (!assigned || assigned.has(e.id)) &&
    (!withArticle || withArticle.has(e.id)) &&
    (!q || e.externalId === rawQ || e.hay.some((h) => h.includes(q)));
}

/** One page of `order` after filtering, and how many pass the filter in all. */
export function pageOf(order: Entry[], accept: Accept, offset: number, limit: number): { ids: string[]; total: number } {
  if (accept.everyone) return { ids: order.slice(offset, offset + limit).map((e) => e.id), total: order.length };
  const ids: string[] = [];
  let total = 0;
  for (const e of order) {
    if (!accept(e)) continue;
    if (total >= offset && ids.length < limit) ids.push(e.id);
    total++;
  }
  return { ids, total };
}
