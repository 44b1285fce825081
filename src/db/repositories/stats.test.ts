import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson } from "../../../test/helpers/factories.js";
import { statsFacts, statsFactsQueries } from "./stats.js";
import { statsFactsOfEveryone } from "./statsEveryone.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("the dashboard's facts of each person", () => {
  it("gives each person their first detention (case or custody period), longest sentence, articles and months freed", async () => {
    const held = await makePerson(rt, { primaryName: "Горинов Алексей Александрович" });
    await makeCase(rt, held.id, { detainedOn: "2022-04-26", sentenceYears: 7, custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-20", toDate: "2022-09-19" }] });
    await makeCase(rt, held.id, { detainedOn: "2023-01-10", sentenceYears: 2, sentenceMonths: 6, articles: [{ code: "RU_CC", article: "207.3", part: "2" }, { code: "RU_CC", article: "280.3", part: "1" }], custodyPeriods: [] });
    const freed = await makePerson(rt, { primaryName: "Кузьмин Денис Олегович", category: "ua_civilian_hostage", homeRegion: "UA-23", status: "exchanged", statusSince: "2024-06-01" });
    await makeCase(rt, freed.id, { detainedOn: "2022-03-05", sentenceYears: null, articles: [], custodyPeriods: [] });
    const noCase = await makePerson(rt, { primaryName: "Шевченко Олена Петрівна", sex: "female", category: "ua_civilian_hostage", homeRegion: null });
    const org = ((await rt.database.db.execute(sql`select organisation_id from person where id = ${held.id}`)) as unknown as { rows: { organisation_id: string }[] }).rows[0]!.organisation_id;
    const facts = await statsFacts(rt.database.db, { organisationId: org });
    expect(facts.size).toBe(3);
    const base = { organisationId: org, facilityId: null };
    expect({ ...facts.get(held.id)!, articles: facts.get(held.id)!.articles.sort() }).toEqual({ ...base, id: held.id, category: "ru_political_prisoner", status: "in_colony", region: "RU-MOW", articles: ["207.3", "280.3"], sentenceMonths: 84, detained: "2022-04", freed: [] });
    expect(facts.get(freed.id)).toEqual({ ...base, id: freed.id, category: "ua_civilian_hostage", status: "exchanged", region: "UA-23", articles: [], sentenceMonths: null, detained: "2022-03", freed: ["2024-06 exchanged"] });
    expect(facts.get(noCase.id)).toEqual({ ...base, id: noCase.id, category: "ua_civilian_hostage", status: "in_colony", region: null, articles: [], sentenceMonths: null, detained: null, freed: [] });
    // By id (the change feed's people): the same facts; a person who is gone is simply not there.
    const some = await statsFacts(rt.database.db, { ids: [freed.id, "00000000-0000-4000-8000-000000000000"] });
    expect([...some.values()]).toEqual([facts.get(freed.id)]);

    // One pass over each table, whatever the planner knows: no subquery run once per person. (With the tables
    // never analysed — PGlite has no autovacuum — that plan scanned all custody periods for each of 100,000 people.)
    for (const scope of [{ organisationId: org }, "everyone" as const, { ids: [held.id, freed.id] }])
      for (const [name, q] of Object.entries(statsFactsQueries(scope))) {
        const plan = ((await rt.database.db.execute(sql`explain ${q}`)) as unknown as { rows: { "QUERY PLAN": string }[] }).rows.map((r) => r["QUERY PLAN"]).join("\n");
        expect(plan, `${name} ${JSON.stringify(scope)}`).not.toMatch(/SubPlan/);
      }

    // Everyone read table by table in ranges of pages (the kept sums' first read, statsEveryone.ts): the same facts.
    const sorted = (m: Map<string, { articles: string[]; freed: string[] }>) => new Map([...m].map(([id, f]) => [id, { ...f, articles: [...f.articles].sort(), freed: [...f.freed].sort() }]));
    let steps = 0;
    const ranged = await statsFactsOfEveryone(rt.database.db, async () => void steps++, 1);
    expect(sorted(ranged)).toEqual(sorted(await statsFacts(rt.database.db, "everyone")));
    expect(steps).toBeGreaterThanOrEqual(5);
  });
});
