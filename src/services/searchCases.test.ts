import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePerson, makeUser } from "../../test/helpers/factories.js";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { searchPeople } from "./search.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("search with a name as a letter writes it", { timeout: 120_000 }, () => {
  it("finds Горинов Алексей from «Горинова Алексея» and «горинову алексею», and Ukrainian forms", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const gorinov = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", birthDate: "1961-07-08" });
    const kovalenko = await makePerson(rt, { primaryName: "Коваленко Тарас Ігорович", birthDate: "1976" });
    await makePerson(rt, { primaryName: "Смирнов Павел Игоревич" });
    const ids = async (q: string) => (await searchPeople(ctx, { q })).rows.map((r) => r.id);
    expect(await ids("Горинова Алексея")).toContain(gorinov.id);
    expect(await ids("горинову алексею")).toContain(gorinov.id);
    expect((await ids("Гориновым Алексеем Александровичем"))[0]).toBe(gorinov.id);
    expect((await ids("Коваленку Тарасу"))[0]).toBe(kovalenko.id);
    expect(await ids("Смирновой Ольги")).not.toContain(gorinov.id);
  });
});
