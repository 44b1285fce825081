import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import type { Runtime } from "../../src/app/runtime.js";
import { person } from "../../src/db/schema/person.js";
import { createServer } from "../../src/server.js";
import { openPeerRuntime, type TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { makeUser, signInHeaders, TEST_PASSWORD } from "../helpers/factories.js";
import { appealIdByCode, FAMILY_ADDRESS } from "../helpers/appeals.js";
import { issueAppealFormToken, submitAppeal } from "../../src/services/appeals/submit.js";
import { MIN_FILL_MS } from "../../src/services/appeals/formToken.js";

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

  it("keep no per-minute trace of a visitor of the appeal form in the database (its limits stay in each process's memory)", async () => {
    const rows = async () => Number(((await rt.database.db.execute(sql`select count(*)::int as n from rate_count where key like 'rl1.%'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const before = await rows();
    const from = "203.0.113.77";
    for (const app of [a, b]) {
      expect((await app.inject({ url: "/appeal?lang=ru", remoteAddress: from })).statusCode).toBe(200);
      expect((await app.inject({ url: "/appeal/status?lang=uk", remoteAddress: from })).statusCode).toBe(200);
      const check = await app.inject({ method: "POST", url: "/appeal/status?lang=ru", payload: "code=bako-menu-tisa-rolu-fena", headers: { "content-type": "application/x-www-form-urlencoded" }, remoteAddress: from });
      expect(check.statusCode).toBe(404);
    }
    // Viewing the form or checking a code is not stored for any address and minute (docs/appeals.md): only
    // the appeal intake's hourly allowance, counted when an appeal is held, is in the database.
    expect(await rows()).toBe(before);
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

  it("let the same person, sent to both at once, in once: one record and one 409", async () => {
    const researcher = await makeUser(rt, "researcher");
    const headers = await signInHeaders(a, researcher.email);
    const body = { primaryName: "Кравченко Олег Миколайович", birthDate: "1984-11-02", homeRegion: "UA-09", category: "ua_civilian_hostage" };
    // Both person indexes are built and current before the race.
    for (const app of [a, b]) expect((await app.inject({ url: "/api/v1/people/search?q=Кравченко", headers })).statusCode).toBe(200);
    // A third connection holds the person table against writes for a moment, so that both creates are past their
    // first statements before either can store its row: without a check across instances, both would pass it.
    let answers!: Awaited<ReturnType<FastifyInstance["inject"]>>[];
    await rt.database.db.transaction(async (t) => {
      await t.execute(sql`lock table person in share mode`);
      const both = Promise.all([a, b].map((app) => app.inject({ method: "POST", url: "/api/v1/people", headers, payload: body })));
      await new Promise((r) => setTimeout(r, 400));
      void both.then((r) => (answers = r));
    });
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 100 && !answers; i++) await new Promise((r) => setTimeout(r, 50));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409]);
    const refused = answers.find((r) => r.statusCode === 409)!.json() as { error: string; candidates: { id: string }[] };
    const createdId = (answers.find((r) => r.statusCode === 201)!.json() as { id: string }).id;
    expect(refused.error).toBe("probableDuplicate");
    expect(refused.candidates.map((c) => c.id)).toContain(createdId);
    const named = (await rt.database.db.select({ name: person.primaryName }).from(person)).filter((p) => p.name === body.primaryName);
    expect(named).toHaveLength(1);
  });
  it("let a person created from an appeal at one and the same person posted at the other in once", async () => {
    const coordinator = await makeUser(rt, "coordinator");
    const headers = await signInHeaders(a, coordinator.email);
    const anon = rt.ctx({ kind: "anonymous" });
    const token = issueAppealFormToken(anon, FAMILY_ADDRESS);
    rt.setNow(new Date(START.getTime() + MIN_FILL_MS + 1000));
    const sent = await submitAppeal(anon, { lang: "uk", token, heldName: "Мельник Тарас Іванович", heldBirthDate: "03.02.1979", requests: ["legal_help"] }, FAMILY_ADDRESS);
    const id = await appealIdByCode(rt, sent.code);
    rt.setNow(START);
    let answers!: Awaited<ReturnType<FastifyInstance["inject"]>>[];
    await rt.database.db.transaction(async (t) => {
      await t.execute(sql`lock table person in share mode`);
      const both = Promise.all([
        a.inject({ method: "POST", url: "/api/v1/people", headers, payload: { primaryName: "Мельник Тарас Іванович", birthDate: "1979-02-03", category: "ua_civilian_hostage" } }),
        b.inject({ method: "POST", url: `/api/v1/appeals/${id}/create-person`, headers, payload: { category: "ua_civilian_hostage" } }),
      ]);
      await new Promise((r) => setTimeout(r, 400));
      void both.then((r) => (answers = r));
    });
    for (let i = 0; i < 100 && !answers; i++) await new Promise((r) => setTimeout(r, 50));
    // Whichever came first is created (201 at the people route, 200 at the appeal's), the other hears 409.
    const [posted, fromAppeal] = answers.map((r) => r.statusCode);
    expect([posted, fromAppeal]).toContain(409);
    expect(posted === 201 || fromAppeal === 200).toBe(true);
    const named = (await rt.database.db.select({ name: person.primaryName }).from(person)).filter((p) => p.name === "Мельник Тарас Іванович");
    expect(named).toHaveLength(1);
  });
  it("back off an (account, address) pair after five wrong passwords counted at both instances", async () => {
    const { email } = await makeUser(rt, "researcher");
    const from = "203.0.113.140";
    const wrong = (app: FastifyInstance) => app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password: "неверный пароль 2" }, remoteAddress: from });
    const codes: number[] = [];
    for (const app of [a, b, a, b, a]) codes.push((await wrong(app)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    // The sixth try waits at either instance, even with the right password; the owner elsewhere is not locked out.
    expect((await wrong(b)).statusCode).toBe(429);
    const right = await b.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password: TEST_PASSWORD }, remoteAddress: from });
    expect(right.statusCode).toBe(429);
    const elsewhere = await a.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password: TEST_PASSWORD }, remoteAddress: "203.0.113.141" });
    expect(elsewhere.statusCode).toBe(200);
    // Counted once, in the database, under a keyed hash: neither the e-mail nor the address is stored.
    const stored = ((await rt.database.db.execute(sql`select * from sign_in_backoff`)) as unknown as { rows: { key: string; failures: number }[] }).rows;
    expect(stored.filter((r) => r.failures > 1).map((r) => r.failures)).toEqual([5]);
    expect(JSON.stringify(stored)).not.toContain("203.0.113");
    expect(JSON.stringify(stored)).not.toContain(email.split("@")[0]!);
  });
});
