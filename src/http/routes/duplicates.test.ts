import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { person } from "../../db/schema/person.js";
import { countValuesUnder } from "../../db/repositories/sealedValues.js";
import { openSealed, personIdOfSealed, sealFor } from "../../security/personKeys.js";
import { createList } from "../../services/lists/lists.js";
import { freezeList } from "../../services/lists/lifecycle.js";
import { loadVersion, loadList } from "../../services/lists/common.js";
import { MERGE_HANDLING, mergePeople, personReferences } from "../../services/merge.js";
import { createSource, citeSource, recordConsent, recordCustody, recordHealth, recordRosfinListing } from "../../services/personRecords.js";
import { createFacility } from "../../services/facilities.js";
import { registerPerson } from "../../services/duplicates.js";
import { registryIndex } from "../../services/reconcile.js";
import { saveGenevaRecord } from "../../services/geneva.js";
import { setPriorityFacts } from "../../services/priority.js";
import { readPersonSensitive } from "../../services/personSensitive.js";
import { assessRecognition } from "../../services/recognition.js";
import { issueAppealFormToken, submitAppeal } from "../../services/appeals/submit.js";
import { appealIdByCode, FAMILY_ADDRESS } from "../../../test/helpers/appeals.js";
import { linkAppealToPerson } from "../../services/appeals/actions.js";
import { MIN_FILL_MS } from "../../services/appeals/formToken.js";
import type { TestRuntime } from "../../../test/helpers/runtime.js";
import { useTestServer } from "../../../test/helpers/server.js";
import { assignPerson, makeCase, makePerson, makeUser, signInHeaders } from "../../../test/helpers/factories.js";

let rt: TestRuntime;
let app: FastifyInstance;
let researcher: Record<string, string>;
let coordinator: Awaited<ReturnType<typeof makeUser>>;
let coordinatorHeaders: Record<string, string>;
let clock = Date.parse("2026-03-01T10:00:00Z");

useTestServer((s) => ({ rt, app } = s));
beforeAll(async () => {
  researcher = await signInHeaders(app, (await makeUser(rt, "researcher")).email);
  coordinator = await makeUser(rt, "coordinator");
  coordinatorHeaders = await signInHeaders(app, coordinator.email);
});

async function rows<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await rt.database.db.execute(q)) as unknown as { rows: T[] }).rows;
}
const auditOf = (type: string) => rows<{ target_id: string; detail: Record<string, unknown> }>(sql`select target_id, detail from audit_event where type = ${type} order by seq`);

describe("at the door", () => {
  // PGlite: while another write holds the one connection, both checks read the person index at once (reads do not
  // wait for a write still running) and both creates wait for the connection — unless check and create are one step.
  it.skipIf(!!process.env.TEST_DATABASE_URL)("the same person sent twice at once gives one record and one 409 (a double submit)", async () => {
    const { ctx } = await makeUser(rt, "researcher");
    const body = { primaryName: "Двойнов Пётр Сергеевич", birthDate: "1979-03-14", category: "ru_political_prisoner" as const };
    await registryIndex(ctx, ctx.actor.kind === "user" ? ctx.actor.organisationId : "");
    let pending!: Promise<PromiseSettledResult<unknown>[]>;
    await rt.database.pglite!.transaction(async (t) => {
      await t.query("select 1");
      pending = Promise.allSettled([registerPerson(ctx, body), registerPerson(ctx, body)]);
      await new Promise((r) => setTimeout(r, 200));
    });
    const [a, b] = await pending;
    expect(a!.status).toBe("fulfilled");
    expect(b!.status).toBe("rejected");
    expect(((b as PromiseRejectedResult).reason as { kind?: string }).kind).toBe("conflict");
    const opened = (await rt.database.db.select({ name: person.primaryName }).from(person)).filter((p) => p.name === body.primaryName);
    expect(opened).toHaveLength(1);
  });

  it("answers 409 with the candidates for a probable duplicate, creates with confirmDistinct and remembers the pair", async () => {
    const gorinov = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], birthDate: "1961-07-08" });
    const body = { primaryName: "Gorinov Aleksei Aleksandrovich", birthDate: "1961-07-08", category: "ru_political_prisoner" };
    const refused = await app.inject({ method: "POST", url: "/api/v1/people", headers: researcher, payload: body });
    expect(refused.statusCode).toBe(409);
    const r = refused.json();
    expect(r.error).toBe("probableDuplicate");
    expect(r.candidates[0]).toMatchObject({ id: gorinov.id, name: "Горинов Алексей Александрович", birthDate: "1961-07-08" });
    expect(r.candidates[0].score).toBeGreaterThanOrEqual(0.85);
    expect(r.candidates[0].explanation.length).toBeGreaterThan(0);
    // Names are sealed at rest: the refused person is looked for among the opened names.
    expect((await rt.database.db.select({ name: person.primaryName }).from(person)).filter((p) => p.name === "Gorinov Aleksei Aleksandrovich")).toHaveLength(0);

    const created = await app.inject({ method: "POST", url: "/api/v1/people", headers: researcher, payload: { ...body, confirmDistinct: true } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const audit = (await auditOf("person.distinctConfirmed")).find((a) => a.target_id === id);
    expect(audit?.detail).toEqual({ overriddenCandidates: [gorinov.id] });
    // The confirmed pair is not raised again by the duplicates list.
    const dups = (await app.inject({ url: "/api/v1/duplicates", headers: researcher })).json().items as { a: { id: string }; b: { id: string } }[];
    expect(dups.some((d) => [d.a.id, d.b.id].includes(id) && [d.a.id, d.b.id].includes(gorinov.id))).toBe(false);
  });

  it("creates a possible duplicate with a warning", async () => {
    await makePerson(rt, { primaryName: "Кара-Мурза Владимир Владимирович", alternateNames: [], birthDate: "1981-09-07" });
    const res = await app.inject({ method: "POST", url: "/api/v1/people", headers: researcher, payload: { primaryName: "Кара-Мурза Владимир", birthDate: "1981-03-02", category: "ru_political_prisoner" } });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings[0]).toMatchObject({ code: "possibleDuplicate" });
    expect(res.json().warnings[0].candidates[0].name).toBe("Кара-Мурза Владимир Владимирович");
  });

  it("asks the matcher when an appeal becomes a new person", async () => {
    const held = await makePerson(rt, { primaryName: "Джелял Нариман Энверович", alternateNames: [], birthDate: "1990-04-27", category: "ua_civilian_hostage" });
    const anon = rt.ctx({ kind: "anonymous" });
    rt.setNow(new Date(clock));
    const token = issueAppealFormToken(anon, FAMILY_ADDRESS);
    clock += MIN_FILL_MS + 1000;
    rt.setNow(new Date(clock));
    const a = await submitAppeal(anon, { lang: "uk", token, heldName: "Джелял Наріман Енверович", heldBirthDate: "27.04.1990", requests: ["legal_help"] }, FAMILY_ADDRESS);
    const url = `/api/v1/appeals/${await appealIdByCode(rt, a.code)}/create-person`;
    const refused = await app.inject({ method: "POST", url, headers: coordinatorHeaders, payload: { category: "ua_civilian_hostage" } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().candidates[0].id).toBe(held.id);
    const created = await app.inject({ method: "POST", url, headers: coordinatorHeaders, payload: { category: "ua_civilian_hostage", confirmDistinct: true } });
    expect(created.statusCode).toBe(200);
    expect(created.json().createdPersonId).toBeTruthy();
  });
});

describe("merge", () => {
  it("knows how to handle every table that references a person", async () => {
    const unhandled = (await personReferences()).filter((r) => !MERGE_HANDLING[r.table]).map((r) => `${r.table}.${r.column}`);
    expect(unhandled, "add these tables to MERGE_HANDLING in src/services/merge.ts").toEqual([]);
  });

  it("moves every kind of child to the survivor, keeps both spellings, redirects the old id, audits, and leaves a frozen list version as it was", async () => {
    const sys = rt.systemCtx();
    const survivor = await makePerson(rt, { primaryName: "Горинов Алексей Александрович", alternateNames: [], birthDate: "1961-07-08", exchangeConsent: "consents", homeRegion: "Москва" });
    const merged = await makePerson(rt, { primaryName: "Gorinov Aleksei", alternateNames: ["Alexei Gorinov"], birthDate: "1961-07-08", exchangeConsent: "consents", homeRegion: "Тверская область", citizenship: "RU" });
    await makeCase(rt, merged.id);
    await makeCase(rt, survivor.id, { articles: [{ code: "RU_CC", article: "280.3" }] });
    await recordHealth(sys, merged.id, { condition: "диабет 1 типа", icd10: ["E10"], severity: "severe" });
    await recordConsent(coordinator.ctx, merged.id, { exchange: "consents", givenBy: "адвокат" });
    await recordRosfinListing(coordinator.ctx, merged.id, { listed: true, listedOn: "2022-12-01" });
    const source = await createSource(coordinator.ctx, { kind: "media", title: "Медиазона", url: "https://zona.media/" });
    await citeSource(coordinator.ctx, merged.id, { sourceId: source.id });
    const colony = await createFacility(sys, { name: "ИК-3 Владимир", kind: "colony" });
    await recordCustody(coordinator.ctx, merged.id, { facilityId: colony.id, fromDate: "2022-10-01" });
    await saveGenevaRecord(coordinator.ctx, merged.id, { data: { fatherFirstName: "Александр" } });
    await saveGenevaRecord(coordinator.ctx, survivor.id, { data: { fatherFirstName: "Алексей" } });
    await setPriorityFacts(coordinator.ctx, merged.id, { minorChildren: 1 });
    await rt.database.db.update(person).set({ staffNoteEnc: sealFor(merged.id, "семья на связи") }).where(sql`id = ${merged.id}`);
    await rt.database.db.update(person).set({ staffNoteEnc: sealFor(survivor.id, "адвокат Петров") }).where(sql`id = ${survivor.id}`);
    await assessRecognition(coordinator.ctx, merged.id, {
      criteria: [{ criterion: "a", met: true, reasoning: "Слова о войне." }],
      exclusions: [],
      proposal: "recognised",
      summary: "207.3",
    });
    const lawyer = await makeUser(rt, "lawyer");
    await assignPerson(rt, merged.id, lawyer.user.id);
    rt.setNow(new Date(clock));
    const anon = rt.ctx({ kind: "anonymous" });
    const token = issueAppealFormToken(anon, FAMILY_ADDRESS);
    clock += MIN_FILL_MS + 1000;
    rt.setNow(new Date(clock));
    const appeal = await submitAppeal(anon, { lang: "ru", token, heldName: "Горинов Алексей", requests: ["legal_help"] }, FAMILY_ADDRESS);
    const appealId = await appealIdByCode(rt, appeal.code);
    await linkAppealToPerson(coordinator.ctx, appealId, { personId: merged.id });
    // An import row waiting for a decision about the merged record, and one decided onto it.
    await rt.database.db.execute(sql`insert into import_review (organisation_id, file, row, reason, input_name, draft, draft_key, candidate_id, person_id)
      values (${merged.organisationId}, 'реестр.xlsx', 7, 'possible', 'Горинов А.', '{}'::jsonb, 'k1', ${merged.id}, ${merged.id})`);
    // A frozen list naming the merged-away record.
    const list = await createList(coordinator.ctx, { name: "Обмен", categories: ["ru_political_prisoner"], filters: { region: "Тверь" }, personIds: [merged.id] });
    await freezeList(coordinator.ctx, list.id);
    const frozenBefore = await loadVersion(rt.database.db, await loadList(rt.database.db, coordinator.ctx, list.id));

    // Every table that references a person holds a row of the merged record (so the walk below proves each moves).
    const refs = (await personReferences()).filter((r) => ["move", "single", "assignments"].includes(MERGE_HANDLING[r.table]!));
    for (const r of refs) {
      const n = await rows(sql.raw(`select 1 from ${r.table} where ${r.column} = '${merged.id}'`));
      expect(n.length, `the test gives the merged record a row in ${r.table}`).toBeGreaterThan(0);
    }

    const [regionBefore] = await rows<{ home_region: string }>(sql`select home_region from person where id = ${survivor.id}`);
    // Both hold a value for homeRegion and the Geneva record: the coordinator must choose.
    const preview = (await app.inject({ url: `/api/v1/people/${survivor.id}/merge?mergedId=${merged.id}`, headers: coordinatorHeaders })).json();
    expect(preview.conflicts.map((c: { field: string }) => c.field).sort()).toEqual(["externalId", "genevaRecord", "homeRegion", "primaryName"]);
    const unchosen = await app.inject({ method: "POST", url: `/api/v1/people/${survivor.id}/merge`, headers: coordinatorHeaders, payload: { mergedId: merged.id } });
    expect(unchosen.statusCode).toBe(400);
    // A researcher may not merge.
    expect((await app.inject({ method: "POST", url: `/api/v1/people/${survivor.id}/merge`, headers: researcher, payload: { mergedId: merged.id } })).statusCode).toBe(403);
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/people/${survivor.id}/merge`,
      headers: coordinatorHeaders,
      payload: { mergedId: merged.id, choices: { externalId: "merged", homeRegion: "survivor", primaryName: "survivor", genevaRecord: "merged" } },
    });
    expect(res.statusCode, res.body).toBe(200);

    for (const r of refs) {
      expect((await rows(sql.raw(`select 1 from ${r.table} where ${r.column} = '${merged.id}'`))).length, `${r.table} left on the merged record`).toBe(0);
      expect((await rows(sql.raw(`select 1 from ${r.table} where ${r.column} = '${survivor.id}'`))).length, `${r.table} moved to the survivor`).toBeGreaterThan(0);
    }
    expect((await rows(sql`select 1 from criminal_case where person_id = ${survivor.id}`)).length).toBe(2);
    // The merged record's sealed values (its case's court, the consent's giver) are now under the survivor's key,
    // and the merged record's key is gone from the key store.
    expect(await countValuesUnder(rt.database.db, merged.id)).toBe(0);
    expect(rt.personKeys.has(merged.id)).toBe(false);
    const courts = await rows<{ court: string }>(sql`select court from criminal_case where person_id = ${survivor.id}`);
    expect(courts.map((c) => personIdOfSealed(c.court))).toEqual([survivor.id, survivor.id]);
    expect(courts.map((c) => openSealed(c.court))).toEqual(["Мещанский районный суд Москвы", "Мещанский районный суд Москвы"]);
    const consent = await rows<{ given_by: string }>(sql`select given_by from consent_record where person_id = ${survivor.id} and given_by is not null`);
    expect(consent.map((c) => openSealed(c.given_by))).toEqual(["адвокат"]);
    // The family's words about the held person, under the linked person's key, moved to the survivor's with the appeal.
    const held = await rows<{ held_name: string }>(sql`select held_name from appeal where linked_person_id = ${survivor.id}`);
    expect(held.map((a) => [personIdOfSealed(a.held_name), openSealed(a.held_name)])).toEqual([[survivor.id, "Горинов Алексей"]]);

    const detail = (await app.inject({ url: `/api/v1/people/${survivor.id}`, headers: coordinatorHeaders })).json();
    expect(detail.primaryName).toBe("Горинов Алексей Александрович");
    expect(detail.alternateNames).toEqual(expect.arrayContaining(["Gorinov Aleksei", "Alexei Gorinov"]));
    expect(detail.homeRegion).toBe(regionBefore!.home_region);
    expect(detail.citizenship).toBe("RU");
    // Both staff notes are kept, still sealed.
    expect((await readPersonSensitive(coordinator.ctx, survivor.id)).staffNote).toBe("адвокат Петров\n\nсемья на связи");

    // The old id: reads redirect to the survivor, writes are refused naming it.
    const read = await app.inject({ url: `/api/v1/people/${merged.id}`, headers: coordinatorHeaders });
    expect(read.statusCode).toBe(308);
    expect(read.headers.location).toBe(`/api/v1/people/${survivor.id}`);
    const write = await app.inject({ method: "PATCH", url: `/api/v1/people/${merged.id}`, headers: coordinatorHeaders, payload: { homeRegion: "Тверь" } });
    expect(write.statusCode).toBe(409);
    expect(write.json()).toMatchObject({ error: "mergedPerson", survivorId: survivor.id });

    const audit = (await auditOf("person.merged")).at(-1)!;
    expect(audit.target_id).toBe(survivor.id);
    expect(audit.detail).toMatchObject({ mergedId: merged.id, choices: { homeRegion: "survivor" } });

    const frozenAfter = await loadVersion(rt.database.db, await loadList(rt.database.db, coordinator.ctx, list.id));
    expect(frozenAfter.version.contentHash).toBe(frozenBefore.version.contentHash);
    expect(frozenAfter.rows).toEqual(frozenBefore.rows);
    // Its row keeps the merged id (the hash covers it) but is sealed under the survivor's key now, and verifies.
    const [listRow] = await rows<{ person_id: string; personal: string }>(sql`select person_id::text, personal from exchange_list_row where person_id = ${merged.id}`);
    expect(personIdOfSealed(listRow!.personal)).toBe(survivor.id);
    expect(frozenAfter.integrity).toMatchObject({ verified: true, changedRows: [] });
  });
});

describe("exchange lists hold each person once", () => {
  it("warns when a probable duplicate is added and refuses to freeze until the pair is confirmed distinct", async () => {
    const a = await makePerson(rt, { primaryName: "Цигіпа Сергій Вікторович", alternateNames: [], birthDate: "1961-01-01", category: "ua_civilian_hostage", exchangeConsent: "consents" });
    const b = await makePerson(rt, { primaryName: "Tsigipa Sergei Viktorovich", alternateNames: [], birthDate: "1961-01-01", category: "ua_civilian_hostage", exchangeConsent: "consents" });
    const list = await createList(coordinator.ctx, { name: "Обмен заложников", categories: ["ua_civilian_hostage"], filters: { region: "Херсон" }, personIds: [a.id] });
    const added = await app.inject({ method: "POST", url: `/api/v1/lists/${list.id}/members`, headers: coordinatorHeaders, payload: { add: [b.id] } });
    expect(added.statusCode).toBe(200);
    expect(added.json().warnings[0].code).toBe("probableDuplicateOnList");
    expect(added.json().warnings[0].pairs[0]).toMatchObject({ a: { id: expect.any(String) }, b: { id: expect.any(String) } });

    const refused = await app.inject({ method: "POST", url: `/api/v1/lists/${list.id}/freeze`, headers: coordinatorHeaders, payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe("duplicatesOnList");
    expect(refused.json().pairs.flatMap((p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id]).sort()).toEqual([a.id, b.id].sort());

    expect((await app.inject({ method: "POST", url: `/api/v1/people/${a.id}/distinct`, headers: coordinatorHeaders, payload: { otherId: b.id } })).statusCode).toBe(200);
    expect((await app.inject({ method: "POST", url: `/api/v1/lists/${list.id}/freeze`, headers: coordinatorHeaders, payload: {} })).statusCode).toBe(200);
  });
});

describe("public pages of a merged-away id", () => {
  it("redirect to the survivor only when the survivor's page is public; 404 otherwise", async () => {
    const pub = await makePerson(rt, { primaryName: "Скочиленко Александра Юрьевна", alternateNames: [], sex: "female", birthDate: "1990-09-13", publicityConsent: "full" });
    const dup = await makePerson(rt, { primaryName: "Skochilenko Aleksandra", alternateNames: [], sex: "female", birthDate: "1990-09-13", externalId: null });
    await mergePeople(coordinator.ctx, { survivorId: pub.id, mergedId: dup.id, choices: { primaryName: "survivor", publicityConsent: "survivor" } });
    const moved = await app.inject({ url: `/people/${dup.id}` });
    expect(moved.statusCode).toBe(308);
    expect(moved.headers.location).toBe(`/people/${pub.id}`);

    const hidden = await makePerson(rt, { primaryName: "Тестов Скрытый Петрович", alternateNames: [], birthDate: "1970-01-01", publicityConsent: "none" });
    const hiddenDup = await makePerson(rt, { primaryName: "Testov Skrytyi Petrovich", alternateNames: [], birthDate: "1970-01-01", publicityConsent: "full", externalId: null });
    await mergePeople(coordinator.ctx, { survivorId: hidden.id, mergedId: hiddenDup.id, choices: { primaryName: "survivor", publicityConsent: "survivor" } });
    const gone = await app.inject({ url: `/people/${hiddenDup.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain(hidden.id);
  });
});
