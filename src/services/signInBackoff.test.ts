import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { MemoryBackoff, SharedBackoff, type SignInBackoff } from "./signInBackoff.js";

// The back-off's schedule, the same in memory (PGlite) and in `sign_in_backoff` (PostgreSQL; the statement runs on
// PGlite too): 4 free failures, then 1 minute doubling per failure, at most an hour — however many failures a pair
// has piled up (one try an hour keeps a pair from being forgotten for weeks).
let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

const T = Date.parse("2026-05-04T10:31:00Z");
const MIN = 60_000;

describe.each([
  ["in memory", () => new MemoryBackoff()],
  ["in the database", () => new SharedBackoff(rt.database.db, rt.cipher)],
] as [string, () => SignInBackoff][])("sign-in back-off %s", (_, make) => {
  it("waits from the fifth failure on, doubling, at most an hour", async () => {
    const b = make();
    const email = `Олена.${_.length}@example.org`;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await b.failed(email, "198.51.100.9", T);
      waits.push(await b.waitMs(email, "198.51.100.9", T));
    }
    expect(waits).toEqual([0, 0, 0, 0, MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN, 32 * MIN, 60 * MIN, 60 * MIN]);
    // Another address, and the same e-mail typed in capitals, are one pair and another pair respectively.
    expect(await b.waitMs(email, "198.51.100.10", T)).toBe(0);
    expect(await b.waitMs(` ${email.toUpperCase()} `, "198.51.100.9", T)).toBe(60 * MIN);
    await b.succeeded(email, "198.51.100.9");
    expect(await b.waitMs(email, "198.51.100.9", T)).toBe(0);
  });

  it("still waits an hour after more than a thousand failures (2 ** n must not overflow)", async () => {
    const b = make();
    const email = `taras.${_.length}@example.org`;
    for (let i = 0; i < 5; i++) await b.failed(email, "203.0.113.5", T);
    // A pair tried once an hour is never forgotten: its count grows by about 24 a day.
    if (b instanceof SharedBackoff) await rt.database.db.execute(sql`update sign_in_backoff set failures = 1100`);
    else for (let i = 0; i < 1100; i++) await b.failed(email, "203.0.113.5", T);
    await b.failed(email, "203.0.113.5", T + 2 * 60 * MIN);
    expect(await b.waitMs(email, "203.0.113.5", T + 2 * 60 * MIN)).toBe(60 * MIN);
  });
});

describe("sign-in back-off in the database", () => {
  it("forgets a pair a day after its last failure even if nobody fails again (the next sign-in anywhere prunes)", async () => {
    const b = new SharedBackoff(rt.database.db, rt.cipher);
    const count = async () => Number(((await rt.database.db.execute(sql`select count(*)::int as n from sign_in_backoff`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    await rt.database.db.execute(sql`delete from sign_in_backoff`);
    await b.failed("mykola@example.org", "192.0.2.44", T);
    expect(await count()).toBe(1);
    // A day and an hour later someone else signs in (rightly): the old pair's row, with its time, is gone.
    expect(await b.waitMs("olha@example.org", "192.0.2.45", T + 25 * 60 * MIN)).toBe(0);
    expect(await count()).toBe(0);
  });
});
