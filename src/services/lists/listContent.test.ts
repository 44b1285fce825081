// A list version's content — which people, in which order, with which names, facts, eligibility and priority —
// must not depend on how the version is built or stored. The reference below reads every person the slow,
// obvious way (one person at a time, each through the repositories, the priority computed for that person alone)
// and composes the rows with the same formatting rules; the version the service stores, read back whole and a
// page at a time, must equal it row for row, and its printed content hash must be the reference's. A faster
// builder (facts from the person index, the rows written as one statement) that changes one field of one row fails
// here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../../test/helpers/factories.js";
import * as people from "../../db/repositories/people.js";
import { casesOf } from "../../db/repositories/cases.js";
import { setPriorityFacts } from "../priority.js";
import { recordHealth } from "../personRecords.js";
import type { ServiceContext } from "../context.js";
import { createList, getList, getListVersion, getListVersionPage } from "./lists.js";
import { listBuildsSettled, setBackgroundFrom } from "./background.js";
import { setListChunkSize } from "./build.js";
import { bilingualName, firstDetention, formatArticles, formatBirth, formatSentence, type ListLanguage } from "./format.js";
import { contentHash, eligibility, sortRows, type ListRowData } from "./rows.js";
import { listAsOf, priorities, recognitionStates } from "./signals.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

/** The rows of an all-for-all list of `categories`, person by person (no batching, nothing handed over). */
async function referenceRows(ctx: ServiceContext, organisationId: string, categories: string[], manualAdds: string[], language: ListLanguage): Promise<ListRowData[]> {
  const db = ctx.db;
  const found = await db.execute(sql`select id from person where organisation_id = ${organisationId} and category::text = any(${`{${categories.join(",")}}`}::text[])`);
  const ids = new Set([...(found as unknown as { rows: { id: string }[] }).rows.map((r) => r.id), ...manualAdds]);
  const asOf = listAsOf(ctx);
  const rows: ListRowData[] = [];
  for (const id of ids) {
    const [p] = await people.peopleByIds(db, organisationId, [id]);
    if (!p) continue;
    const names = (await people.namesOf(db, [id])).get(id) ?? [];
    const cases = await casesOf(db, [id]);
    const prio = (await priorities(ctx, [id], asOf)).get(id) ?? null;
    const rec = (await recognitionStates(db, [id])).get(id) ?? "unknown";
    const facility = p.currentFacilityId ? (await people.facilitiesByIds(db, [p.currentFacilityId])).get(p.currentFacilityId) : undefined;
    const name = bilingualName(names, p.primaryName, p.category, p.latinName);
    const addedByHand = manualAdds.includes(id) && !categories.includes(p.category);
    const e = eligibility({ status: p.status, exchangeConsent: p.exchangeConsent, category: p.category, recognition: rec, removedByHand: false, addedByHand, priority: prio });
    if (!categories.includes(p.category)) e.warnings.push("category_outside_purpose");
    rows.push({
      personId: id,
      nameCyrillic: name.cyrillic,
      nameLatin: name.latin,
      birthDate: formatBirth(p.birthDate, p.birthYear),
      articles: formatArticles(cases),
      facility: facility ? (facility.nameLatin ? `${facility.name} (${facility.nameLatin})` : facility.name) : null,
      sentence: formatSentence(cases, p.sentenceText, language),
      // A version stores no detention date when there is none (rows before the field existed hash without it).
      ...(firstDetention(cases) ? { detainedOn: firstDetention(cases) } : {}),
      exchangeConsent: p.exchangeConsent,
      category: p.category,
      status: p.status,
      priority: prio,
      recognition: rec,
      ...e,
      received: null,
      match: null,
    });
  }
  return sortRows(rows);
}

/** A registry shaped like the real one: Russian and Ukrainian names, Latin-only records, cases, facts, health. */
async function seedRegistry() {
  const made: string[] = [];
  const add = async (over: Parameters<typeof makePerson>[1]) => {
    const p = await makePerson(rt, over);
    made.push(p.id);
    return p;
  };
  const gorinov = await add({ primaryName: "Горинов Алексей Александрович", exchangeConsent: "consents", birthDate: "1961-07-08", facilityName: "ИК-3 Владимирская область" });
  await makeCase(rt, gorinov.id);
  await setPriorityFacts(rt.systemCtx(), gorinov.id, { minorChildren: 2, publicProfile: "high" });
  await recordHealth(rt.systemCtx(), gorinov.id, { condition: "хроническая обструктивная болезнь лёгких", icd10: ["J44"], severity: "severe" });
  const latinOnly = await add({ primaryName: "Kara-Murza Vladimir", alternateNames: ["Кара-Мурза Владимир Владимирович"], exchangeConsent: "consents", birthDate: "1981-09-07" });
  await makeCase(rt, latinOnly.id, { sentenceYears: 25, regime: "strict", verdictOn: "2023-04-17", articles: [{ code: "RU_CC", article: "275" }] });
  await add({ primaryName: "Шевченко Олена Петрівна", alternateNames: [], sex: "female", category: "ua_civilian_hostage", exchangeConsent: "unknown", birthDate: "1974" });
  await add({ primaryName: "Ковальчук Ґеоргій Євгенович", alternateNames: [], category: "ua_civilian_hostage", status: "under_investigation", exchangeConsent: "consents", birthDate: "1990-02-14" });
  await add({ primaryName: "Скочиленко Александра Юрьевна", alternateNames: [], latinName: "SKOCHILENKO ALEKSANDRA", sex: "female", status: "released", birthDate: "1990-09-13", sentenceText: "7 лет общего режима (по приговору от 16.11.2023)" });
  const refuses = await add({ primaryName: "Иванов Пётр Сергеевич", alternateNames: [], exchangeConsent: "refuses", birthDate: "1975-03-01" });
  await setPriorityFacts(rt.systemCtx(), refuses.id, { childrenUnder14: 1, soleCarer: true });
  await add({ primaryName: "Петров Семён Ильич", alternateNames: [], status: "deceased", birthDate: "1950-12-31" });
  // Namesakes differing only by birth date: their order falls to the priority, then the id.
  for (const [i, d] of ["1968-05-01", "1968-05-02", "1968-05-03"].entries()) await add({ primaryName: "Сидоров Иван Иванович", alternateNames: [], exchangeConsent: i ? "consents" : "unknown", birthDate: d });
  const outside = await add({ primaryName: "Бондаренко Тарас Миколайович", alternateNames: [], category: "held_in_ukraine", birthDate: "1985-06-06" });
  return { made, outside };
}

describe("a list version's content", () => {
  it("equals the person-by-person reference: the same rows, order, names, facts, eligibility and priorities", async () => {
    const { outside } = await seedRegistry();
    const coord = await makeUser(rt, "coordinator");
    const categories = ["ru_political_prisoner", "ua_civilian_hostage"] as const;
    const created = await createList(coord.ctx, { name: "Все на всех", categories: [...categories], allForAll: true, personIds: [outside.id] });
    const reference = await referenceRows(coord.ctx, coord.user.organisationId, [...categories], [outside.id], "ru");
    expect(reference.length).toBeGreaterThanOrEqual(11);
    // The reference itself covers what it should: priorities computed, a Latin-only record given its Cyrillic
    // spelling, a passport's Latin kept, the free-text sentence, the person added outside the categories.
    expect(reference.filter((r) => r.priority !== null).length).toBe(reference.length);
    expect(reference.some((r) => r.nameCyrillic === "Кара-Мурза Владимир Владимирович")).toBe(true);
    expect(reference.some((r) => r.nameLatin === "SKOCHILENKO ALEKSANDRA" && r.sentence?.startsWith("7 лет общего режима"))).toBe(true);
    expect(reference.find((r) => r.personId === outside.id)?.warnings).toEqual(expect.arrayContaining(["added_by_hand", "category_outside_purpose"]));

    const whole = await getListVersion(coord.ctx, created.id);
    expect(whole.version.hashMatches).toBe(true);
    expect(whole.rows).toEqual(reference);
    expect(created.version!.contentHash).toBe(contentHash(reference));
    expect(created.version!.eligibleCount).toBe(reference.filter((r) => r.eligible).length);

    // A page at any offset is the same rows, numbered from 1 in order.
    const paged: ListRowData[] = [];
    for (let offset = 0; offset < reference.length; offset += 4) {
      const page = await getListVersionPage(coord.ctx, created.id, 1, { offset, limit: 4 });
      page.rows.forEach((r, i) => expect(r.position).toBe(offset + i + 1));
      paged.push(...page.rows.map(({ position: _, ...r }) => r));
    }
    expect(paged).toEqual(reference);

    // Built a few people at a time (the registry's 100,000 are read in chunks): the same content.
    setListChunkSize(3);
    try {
      const chunked = await createList(coord.ctx, { name: "Все на всех, по частям", categories: [...categories], allForAll: true, personIds: [outside.id] });
      expect((await getListVersion(coord.ctx, chunked.id)).rows).toEqual(reference);
      expect(chunked.version!.contentHash).toBe(created.version!.contentHash);
    } finally {
      setListChunkSize(5000);
    }

    // Built in the background (a selection this size goes there at registry scale), in chunks of 3: the request
    // answers with no version, and the version stored afterwards is the same content.
    setBackgroundFrom(1);
    setListChunkSize(3);
    try {
      const later = await createList(coord.ctx, { name: "Все на всех, в фоне", categories: [...categories], allForAll: true, personIds: [outside.id] });
      expect(later.version).toBeNull();
      expect(later.build).toMatchObject({ state: "building", done: 0, total: reference.length });
      await listBuildsSettled();
      const stored = await getListVersion(coord.ctx, later.id);
      expect(stored.rows).toEqual(reference);
      expect(stored.version.contentHash).toBe(created.version!.contentHash);
      expect(stored.version.hashMatches).toBe(true);
      expect((await getList(coord.ctx, later.id)).build).toBeNull();
    } finally {
      setBackgroundFrom(2000);
      setListChunkSize(5000);
    }
  });
});
