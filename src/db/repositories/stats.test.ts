import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson } from "../../../test/helpers/factories.js";
import { custodySpans, custodySpansQuery } from "./stats.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("the dashboard's custody spans", () => {
  it("gives each person their first detention (case or custody period) and the day they were freed", async () => {
    const held = await makePerson(rt, { primaryName: "Горинов Алексей Александрович" });
    await makeCase(rt, held.id, { detainedOn: "2022-04-26", custodyPeriods: [{ kind: "sizo", fromDate: "2022-04-20", toDate: "2022-09-19" }] });
    await makeCase(rt, held.id, { detainedOn: "2023-01-10", custodyPeriods: [] });
    const freed = await makePerson(rt, { primaryName: "Кузьмин Денис Олегович", category: "ua_civilian_hostage", status: "exchanged", statusSince: "2024-06-01" });
    await makeCase(rt, freed.id, { detainedOn: "2022-03-05", custodyPeriods: [] });
    const noCase = await makePerson(rt, { primaryName: "Шевченко Олена Петрівна", sex: "female", category: "ua_civilian_hostage" });
    const org = ((await rt.database.db.execute(sql`select organisation_id from person where id = ${held.id}`)) as unknown as { rows: { organisation_id: string }[] }).rows[0]!.organisation_id;
    const spans = await custodySpans(rt.database.db, { organisationId: org });
    expect(spans).toHaveLength(3);
    expect(spans).toEqual(
      expect.arrayContaining([
        { category: "ru_political_prisoner", detained: "2022-04-20", freed: null },
        { category: "ua_civilian_hostage", detained: "2022-03-05", freed: "2024-06-01" },
        { category: "ua_civilian_hostage", detained: null, freed: null },
      ]),
    );
    expect(noCase.id).toBeTruthy();

    // One pass over each table, whatever the planner knows: no subquery run once per person. (With the tables
    // never analysed — PGlite has no autovacuum — that plan scanned all custody periods for each of 100,000 people.)
    const plan = ((await rt.database.db.execute(sql`explain ${custodySpansQuery({ organisationId: org })}`)) as unknown as { rows: { "QUERY PLAN": string }[] }).rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).not.toMatch(/SubPlan/);
  });
});
