import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../test/helpers/factories.js";

// On PGlite the read caches and the person index follow writes that have ended (src/db/writeWatch.ts). A read that
// begins while a write transaction is open may answer as before it; every read that begins once the write has
// ended (acknowledged) shows it. The hard cases: a read that begins during the transaction and needs a statement
// (the caches were emptied by an earlier write, so the session and the index's catch-up each need one), waits for
// the one connection the transaction holds, and ends after the commit; and a transaction that fails.
let rt: TestRuntime;
let app: FastifyInstance;
let h: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  h = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
});

const statusOf = (body: string, id: string) => (JSON.parse(body) as { items: { id: string; status: string }[] }).items.find((i) => i.id === id)?.status;

describe.skipIf(!!process.env.TEST_DATABASE_URL)("reads beside a write that has not ended (PGlite)", () => {
  it("a read that begins during the transaction and waits for its connection may answer either way; every read begun after it ended shows it, and nothing older is kept", async () => {
    const client = rt.database.pglite!;
    const p = await makePerson(rt, { status: "detained", primaryName: "Перекрёстов Иван Ильич" });
    const url = `/api/v1/people?limit=500&q=${encodeURIComponent("Перекрёстов")}`;
    expect(statusOf((await app.inject({ url, headers: h })).body, p.id)).toBe("detained");
    // A write that ends unseen: the caches are empty and the index is behind, so the next read needs statements.
    await makePerson(rt, { primaryName: "Сторонний Пётр Петрович" });
    let during: Promise<{ body: string }> | undefined;
    await client.transaction(async (tx) => {
      await tx.query(`update person set status = 'sentenced' where id = $1`, [p.id]);
      during = app.inject({ url, headers: h });
      // Long enough for the read to reach its first statement and queue behind this transaction.
      await new Promise((r) => setTimeout(r, 100));
    });
    // The write has ended: acknowledged. Reads begun from here on show it — whatever `during` read and kept.
    const after = app.inject({ url, headers: h });
    const [d, a] = await Promise.all([during!, after]);
    expect(["detained", "sentenced"]).toContain(statusOf(d.body, p.id));
    expect(statusOf(a.body, p.id)).toBe("sentenced");
    expect(statusOf((await app.inject({ url, headers: h })).body, p.id)).toBe("sentenced");
    expect(statusOf((await app.inject({ url: `/api/v1/people?limit=500&q=${encodeURIComponent("Перекрёстов Иван")}`, headers: h })).body, p.id)).toBe("sentenced");
  });

  it("a transaction that fails changes nothing a later read shows, and the reads begun during it answer", async () => {
    const client = rt.database.pglite!;
    const p = await makePerson(rt, { status: "detained", primaryName: "Откатов Семён Ильич" });
    const url = `/api/v1/people?limit=500&q=${encodeURIComponent("Откатов")}`;
    expect(statusOf((await app.inject({ url, headers: h })).body, p.id)).toBe("detained");
    await makePerson(rt, { primaryName: "Сторонний Иван Петрович" });
    let during: Promise<{ body: string }> | undefined;
    await expect(
      client.transaction(async (tx) => {
        await tx.query(`update person set status = 'sentenced' where id = $1`, [p.id]);
        during = app.inject({ url, headers: h });
        await new Promise((r) => setTimeout(r, 100));
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(statusOf((await during!).body, p.id)).toBe("detained");
    expect(statusOf((await app.inject({ url, headers: h })).body, p.id)).toBe("detained");
  });
});
