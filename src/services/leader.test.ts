import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { leaderLockKey, runAsLeader } from "./leader.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("one leader per job", () => {
  it("names a job by a stable 64-bit key", () => {
    expect(leaderLockKey("appeals-mailbox")).toBe(leaderLockKey("appeals-mailbox"));
    expect(leaderLockKey("appeals-mailbox")).not.toBe(leaderLockKey("telegram"));
  });

  it("runs the job in exactly one of two workers; when the leader stops, the other takes over", async () => {
    const running: string[] = [];
    const job = (who: string) => async (signal: AbortSignal) => {
      running.push(who);
      await new Promise<void>((r) => signal.addEventListener("abort", () => r()));
      running.splice(running.indexOf(who), 1);
    };
    const stopA = runAsLeader(rt.database, "test-job", job("a"), { retryMs: 50 });
    await waitFor(() => running.length === 1);
    const stopB = runAsLeader(rt.database, "test-job", job("b"), { retryMs: 50 });
    if (rt.database.kind === "pglite") {
      // One process owns an embedded database: it is always the leader (there is no other worker).
      await waitFor(() => running.length === 2);
      await stopA();
      await stopB();
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(running).toEqual(["a"]); // b tried several times and was refused
    await stopA();
    await waitFor(() => running[0] === "b");
    expect(running).toEqual(["b"]);
    await stopB();
    expect(running).toEqual([]);
  });

  it("on PostgreSQL, a leader whose connection dies stops its job and another worker takes it", async () => {
    if (rt.database.kind !== "postgres") return;
    const running: string[] = [];
    const job = (who: string) => async (signal: AbortSignal) => {
      running.push(who);
      await new Promise<void>((r) => signal.addEventListener("abort", () => r()));
      running.splice(running.indexOf(who), 1);
    };
    const stopA = runAsLeader(rt.database, "test-crash", job("a"), { retryMs: 50 });
    await waitFor(() => running.length === 1);
    const stopB = runAsLeader(rt.database, "test-crash", job("b"), { retryMs: 50 });
    await new Promise((r) => setTimeout(r, 200));
    expect(running).toEqual(["a"]);
    // As when the leader's host dies: the server ends its session, which frees the session-level lock.
    await rt.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`,
    );
    await waitFor(() => !running.includes("a")).catch(() => { throw new Error("a still runs: " + running.join()); });
    await waitFor(() => running.includes("b"));
    await stopB();
    await stopA();
    expect(running).toEqual([]);
  });
});
