import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { healthRecord } from "../../src/db/schema/person.js";
import { sealPersonRow } from "../../src/db/schema/sealed.js";
import { auditBufferWaiting, flushAuditBuffer } from "../../src/services/auditBuffer.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { makePerson, makeUser, signInHeaders } from "../helpers/factories.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";

// Issue #20: a volunteer reading /api/v1/people/{id}/priority saw the points (30, 25) that the public weights map
// to "severe" and "on the Decree 54 list", and a priority filter separated the severely ill; neither was audited.

let rt: TestRuntime;
let app: FastifyInstance;
let ill: string;
let well: string;
let coordinator: Record<string, string>;
let volunteer: Record<string, string>;
let researcher: Record<string, string>;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  // Two people alike in everything but health.
  ill = (await makePerson(rt, { primaryName: "Болеев Пётр Иванович", birthDate: "1970-01-01" })).id;
  well = (await makePerson(rt, { primaryName: "Здоровов Пётр Иванович", birthDate: "1970-01-01" })).id;
  await rt.database.db
    .insert(healthRecord)
    .values(sealPersonRow(healthRecord, ill, { personId: ill, detailsEnc: { condition: "рак лёгкого", icd10: ["C34.1"] }, severity: "severe" as const, preventsServing: false }));
  coordinator = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);
  volunteer = await signInHeaders(app, (await makeUser(rt, "volunteer")).email);
  researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
});

type Priority = { total: number; healthDetailsShown: boolean; parts: { key: string; points: number }[] };
const priority = async (id: string, headers: Record<string, string>) => (await app.inject({ url: `/api/v1/people/${id}/priority?weightsVersion=1`, headers })).json() as Priority;
const points = (p: Priority, key: string) => p.parts.find((x) => x.key === key)?.points;
const auditCount = async (type: string) => ((await rt.database.db.execute(sql`select count(*)::int as n from audit_event where type = ${type}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

describe("health-derived values", () => {
  it("a volunteer's priority leaves health out of the points and the total: it reads the same for the ill and the well", async () => {
    const c = await priority(ill, coordinator);
    expect(points(c, "health_severity")).toBe(30);
    expect(c.total).toBeGreaterThan((await priority(well, coordinator)).total);
    const v = await priority(ill, volunteer);
    expect(v.healthDetailsShown).toBe(false);
    expect(points(v, "health_severity")).toBe(0);
    expect(points(v, "health_decree54")).toBe(0);
    // Nothing in the answer tells the ill from the well: the total, every part's points.
    const vw = await priority(well, volunteer);
    expect(v.total).toBe(vw.total);
    expect(v.parts.map((p) => [p.key, p.points])).toEqual(vw.parts.map((p) => [p.key, p.points]));
    expect(JSON.stringify(v)).not.toMatch(/C34|severe|рак/);
  });

  it("a priority search by a researcher cannot tell the ill from the well; a coordinator's can, and is audited", async () => {
    const cIll = (await priority(ill, coordinator)).total;
    const cWell = (await priority(well, coordinator)).total;
    const threshold = (cIll + cWell) / 2;
    const search = async (headers: Record<string, string>) =>
      ((await app.inject({ url: `/api/v1/people/search?priorityAtLeast=${threshold}&limit=50`, headers })).json() as { items: { id: string }[] }).items.map((i) => i.id);
    const byCoordinator = await search(coordinator);
    expect(byCoordinator).toContain(ill);
    expect(byCoordinator).not.toContain(well);
    const byResearcher = await search(researcher);
    expect(byResearcher.includes(ill)).toBe(byResearcher.includes(well));
    await flushAuditBuffer(rt.database.db);
    const entries = ((await rt.database.db.execute(sql`select detail from audit_event where type = 'health.derivedRead'`)) as unknown as { rows: { detail: { personIds: string[]; via: string } }[] }).rows;
    // One entry, for the coordinator's search only (the researcher's scores did not count health).
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toMatchObject({ via: "search.priorityAtLeast", personIds: [ill] });
  });

  it("a coordinator's priority read is audited in a batch, so the read writes nothing itself and does not empty the read cache", async () => {
    await flushAuditBuffer(rt.database.db);
    const before = await auditCount("health.sensitiveRead");
    const watch = rt.database.writes;
    const generation = watch?.snapshot();
    for (let i = 0; i < 3; i++) expect(points(await priority(ill, coordinator), "health_severity")).toBe(30);
    // Nothing written yet: on the embedded database no write happened, so the read cache stays.
    if (watch) expect(watch.unchanged(generation ?? null)).toBe(true);
    expect(await auditCount("health.sensitiveRead")).toBe(before);
    expect(auditBufferWaiting(rt.database.db)).toBe(3);
    // A volunteer's read used no health: nothing to audit.
    await priority(ill, volunteer);
    expect(auditBufferWaiting(rt.database.db)).toBe(3);
    expect(await flushAuditBuffer(rt.database.db)).toBe(3);
    expect(await auditCount("health.sensitiveRead")).toBe(before + 3);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });
});
