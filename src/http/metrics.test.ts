import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";
import { makePerson } from "../../test/helpers/factories.js";
import { EventLoopDelay } from "./eventLoopDelay.js";

let rt: TestRuntime;
let app: FastifyInstance;
useTestServer((s) => ({ rt, app } = s));

describe("/metrics", () => {
  it("counts requests by route, database time, cache hits and the person index; never the appeal routes", async () => {
    await makePerson(rt, { publicityConsent: "full" });
    await app.inject({ url: "/people?lang=ru" });
    await app.inject({ url: "/people?lang=ru" });
    await app.inject({ url: "/appeal?lang=ru" });
    const r = await app.inject({ url: "/metrics" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("text/plain");
    expect(r.body).toMatch(/allforall_requests_total\{method="GET",route="\/people",status="2xx"\} 2/);
    expect(r.body).toMatch(/allforall_request_duration_seconds_bucket\{method="GET",route="\/people",le="\+Inf"\} 2/);
    expect(r.body).toMatch(/allforall_db_seconds_total \d/);
    expect(r.body).toMatch(/allforall_person_index_people 1/);
    expect(r.body).toMatch(/allforall_person_index_build_seconds \d/);
    if (rt.database.kind === "pglite") expect(r.body).toMatch(/allforall_read_cache_hits_total 1/);
    expect(r.body).toMatch(/allforall_event_loop_delay_seconds_bucket\{le="\+Inf"\} \d+/);
    // A counter that moves when a family submits would date each appeal for whoever scrapes often.
    expect(r.body).not.toContain("/appeal");
  });

  it("answers this machine only: not another address, not through a proxy", async () => {
    expect((await app.inject({ url: "/metrics", remoteAddress: "10.1.2.3" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/metrics", headers: { "x-forwarded-for": "203.0.113.9" } })).statusCode).toBe(404);
  });
});

describe("event-loop delay", () => {
  it("puts each delay in its bucket and the ones above, and keeps the longest", () => {
    const d = new EventLoopDelay();
    d.observe(0.0004);
    d.observe(0.03);
    d.observe(2);
    const text = d.render().join("\n");
    expect(text).toContain('allforall_event_loop_delay_seconds_bucket{le="0.001"} 1');
    expect(text).toContain('allforall_event_loop_delay_seconds_bucket{le="0.025"} 1');
    expect(text).toContain('allforall_event_loop_delay_seconds_bucket{le="0.05"} 2');
    expect(text).toContain('allforall_event_loop_delay_seconds_bucket{le="1"} 2');
    expect(text).toContain('allforall_event_loop_delay_seconds_bucket{le="+Inf"} 3');
    expect(text).toContain("allforall_event_loop_delay_max_seconds 2.000000");
  });

  it("notes how long the thread was held", async () => {
    const d = new EventLoopDelay();
    d.start();
    await new Promise((r) => setTimeout(r, 30));
    const until = performance.now() + 120;
    while (performance.now() < until); // the thread is busy: the timer runs late
    await new Promise((r) => setTimeout(r, 30));
    d.stop();
    expect(d.max).toBeGreaterThan(0.08);
  });
});
