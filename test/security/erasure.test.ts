import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../../src/db/schema/audit.js";
import { exchangeListVersion } from "../../src/db/schema/exchangeList.js";
import { countValuesUnder } from "../../src/db/repositories/sealedValues.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { erasePerson } from "../../src/services/erasure.js";
import { loadList, loadVersion } from "../../src/services/lists/common.js";
import { freezeList } from "../../src/services/lists/lifecycle.js";
import { createList } from "../../src/services/lists/lists.js";
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
});
