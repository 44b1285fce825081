import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { computePersonPriority, getPriorityWeights, updatePriorityWeights } from "../../services/priority.js";
import { recordHealth } from "../../services/personRecords.js";
import { DEFAULT_PRIORITY_WEIGHTS } from "../../domain/priority/weights.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let hr: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  hr = { ...(await signInHeaders(app, (await makeUser(rt, "researcher")).email)), "accept-language": "ru" };
  rt.setNow(new Date("2026-11-24T12:00:00Z"));
});

describe("priority: ICD-10 as typed, caring for others, factors added by an admin", () => {
  it("accepts `c34,1` and a Cyrillic С, refuses what is not a code", async () => {
    const p = await makePerson(rt);
    const coord = await makeUser(rt, "coordinator");
    await recordHealth(coord.ctx, p.id, { condition: "рак лёгкого", icd10: ["c34,1", "С34.9"], severity: "critical" });
    const r = await computePersonPriority(coord.ctx, p.id);
    expect(r.parts.find((x) => x.key === "health_decree54")!.why).toContain("C34.1");
    expect(r.parts.find((x) => x.key === "health_decree54")!.why).toContain("C34.9");
    await expect(recordHealth(coord.ctx, p.id, { condition: "x", icd10: ["рак"], severity: "mild" })).rejects.toThrow(/ICD-10/);
  });

  it("stores care facts and an admin's new factor; every version of the weights is kept", async () => {
    const p = await makePerson(rt);
    const admin = await makeUser(rt, "admin");
    const labels = { en: "Stateless", ru: "Лицо без гражданства", uk: "Особа без громадянства" };
    const v = await updatePriorityWeights(admin.ctx, { weights: { ...DEFAULT_PRIORITY_WEIGHTS, factors: [{ key: "stateless", labels, points: 12 }] }, note: "statelessness" });
    expect(v.version).toBe(2);
    const res = await app.inject({ method: "PUT", url: `/api/v1/people/${p.id}/priority/facts`, headers: hr, payload: { pregnant: true, childrenUnder14: 2, factors: ["stateless"] } });
    expect(res.statusCode).toBe(200);
    const score = (await app.inject({ url: `/api/v1/people/${p.id}/priority`, headers: hr })).json();
    const byKey = Object.fromEntries(score.parts.map((x: { key: string }) => [x.key, x]));
    expect(byKey.care.points).toBe(40); // 30 + 20, capped at 40
    expect(byKey["factor.stateless"]).toMatchObject({ points: 12, labels });
    const earlier = (await app.inject({ url: `/api/v1/people/${p.id}/priority?weightsVersion=1`, headers: hr })).json();
    expect(earlier.parts.some((x: { key: string }) => x.key === "factor.stateless")).toBe(false);
    expect((await getPriorityWeights(admin.ctx)).history.map((h) => h.version)).toEqual([2, 1]);
  });
});
