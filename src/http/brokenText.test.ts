import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { makeUser, signInHeaders } from "../../test/helpers/factories.js";
import type { TestRuntime } from "../../test/helpers/runtime.js";
import { useTestServer } from "../../test/helpers/server.js";

let rt: TestRuntime;
let app: FastifyInstance;
useTestServer((s) => ({ rt, app } = s));

describe("text that cannot be stored", () => {
  it("a lone UTF-16 surrogate anywhere in a request is a clear 400 in the reader's language, and nothing is stored", async () => {
    const h = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
    const count = async () => (await app.inject({ url: "/api/v1/people", headers: h })).json().total as number;
    const before = await count();
    // JSON "\udeeb" parses to a string no UTF-8 database can hold (the fuzz test found it as a 500).
    const payload = '{"primaryName":"Горинов \\udeeb Алексей","category":"ru_political_prisoner"}';
    const r = await app.inject({ method: "POST", url: "/api/v1/people", headers: { ...h, "content-type": "application/json", "accept-language": "ru" }, payload });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/недопустимые символы/);
    const q = await app.inject({ url: "/api/v1/people/search?q=%ED%B7%AB", headers: h });
    expect(q.statusCode).toBeLessThan(500);
    expect(await count()).toBe(before);
    // A whole surrogate pair (an emoji) is ordinary text.
    const ok = await app.inject({ method: "POST", url: "/api/v1/people", headers: { ...h, "content-type": "application/json" }, payload: '{"primaryName":"Горинов Алексей \\ud83d\\ude00","category":"ru_political_prisoner","confirmDistinct":true}' });
    expect(ok.statusCode).toBeLessThan(300);
  });
});
