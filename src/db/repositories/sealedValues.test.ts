import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { genevaRecord, person, source } from "../schema/person.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { isPersonSealed, openSealed } from "../../security/personKeys.js";
import { namesOf } from "./people.js";
import { casesOf } from "./cases.js";
import { sealClearFieldValues, sealPlaintextValues } from "./sealedValues.js";
import { resealLinkedAppeals } from "../../services/appeals/appealSeal.js";
import { appeal } from "../schema/appeal.js";
import { findPriorityFacts, healthRecordsOf } from "./assessment.js";
import { makePerson } from "../../../test/helpers/factories.js";

// The data migration of sealed names: a database written by the previous version holds names, case texts and
// notes in clear. On start-up (openRuntime → openPersonKeys) every such value is sealed under its person's key;
// the app then reads them as before.

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe("sealing what an older version stored in clear", () => {
  it("seals every plaintext value of every person-sealed column, and the app reads them back unchanged", async () => {
    const db = rt.database.db;
    const id = randomUUID();
    const caseId = randomUUID();
    // Written as the previous version did: plain text in these columns (raw SQL, since the schema now refuses it).
    await db.execute(sql`insert into person (id, organisation_id, primary_name, latin_name, category, public_summary) values (${id}, ${rt.organisationId}, 'Старова Прасковья Ильинична', 'STAROVA PRASKOVIA', 'ru_political_prisoner', 'учительница из Твери')`);
    await db.execute(sql`insert into person_name (person_id, name, script, is_primary) values (${id}, 'Старова Прасковья Ильинична', 'cyrl', true), (${id}, 'Starova Praskovia', 'latn', false)`);
    await db.execute(sql`insert into criminal_case (id, person_id, case_number, court, judge, summary) values (${caseId}, ${id}, '1-99/2023', 'Тверской районный суд', 'Судья Ветрова', ${"долгое описание дела ".repeat(200)})`);
    await db.execute(sql`insert into status_event (person_id, status, note) values (${id}, 'in_colony', 'этапирована в ИК-5')`);
    await db.execute(sql`insert into consent_record (person_id, publicity, given_by, note) values (${id}, 'full', 'сестра', 'по телефону')`);

    // Migration 0023 turned these into text columns holding the old values' text.
    await db.execute(sql`insert into health_record (person_id, details_enc, severity, prevents_serving) values (${id}, ${rt.cipher.sealJson({ condition: "туберкулёз" })}, 'severe', 'true')`);
    // Sealed with the field key by the previous version; now under the person's key (erasure covers them too).
    await db.execute(sql`update person set staff_note_enc = ${rt.cipher.seal("семья на связи")} where id = ${id}`);
    await db.execute(sql`insert into geneva_record (person_id, data_enc) values (${id}, ${rt.cipher.sealJson({ fatherFirstName: "Илья" })})`);
    await db.execute(sql`insert into priority_facts (person_id, minor_children, other_dependants, conditions, pregnant, children_under_14, sole_carer) values (${id}, '2', '0', '[{"kind": "torture", "verified": true}]', 'false', '1', 'true')`);

    const report = await sealPlaintextValues(db);
    expect(report).toMatchObject({ person: 1, person_name: 2, criminal_case: 1, status_event: 1, consent_record: 1, health_record: 1, priority_facts: 1, geneva_record: 1 });
    const [enc] = rowsOf<Record<string, string>>(
      await db.execute(sql`select p.staff_note_enc, h.details_enc, g.data_enc from person p, health_record h, geneva_record g where p.id = ${id} and h.person_id = p.id and g.person_id = p.id`),
    );
    expect(Object.values(enc!).every((v) => v.startsWith(`p1.${id}.`))).toBe(true);
    const [opened] = await db.select({ note: person.staffNoteEnc, data: genevaRecord.dataEnc }).from(person).innerJoin(genevaRecord, eq(genevaRecord.personId, person.id)).where(eq(person.id, id));
    expect(opened).toEqual({ note: "семья на связи", data: { fatherFirstName: "Илья" } });
    const [h] = rowsOf<{ severity: string; prevents_serving: string }>(await db.execute(sql`select severity, prevents_serving from health_record where person_id = ${id}`));
    expect([h!.severity, h!.prevents_serving].every(isPersonSealed)).toBe(true);
    expect((await healthRecordsOf(db, id)).map((r) => [r.severity, r.preventsServing, r.detailsEnc])).toEqual([["severe", true, { condition: "туберкулёз" }]]);
    expect(await findPriorityFacts(db, id)).toMatchObject({ minorChildren: 2, otherDependants: 0, conditions: [{ kind: "torture", verified: true }], pregnant: false, childrenUnder14: 1, soleCarer: true });
    // Nothing left in clear, and a second run finds nothing to do.
    const clear = rowsOf<{ v: string }>(
      await db.execute(sql`select primary_name as v from person where id = ${id} union all select name from person_name where person_id = ${id}
        union all select court from criminal_case where id = ${caseId} union all select summary from criminal_case where id = ${caseId}
        union all select note from status_event where person_id = ${id} union all select given_by from consent_record where person_id = ${id}`),
    );
    expect(clear.length).toBe(7);
    expect(clear.every((r) => isPersonSealed(r.v))).toBe(true);
    expect(await sealPlaintextValues(db)).toEqual({});

    // The app reads them as before: names, the case, and the person index built from opened values.
    expect((await namesOf(db, [id])).get(id)!.map((n) => n.name)).toEqual(["Старова Прасковья Ильинична", "Starova Praskovia"]);
    const [c] = await casesOf(db, [id]);
    expect([c!.caseNumber, c!.court, c!.judge, c!.summary?.length]).toEqual(["1-99/2023", "Тверской районный суд", "Судья Ветрова", "долгое описание дела ".length * 200]);
    const index = await rt.people.indexOf(rt.organisationId);
    expect(index.ordered("name").find((e) => e.id === id)?.primaryName).toBe("Старова Прасковья Ильинична");
  });

  it("seals an appeal's clear words about the held person: with the field key while unlinked, under the person's key once linked", async () => {
    const db = rt.database.db;
    const [loose, linked] = [randomUUID(), randomUUID()];
    const p = await makePerson(rt, { primaryName: "Лопухина Анфиса Игнатьевна" });
    for (const [id, pid] of [[loose, null], [linked, p.id]] as const)
      await db.execute(sql`insert into appeal (id, organisation_id, language, channel, linked_person_id, held_name, held_birth_date, held_where, held_article, held_since)
        values (${id}, ${rt.organisationId}, 'ru', 'web', ${pid}, 'Лопухина Анфиса Игнатьевна', '03.04.1970', 'СИЗО-2 Тверь', '280.3', 'март 2024')`);
    expect(await sealPlaintextValues(db)).toMatchObject({ appeal: 2 });
    const raw = async (id: string) => rowsOf<Record<string, string>>(await db.execute(sql`select held_name, held_birth_date, held_where, held_article, held_since from appeal where id = ${id}`))[0]!;
    expect(Object.values(await raw(loose)).every((v) => v.startsWith("v1."))).toBe(true);
    expect(Object.values(await raw(linked)).every((v) => v.startsWith(`p1.${p.id}.`))).toBe(true);
    for (const id of [loose, linked]) {
      const [opened] = await db.select().from(appeal).where(sql`id = ${id}`);
      expect(opened).toMatchObject({ heldName: "Лопухина Анфиса Игнатьевна", heldBirthDate: "03.04.1970", heldWhere: "СИЗО-2 Тверь", heldArticle: "280.3", heldSince: "март 2024" });
    }
    expect(await sealPlaintextValues(db)).toEqual({});
    // A linked appeal whose held_* an older version sealed with the field key: moved under the person's key.
    const earlier = randomUUID();
    await db.execute(sql`insert into appeal (id, organisation_id, language, channel, linked_person_id, held_name, held_where)
      values (${earlier}, ${rt.organisationId}, 'ru', 'web', ${p.id}, ${rt.cipher.seal("Лопухину Анфису")}, ${rt.cipher.seal("ИК-6 Тверь")})`);
    expect(await sealPlaintextValues(db)).toEqual({ appeal: 1 });
    const moved = rowsOf<Record<string, string>>(await db.execute(sql`select held_name, held_where from appeal where id = ${earlier}`))[0]!;
    expect(Object.values(moved).every((v) => v.startsWith(`p1.${p.id}.`))).toBe(true);
    expect((await db.select().from(appeal).where(sql`id = ${earlier}`))[0]).toMatchObject({ heldName: "Лопухину Анфису", heldWhere: "ИК-6 Тверь" });
  });

  it("moves a linked appeal's content that an older version left under the field key under the person's key", async () => {
    const db = rt.database.db;
    const p = await makePerson(rt, { primaryName: "Старосельцева Агния" });
    const id = randomUUID();
    await db.execute(sql`insert into appeal (id, organisation_id, language, channel, linked_person_id, contact_enc, text_enc)
      values (${id}, ${rt.organisationId}, 'ru', 'web', ${p.id}, ${rt.cipher.sealJson({ method: "email", value: "agniya.mama@example.org", safetyNote: null })}, ${rt.cipher.sealJson({ body: "Агния в СИЗО-3" })})`);
    await db.execute(sql`insert into appeal_event (appeal_id, kind, actor_label, detail, note_enc) values (${id}, 'infoRequested', 'test', '{}'::jsonb, ${rt.cipher.seal("номер дела?")})`);
    expect(await resealLinkedAppeals(db, rt.cipher)).toBe(1);
    const [a] = rowsOf<{ c: string; t: string }>(await db.execute(sql`select contact_enc as c, text_enc as t from appeal where id = ${id}`));
    const [e] = rowsOf<{ n: string }>(await db.execute(sql`select note_enc as n from appeal_event where appeal_id = ${id}`));
    for (const v of [a!.c, a!.t, e!.n]) expect(v.startsWith(`p1.${p.id}.`)).toBe(true);
    expect(JSON.parse(openSealed(a!.t))).toEqual({ body: "Агния в СИЗО-3" });
    expect(await resealLinkedAppeals(db, rt.cipher)).toBe(0);
  });

  it("seals a source's own note an older version stored in clear with the field key; the app reads it opened", async () => {
    const db = rt.database.db;
    const id = randomUUID();
    await db.execute(sql`insert into source (id, organisation_id, kind, title, note) values (${id}, ${rt.organisationId}, 'url', 'Канал', 'пишет сестра Лопухиной')`);
    expect(await sealClearFieldValues(db, rt.cipher)).toMatchObject({ source: 1 });
    const [raw] = rowsOf<{ note: string }>(await db.execute(sql`select note from source where id = ${id}`));
    expect(raw!.note).toMatch(/^v1\./);
    expect((await db.select().from(source).where(sql`id = ${id}`))[0]?.note).toBe("пишет сестра Лопухиной");
    expect(await sealClearFieldValues(db, rt.cipher)).toEqual({});
  });
});
