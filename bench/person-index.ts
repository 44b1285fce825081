// The person index alone, without the database or HTTP: build time for a registry of N generated people, then
// the time of a list page at random offsets, of staff and public searches with words drawn from the registry,
// and of an edit (replace one person). CPU time is given beside wall time: on shared cores it is the steadier one.
//   npx tsx bench/person-index.ts [people=100000]
import { randomUUID } from "node:crypto";
import { generatePeopleRows } from "../src/demo/generate.js";
import { pageOf } from "../src/services/directory/filters.js";
import { haystackOf, PersonIndex, sortKey, type Entry } from "../src/services/directory/personIndex.js";
import { searchPublicIds } from "../src/public/search.js";
import { queryWords } from "../src/services/search.js";
import { searchWordsOf } from "./load-registry.js";
import { percentile } from "./load-stats.js";

const N = Number(process.argv[2] ?? 100_000);
const entries: Entry[] = [];
for (const r of generatePeopleRows(N, 12345)) {
  const id = randomUUID();
  const names = [r.name, ...(r.name_alt ? [r.name_alt] : [])];
  const x = Math.random();
  entries.push({ id, externalId: r.external_id, primaryName: r.name, key: sortKey(r.name, id), sex: r.sex, birthDate: r.birth_date.length > 4 ? r.birth_date : null, birthYear: r.birth_date.length === 4 ? Number(r.birth_date) : null, region: r.region, category: r.category, status: r.status, consent: x < 0.6 ? "full" : x < 0.7 ? "anonymised" : "none", facilityId: null, updatedAt: Date.now(), statusSince: null, exchangeConsent: "unknown", isDemo: false, photoUrl: null, hay: haystackOf(names), names });
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
// CPU milliseconds of each operation (single-threaded, so this is its own time even when the cores are shared).
const time = (fn: () => void) => { const t = cpu(); fn(); return cpu() - t; };
const c0 = cpu();
const t0 = performance.now();
const index = new PersonIndex();
for (const e of entries) index.load(e);
index.finishBuild();
console.log(`build: ${N} people in ${(performance.now() - t0).toFixed(0)} ms (CPU ${(cpu() - c0).toFixed(0)} ms)`);
const words = searchWordsOf(entries.map((e) => e.primaryName));
const report = (label: string, xs: number[]) => console.log(`${label.padEnd(28)} CPU p50 ${percentile(xs, 50).toFixed(2)} ms  p99 ${percentile(xs, 99).toFixed(2)} ms  (${xs.length} runs)`);
const any = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
report("list page, random offset", Array.from({ length: 200 }, () => time(() => pageOf(index.ordered("name"), () => true, Math.floor(Math.random() * N), 50))));
report("list page, category filter", Array.from({ length: 200 }, () => time(() => pageOf(index.ordered("name"), (e) => e.category === "ua_pow", Math.floor(Math.random() * 5000), 50))));
report("public list page", Array.from({ length: 200 }, () => time(() => pageOf(index.publicOrder(), Object.assign(() => true, { everyone: true }), Math.floor(Math.random() * N * 0.7), 20))));
const staff = (q: string) => {
  const hits = new Set(index.candidates(q, 200).map((c) => c.id));
  for (const e of index.substring(queryWords(q), () => true, 500)) hits.add(e.id);
};
report("staff search", words.slice(0, 100).map((w) => time(() => staff(w))));
report("public search", words.slice(300, 400).map((w) => time(() => searchPublicIds(index, w))));
report("edit (replace one person)", Array.from({ length: 200 }, () => time(() => { const e = any(entries); index.put({ ...e, updatedAt: Date.now() }); })));
console.log(`distinct search words: ${words.length}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB; load average ${(await import("node:fs")).readFileSync("/proc/loadavg", "utf8").trim()}`);
report("matcher candidates only", words.slice(0, 100).map((w) => time(() => index.candidates(w, 200))));
report("substring only", words.slice(0, 100).map((w) => time(() => index.substring(queryWords(w), () => true, 500))));
