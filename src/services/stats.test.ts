import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../test/helpers/factories.js";
import { custodySpans } from "../db/repositories/stats.js";
import { getStats } from "./stats.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("the dashboard's people held over time", () => {
  it("counts each person from the month of detention until the month of release, as month-by-month counting does", async () => {
    // Detained before 2014, in the middle, in the same month as freed, freed later, never freed, no date at all.
    const people: [string, string | null, string | null, "ru_political_prisoner" | "ua_civilian_hostage"][] = [
      ["Горинов Алексей Александрович", "2012-05-03", null, "ru_political_prisoner"],
      ["Кузьмин Денис Олегович", "2019-02-11", "2021-08-30", "ru_political_prisoner"],
      ["Шевченко Олена Петрівна", "2022-03-05", "2022-03-28", "ua_civilian_hostage"],
      ["Бондаренко Іван Миколайович", "2022-03-20", "2024-06-01", "ua_civilian_hostage"],
      ["Ткаченко Марія Олегівна", "2023-11-30", null, "ua_civilian_hostage"],
      ["Сидоров Николай Павлович", null, null, "ru_political_prisoner"],
    ];
    for (const [name, detained, freed, category] of people) {
      const p = await makePerson(rt, { primaryName: name, alternateNames: [], category, ...(freed ? { status: "exchanged", statusSince: freed } : {}) });
      if (detained) await makeCase(rt, p.id, { detainedOn: detained, custodyPeriods: [] });
    }
    const coord = await makeUser(rt, "coordinator");
    const stats = await getStats(coord.ctx);
    const org = ((await rt.database.db.execute(sql`select organisation_id from person limit 1`)) as unknown as { rows: { organisation_id: string }[] }).rows[0]!.organisation_id;
    const spans = await custodySpans(rt.database.db, { organisationId: org });
    expect(stats.heldOverTime[0]!.month).toBe("2014-01");
    for (const row of stats.heldOverTime) {
      const expected: Record<string, number> = { ru_political_prisoner: 0, ua_civilian_hostage: 0 };
      for (const s of spans) if (s.detained && s.detained.slice(0, 7) <= row.month && !(s.freed && s.freed.slice(0, 7) <= row.month)) expected[s.category]!++;
      expect(row.counts, row.month).toEqual(expected);
    }
    const month = (m: string) => stats.heldOverTime.find((r) => r.month === m)!.counts;
    expect(month("2014-01")).toEqual({ ru_political_prisoner: 1, ua_civilian_hostage: 0 });
    expect(month("2021-07")).toEqual({ ru_political_prisoner: 2, ua_civilian_hostage: 0 });
    expect(month("2022-03")).toEqual({ ru_political_prisoner: 1, ua_civilian_hostage: 1 });
    expect(month("2024-06")).toEqual({ ru_political_prisoner: 1, ua_civilian_hostage: 1 });
  });
});
