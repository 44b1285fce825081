// Name search on the public site: finds a person by any spelling ("Alexei Gorinov", "Aleksey Gorinov",
// "Горинов Алексей", "Горінов Олексій") with the matcher of the person index (src/services/directory), and by
// partial words over every spelling (typed as is, and in the other script).
//
// Only fully consented people are matched. Anonymised profiles must not be findable by the name they withhold:
// a hit would confirm that the searched-for person is in the registry.
import type { PersonIndex } from "../services/directory/personIndex.js";
import { queryWords } from "../services/search.js";

const named = (consent: string) => consent === "full";

/**
 * Ids of fully consented people whose name matches `q`, best first. Whole names go through the matcher;
 * every word must also occur (in some script) for a substring hit, which ranks after matcher hits.
 */
export function searchPublicIds(index: PersonIndex, q: string, limit = 500): string[] {
  const query = q.trim().slice(0, 200);
  const ranked = new Map<string, number>();
  if (query.replace(/[^\p{L}]/gu, "").length >= 3) {
    for (const c of index.candidates(query, 200)) if (named(index.entries.get(c.id)?.consent ?? "")) ranked.set(c.id, c.score);
  }
  for (const e of index.substring(queryWords(query), (x) => named(x.consent), limit)) if (!ranked.has(e.id)) ranked.set(e.id, 0.5);
  return [...ranked.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id).slice(0, limit);
}
