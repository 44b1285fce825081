// An erasure and a merge of the same person at the same moment, in two connections (PostgreSQL: two workers, or two
// hosts). The erasure locks the organisation's lists and then the person; the merge locked the people first (its
// updates) and the lists last (the hand edits naming the merged record), and the two waited on each other until
// PostgreSQL broke the deadlock by failing one. Both now lock the lists first, then the people: one waits for the
// other, which ends cleanly.
import pg from "pg";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, openPeerRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../test/helpers/factories.js";
import type { Runtime } from "../app/runtime.js";
import { appUser, organisation } from "../db/schema/organisation.js";
import type { ServiceContext } from "./context.js";
import { erasePerson } from "./erasure.js";
import { createList, getList } from "./lists/lists.js";
import { mergePeople } from "./merge.js";

let rt: TestRuntime;
let peer: Runtime;
let blocker: pg.Client;
beforeAll(async () => {
  rt = await createTestRuntime();
  if (!rt.databaseUrl) return;
  peer = await openPeerRuntime(rt);
  blocker = new pg.Client({ connectionString: rt.databaseUrl });
  await blocker.connect();
});
afterAll(async () => {
  await blocker?.end();
  await peer?.close();
  await rt?.close();
});

/** Backends of this database waiting for a lock (the view is read afresh: within a transaction it is kept). */
async function waitingForLocks(): Promise<number> {
  await blocker.query("select pg_stat_clear_snapshot()");
  const r = await blocker.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
  return r.rows[0]!.n;
}
async function untilWaiting(n: number): Promise<void> {
  for (let i = 0; i < 200 && (await waitingForLocks()) < n; i++) await new Promise((r) => setTimeout(r, 25));
  expect(await waitingForLocks()).toBeGreaterThanOrEqual(n);
}

describe("an erasure and a merge racing on PostgreSQL", () => {
  it.runIf(!!process.env.TEST_DATABASE_URL)("over a list that names the merged record by hand: one waits for the other, no deadlock", async () => {
    const { ctx } = await makeUser(rt, "admin");
    const survivor = await makePerson(rt, { primaryName: "Бондаренко Іван Миколайович", birthDate: "1979-01-12", category: "ua_civilian_hostage" });
    const merged = await makePerson(rt, { primaryName: "Бондаренко Иван Николаевич", birthDate: "1979-01-12", category: "ua_civilian_hostage" });
    await makeCase(rt, merged.id, { detainedOn: "2022-03-20" });
    const list = await createList(ctx, { name: "Гражданские, вручную", categories: ["ua_civilian_hostage"], personIds: [merged.id] });

    // A third connection holds the merged record's case, so that the merge stops there — after its first writes
    // (and, before the fix, before it reached the lists) — while the erasure comes.
    await blocker.query("begin");
    await blocker.query("select id from criminal_case where person_id = $1 for update", [merged.id]);
    const merging = mergePeople(ctx, { survivorId: survivor.id, mergedId: merged.id, choices: { primaryName: "survivor", externalId: "survivor" } }).then(
      (r) => ({ ok: r }),
      (e: unknown) => ({ err: e as Error }),
    );
    await Promise.race([untilWaiting(1), merging.then((r) => expect(r).toBe("waiting"))]);
    const erasing = erasePerson(peer.systemCtx("erasure"), merged.id, "просьба семьи от 05.03.2024").then(
      (r) => ({ ok: r }),
      (e: unknown) => ({ err: e as Error }),
    );
    await Promise.race([untilWaiting(2), erasing.then((r) => expect(r).toBe("waiting"))]);
    await blocker.query("commit");
    const [m, e] = await Promise.all([merging, erasing]);
    // Neither failed as a deadlock's victim; the merge (first to hold what it needs) went through.
    for (const r of [m, e]) if ("err" in r) expect(String(r.err.cause ?? r.err)).not.toMatch(/deadlock/);
    expect(m).toHaveProperty("ok");
    // The erasure came after: the record was merged away by then.
    expect("err" in e && e.err).toMatchObject({ kind: "not_found" });
    expect((await getList(ctx, list.id)).manualAdds).toEqual([survivor.id]);
  });
});

/** How `call` ended, or "waited for a lock" as soon as a backend is seen waiting for one before it ends. */
async function refusedAtOnce(call: () => Promise<unknown>): Promise<string> {
  const ended = call().then(
    () => "done",
    (e: unknown) => (e as { kind?: string }).kind ?? String(e),
  );
  for (let i = 0; i < 400; i++) {
    const r = await Promise.race([ended, new Promise<null>((res) => setTimeout(() => res(null), 25))]);
    if (r !== null) return r;
    if ((await waitingForLocks()) > 0) return "waited for a lock";
  }
  return "still running";
}

describe("a merge or an erasure refused on PostgreSQL", () => {
  // Each locks the organisation's lists and then the people before any write (lockListsThenPeople): someone who may
  // not do it, or who names another organisation's people, is refused before any of those locks is taken — not
  // after waiting behind (and then holding) the lists every list build and edit of the organisation needs.
  it.runIf(!!process.env.TEST_DATABASE_URL)("takes no lock: one without the right, or naming another organisation's people, is refused at once", async () => {
    const a = await makePerson(rt, { primaryName: "Коваленко Олена Петрівна", birthDate: "1985-04-02", category: "ua_civilian_hostage" });
    const b = await makePerson(rt, { primaryName: "Коваленко Елена Петровна", birthDate: "1985-04-02", category: "ua_civilian_hostage" });
    const { ctx: coordinator } = await makeUser(rt, "coordinator");
    await createList(coordinator, { name: "Заложники", categories: ["ua_civilian_hostage"] });
    const { ctx: researcher } = await makeUser(rt, "researcher");
    const [other] = await rt.database.db.insert(organisation).values({ slug: `other-${a.id.slice(0, 8)}`, name: "Другая организация" }).returning();
    const outsider = await makeUser(rt, "coordinator");
    await rt.database.db.update(appUser).set({ organisationId: other!.id }).where(eq(appUser.id, outsider.user.id));
    const stranger: ServiceContext = rt.ctx({ ...outsider.actor, organisationId: other!.id });
    const merge = (ctx: ServiceContext) => () => mergePeople(ctx, { survivorId: a.id, mergedId: b.id, choices: {} });
    const erase = (ctx: ServiceContext) => () => erasePerson(ctx, b.id, "просьба семьи");

    // The organisation's lists held by another transaction (a list being stored, an edit).
    await blocker.query("begin");
    await blocker.query("select id from exchange_list for update");
    try {
      expect(await refusedAtOnce(merge(researcher))).toBe("forbidden");
      expect(await refusedAtOnce(erase(researcher))).toBe("forbidden");
    } finally {
      await blocker.query("rollback");
    }
    // The people held: another organisation's coordinator naming them is told they do not exist, without waiting.
    await blocker.query("begin");
    await blocker.query("select id from person where id = any($1) for update", [[a.id, b.id]]);
    try {
      expect(await refusedAtOnce(merge(stranger))).toBe("not_found");
      expect(await refusedAtOnce(erase(stranger))).toBe("not_found");
    } finally {
      await blocker.query("rollback");
    }
  });
});
