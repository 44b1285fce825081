import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makePerson } from "../../test/helpers/factories.js";
import { auditEvent } from "../db/schema/audit.js";
import { recordAudit, verifyAuditChain } from "./audit.js";
import { bufferAudit, flushAuditBuffer } from "./auditBuffer.js";
import { tx } from "./people.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

const entry = (n: number) => ({ type: "person.assigned" as const, targetType: "person", targetId: null, detail: { n, note: "Адвокат назначен 05.03.2024" } });

describe("a write's audit entries", () => {
  // Each entry took the chain's lock, read its head and inserted: three statements one after another, each a round
  // trip to a PostgreSQL server, and the lock (one for every writer) held from the first entry to the commit.
  it.runIf(!!process.env.TEST_DATABASE_URL)("are appended together before the commit: as many statements for three entries as for one", async () => {
    const ctx = rt.systemCtx();
    const statements = async (entries: number) => {
      const before = rt.database.timing.queries;
      await tx(ctx, async (db) => {
        for (let i = 0; i < entries; i++) await recordAudit(db, ctx.actor, entry(i), ctx.now());
      });
      return rt.database.timing.queries - before;
    };
    await statements(1);
    expect(await statements(3)).toBe(await statements(1));
  });

  it("keep the chain whole and in the order recorded, with a savepoint's entries between", async () => {
    const ctx = rt.systemCtx();
    await makePerson(rt, { primaryName: "Шевченко Олена Петрівна" });
    await tx(ctx, async (db) => {
      await recordAudit(db, ctx.actor, entry(1), ctx.now());
      // Savepoints, one inside another: their entries wait too and keep their places; a rolled-back one's are dropped.
      await db.transaction(async (inner) => {
        await recordAudit(inner, ctx.actor, entry(2), ctx.now());
        await inner.transaction(async (innermost) => recordAudit(innermost, ctx.actor, entry(3), ctx.now()));
        await inner.transaction(async (undone) => {
          await recordAudit(undone, ctx.actor, entry(99), ctx.now());
          throw new Error("undone");
        }).catch(() => undefined);
        await recordAudit(inner, ctx.actor, entry(4), ctx.now());
      });
      await db.transaction(async (undone) => {
        await recordAudit(undone, ctx.actor, entry(98), ctx.now());
        throw new Error("undone");
      }).catch(() => undefined);
      await recordAudit(db, ctx.actor, entry(5), ctx.now());
    });
    const last = await rt.database.db.select({ type: auditEvent.type, detail: auditEvent.detail }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(5);
    expect(last.map((e) => (e.detail as { n?: number }).n).reverse()).toEqual([1, 2, 3, 4, 5]);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("say what was recorded, though the objects given change before the commit", async () => {
    // Entries wait for the commit: a detail (or actor) the service goes on changing — a count it keeps adding to, a
    // list it pushes to — must not be written as it is at the commit, but as it was when recorded.
    const ctx = rt.systemCtx();
    const counts = { proposed: 1, names: ["Коваленко Сергій"] };
    await tx(ctx, async (db) => {
      await recordAudit(db, ctx.actor, { type: "person.assigned", targetType: "person", targetId: null, detail: counts }, ctx.now());
      counts.proposed = 99;
      counts.names.push("Шевченко Олена");
    });
    const [last] = await rt.database.db.select({ detail: auditEvent.detail }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(1);
    expect(last!.detail).toEqual({ proposed: 1, names: ["Коваленко Сергій"] });
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it("of reads, buffered for later, say what was recorded too", async () => {
    const ctx = rt.systemCtx();
    const detail = { via: "priority", people: 2 };
    bufferAudit(ctx, { type: "health.derivedRead", targetType: "person", targetId: null, detail });
    detail.people = 20_000;
    await flushAuditBuffer(ctx.db);
    const [last] = await rt.database.db.select({ detail: auditEvent.detail }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(1);
    expect(last!.detail).toEqual({ via: "priority", people: 2 });
  });

  it("are not written when their transaction fails", async () => {
    const ctx = rt.systemCtx();
    const count = async () => (await rt.database.db.select({ seq: auditEvent.seq }).from(auditEvent)).length;
    const before = await count();
    await expect(
      tx(ctx, async (db) => {
        await recordAudit(db, ctx.actor, entry(4), ctx.now());
        throw new Error("the write failed");
      }),
    ).rejects.toThrow(/failed/);
    expect(await count()).toBe(before);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });
});
