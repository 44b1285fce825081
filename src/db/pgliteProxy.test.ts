// PGlite in a worker thread (what `allforall serve` runs): Drizzle, transactions, errors, the bulk COPY and the
// HTTP path behave as in-process, and a slow statement does not stop the main thread. PGlite only.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../server.js";
import { makeUser, signInHeaders } from "../../test/helpers/factories.js";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { bulkInsert } from "./repositories/bulk.js";
import { facility } from "./schema/index.js";

const onServer = !!process.env.TEST_DATABASE_URL;

describe.skipIf(onServer)("PGlite in a worker thread", () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime({ pgliteThread: true });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("commits, rolls back on a thrown error, and keeps a savepoint's rollback inside a transaction", async () => {
    const db = rt.database.db;
    const name = (s: string) => `Тестовая колония ${s}`;
    await db.transaction(async (tx) => {
      await tx.insert(facility).values({ organisationId: rt.organisationId, name: name("1") });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(facility).values({ organisationId: rt.organisationId, name: name("2") });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await db.transaction(async (tx) => {
      await tx.insert(facility).values({ organisationId: rt.organisationId, name: name("3") });
      await tx.transaction(async (inner) => {
        await inner.insert(facility).values({ organisationId: rt.organisationId, name: name("4") });
        inner.rollback();
      }).catch(() => undefined);
    });
    const names = (await db.select({ name: facility.name }).from(facility)).map((r) => r.name).filter((n) => n.startsWith("Тестовая"));
    expect(names.sort()).toEqual([name("1"), name("3")]);
  });

  it("passes PostgreSQL's error fields through (SQLSTATE and constraint), which services rely on", async () => {
    const db = rt.database.db;
    const err = await db.execute(sql`select 1/0`).catch((e: unknown) => e as { cause?: { code?: string } });
    expect((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code).toBe("22012");
  });

  it("writes a bulk COPY (the blob crosses to the thread) and reads dates and numbers as in-process", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: crypto.randomUUID(), organisationId: rt.organisationId, name: `Колония №${i}`, region: "Пермский край" }));
    await bulkInsert(rt.database.db, "pglite", facility, rows);
    const [n] = await rt.database.db.select({ n: sql<number>`count(*)::int` }).from(facility).where(eq(facility.region, "Пермский край"));
    expect(n!.n).toBe(300);
    const [row] = await rt.database.db.select({ createdAt: facility.createdAt }).from(facility).limit(1);
    expect(row!.createdAt).toBeInstanceOf(Date);
  });

  it("keeps the text of dates for Drizzle and parses them for a caller that asks for PGlite's defaults", async () => {
    const q = `select '2024-03-01 10:00:00+00'::timestamptz as at, array['2024-03-01'::date] as days, '1 day'::interval as span, array[1.5]::numeric[] as nums`;
    // Drizzle's raw queries keep the text (its column mappings parse it).
    const kept = (await rt.database.db.execute(sql.raw(q))) as unknown as { rows: Record<string, unknown>[] };
    expect(kept.rows[0]).toEqual({ at: "2024-03-01 10:00:00+00", days: "{2024-03-01}", span: "1 day", nums: "{1.5}" });
    // The client without options: PGlite's own parsers, also for arrays, before and after Drizzle's queries.
    const parsed = (await rt.database.pglite!.query<Record<string, unknown>>(q)).rows[0]!;
    expect(parsed.at).toEqual(new Date("2024-03-01T10:00:00Z"));
    expect(parsed.days).toEqual([new Date("2024-03-01T00:00:00Z")]);
    expect(parsed.nums).toEqual(["1.5"]);
    // Asking for some types only: those kept, the others parsed.
    const some = (await rt.database.pglite!.query<Record<string, unknown>>(q, [], { parsers: { 1184: (v: string) => v } })).rows[0]!;
    expect(some.at).toBe("2024-03-01 10:00:00+00");
    expect(some.days).toEqual([new Date("2024-03-01T00:00:00Z")]);
    expect((await rt.database.db.execute(sql.raw(q))) as unknown as { rows: unknown[] }).toEqual(kept);
  });

  it("keeps the main thread free while the database works", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    await rt.database.db.execute(sql`select pg_sleep(0.4)`);
    clearInterval(timer);
    expect(performance.now() - t0).toBeGreaterThan(350);
    // In-process the timer could not fire during the statement (at most once, after it); here it keeps firing
    // (about 40 times on a quiet machine, 10 with the cores shared by many test runs).
    expect(ticks).toBeGreaterThan(3);
  });

  it("serves the staff API: sign-in, create a person, list and search", async () => {
    const app = await createServer(rt);
    try {
      const { email } = await makeUser(rt, "researcher");
      const headers = await signInHeaders(app, email);
      const created = await app.inject({ method: "POST", url: "/api/v1/people", headers, payload: { primaryName: "Потоков Андрей Сергеевич", category: "ru_political_prisoner", status: "detained" } });
      expect(created.statusCode).toBe(201);
      const list = await app.inject({ method: "GET", url: "/api/v1/people?limit=10", headers });
      expect(list.json().items.map((p: { primaryName: string }) => p.primaryName)).toContain("Потоков Андрей Сергеевич");
      const found = await app.inject({ method: "GET", url: `/api/v1/people/search?q=${encodeURIComponent("Потоков")}`, headers });
      expect(found.statusCode).toBe(200);
      expect(JSON.stringify(found.json())).toContain("Потоков");
    } finally {
      await app.close();
    }
  });

  it("gives a dump of the data folder", async () => {
    const dump = await rt.database.pglite!.dumpDataDir("none");
    expect(dump.size).toBeGreaterThan(1_000_000);
  });
});
