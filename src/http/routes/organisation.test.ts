import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

// The organisation's label for occupied Ukrainian subdivisions: admins choose it, everyone reads it, and the
// public pages follow it at once. The stored code (UA-43) never changes.

let rt: TestRuntime;
let app: FastifyInstance;
let admin: Record<string, string>;
let researcher: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  admin = await signInHeaders(app, (await makeUser(rt, "admin")).email);
  researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
});

describe("how occupied territories are labelled", () => {
  it("an admin chooses the wording; public pages show it; others may only read it", async () => {
    const p = await makePerson(rt, { primaryName: "Крымова Алиме Решатовна", alternateNames: [], homeRegion: "UA-43", publicityConsent: "full" });
    expect((await app.inject({ url: "/api/v1/organisation/settings", headers: researcher })).json()).toEqual({ occupiedLabel: "occupied" });
    const page = async () => (await app.inject({ url: `/people/${p.id}?lang=ru` })).body;
    expect(await page()).toContain("Автономная Республика Крым (временно оккупирована)");

    const refused = await app.inject({ method: "PUT", url: "/api/v1/organisation/settings", headers: { ...researcher, "accept-language": "ru" }, payload: { occupiedLabel: "plain" } });
    expect(refused.statusCode).toBe(403);
    const bad = await app.inject({ method: "PUT", url: "/api/v1/organisation/settings", headers: { ...admin, "accept-language": "uk" }, payload: { occupiedLabel: "russia" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].message).toMatch(/^Підпис окупованих територій: /);

    expect((await app.inject({ method: "PUT", url: "/api/v1/organisation/settings", headers: admin, payload: { occupiedLabel: "plain" } })).json()).toEqual({ occupiedLabel: "plain" });
    const plain = await page();
    expect(plain).toContain("Автономная Республика Крым");
    expect(plain).not.toContain("оккупирована");
    await app.inject({ method: "PUT", url: "/api/v1/organisation/settings", headers: admin, payload: { occupiedLabel: "ukraine" } });
    expect(await page()).toContain("Автономная Республика Крым (Украина)");
    // The registry keeps the code whatever the wording.
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: researcher })).json().homeRegion).toBe("UA-43");
  });
});
