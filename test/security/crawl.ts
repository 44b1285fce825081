import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.js";
import type { AnyRoute } from "../../src/http/route.js";
import { ident, schemaTables } from "../../src/security/schemaTables.js";
import { rowsOf } from "../../src/db/rows.js";

// Turning the route table into concrete requests: real ids for `:params` (guessed from the URL segment before
// the parameter, falling back to every id in the database), filtered through the route's own zod schema.
// Routes other engineers add later are crawled the same way without any change here.

export type IdPools = Map<string, string[]>;

export async function idPools(db: Db): Promise<IdPools> {
  const pools: IdPools = new Map();
  for (const t of await schemaTables()) {
    const key = t.columns.find((c) => c.name === "id");
    if (!key) continue;
    const r = await db.execute(sql.raw(`select ${ident(key.name)}::text as v from ${ident(t.name)} limit 12`));
    pools.set(t.name, rowsOf<{ v: string }>(r).map((x) => x.v));
  }
  // Numbered things (list versions, weight versions), tokens and names of static files.
  pools.set("#number", ["1", "2"]);
  return pools;
}

// URL segment → table, for the usual REST shapes; anything else tries every table.
const SEGMENT_TABLE: Record<string, string> = {
  people: "person",
  cases: "criminal_case",
  appeals: "appeal",
  attachments: "appeal_attachment",
  lists: "exchange_list",
  versions: "#number",
  users: "app_user",
  facilities: "facility",
  sources: "source",
  "priority-weights": "#number",
  assessments: "recognition_assessment",
  decisions: "recognition_decision",
  officials: "official",
  "public-bodies": "public_body",
  "link-proposals": "official_link_proposal",
  roles: "official_case_role",
};

function candidatesFor(url: string, param: string, pools: IdPools): string[] {
  const parts = url.split("/");
  const i = parts.indexOf(`:${param}`);
  const seg = parts[i - 1] ?? "";
  const guess = SEGMENT_TABLE[seg] ?? (param.toLowerCase().endsWith("id") ? SEGMENT_TABLE[`${param.slice(0, -2).toLowerCase()}s`] : undefined);
  const fuzzy = [...pools.keys()].find((t) => t.replace(/_/g, "-") === seg.replace(/s$/, ""));
  const preferred = guess ?? fuzzy;
  if (preferred && pools.get(preferred)?.length) return pools.get(preferred)!;
  return [...new Set([...pools.values()].flat())].slice(0, 40);
}

export interface CrawlTarget {
  route: AnyRoute;
  url: string;
}

/** Concrete URLs for a route: every param filled with plausible real values (capped), valid per the route's schema. */
export function urlsFor(route: AnyRoute, pools: IdPools, opts: { queries?: Record<string, string>[]; cap?: number } = {}): string[] {
  const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  let combos: Record<string, string>[] = [{}];
  for (const n of names) {
    const next: Record<string, string>[] = [];
    for (const c of combos) for (const v of candidatesFor(route.url, n, pools)) next.push({ ...c, [n]: v });
    combos = next.slice(0, 400);
  }
  combos = combos.filter((c) => !route.params || route.params.safeParse(c).success).slice(0, opts.cap ?? 24);
  const queries = (opts.queries ?? [{}]).filter((q) => !route.query || route.query.safeParse(q).success);
  if (!queries.length && route.query) queries.push({});
  const out: string[] = [];
  for (const c of combos) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_, n: string) => encodeURIComponent(c[n]!));
    for (const q of queries) out.push(Object.keys(q).length ? `${path}?${new URLSearchParams(q)}` : path);
  }
  return out;
}

/** One neutral value per param: enough to pass routing and reach the permission gate. */
export function placeholderUrl(route: AnyRoute): string {
  return route.url.replace(/:([A-Za-z0-9_]+)/g, "00000000-0000-4000-8000-000000000000");
}
