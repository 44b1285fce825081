import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";
import { sql } from "drizzle-orm";
import { personAssignment } from "../../db/schema/person.js";
import { appeal } from "../../db/schema/appeal.js";
import { hashLegacyAssignments, rehashAssignments } from "../../db/repositories/assignees.js";
import { assigneeKey } from "../../security/assignmentKeys.js";
import { FieldCipher, newFieldKey } from "../../security/fieldCipher.js";

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

// The record screens' APIs: assigning a person to a lawyer (which is what opens the person to the lawyer), the
// priority facts as stored, consent with when it was given, and pending invitations (listed, revoked).

let rt: TestRuntime;
let app: FastifyInstance;
let coordinator: Record<string, string>;
let researcher: Record<string, string>;
let volunteer: Record<string, string>;
let admin: Record<string, string>;
let lawyer: { headers: Record<string, string>; id: string };

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  coordinator = await signInHeaders(app, (await makeUser(rt, "coordinator")).email);
  researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
  volunteer = await signInHeaders(app, (await makeUser(rt, "volunteer")).email);
  admin = await signInHeaders(app, (await makeUser(rt, "admin")).email);
  const l = await makeUser(rt, "lawyer");
  lawyer = { headers: await signInHeaders(app, l.email), id: l.user.id };
});

describe("assigning a person to a lawyer", () => {
  it("a coordinator assigns; the lawyer then sees the person; taking it back closes the file again; each step audited", async () => {
    const p = await makePerson(rt, { primaryName: "Назначенова Ольга Павловна", alternateNames: [] });
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: lawyer.headers })).statusCode).toBe(404);
    // Researchers and lawyers may not hand out access.
    expect((await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/assignments`, headers: researcher, payload: { userId: lawyer.id } })).statusCode).toBe(403);
    // Only a lawyer's account can be assigned, in Russian for a Russian reader.
    const bad = await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/assignments`, headers: { ...coordinator, "accept-language": "ru" }, payload: { userId: (await makeUser(rt, "researcher")).user.id } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("адвоката");
    const ok = await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/assignments`, headers: coordinator, payload: { userId: lawyer.id } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items).toMatchObject([{ userId: lawyer.id, role: "lawyer" }]);
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: lawyer.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/assignments`, headers: researcher })).json().items).toHaveLength(1);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/assignments`, headers: volunteer })).statusCode).toBe(403);
    const off = await app.inject({ method: "DELETE", url: `/api/v1/people/${p.id}/assignments/${lawyer.id}`, headers: coordinator });
    expect(off.json().items).toEqual([]);
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: lawyer.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/people/${p.id}/assignments/${lawyer.id}`, headers: coordinator })).statusCode).toBe(404);
    const audit = (await app.inject({ url: `/api/v1/people/${p.id}/audit`, headers: admin })).json().items.map((e: { type: string }) => e.type);
    expect(audit).toEqual(expect.arrayContaining(["person.assigned", "person.unassigned"]));
  });
});

describe("who works on whom, at rest", () => {
  it("stores the lawyer as a keyed hash: no user id in the table or the audit log, yet the lawyer's access works", async () => {
    const p = await makePerson(rt, { primaryName: "Хешева Анна Петровна", alternateNames: [] });
    expect((await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/assignments`, headers: coordinator, payload: { userId: lawyer.id } })).statusCode).toBe(201);
    const rows = rowsOf<{ user_key: string | null; user_id: string | null }>(await rt.database.db.execute(sql`select user_key, user_id::text as user_id from person_assignment where person_id = ${p.id}`));
    expect(rows).toEqual([{ user_key: assigneeKey(rt.cipher, lawyer.id), user_id: null }]);
    // Without the field key the hash cannot be tested against the accounts: another key gives another value.
    expect(assigneeKey(new FieldCipher([newFieldKey()]), lawyer.id)).not.toBe(rows[0]!.user_key);
    const dump = rowsOf<{ t: string }>(await rt.database.db.execute(sql`select coalesce(string_agg(x::text, ' '), '') as t from (select * from person_assignment) x`))[0]!.t;
    const audit = rowsOf<{ t: string }>(await rt.database.db.execute(sql`select string_agg(detail::text, ' ') as t from audit_event where target_id = ${p.id}`))[0]!.t;
    expect(dump + audit).not.toContain(lawyer.id);
    // The lawyer still reaches the person, the list, search, figures and "my work"; the screens still name them.
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: lawyer.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/v1/people", headers: lawyer.headers })).json().items.map((x: { id: string }) => x.id)).toContain(p.id);
    expect((await app.inject({ url: "/api/v1/my-work", headers: lawyer.headers })).body).toContain(p.id);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/assignments`, headers: coordinator })).json().items).toMatchObject([{ userId: lawyer.id, role: "lawyer" }]);
  });

  it("hashes assignments an older version stored with the user id in clear (start-up), and again after a key rotation", async () => {
    const p = await makePerson(rt, { primaryName: "Старова Мария Ивановна", alternateNames: [] });
    await rt.database.db.insert(personAssignment).values({ personId: p.id, legacyUserId: lawyer.id });
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: lawyer.headers })).statusCode).toBe(404);
    expect(await hashLegacyAssignments(rt.database.db, rt.cipher)).toBe(1);
    expect((await app.inject({ url: `/api/v1/people/${p.id}`, headers: lawyer.headers })).statusCode).toBe(200);
    expect(rowsOf<{ n: number }>(await rt.database.db.execute(sql`select count(*)::int as n from person_assignment where user_id is not null`))[0]!.n).toBe(0);
    // A rotated field key: the hashes under the retired key are replaced by hashes under the new one.
    const rotated = new FieldCipher([newFieldKey(), ...rt.cipher.keys()]);
    expect(await rehashAssignments(rt.database.db, rotated)).toBeGreaterThan(0);
    const keys = rowsOf<{ user_key: string }>(await rt.database.db.execute(sql`select user_key from person_assignment where person_id = ${p.id}`));
    expect(keys).toEqual([{ user_key: assigneeKey(rotated, lawyer.id) }]);
  });
});

describe("who gives an appeal legal help, at rest", () => {
  it("seals the appeal's lawyer on the row, finds it by keyed hash in the queue and 'my work'; an older version's id is sealed at start-up and re-hashed on rotation", async () => {
    const p = await makePerson(rt, { primaryName: "Апеллянтова Ольга Петровна", alternateNames: [] });
    const [a, old] = await rt.database.db.insert(appeal).values([
      { organisationId: rt.organisationId, language: "ru", channel: "web", heldName: "Апеллянтову Ольгу" },
      { organisationId: rt.organisationId, language: "ru", channel: "web", heldName: "Старую Ольгу", legacyAssigneeId: lawyer.id },
    ]).returning({ id: appeal.id });
    expect((await app.inject({ method: "POST", url: `/api/v1/appeals/${a!.id}/link`, headers: coordinator, payload: { personId: p.id } })).statusCode).toBe(200);
    const assign = await app.inject({ method: "POST", url: `/api/v1/appeals/${a!.id}/assign`, headers: coordinator, payload: { userId: lawyer.id } });
    expect(assign.json()).toMatchObject({ status: "legal_help_assigned", assigneeId: lawyer.id });
    // The row holds the lawyer sealed and as a keyed hash: no user id beside the person the appeal is linked to.
    const stored = async (id: string) => rowsOf<{ assignee_enc: string | null; assignee_key: string | null; assignee_id: string | null }>(await rt.database.db.execute(sql`select assignee_enc, assignee_key, assignee_id::text as assignee_id from appeal where id = ${id}`))[0]!;
    const row = await stored(a!.id);
    expect(row).toMatchObject({ assignee_enc: expect.stringMatching(/^v1\./), assignee_key: assigneeKey(rt.cipher, lawyer.id), assignee_id: null });
    const dump = rowsOf<{ t: string }>(await rt.database.db.execute(sql`select x::text as t from appeal x where id = ${a!.id}`))[0]!.t;
    expect(dump).not.toContain(lawyer.id);
    // The lawyer reaches the appeal and finds it in "my work"; the queue filters by them.
    expect((await app.inject({ url: `/api/v1/appeals/${a!.id}`, headers: lawyer.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/v1/my-work", headers: lawyer.headers })).body).toContain(a!.id);
    const queue = (await app.inject({ url: `/api/v1/appeals?assigneeId=${lawyer.id}&status=legal_help_assigned,received`, headers: coordinator })).json();
    expect(queue.items.map((x: { id: string }) => x.id)).toEqual([a!.id]);
    // An older version's appeal kept the lawyer's id in clear: start-up seals and hashes it.
    expect((await app.inject({ url: `/api/v1/appeals/${old!.id}`, headers: lawyer.headers })).statusCode).toBe(404);
    expect(await hashLegacyAssignments(rt.database.db, rt.cipher)).toBe(1);
    expect((await app.inject({ url: `/api/v1/appeals/${old!.id}`, headers: lawyer.headers })).statusCode).toBe(200);
    expect(await stored(old!.id)).toMatchObject({ assignee_enc: expect.stringMatching(/^v1\./), assignee_key: assigneeKey(rt.cipher, lawyer.id), assignee_id: null });
    expect((await app.inject({ url: "/api/v1/my-work", headers: lawyer.headers })).body).toContain(old!.id);
    // A rotated field key: the appeals' hashes follow.
    const rotated = new FieldCipher([newFieldKey(), ...rt.cipher.keys()]);
    await rehashAssignments(rt.database.db, rotated);
    expect((await stored(a!.id)).assignee_key).toBe(assigneeKey(rotated, lawyer.id));
  });
});

describe("priority facts and consent records", () => {
  it("answers the stored facts (defaults before any), none of them to a volunteer", async () => {
    const p = await makePerson(rt);
    expect((await app.inject({ url: `/api/v1/people/${p.id}/priority/facts`, headers: researcher })).json()).toMatchObject({ minorChildren: 0, publicProfile: "unknown", conditions: [], updatedAt: null });
    await app.inject({ method: "PUT", url: `/api/v1/people/${p.id}/priority/facts`, headers: researcher, payload: { minorChildren: 2, conditions: [{ kind: "torture", verified: true }], soleCarer: true } });
    expect((await app.inject({ url: `/api/v1/people/${p.id}/priority/facts`, headers: coordinator })).json()).toMatchObject({ minorChildren: 2, soleCarer: true, conditions: [{ kind: "torture", verified: true }] });
    expect((await app.inject({ url: `/api/v1/people/${p.id}/priority/facts`, headers: volunteer })).json()).toEqual({});
  });

  it("keeps when consent was given; who gave it stays internal", async () => {
    const p = await makePerson(rt);
    const bad = await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/consents`, headers: { ...coordinator, "accept-language": "uk" }, payload: { publicity: "full", givenOn: "31.02.2024" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].message).toMatch(/^Дата згоди: /);
    await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/consents`, headers: coordinator, payload: { publicity: "full", givenBy: "мать, Ирина Петровна", givenOn: "2024-03-12", note: "письмом" } });
    expect((await app.inject({ url: `/api/v1/people/${p.id}/consents`, headers: researcher })).json().items[0]).toMatchObject({ givenOn: "2024-03-12", givenBy: "мать, Ирина Петровна", note: "письмом" });
    const v = (await app.inject({ url: `/api/v1/people/${p.id}/consents`, headers: volunteer })).json().items[0];
    expect(v).toMatchObject({ publicity: "full", givenOn: "2024-03-12" });
    expect(v.givenBy).toBeUndefined();
  });
});

describe("my work", () => {
  it("lists the people assigned to a lawyer, and to a coordinator the assessments others wrote that wait for a decision", async () => {
    const l = await makeUser(rt, "lawyer");
    const lh = await signInHeaders(app, l.email);
    expect((await app.inject({ url: "/api/v1/my-work", headers: lh })).json()).toEqual({ appeals: [], people: [], reviews: [] });
    const p = await makePerson(rt, { primaryName: "Работова Мария Михайловна", alternateNames: [] });
    await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/assignments`, headers: coordinator, payload: { userId: l.user.id } });
    expect((await app.inject({ url: "/api/v1/my-work", headers: lh })).json().people).toMatchObject([{ id: p.id, primaryName: "Работова Мария Михайловна" }]);

    const criteria = [{ criterion: "a", met: true, reasoning: "Семь лет за слова о войне.", sources: ["приговор"] }];
    const made = await app.inject({ method: "POST", url: `/api/v1/people/${p.id}/recognition`, headers: researcher, payload: { criteria, exclusions: [], proposal: "recognised", summary: "207.3 ч. 2" } });
    expect(made.statusCode).toBe(201);
    const reviews = (await app.inject({ url: "/api/v1/my-work", headers: coordinator })).json().reviews;
    expect(reviews).toMatchObject([{ personId: p.id, personName: "Работова Мария Михайловна", proposal: "recognised" }]);
    // The author is not asked to review their own assessment, and a researcher cannot decide at all.
    expect((await app.inject({ url: "/api/v1/my-work", headers: researcher })).json().reviews).toEqual([]);
    expect((await app.inject({ url: "/api/v1/my-work" })).statusCode).toBe(401);
  });
});

describe("invitations", () => {
  it("lists pending invitations and revokes one, whose link then stops working", async () => {
    const made = (await app.inject({ method: "POST", url: "/api/v1/users/invitations", headers: admin, payload: { email: "priglashena@example.org", role: "lawyer" } })).json();
    const list = (await app.inject({ url: "/api/v1/users/invitations", headers: admin })).json().items;
    const inv = list.find((i: { email: string }) => i.email === "priglashena@example.org");
    expect(inv).toMatchObject({ role: "lawyer" });
    expect(JSON.stringify(list)).not.toContain(made.token);
    expect((await app.inject({ url: "/api/v1/users/invitations", headers: coordinator })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/invitations/${made.token}` })).statusCode).toBe(200);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/users/invitations/${inv.id}`, headers: admin })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/v1/invitations/${made.token}` })).statusCode).toBe(404);
    expect((await app.inject({ url: "/api/v1/users/invitations", headers: admin })).json().items.some((i: { email: string }) => i.email === "priglashena@example.org")).toBe(false);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/users/invitations/${inv.id}`, headers: admin })).statusCode).toBe(404);
  });
});
