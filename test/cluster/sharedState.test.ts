import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import type { Runtime } from "../../src/app/runtime.js";
import { createServer } from "../../src/server.js";
import { openPeerRuntime, type TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { makeUser, signInHeaders } from "../helpers/factories.js";

// Two server instances on one PostgreSQL database, as two cluster workers or two hosts behind a load balancer are
// (issue 13, "several hosts against one PostgreSQL must behave the same"): each has its own pool, person index,
// read state and rate-limit buckets; what they share is the database (docs/architecture.md, "Growing").
const onPostgres = !!process.env.TEST_DATABASE_URL;

let rt: TestRuntime;
let a: FastifyInstance;
let peer: Runtime;
let b: FastifyInstance;
const START = new Date("2026-05-04T10:31:05Z");

useTestServer((s) => ({ rt, app: a } = s), { now: START });
beforeAll(async () => {
  if (!onPostgres) return;
  peer = await openPeerRuntime(rt);
  b = await createServer(peer);
});
afterAll(async () => {
  await b?.close();
  await peer?.close();
});

describe.skipIf(!onPostgres)("two server instances on one PostgreSQL", () => {
  it("limit an address on a rate-limited route at the shared allowance, not at each instance's", async () => {
    const from = "198.51.100.23";
    const signIn = (app: FastifyInstance, i: number) =>
      app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: `nobody${i}@example.org`, password: "неверный пароль 1" }, remoteAddress: from });
    // Sign-in allows 10 a minute per address: 6 at each instance, arriving together.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i % 2 ? b : a, i)));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(2);
    // Both instances now refuse that address for the rest of the minute; the next minute it may try again.
    expect((await signIn(a, 20)).statusCode).toBe(429);
    expect((await signIn(b, 21)).statusCode).toBe(429);
    rt.setNow(new Date(START.getTime() + 60_000));
    expect((await signIn(b, 22)).statusCode).toBe(401);
    rt.setNow(START);
    // What is stored is a keyed hash dated to the hour, never the address.
    const stored = JSON.stringify((await rt.database.db.execute(sql`select * from rate_count`)) as unknown);
    expect(stored).not.toContain("198.51.100");
    expect(stored).toContain("rl1.");
  });

  it("limit an API token at its requests per minute across both instances", async () => {
    const admin = await makeUser(rt, "admin");
    const headers = await signInHeaders(a, admin.email);
    const created = await a.inject({ method: "POST", url: "/api/v1/api-tokens", headers, payload: { name: "скрипт партнёра", scopes: ["registry:read"], perMinute: 5 } });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? b : a).inject({ url: "/api/v1/people?limit=1", headers: bearer, remoteAddress: `203.0.113.${i + 1}` })));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(3);
  });
});
