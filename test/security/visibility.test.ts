import { beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { and, eq } from "drizzle-orm";
import { auditEvent } from "../../src/db/schema/audit.js";
import { personFieldVisibility } from "../../src/http/presenters/person.js";
import type { TestRuntime } from "../helpers/runtime.js";
import { useTestServer } from "../helpers/server.js";
import { seedRegistry, type Seeded } from "./seed.js";

// Field-level visibility of the person presenters, and the audited read of sealed fields.

let rt: TestRuntime;
let app: FastifyInstance;
let seed: Seeded;

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  seed = await seedRegistry(rt, app);
}, 120_000);

describe("field visibility", () => {
  it("volunteers get public and limited fields only; researchers get internal ones too", async () => {
    const vol = (await app.inject({ url: `/api/v1/people/${seed.publicPerson}`, headers: seed.headers.volunteer })).json() as Record<string, unknown>;
    for (const k of Object.keys(vol)) expect(["public", "limited"], k).toContain(personFieldVisibility[k]);
    expect(vol).not.toHaveProperty("cases");
    expect(vol).not.toHaveProperty("birthDate");
    expect(vol).toHaveProperty("birthYear", 1961);
    const res = (await app.inject({ url: `/api/v1/people/${seed.publicPerson}`, headers: seed.headers.researcher })).json() as Record<string, unknown>;
    expect(res).toHaveProperty("cases");
    expect(res).toHaveProperty("birthDate", "1961-07-08");
    const list = (await app.inject({ url: "/api/v1/people?limit=500", headers: seed.headers.volunteer })).json() as { items: Record<string, unknown>[] };
    for (const item of list.items) expect(item).not.toHaveProperty("externalId");
  });

  it("reading sealed fields is audited with the field names only; researchers and volunteers are refused", async () => {
    const r = await app.inject({ url: `/api/v1/people/${seed.publicPerson}/sensitive`, headers: seed.headers.lawyer });
    expect(r.statusCode).toBe(200);
    expect(r.json().health[0].details).toEqual({ condition: "diabetes", icd10: ["E10"] });
    // Lawyers may read health records of their people, not the Geneva record.
    expect(r.json().geneva).toBeNull();
    const entries = await rt.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.type, "person.sensitiveRead"), eq(auditEvent.targetId, seed.publicPerson)));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorId).toBe(seed.users.lawyer.user.id);
    expect(entries[0]!.detail).toEqual({ fields: ["health.details"] });
    expect(JSON.stringify(entries[0])).not.toContain("diabetes");
    for (const who of ["researcher", "volunteer"] as const)
      expect((await app.inject({ url: `/api/v1/people/${seed.publicPerson}/sensitive`, headers: seed.headers[who] })).statusCode).toBe(403);
    const coord = await app.inject({ url: `/api/v1/people/${seed.privatePerson}/sensitive`, headers: seed.headers.coordinator });
    expect(coord.json().geneva.data).toEqual({ fatherName: "Pyotr", motherMaidenName: "Ivanova" });
  });
});
