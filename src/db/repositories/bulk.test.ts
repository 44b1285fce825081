import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { person, personName, statusEvent } from "../schema/person.js";
import { anyOf, bulkInsert, holdReferencedRows, pgliteClientOf, withNewParentsOnly } from "./bulk.js";
import { organisation } from "../schema/organisation.js";
import { sealPersonRow } from "../schema/sealed.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => rt.close());

const db = () => rt.database.db;
const kind = () => rt.database.kind;

describe("bulkInsert", () => {
  it("inserts every row, with defaults for absent columns and text that needs quoting", async () => {
    const ids = [randomUUID(), randomUUID()];
    await bulkInsert(db(), kind(), person, [
      sealPersonRow(person, ids[0]!, { id: ids[0]!, organisationId: rt.organisationId, externalId: "b-1", primaryName: `Quote " back\\slash, comma`, category: "ua_pow" as const }),
      sealPersonRow(person, ids[1]!, { id: ids[1]!, organisationId: rt.organisationId, externalId: "b-2", primaryName: "Иванов Иван", category: "ua_pow" as const, birthYear: 1990 }),
    ]);
    const rows = await db().select().from(person).where(eq(person.organisationId, rt.organisationId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0]!)).toMatchObject({ primaryName: `Quote " back\\slash, comma`, sex: "unknown", birthYear: null });
    expect(byId.get(ids[1]!)).toMatchObject({ primaryName: "Иванов Иван", birthYear: 1990 });
  });
});

describe("bulkInsert (COPY on PGlite)", () => {
  it("takes the COPY path on PGlite, inside a transaction and outside", async () => {
    expect(pgliteClientOf(db()) !== null).toBe(kind() === "pglite");
    await db().transaction(async (t) => expect(pgliteClientOf(t as unknown as typeof rt.database.db) !== null).toBe(kind() === "pglite"));
  });

  it("keeps tabs, newlines, carriage returns, backslashes and a literal \\N as written; null stays null", async () => {
    const texts = ["tab\there", "line\nbreak", "cr\rlf", "back\\slash \\N \\t", "\\N", "\\.", "Ёжик ✓"];
    const id = randomUUID();
    await db().transaction(async (t) => {
      const tx = t as unknown as typeof rt.database.db;
      await bulkInsert(tx, kind(), person, [sealPersonRow(person, id, { id, organisationId: rt.organisationId, externalId: "copy-0", primaryName: "copy", category: "ua_pow" as const })]);
      await bulkInsert(tx, kind(), personName, texts.map((name) => sealPersonRow(personName, id, { personId: id, name, script: "other" as const })));
      await bulkInsert(tx, kind(), statusEvent, [{ personId: id, status: "detained" as const, note: null, occurredOn: "2024-02-29" }]);
      // Names are sealed (base64 on the way in): the same texts also go in a column stored as written.
      await bulkInsert(tx, kind(), person, texts.map((t) => { const pid = randomUUID(); return sealPersonRow(person, pid, { id: pid, organisationId: rt.organisationId, externalId: `copy-ext ${t}`, primaryName: "x", category: "ua_pow" as const }); }));
    });
    const names = await db().select({ name: personName.name }).from(personName).where(eq(personName.personId, id));
    expect(names.map((n) => n.name).sort()).toEqual([...texts].sort());
    const ext = await db().select({ e: person.externalId }).from(person).where(anyOf(person.externalId, texts.map((t) => `copy-ext ${t}`)));
    expect(ext.map((r) => r.e).sort()).toEqual(texts.map((t) => `copy-ext ${t}`).sort());
    const [event] = await db().select().from(statusEvent).where(eq(statusEvent.personId, id));
    expect(event).toMatchObject({ note: null, occurredOn: "2024-02-29", status: "detained" });
  });
});

describe("anyOf", () => {
  it("matches values with quotes, backslashes, commas and braces, and nothing else", async () => {
    const odd = [`a"b`, "c\\d", "e,f", "{g}", "NULL"];
    await bulkInsert(db(), kind(), person, odd.map((externalId) => { const id = randomUUID(); return sealPersonRow(person, id, { id, organisationId: rt.organisationId, externalId, primaryName: "x", category: "ua_pow" as const }); }));
    const found = await db().select({ e: person.externalId }).from(person).where(anyOf(person.externalId, [...odd, "absent"]));
    expect(found.map((r) => r.e).sort()).toEqual([...odd].sort());
  });
});

describe("withNewParentsOnly", () => {
  it("inserts the children of rows inserted in the same transaction", async () => {
    const id = randomUUID();
    await db().transaction(async (t) => {
      const tx = t as unknown as typeof rt.database.db;
      await bulkInsert(tx, kind(), person, [sealPersonRow(person, id, { id, organisationId: rt.organisationId, externalId: "p-1", primaryName: "Петров Пётр", category: "ua_pow" as const })]);
      await withNewParentsOnly(tx, kind(), [personName], () => bulkInsert(tx, kind(), personName, [sealPersonRow(personName, id, { personId: id, name: "Петров Пётр", script: "cyrl" as const, isPrimary: true })]));
    });
    expect(await db().select().from(personName).where(eq(personName.personId, id))).toHaveLength(1);
  });

  it("leaves foreign-key checks on after it returns, and on a PostgreSQL server throughout", async () => {
    const orphan = () => bulkInsert(db(), kind(), statusEvent, [{ personId: randomUUID(), status: "detained" }]);
    await expect(db().transaction(async (t) => {
      const tx = t as unknown as typeof rt.database.db;
      await withNewParentsOnly(tx, kind(), [personName], async () => {});
      await bulkInsert(tx, kind(), statusEvent, [{ personId: randomUUID(), status: "detained" }]);
    })).rejects.toThrow();
    await expect(orphan()).rejects.toThrow();
    if (kind() === "postgres")
      await expect(db().transaction((t) => withNewParentsOnly(t as unknown as typeof rt.database.db, kind(), [personName], () => bulkInsert(t as unknown as typeof rt.database.db, kind(), personName, [(() => { const pid = randomUUID(); return sealPersonRow(personName, pid, { personId: pid, name: "x", script: "latn" as const }); })()])))).rejects.toThrow();
  });

  it("on PGlite really skips the per-row checks inside (why it exists), and restores them when fn throws", async () => {
    const setting = async (tx: typeof rt.database.db) => ((await tx.execute(sql`select current_setting('session_replication_role') as r`)) as unknown as { rows: { r: string }[] }).rows[0]!.r;
    await db().transaction(async (t) => {
      const tx = t as unknown as typeof rt.database.db;
      const inside = await withNewParentsOnly(tx, kind(), [personName], () => setting(tx));
      expect(inside).toBe(kind() === "pglite" ? "replica" : "origin");
      await expect(withNewParentsOnly(tx, kind(), [personName], () => Promise.reject(new Error("caught by the caller")))).rejects.toThrow("caught");
      expect(await setting(tx)).toBe("origin");
      await expect(tx.transaction((sp) => bulkInsert(sp as unknown as typeof rt.database.db, kind(), statusEvent, [{ personId: randomUUID(), status: "detained" }]))).rejects.toThrow();
    });
  });

  it("holdReferencedRows passes for rows that exist and throws for a missing one", async () => {
    await db().transaction((t) => holdReferencedRows(t as unknown as typeof rt.database.db, organisation, [rt.organisationId, rt.organisationId]));
    const missing = randomUUID();
    await expect(db().transaction((t) => holdReferencedRows(t as unknown as typeof rt.database.db, organisation, [rt.organisationId, missing]))).rejects.toThrow(missing);
  });

  it("insertsOnly: a table guarded against UPDATE and DELETE only loses just the per-row checks; an INSERT trigger keeps them", async () => {
    const setting = async (tx: typeof rt.database.db) => ((await tx.execute(sql`select current_setting('session_replication_role') as r`)) as unknown as { rows: { r: string }[] }).rows[0]!.r;
    const inside = (opts: { insertsOnly?: boolean }) => db().transaction((t) => withNewParentsOnly(t as unknown as typeof rt.database.db, kind(), [personName], () => setting(t as unknown as typeof rt.database.db), opts));
    await db().execute(sql.raw(`create function aff_test_forbid() returns trigger language plpgsql as $$ begin raise exception 'immutable'; end $$`));
    try {
      // As a list version's rows are guarded (migration 0005): UPDATE and DELETE refused by a trigger.
      await db().execute(sql.raw(`create trigger aff_test_guard before update or delete on person_name for each row execute function aff_test_forbid()`));
      expect(await inside({ insertsOnly: true })).toBe(kind() === "pglite" ? "replica" : "origin");
      expect(await inside({})).toBe("origin");
      await db().execute(sql.raw(`create trigger aff_test_ins before insert on person_name for each row execute function aff_test_forbid()`));
      expect(await inside({ insertsOnly: true })).toBe("origin");
    } finally {
      await db().execute(sql.raw(`drop trigger if exists aff_test_guard on person_name`));
      await db().execute(sql.raw(`drop trigger if exists aff_test_ins on person_name`));
      await db().execute(sql.raw(`drop function aff_test_forbid()`));
    }
  });

  it("keeps every check on a table that has triggers of its own (replica mode would silence them)", async () => {
    await db().execute(sql.raw(`create function aff_test_count() returns trigger language plpgsql as $$ begin perform set_config('aff.test_fired', 'yes', true); return new; end $$`));
    await db().execute(sql.raw(`create trigger aff_test_trg before insert on person_name for each row execute function aff_test_count()`));
    try {
      const fired = await db().transaction(async (t) => {
        const tx = t as unknown as typeof rt.database.db;
        const id = randomUUID();
        await bulkInsert(tx, kind(), person, [sealPersonRow(person, id, { id, organisationId: rt.organisationId, externalId: "p-2", primaryName: "Сидоров", category: "ua_pow" as const })]);
        await withNewParentsOnly(tx, kind(), [personName], () => bulkInsert(tx, kind(), personName, [sealPersonRow(personName, id, { personId: id, name: "Сидоров", script: "cyrl" as const })]));
        const r = await tx.execute(sql`select current_setting('aff.test_fired', true) as f`);
        return (r as unknown as { rows: { f: string }[] }).rows[0]!.f;
      });
      expect(fired).toBe("yes");
      await expect(db().transaction((t) => withNewParentsOnly(t as unknown as typeof rt.database.db, kind(), [personName], () => bulkInsert(t as unknown as typeof rt.database.db, kind(), personName, [(() => { const pid = randomUUID(); return sealPersonRow(personName, pid, { personId: pid, name: "x", script: "latn" as const }); })()])))).rejects.toThrow();
    } finally {
      await db().execute(sql.raw(`drop trigger aff_test_trg on person_name`));
      await db().execute(sql.raw(`drop function aff_test_count()`));
    }
  });
});
