// The registry bench/load.ts runs against: N generated people imported through the bulk import path
// (importPeople, as `allforall import people` does), then a sample of what the load needs — every person id,
// the ids of public profiles, and the distinct search words drawn from the registry's own spellings.
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { sql } from "drizzle-orm";
import pino from "pino";
import { openRuntime } from "../src/app/runtime.js";
import { loadConfig } from "../src/config.js";
import { generatePeopleRows, rng } from "../src/demo/generate.js";
import { transliterate } from "../src/domain/names/index.js";
import { importPeople } from "../src/services/import/importPeople.js";
import { openSealed } from "../src/security/personKeys.js";

export interface Registry {
  ids: string[];
  publicIds: string[];
  /** Distinct queries: surnames, "surname given", Latin spellings and the first letters of a surname (typing). */
  searchWords: string[];
  importSeconds: number;
}

/** Generated rows with consent as organisations record it: most profiles named, some anonymised, many private. */
function writeCsv(path: string, people: number): void {
  const fd = openSync(path, "w");
  const r = rng(777);
  let header = true;
  for (const row of generatePeopleRows(people, 12345)) {
    const x = r();
    const consent = x < 0.6 ? "full" : x < 0.7 ? "anonymised" : "none";
    writeSync(fd, stringify([{ ...row, publicity_consent: consent }], { header }));
    header = false;
  }
  closeSync(fd);
}

export async function buildRegistry(dir: string, people: number, env: NodeJS.ProcessEnv): Promise<Registry> {
  const csv = join(dir, "people.csv");
  writeCsv(csv, people);
  const config = loadConfig(env, { logLevel: "error" });
  const rt = await openRuntime(config, { log: pino({ level: "error" }) });
  try {
    const t0 = performance.now();
    const result = await importPeople(rt.systemCtx("bench"), { path: csv, batchSize: 2500 });
    const importSeconds = (performance.now() - t0) / 1000;
    if (result.failed) throw new Error(`import: ${result.failed} rows failed`);
    const q = async <T>(query: ReturnType<typeof sql>) => ((await rt.database.db.execute(query)) as unknown as { rows: T[] }).rows;
    const rows = await q<{ id: string; consent: string }>(sql`select id, publicity_consent::text as consent from person order by id`);
    // Names are sealed at rest under each person's key: opened here (this process holds the key store).
    const names = await q<{ name: string }>(sql`select name from person_name where is_primary`);
    return { ids: rows.map((x) => x.id), publicIds: rows.filter((x) => x.consent !== "none").map((x) => x.id), searchWords: searchWordsOf(names.map((n) => openSealed(n.name))), importSeconds };
  } finally {
    await rt.close();
  }
}

/** What people type into a search box, drawn from the registry: distinct, shuffled with a fixed seed. */
export function searchWordsOf(primaryNames: string[]): string[] {
  const words = new Set<string>();
  for (const name of primaryNames) {
    const [surname, given] = name.split(/\s+/);
    if (!surname) continue;
    words.add(surname);
    if (given) {
      words.add(`${surname} ${given}`);
      words.add(`${transliterate(given, "bgn")} ${transliterate(surname, "bgn")}`);
    }
    if (surname.length > 5) words.add(surname.slice(0, 4).toLowerCase());
  }
  const out = [...words];
  const r = rng(99);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
