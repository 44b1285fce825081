import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";
import { makePerson } from "../../test/helpers/factories.js";

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
    // A counter that moves when a family submits would date each appeal for whoever scrapes often.
    expect(r.body).not.toContain("/appeal");
  });

  it("answers this machine only: not another address, not through a proxy", async () => {
    expect((await app.inject({ url: "/metrics", remoteAddress: "10.1.2.3" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/metrics", headers: { "x-forwarded-for": "203.0.113.9" } })).statusCode).toBe(404);
  });
});
