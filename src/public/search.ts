// Name search on the public site: finds a person by any spelling ("Alexei Gorinov", "Aleksey Gorinov",
// "Горинов Алексей", "Горінов Олексій") with the matcher in src/domain/names, and by partial words through
// SQL ILIKE over every stored spelling (typed as is, and back-transliterated into the other script).
//
// Only fully consented people are indexed or matched. Anonymised profiles must not be findable by the
// name they withhold: a hit would confirm that the searched-for person is in the registry.
import type { Db } from "../db/client.js";
import { publicIdsByNameLike, publicNameRows, publicSignature } from "../db/repositories/publicPeople.js";
import { MatchIndex, toCyrillic, transliterate, type PersonEvidence, type Sex } from "../domain/names/index.js";

interface Cached {
  signature: string;
  index: MatchIndex;
}

// One index per database handle and organisation, rebuilt when a consented person changes.
const cache = new WeakMap<object, Map<string, Cached>>();
const building = new WeakMap<object, Map<string, Promise<Cached>>>();

async function build(db: Db, organisationId: string, signature: string): Promise<Cached> {
  const people = new Map<string, PersonEvidence>();
  for (const r of await publicNameRows(db, organisationId)) {
    let e = people.get(r.id);
    if (!e) people.set(r.id, (e = { names: [], category: r.category, sex: r.sex === "unknown" ? null : (r.sex as Sex) }));
    e.names.push(r.name);
  }
  return { signature, index: new MatchIndex([...people].map(([id, evidence]) => ({ id, evidence }))) };
}

async function indexFor(db: Db, organisationId: string): Promise<MatchIndex> {
  const signature = await publicSignature(db, organisationId);
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(organisationId);
  if (hit && hit.signature === signature) return hit.index;
  // Concurrent first searches share one build instead of each parsing every name.
  let pending = building.get(db);
  if (!pending) building.set(db, (pending = new Map()));
  const key = `${organisationId}|${signature}`;
  let p = pending.get(key);
  if (!p) {
    p = build(db, organisationId, signature).finally(() => pending!.delete(key));
    pending.set(key, p);
  }
  const built = await p;
  perDb.set(organisationId, built);
  return built.index;
}

/** Spelling variants of one typed word for the substring search: as typed, and in the other script. */
function variantsOf(word: string): string[] {
  const out = new Set([word]);
  if (/[a-z]/i.test(word)) out.add(toCyrillic(word));
  if (/[\u0400-\u04FF]/.test(word)) {
    out.add(transliterate(word, "bgn"));
    out.add(transliterate(word, "ua2010"));
    // Russian е/ё and Ukrainian і/и/ї spellings of the same name.
    out.add(word.replace(/ё/gi, "е"));
  }
  return [...out].filter((v) => v.length > 0);
}

/**
 * Ids of fully consented people whose name matches `q`, best first. Whole names go through the matcher;
 * every word must also occur (in some script) for a substring hit, which ranks after matcher hits.
 */
export async function searchPublicIds(db: Db, organisationId: string, q: string): Promise<string[]> {
  const query = q.trim().slice(0, 200);
  const ranked = new Map<string, number>();
  if (query.replace(/[^\p{L}]/gu, "").length >= 3) {
    const index = await indexFor(db, organisationId);
    for (const c of index.candidates({ names: [query] }, 0.6, 200)) ranked.set(c.id, c.score);
  }
  const words = query
    .toLowerCase()
    .split(/[\s,]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}'’-]/gu, ""))
    .filter((w) => w.length > 0)
    .slice(0, 6);
  for (const id of await publicIdsByNameLike(db, organisationId, words.map(variantsOf))) if (!ranked.has(id)) ranked.set(id, 0.5);
  return [...ranked.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
