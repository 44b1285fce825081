import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { Runtime } from "../../src/app/runtime.js";
import { ProbableDuplicate, registerPerson } from "../../src/services/duplicates.js";
import { createTestRuntime, openPeerRuntime, type TestRuntime } from "../helpers/runtime.js";
import { makeUser } from "../helpers/factories.js";

// The door's check on PostgreSQL runs after the organisation's door lock is granted, and must see every create
// committed before that moment — not only those before the request arrived. A worker whose person index caught up
// after its transaction began (another request's read) but before another worker's create committed and released
// the lock must ask the change feed again after the lock (src/services/duplicates.ts, `throughTheDoor`).
const onPostgres = !!process.env.TEST_DATABASE_URL;
const DOOR_LOCK = 727_030;

describe.skipIf(!onPostgres)("the door after its lock, two instances", () => {
  let rt: TestRuntime;
  let peer: Runtime;
  beforeAll(async () => {
    rt = await createTestRuntime();
    peer = await openPeerRuntime(rt);
  });
  afterAll(async () => {
    await peer?.close();
    await rt?.close();
  });

  it("a create committed at the other instance while this one waited for the lock is found: one record, one 409", async () => {
    const { actor } = await makeUser(rt, "admin");
    await rt.people.indexOf(rt.organisationId, Infinity);
    await peer.people.indexOf(rt.organisationId, Infinity);
    const input = { primaryName: "Замковой Аристарх Евлампиевич", birthDate: "1971-03-14", category: "ru_political_prisoner", status: "detained" } as const;
    const holder = new pg.Client({ connectionString: rt.databaseUrl });
    await holder.connect();
    const waiting = async (n: number) => {
      for (let i = 0; i < 200; i++) {
        const r = await holder.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted");
        if (r.rows[0]!.n >= n) return;
        await new Promise((res) => setTimeout(res, 10));
      }
      throw new Error("nobody waited for the door");
    };
    try {
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock($1, hashtext($2))", [DOOR_LOCK, rt.organisationId]);
      // The other instance queues at the door first, then this one — whose request arrived before either create.
      const arrived = performance.now();
      const theirs = registerPerson(peer.ctx(actor), input);
      await waiting(1);
      const mine = registerPerson({ ...rt.ctx(actor), since: arrived }, input).then(
        () => "created",
        (e: unknown) => (e instanceof ProbableDuplicate ? "409" : Promise.reject(e)),
      );
      await waiting(2);
      // Another request at this instance catches its index up while both wait: nothing is created yet.
      await rt.people.indexOf(rt.organisationId);
      await holder.query("commit");
      await theirs;
      expect(await mine).toBe("409");
    } finally {
      await holder.end();
    }
  });
});
