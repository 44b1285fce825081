import { describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { createServer } from "../../src/server.js";
import { appealCodeHash } from "../../src/services/appeals/code.js";
import { commitHeldAppeals } from "../../src/services/appeals/hold.js";
import { importMailMessages } from "../../src/services/appeals/importMail.js";
import { appealStatusByCode } from "../../src/services/appeals/submit.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { appealIdByCode } from "../helpers/appeals.js";

// Issue #20: an appeal's submission time could be recovered to ~16 s from the audit log's sequence numbers, and
// the form's flood guard was per address only (50 tokens fetched from one address were posted from 50 others).

let rt: TestRuntime;
let app: FastifyInstance;
// The hour under test starts at 10:00 (UTC).
const HOUR = Date.parse("2026-05-04T10:00:00Z");
let clock = HOUR;
const tick = (ms: number) => rt.setNow(new Date((clock += ms)));

useTestServer((s) => ({ rt, app } = s), { now: new Date(clock) });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (server: FastifyInstance, body: string, remoteAddress: string) =>
  server.inject({ method: "POST", url: "/appeal?lang=ru", payload: body, headers: { "content-type": "application/x-www-form-urlencoded" }, remoteAddress });
async function tokenFor(server: FastifyInstance, remoteAddress: string): Promise<string> {
  const res = await server.inject({ url: "/appeal?lang=ru", remoteAddress });
  return /name="token" value="([^"]+)"/.exec(res.body)![1]!;
}
const codeOf = (html: string) => /<code id="appeal-code">([a-z-]+)<\/code>/.exec(html)?.[1];
async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await rt.database.db.execute(q)) as unknown as { rows: T[] }).rows;
}

describe("appeal order within the hour", () => {
  it("keeps nothing that orders appeals finer than the hour: sequence, row position, transaction, history, audit", async () => {
    // Ten families submit at known times within one hour, each from their own address.
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const address = `192.0.2.${10 + i}`;
      clock = HOUR + i * 5 * 60_000 + 5_000;
      rt.setNow(new Date(clock));
      const token = await tokenFor(app, address);
      tick(90_000);
      const res = await post(app, form({ lang: "ru", token, heldName: `Порядков Номер${String(i).padStart(2, "0")}` }), address);
      expect(res.statusCode, res.body).toBe(200);
      codes.push(codeOf(res.body)!);
    }
    // Held, not in the staff queue yet; the family's code already works on the status page.
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from appeal`))[0]!.n).toBe(0);
    expect(await appealStatusByCode(rt.ctx({ kind: "anonymous" }), codes[3]!)).toEqual({ status: "received", since: "2026-05-04" });
    // The held rows carry nothing that links them to the appeal they become (their payload is sealed).
    const held = await rows<{ id: string; status_hash: string; payload_enc: string }>(sql`select id::text, status_hash, payload_enc from held_appeal`);
    expect(held).toHaveLength(10);
    for (const h of held) {
      expect(h.payload_enc).not.toContain("Порядков");
      expect(codes.map((c) => appealCodeHash(c))).not.toContain(h.status_hash);
    }

    // Still within the hour: nothing is committed. After it, one batch.
    expect(await commitHeldAppeals(rt.ctx({ kind: "anonymous" }), new Date(HOUR + 59 * 60_000))).toBe(0);
    const ctx = rt.ctx({ kind: "anonymous" });
    const [a, b] = await Promise.all([commitHeldAppeals(ctx, new Date(HOUR + 3_600_000 + 1000)), commitHeldAppeals(ctx, new Date(HOUR + 3_600_000 + 1000))]);
    expect(a + b).toBe(10);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from held_appeal`))[0]!.n).toBe(0);
    const ids = await Promise.all(codes.map((c) => appealIdByCode(rt, c)));
    expect(new Set(ids).size).toBe(10);

    const submitted = ids; // in order of submission
    const byOrder = async (q: ReturnType<typeof sql>) => (await rows<{ id: string }>(q)).map((r) => r.id);
    const orders = {
      seq: await byOrder(sql`select id::text from appeal order by seq`),
      ctid: await byOrder(sql`select id::text from appeal order by ctid`),
      historySeq: await byOrder(sql`select appeal_id::text as id from appeal_event order by seq`),
      auditSeq: await byOrder(sql`select target_id as id from audit_event where type = 'appeal.submitted' order by seq`),
    };
    // Every order the tables keep is the batch's shuffle, not the order of arrival (1 in 10! by chance).
    for (const [name, order] of Object.entries(orders)) {
      expect(order, name).toHaveLength(10);
      expect(order, name).not.toEqual(submitted);
    }
    // One transaction wrote them all: the same xmin; every time is the hour.
    expect(await rows(sql`select distinct xmin::text as x from appeal`)).toHaveLength(1);
    const times = await rows<{ t: string }>(sql`
      select received_at as t from appeal union select created_at from appeal union select updated_at from appeal
      union select at from appeal_event union select at from audit_event where type = 'appeal.submitted'`);
    expect(times.map((t) => new Date(t.t).toISOString())).toEqual(["2026-05-04T10:00:00.000Z"]);
    // The batch's audit entries sit together in the chain, which stays intact.
    const seqs = (await rows<{ seq: number }>(sql`select seq::int from audit_event where type = 'appeal.submitted' order by seq`)).map((r) => r.seq);
    expect(seqs.at(-1)! - seqs[0]!).toBe(9);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
    // The status page now reads the committed appeal.
    expect(await appealStatusByCode(rt.ctx({ kind: "anonymous" }), codes[3]!)).toEqual({ status: "received", since: "2026-05-04" });
  });

  it("keeps e-mail Message-IDs only as keyed hashes, and a re-import finds them held or committed", async () => {
    const mail = (id: string, date: string) =>
      Buffer.from([`From: family@example.org`, `Subject: help`, `Date: ${date}`, `Message-ID: <${id}@mail.example.ru>`, `Content-Type: text/plain; charset=utf-8`, ``, `Помогите брату.`].join("\r\n"));
    const sys = rt.systemCtx("import-mail");
    const first = await importMailMessages(sys, [mail("m-1701", "Mon, 04 May 2026 10:14:55 +0000"), mail("m-1702", "Mon, 04 May 2026 10:31:02 +0000")]);
    expect(first).toMatchObject({ imported: 2, duplicates: 0 });
    expect(await importMailMessages(sys, [mail("m-1701", "Mon, 04 May 2026 10:14:55 +0000")])).toMatchObject({ imported: 0, duplicates: 1 });
    await commitHeldAppeals(sys, new Date(Date.now() + 3_600_000));
    expect(await importMailMessages(sys, [mail("m-1702", "Mon, 04 May 2026 10:31:02 +0000")])).toMatchObject({ imported: 0, duplicates: 1 });
    const stored = await rows<{ m: string; r: string }>(sql`select message_id as m, received_at::text as r from appeal where channel = 'email'`);
    expect(stored).toHaveLength(2);
    for (const s of stored) {
      expect(s.m).toMatch(/^mk1\./);
      expect(s.r).toMatch(/10:00:00\+00/);
    }
    const everything = JSON.stringify(await rows(sql`select row_to_json(a)::text from appeal a`)) + JSON.stringify(await rows(sql`select row_to_json(e)::text from audit_event e`));
    expect(everything).not.toContain("m-1701");
    expect(everything).not.toContain("mail.example.ru");
  });
});

describe("appeal flood", () => {
  it("refuses tokens fetched from one address and posted from fifty others, and stores nothing", async () => {
    clock = HOUR + 2 * 3_600_000;
    rt.setNow(new Date(clock));
    const tokens: string[] = [];
    for (let i = 0; i < 50; i++) tokens.push(await tokenFor(app, "203.0.113.1"));
    tick(60_000);
    for (let i = 0; i < 50; i++) {
      const res = await post(app, form({ lang: "ru", token: tokens[i]!, heldName: "Флудов Флуд" }), `198.18.0.${i + 1}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("изменилось ваше подключение");
      expect(res.body).toContain("Флудов Флуд"); // a family whose address changed keeps what it typed
    }
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from held_appeal`))[0]!.n).toBe(0);
  });

  it("500 posts at 50/s from 50 addresses: the hour's queue stays bounded, the rest hear 'try later' in their language with their answers kept", async () => {
    clock = HOUR + 3 * 3_600_000;
    rt.setNow(new Date(clock));
    const addresses = Array.from({ length: 50 }, (_, i) => `198.19.${Math.floor(i / 10)}.${i + 1}`);
    const tokens = new Map<string, string[]>();
    for (const a of addresses) tokens.set(a, await Promise.all(Array.from({ length: 10 }, () => tokenFor(app, a))));
    tick(60_000);
    const statuses: Record<number, number> = {};
    let busyPage = "";
    for (let i = 0; i < 500; i++) {
      const a = addresses[i % 50]!;
      tick(20); // 50 per second
      const res = await post(app, form({ lang: "uk", token: tokens.get(a)![Math.floor(i / 50)]!, heldName: `Хвиля Номер${i}` }), a);
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 503) busyPage = res.body;
    }
    const held = (await rows<{ n: number }>(sql`select count(*)::int as n from held_appeal`))[0]!.n;
    // The hour may hold 3 × the busiest hour of the past four weeks (12 appeals at 10:00 above), at least 30,
    // at most the queue cap (200): 36.
    const busiest = (await rows<{ n: number }>(sql`select max(n)::int as n from (select count(*) as n from appeal group by received_at) h`))[0]!.n;
    expect(busiest).toBe(12);
    expect(held).toBe(36);
    expect(statuses[200]).toBe(36);
    expect(statuses[503]).toBe(464);
    expect(busyPage).toContain("дуже багато звернень");
    expect(busyPage).toMatch(/value="Хвиля Номер\d+"/);
    await commitHeldAppeals(rt.ctx({ kind: "anonymous" }), new Date(clock + 3_600_000));
  });

  it("shares used tokens and per-client counts between server processes (they are in the database)", async () => {
    process.env.ALLFORALL_APPEAL_CLIENT_HOURLY = "2";
    const other = await createServer(rt);
    try {
      clock = HOUR + 5 * 3_600_000;
      rt.setNow(new Date(clock));
      const address = "203.0.113.77";
      const [t1, t2, t3] = [await tokenFor(app, address), await tokenFor(other, address), await tokenFor(app, address)];
      tick(60_000);
      expect((await post(app, form({ lang: "en", token: t1!, heldName: "Shared One" }), address)).statusCode).toBe(200);
      // The same token at another process: already used.
      const replay = await post(other, form({ lang: "en", token: t1!, heldName: "Shared One" }), address);
      expect(replay.statusCode).toBe(400);
      expect(replay.body).toContain("already sent");
      expect((await post(other, form({ lang: "en", token: t2!, heldName: "Shared Two" }), address)).statusCode).toBe(200);
      // The client's third appeal this hour, at the first process: over its allowance of 2.
      const third = await post(app, form({ lang: "en", token: t3!, heldName: "Shared Three" }), address);
      expect(third.statusCode).toBe(429);
      expect(third.body).toContain("try again in an hour");
      expect(third.body).toContain('value="Shared Three"');
      // Nothing stored names the address.
      const counters = JSON.stringify(await rows(sql`select * from rate_count`)) + JSON.stringify(await rows(sql`select * from form_token_use`));
      expect(counters).not.toContain("203.0.113");
    } finally {
      delete process.env.ALLFORALL_APPEAL_CLIENT_HOURLY;
      await other.close();
    }
  });
});
