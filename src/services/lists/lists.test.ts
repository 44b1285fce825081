import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../../test/helpers/factories.js";
import { verifyAuditChain } from "../audit.js";
import { getPerson } from "../people.js";
import { ServiceError } from "../errors.js";
import { changeListMembers, copyList, createList, diffListVersions, getList, getListVersion, refreshList, updateListDefinition } from "./lists.js";
import { freezeList, recordOutcome, signOffList } from "./lifecycle.js";
import { updatePerson } from "../people.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

// Several tests seed the same file's database again: each seeding's people are namesakes of the previous
// ones, born in another year, so the duplicate guard rightly sees different people.
let seeds = 0;
async function seed() {
  const n = seeds++;
  const birthDate = `${1940 + 7 * n}-0${1 + (n % 9)}-${10 + n}`;
  const ok = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", exchangeConsent: "consents", birthDate });
  await makeCase(rt, ok.id);
  const refuses = await makePerson(rt, { primaryName: "Иванов Пётр Сергеевич", alternateNames: [], exchangeConsent: "refuses", birthDate });
  const released = await makePerson(rt, { primaryName: "Скочиленко Александра Юрьевна", alternateNames: [], sex: "female", status: "released", exchangeConsent: "consents", birthDate });
  const dead = await makePerson(rt, { primaryName: "Петров Семён Ильич", alternateNames: [], status: "deceased", birthDate });
  const civilian = await makePerson(rt, { primaryName: "Шевченко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", exchangeConsent: "consents", birthDate });
  const soldier = await makePerson(rt, { primaryName: "Сидоров Иван Иванович", alternateNames: [], category: "held_in_ukraine", birthDate });
  return { ok, refuses, released, dead, civilian, soldier };
}

async function expectConflict(p: Promise<unknown>, text: RegExp) {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(ServiceError);
  expect((e as ServiceError).kind).toBe("conflict");
  expect((e as ServiceError).message).toMatch(text);
}

describe("exchange lists", () => {
  it("builds an all-for-all list showing ineligible people with their reasons", async () => {
    const s = await seed();
    const coord = await makeUser(rt, "coordinator");
    const created = await createList(coord.ctx, { name: "All for all 2026", categories: ["ru_political_prisoner", "ua_civilian_hostage"], allForAll: true });
    expect(created.version!.version).toBe(1);
    const { rows, version } = await getListVersion(coord.ctx, created.id);
    expect(version.hashMatches).toBe(true);
    const byId = new Map(rows.map((r) => [r.personId, r]));
    expect(byId.get(s.ok.id)).toMatchObject({ eligible: true, reasons: [], nameLatin: "Gorinov Aleksei Aleksandrovich", articles: "ч. 2 ст. 207.3 УК РФ" });
    expect(byId.get(s.ok.id)!.sentence).toContain("7 лет, колония общего режима, приговор 08.07.2022");
    expect(byId.get(s.refuses.id)).toMatchObject({ eligible: false, reasons: ["refuses_exchange"] });
    expect(byId.get(s.released.id)).toMatchObject({ eligible: false, reasons: ["released"] });
    expect(byId.get(s.dead.id)!.reasons).toEqual(["deceased"]);
    expect(byId.get(s.dead.id)!.warnings).toContain("consent_unknown");
    expect(byId.get(s.civilian.id)).toMatchObject({ eligible: true, category: "ua_civilian_hostage" });
    // Category not chosen: not a candidate at all.
    expect(byId.has(s.soldier.id)).toBe(false);
    // Eligible rows come first.
    expect(rows.findIndex((r) => !r.eligible)).toBeGreaterThan(rows.findLastIndex((r) => r.eligible));
  });

  it("rejects filters on an all-for-all list and applies filters otherwise", async () => {
    const coord = await makeUser(rt, "coordinator");
    await expect(createList(coord.ctx, { name: "x", categories: ["ru_political_prisoner"], allForAll: true, filters: { exchangeConsent: ["consents"] } })).rejects.toThrow(/remove the filters/);
    const l = await createList(coord.ctx, { name: "Consenting only", categories: ["ru_political_prisoner"], filters: { exchangeConsent: ["consents"], article: "207.3" } });
    const { rows } = await getListVersion(coord.ctx, l.id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.articles?.includes("207.3"))).toBe(true);
  });

  // Found by an adversarial run: a researcher's list filtered "health at least severe" returned exactly the severely ill.
  it("a health filter needs permission to read health records", async () => {
    const researcher = await makeUser(rt, "researcher");
    await expect(createList(researcher.ctx, { name: "Тяжелобольные", categories: ["ru_political_prisoner"], filters: { healthAtLeast: "severe" } })).rejects.toThrow(/health filter needs permission/);
    const coord = await makeUser(rt, "coordinator");
    await expect(createList(coord.ctx, { name: "Тяжелобольные", categories: ["ru_political_prisoner"], filters: { healthAtLeast: "severe" } })).resolves.toBeTruthy();
  });

  it("versions every change, diffs any two versions, and keeps a removed person visible with the reason", async () => {
    const s = await seed();
    const researcher = await makeUser(rt, "researcher");
    const extra = await makePerson(rt, { primaryName: "Кузнецов Олег Викторович", alternateNames: [], category: "ua_pow", exchangeConsent: "consents" });
    const l = await createList(researcher.ctx, { name: "Manual", categories: ["ua_civilian_hostage"], filters: { exchangeConsent: ["consents"] } });
    const v2 = await changeListMembers(researcher.ctx, l.id, { add: [extra.id] });
    expect(v2.version!.version).toBe(2);
    const v3 = await changeListMembers(researcher.ctx, l.id, { remove: [s.civilian.id] });
    expect(v3.version!.version).toBe(3);
    const d13 = await diffListVersions(researcher.ctx, l.id, 1, 3);
    expect(d13.added.map((r) => r.personId)).toEqual([extra.id]);
    const change = d13.changed.find((c) => c.personId === s.civilian.id)!;
    expect(change.fields.find((f) => f.field === "eligible")).toEqual({ field: "eligible", from: true, to: false });
    expect(change.fields.find((f) => f.field === "reasons")!.to).toEqual(["removed_by_hand"]);
    const d23 = await diffListVersions(researcher.ctx, l.id, 3, 2);
    expect(d23.removed).toEqual([]);
    // A refresh with nothing changed does not make a version; a registry change does.
    expect((await refreshList(researcher.ctx, l.id)).created).toBe(false);
    await updatePerson(rt.systemCtx(), extra.id, { status: "released", statusSince: "2026-01-01" });
    const v4 = await refreshList(researcher.ctx, l.id);
    expect(v4).toMatchObject({ created: true, version: { version: 4 } });
    const d34 = await diffListVersions(researcher.ctx, l.id, 3, 4);
    expect(d34.changed[0]!.fields.map((f) => f.field)).toEqual(expect.arrayContaining(["status", "eligible", "reasons"]));
    const detail = await getList(researcher.ctx, l.id);
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(new Set(detail.versions.map((v) => v.contentHash)).size).toBe(4);
  });

  it("refuses every change to a frozen list, in the service and in the database", async () => {
    await seed();
    const coord = await makeUser(rt, "coordinator");
    const l = await createList(coord.ctx, { name: "To freeze", categories: ["ru_political_prisoner"], allForAll: true });
    const researcher = await makeUser(rt, "researcher");
    await expect(freezeList(researcher.ctx, l.id)).rejects.toThrow(/not allowed to freeze/);
    await freezeList(coord.ctx, l.id, { version: 1 });
    const someone = await makePerson(rt, { alternateNames: [] });
    await expectConflict(changeListMembers(coord.ctx, l.id, { add: [someone.id] }), /frozen at version 1 and can no longer be changed/);
    await expectConflict(refreshList(coord.ctx, l.id), /frozen/);
    await expectConflict(updateListDefinition(coord.ctx, l.id, { name: "renamed" }), /frozen/);
    await expectConflict(freezeList(coord.ctx, l.id), /frozen/);
    // Even SQL cannot edit a stored version.
    const dbError = (p: Promise<unknown>) => p.then(() => "no error", (e: Error & { cause?: Error }) => (e.cause ?? e).message);
    expect(await dbError(rt.database.db.execute(sql`update exchange_list_row set category = 'X'`))).toMatch(/immutable/);
    expect(await dbError(rt.database.db.execute(sql`update exchange_list_row set row_hash = 'X'`))).toMatch(/immutable/);
    expect(await dbError(rt.database.db.execute(sql`delete from exchange_list_row`))).toMatch(/immutable/);
    expect(await dbError(rt.database.db.execute(sql`delete from exchange_list_version`))).toMatch(/immutable/);
    expect((await getList(coord.ctx, l.id)).versions).toHaveLength(1);
    // The sealed part may change in SQL (a merge re-seals it under the survivor's key), but a row whose opened
    // content differs from its own hash is named when the version is read.
    expect((await getListVersion(coord.ctx, l.id, 1)).version.integrity).toMatchObject({ verified: true, changedRows: [] });
    await rt.database.db.execute(sql`update exchange_list_row set personal = (select personal from exchange_list_row r2 where r2.version_id = exchange_list_row.version_id and r2.position = 1) where position = 2`);
    const forged = (await getListVersion(coord.ctx, l.id, 1)).version;
    expect(forged).toMatchObject({ hashMatches: false, integrity: { verified: false, changedRows: [2] } });
    expect(forged.integrity.summary).toBe("NOT intact: row 2 changed since the version was stored");
    // The way on: a new draft with the same definition; the frozen list stays as it was.
    const next = await copyList(coord.ctx, l.id, { name: "Round 2" });
    expect((await getList(coord.ctx, next.id)).status).toBe("draft");
    // Rebuilt from the registry: the person registered after the freeze is on the copy.
    expect((await getListVersion(coord.ctx, next.id)).rows.some((r) => r.personId === someone.id)).toBe(true);
    expect((await changeListMembers(coord.ctx, next.id, { remove: [someone.id] })).version!.version).toBe(2);
  });

  it("needs two different coordinators to sign off, then records the outcome and who was left behind", async () => {
    const s = await seed();
    const a = await makeUser(rt, "coordinator");
    const b = await makeUser(rt, "coordinator");
    const l = await createList(a.ctx, { name: "Exchange 12", categories: ["ru_political_prisoner", "ua_civilian_hostage"], personIds: [] , filters: { exchangeConsent: ["consents", "refuses"] } });
    await expectConflict(signOffList(a.ctx, l.id), /freeze the list before/);
    await freezeList(a.ctx, l.id);
    await expect(recordOutcome(a.ctx, l.id, { carriedOutOn: "2026-11-20", source: "https://example.org/statement" })).rejects.toThrow(/signed-off/);
    // The author may sign once; the second signature must be someone else's.
    expect(await signOffList(a.ctx, l.id, { note: "checked against the registry" })).toMatchObject({ status: "frozen", signOffs: 1 });
    await expectConflict(signOffList(a.ctx, l.id), /different coordinator/);
    await expect(signOffList(rt.systemCtx(), l.id)).rejects.toThrow(/signed-in coordinator/);
    const researcher = await makeUser(rt, "researcher");
    await expect(signOffList(researcher.ctx, l.id)).rejects.toThrow(/not allowed/);
    expect(await signOffList(b.ctx, l.id)).toMatchObject({ status: "signed_off", signOffs: 2 });
    const detail = await getList(a.ctx, l.id);
    expect(detail.signOffs.map((x) => x.userId)).toEqual([a.user.id, b.user.id]);

    const report = await recordOutcome(a.ctx, l.id, { carriedOutOn: "2026-11-20", source: "https://example.org/statement", freedPersonIds: [s.ok.id] });
    expect(report.moved).toEqual([expect.objectContaining({ personId: s.ok.id, from: "in_colony", to: "exchanged" })]);
    expect(report.leftBehind.map((x) => x.personId)).toContain(s.civilian.id);
    expect(report.notRequested.find((x) => x.personId === s.refuses.id)!.reasons).toMatch(/refuses/);
    const person = await getPerson(a.ctx, s.ok.id);
    expect(person.person.status).toBe("exchanged");
    expect(person.timeline.at(-1)).toMatchObject({ status: "exchanged", occurredOn: "2026-11-20" });
    expect((await getList(a.ctx, l.id)).status).toBe("carried_out");
    await expectConflict(changeListMembers(a.ctx, l.id, { remove: [s.ok.id] }), /carried out/);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });
});
