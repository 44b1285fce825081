import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../../src/db/schema/audit.js";
import { exchangeListVersion } from "../../src/db/schema/exchangeList.js";
import { countValuesUnder } from "../../src/db/repositories/sealedValues.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { erasePerson } from "../../src/services/erasure.js";
import { loadList, loadVersion, writeVersion } from "../../src/services/lists/common.js";
import { tx } from "../../src/services/people.js";
import { freezeList } from "../../src/services/lists/lifecycle.js";
import { createList, getList, getListVersion, refreshList } from "../../src/services/lists/lists.js";
import { listBuildsSettled, setAfterChunk, setBackgroundFrom } from "../../src/services/lists/background.js";
import { setListChunkSize } from "../../src/services/lists/build.js";
import { recordHealth } from "../../src/services/personRecords.js";
import { setPriorityFacts } from "../../src/services/priority.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../helpers/factories.js";

// Erasure (issue #20): the person's key is deleted; a frozen list version keeps the erased person's row as a
// placeholder, its positions and its content hash; the audit log keeps the facts and never held the values.

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

describe("erasure", () => {
  it("deletes the key, leaves a placeholder row in a frozen list version with its hash, and an audit log without values", async () => {
    const { ctx: coordinator } = await makeUser(rt, "coordinator");
    const erased = await makePerson(rt, { primaryName: "Шептунова Агриппина Саввична", alternateNames: ["Sheptunova Agrippina"], birthDate: "1958-02-11", exchangeConsent: "consents" });
    const other = await makePerson(rt, { primaryName: "Гладышев Мирон Ильич", alternateNames: [], birthDate: "1990-05-05", exchangeConsent: "consents" });
    await makeCase(rt, erased.id, { court: "Шептуновский городской суд" });
    await recordHealth(coordinator, erased.id, { condition: "инсульт", icd10: ["I63"], severity: "critical", preventsServing: true });
    await setPriorityFacts(coordinator, erased.id, { minorChildren: 2, conditions: [{ kind: "torture", verified: true }] });
    const list = await createList(coordinator, { name: "Обмен", categories: ["ru_political_prisoner"], filters: { region: "Нигде" }, personIds: [erased.id, other.id] });
    await freezeList(coordinator, list.id);
    const before = await loadVersion(rt.database.db, await loadList(rt.database.db, coordinator, list.id));
    expect(before.rows.map((r) => r.nameCyrillic).sort()).toEqual(["Гладышев Мирон Ильич", "Шептунова Агриппина Саввична"]);

    // The audit entries about the person hold facts only: no severity, flag, count or condition.
    const aboutHer = async () => (await rt.database.db.select().from(auditEvent).where(eq(auditEvent.targetId, erased.id))).map((e) => JSON.stringify(e.detail));
    const facts = (await aboutHer()).join("\n");
    for (const value of ["critical", "preventsServing\":true", "torture", "инсульт", "I63", "Шептунова", "Sheptunova", "Шептуновский", "1958-02-11"]) expect(facts, value).not.toContain(value);
    expect(await countValuesUnder(rt.database.db, erased.id)).toBeGreaterThan(5);

    await erasePerson(coordinator, erased.id, "request of Шептунова А.С.");
    expect(rt.personKeys.has(erased.id)).toBe(false);

    // The frozen version: the row is a placeholder in its place, the other row as it was, the hash unchanged.
    const after = await loadVersion(rt.database.db, await loadList(rt.database.db, coordinator, list.id));
    expect(after.rows).toHaveLength(before.rows.length);
    const placeholder = after.rows.find((r) => r.nameCyrillic === "[erased]")!;
    expect(placeholder).toMatchObject({ nameLatin: "[erased]", birthDate: null, personId: null });
    expect(after.rows.indexOf(placeholder)).toBe(before.rows.findIndex((r) => r.personId === erased.id));
    expect(after.rows.find((r) => r.personId === other.id)).toEqual(before.rows.find((r) => r.personId === other.id));
    const [v] = await rt.database.db.select().from(exchangeListVersion).where(eq(exchangeListVersion.id, before.version.id));
    expect(v!.contentHash).toBe(before.version.contentHash);
    // …and still verifies: the erased row kept its own hash, the other row matches its hash.
    expect(before.integrity).toMatchObject({ verified: true, summary: "intact: all 2 rows match the content hash" });
    const position = after.rows.indexOf(placeholder) + 1;
    expect(after.integrity).toEqual({ verified: true, erasedRows: [position], changedRows: [], summary: `row ${position} erased on request, the other 1 intact` });

    // The log keeps the erasure as a fact (the reason without her name) and stays intact.
    const entries = await aboutHer();
    expect(entries.join("\n")).not.toContain("Шептунова");
    const [fact] = await rt.database.db.select().from(auditEvent).where(eq(auditEvent.type, "person.erased"));
    expect(fact!.detail).toMatchObject({ reason: "request of [erased] А.С." });
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
    // Nothing is left under her key.
    expect(await countValuesUnder(rt.database.db, erased.id)).toBe(0);
    expect((await rt.database.db.execute(sql`select 1 from health_record where person_id = ${erased.id}`)) as unknown as { rows: unknown[] }).toMatchObject({ rows: [] });
  });

  it("reaches the rows of a version built in the background, and a build it overtakes stores nothing of the person", async () => {
    const { ctx: coordinator } = await makeUser(rt, "coordinator");
    const people: Awaited<ReturnType<typeof makePerson>>[] = [];
    for (const [name, birthDate] of [
      ["Варламова Ефросинья Глебовна", "1949-03-03"],
      ["Тихонов Лукьян Маркович", "1971-11-21"],
      ["Зуева Прасковья Ильинична", "1983-07-07"],
      ["Рябов Савва Кузьмич", "1992-01-30"],
    ] as const)
      people.push(await makePerson(rt, { primaryName: name, alternateNames: [], birthDate, exchangeConsent: "consents" }));
    const byHand = { name: "Обмен, в фоне", categories: ["ru_political_prisoner" as const], filters: { region: "Нигде" }, personIds: people.map((p) => p.id) };
    setBackgroundFrom(1);
    setListChunkSize(1);
    try {
      // A version built in the background, then the person erased: a placeholder in her place, the version verifies.
      const built = await createList(coordinator, byHand);
      expect(built.version).toBeNull();
      await listBuildsSettled();
      await erasePerson(coordinator, people[0]!.id, "request of Варламова Е.Г.");
      const v = await getListVersion(coordinator, built.id);
      expect(v.rows.filter((r) => r.erased)).toHaveLength(1);
      expect(v.rows.map((r) => r.nameCyrillic)).not.toContain("Варламова Ефросинья Глебовна");
      expect(v.version.integrity).toMatchObject({ verified: true, erasedRows: [v.rows.findIndex((r) => r.erased) + 1] });
      expect(await countValuesUnder(rt.database.db, people[0]!.id)).toBe(0);

      // Erased while a build is composing her row (one person a chunk; she is the first): the build must not store
      // it — sealing it would make her a new key and keep her name after the erasure. It fails, saying why.
      setAfterChunk(async (_, done) => {
        if (done === 1) await erasePerson(coordinator, people[1]!.id, "request of Тихонов Л.М.");
      });
      const racing = await createList(coordinator, { ...byHand, name: "Обмен, в фоне, 2", personIds: people.slice(1).map((p) => p.id) });
      await listBuildsSettled();
      setAfterChunk(null);
      expect(await getList(coordinator, racing.id)).toMatchObject({ currentVersion: 0, build: { state: "failed", error: "people_gone", gone: 1 } });
      expect(rt.personKeys.has(people[1]!.id)).toBe(false);
      expect(await countValuesUnder(rt.database.db, people[1]!.id)).toBe(0);
      // Built again, the list takes the people still in the registry.
      await refreshList(coordinator, racing.id);
      await listBuildsSettled();
      expect((await getListVersion(coordinator, racing.id)).rows.map((r) => r.personId).sort()).toEqual([people[2]!.id, people[3]!.id].sort());
    } finally {
      setAfterChunk(null);
      setBackgroundFrom(2000);
      setListChunkSize(5000);
    }
  });

  it("waits for a version being stored with the person on it, then reaches its rows (PostgreSQL: another connection)", async () => {
    const { ctx: coordinator } = await makeUser(rt, "coordinator");
    const her = await makePerson(rt, { primaryName: "Кондратьева Евдокия Фоминична", alternateNames: [], birthDate: "1956-04-18", exchangeConsent: "consents" });
    const him = await makePerson(rt, { primaryName: "Сидоренко Панас Остапович", alternateNames: [], birthDate: "1969-09-09", exchangeConsent: "consents" });
    const l = await createList(coordinator, { name: "Обмен, запись версии", categories: ["ru_political_prisoner"], filters: { region: "Нигде" }, personIds: [her.id, him.id] });
    const { rows } = await loadVersion(rt.database.db, await loadList(rt.database.db, coordinator, l.id));
    // Every build ends this way: its rows (composed before) stored as the next version, the list locked. Held open
    // after the write, as a build of 100,000 rows is while it seals and inserts, while the erasure comes.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let written = () => {};
    const wrote = new Promise<void>((r) => (written = r));
    const storing = tx(coordinator, async (db) => {
      await writeVersion(db, coordinator, await loadList(db, coordinator, l.id, { forUpdate: true }), rows, "stored while she is erased", "2026-12-06");
      written();
      await held;
    });
    await Promise.race([wrote, storing]);
    const erasing = erasePerson(coordinator, her.id, "request of Кондратьева Е.Ф.");
    // Long enough for an erasure that does not wait to commit (it did: its read of the list rows missed version 2's).
    await Promise.race([erasing.catch(() => undefined), new Promise((r) => setTimeout(r, 1500))]);
    release();
    await storing;
    await erasing;
    const v2 = await loadVersion(rt.database.db, await loadList(rt.database.db, coordinator, l.id), 2);
    expect(v2.rows.map((r) => r.personId)).not.toContain(her.id);
    expect(v2.rows.map((r) => r.nameCyrillic)).not.toContain("Кондратьева Евдокия Фоминична");
    expect(v2.rows.filter((r) => r.erased)).toHaveLength(1);
    expect(await countValuesUnder(rt.database.db, her.id)).toBe(0);
  });
});
