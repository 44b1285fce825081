import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makePerson } from "../../../test/helpers/factories.js";
import { importPeople } from "../import/importPeople.js";
import { listPeople, updatePerson } from "../people.js";
import { searchPeople } from "../search.js";
import { PeopleDirectory } from "./directory.js";
import { summaryRowOf } from "./personIndex.js";
import { personRowsByIds } from "../../db/repositories/personDirectory.js";

let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-directory-"));
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = async () => (await listPeople(rt.systemCtx(), { limit: 500 })).rows.map((r) => r.primaryName);

describe("person index", () => {
  it("orders, counts and finds people, and follows every edit without rebuilding", async () => {
    const a = await makePerson(rt, { primaryName: "Якимов Борис", alternateNames: [] });
    await makePerson(rt, { primaryName: "Іваненко Ганна", alternateNames: [], category: "ua_civilian_hostage" });
    await makePerson(rt, { primaryName: "Абрамов Юрий", alternateNames: ["Yuri Abramov"] });
    // Ukrainian і sorts after и, before й and к (the alphabet), not after я (code points).
    expect(await names()).toEqual(["Абрамов Юрий", "Іваненко Ганна", "Якимов Борис"]);
    const builtMs = rt.people.stats.buildMs;
    const applied = rt.people.stats.changesApplied;

    await updatePerson(rt.systemCtx(), a.id, { primaryName: "Бабкин Борис" });
    expect(await names()).toEqual(["Абрамов Юрий", "Бабкин Борис", "Іваненко Ганна"]);
    expect((await searchPeople(rt.systemCtx(), { q: "бабк" })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await searchPeople(rt.systemCtx(), { q: "Yakimov" })).rows).toEqual([]);
    // Latin words find Cyrillic spellings and the other way round.
    expect((await searchPeople(rt.systemCtx(), { q: "Babkin" })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await listPeople(rt.systemCtx(), { category: ["ua_civilian_hostage"] })).total).toBe(1);
    expect(rt.people.stats.buildMs).toBe(builtMs);
    expect(rt.people.stats.changesApplied).toBeGreaterThan(applied);
  });

  it("on PGlite, a read arriving while the catch-up after a write runs shares it: one question to the change feed", async () => {
    const client = rt.database.pglite;
    if (!client) return; // PostgreSQL: other processes write too, so every read asks
    const p = await makePerson(rt, { primaryName: "Догонялов Пётр", alternateNames: [] });
    await names(); // caught up
    await updatePerson(rt.systemCtx(), p.id, { primaryName: "Догонялов Павел" });
    const query = client.query.bind(client);
    let asked = 0;
    let second: Promise<unknown> | null = null;
    (client as { query: unknown }).query = (text: string, ...rest: unknown[]) => {
      if (/person_change/.test(text)) {
        asked++;
        // Arrives while the first read's catch-up runs (after this write ended): must not ask again.
        second ??= rt.people.indexOf(p.organisationId).then((idx) => idx.entries.get(p.id)?.primaryName);
      }
      return (query as (t: string, ...r: unknown[]) => Promise<unknown>)(text, ...rest);
    };
    try {
      expect(await names()).toContain("Догонялов Павел");
      expect(await second).toBe("Догонялов Павел");
      expect(asked).toBe(1);
    } finally {
      (client as { query: unknown }).query = query;
    }
  });

  it("sees people written by the bulk import (its foreign-key shortcut does not silence the change feed)", async () => {
    const csv = join(dir, "people.csv");
    writeFileSync(csv, "external_id,name,category,status\nIMP-1,Жуков Пётр,ru_political_prisoner,in_colony\nIMP-2,Ефимова Анна,ru_political_prisoner,detained\n");
    const r = await importPeople(rt.systemCtx(), { path: csv });
    expect(r.created).toBe(2);
    expect(await names()).toContain("Жуков Пётр");
    expect((await searchPeople(rt.systemCtx(), { q: "Ефимова" })).rows.map((x) => x.primaryName)).toEqual(["Ефимова Анна"]);
  });

  it("pages at any offset with the total of the whole filtered registry", async () => {
    const all = await listPeople(rt.systemCtx(), { limit: 500 });
    const page = await listPeople(rt.systemCtx(), { limit: 2, offset: 2 });
    expect(page.total).toBe(all.total);
    expect(page.rows.map((r) => r.id)).toEqual(all.rows.slice(2, 4).map((r) => r.id));
  });

  it("a build read in slices of two people holds every person with every spelling, as one read does", async () => {
    await makePerson(rt, { primaryName: "Слоев Игорь", alternateNames: ["Sloev Igor", "Слоєв Ігор"] });
    const sliced = new PeopleDirectory(rt.database, pino({ level: "silent" }), 2);
    const mine = await sliced.indexOf(rt.organisationId);
    const reference = await rt.people.indexOf(rt.organisationId);
    expect(mine.size).toBeGreaterThan(4);
    expect(mine.ordered().map((e) => [e.id, [...e.names].sort()])).toEqual(reference.ordered().map((e) => [e.id, [...e.names].sort()]));
    expect(mine.candidates("Слоев Игорь", 5)[0]?.id).toBe(reference.candidates("Слоев Игорь", 5)[0]?.id);
    await sliced.close();
  });

  it("takes the primary name from the person's row, not from its row among the spellings (missing here): the same names after a build and after an edit", async () => {
    const p = await makePerson(rt, { primaryName: "Ковальчук Олена Петрівна", alternateNames: ["Kovalchuk Olena"], sex: "female" });
    // The primary name's row of person_name gone (as an older version or a hand edit may leave it).
    await rt.database.db.execute(sql`delete from person_name where person_id = ${p.id}::uuid and is_primary`);
    const built = new PeopleDirectory(rt.database, pino({ level: "silent" }), 2);
    const idx = await built.indexOf(rt.organisationId);
    expect(idx.entries.get(p.id)?.names).toEqual(["Ковальчук Олена Петрівна", "Kovalchuk Olena"]);
    expect(idx.candidates("Ковальчук Олена", 5)[0]?.id).toBe(p.id);
    // After an edit the entry is read again (the change feed): the same names.
    await updatePerson(rt.systemCtx(), p.id, { alternateNames: ["Kovalchuk Olena", "Ковальчук Алёна"] });
    expect((await built.indexOf(rt.organisationId)).entries.get(p.id)?.names).toEqual(["Ковальчук Олена Петрівна", "Kovalchuk Olena", "Ковальчук Алёна"]);
    await built.close();
  });

  it("holds each person's fields as the database stores them (the build reads them as text): after a build and after an edit", async () => {
    const p = await makePerson(rt, { primaryName: "Демченко Олена", alternateNames: [], isDemo: true, birthDate: "1984-02-29", statusSince: "2023-05-06" });
    const built = new PeopleDirectory(rt.database, pino({ level: "silent" }), 2);
    const same = async () => {
      const [row] = await personRowsByIds(rt.database.db, [p.id]);
      const e = (await built.indexOf(rt.organisationId)).entries.get(p.id)!;
      const held = summaryRowOf(e);
      const stored = Object.fromEntries(Object.keys(held).map((k) => [k, row![k as keyof typeof row]]));
      expect({ ...held, updatedAt: held.updatedAt.getTime() }).toEqual({ ...stored, updatedAt: row!.updatedAt.getTime() });
      expect([e.isDemo, e.birthYear, typeof e.updatedAt]).toEqual([row!.isDemo, row!.birthYear, "number"]);
    };
    await same();
    await updatePerson(rt.systemCtx(), p.id, { isDemo: false, statusSince: null, homeRegion: "Херсонська область" });
    await same();
    await built.close();
  });

  it("answers unavailable (503) while the first build runs, when the caller may not wait", async () => {
    const fresh = new PeopleDirectory(rt.database, pino({ level: "silent" }));
    fresh.start({ waitMs: 0 });
    await expect(fresh.indexOf(rt.organisationId)).rejects.toMatchObject({ kind: "unavailable" });
    expect((await fresh.indexOf(rt.organisationId, Infinity)).size).toBeGreaterThan(0);
    await fresh.close();
  });

  it("reads the dashboard's sums after the build only at a lull, never while reads keep coming (they would queue behind it)", async () => {
    const fresh = new PeopleDirectory(rt.database, pino({ level: "silent" }));
    const warm = vi.spyOn(fresh.dashboard, "warm");
    // (The server's: from 2 s after the build, at the first second without a read.)
    fresh.start({ waitMs: 10_000, dashboardLull: { afterMs: 100, idleMs: 400 } });
    await fresh.built();
    // A read every 50 ms for 1.5 s: long past 100 ms after the build, but never 400 ms without one.
    for (let t = 0; t < 1500; t += 50) {
      await fresh.indexOf(rt.organisationId);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(warm).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 800));
    expect(warm).toHaveBeenCalledTimes(1);
    await fresh.close();
  });

  it("waits for its turn before the first build (a cluster worker), answering unavailable meanwhile, then builds", async () => {
    const fresh = new PeopleDirectory(rt.database, pino({ level: "silent" }));
    let turn = () => {};
    fresh.start({ waitMs: 50, after: new Promise<void>((r) => (turn = r)) });
    await expect(fresh.indexOf(rt.organisationId)).rejects.toMatchObject({ kind: "unavailable" });
    await new Promise((r) => setTimeout(r, 200));
    expect(fresh.stats.state).toBe("building");
    expect(fresh.stats.people).toBe(0);
    turn();
    await fresh.built();
    expect((await fresh.indexOf(rt.organisationId)).size).toBe((await rt.people.indexOf(rt.organisationId)).size);
    await fresh.close();
  });

  it("on PostgreSQL, another process's index catches up on its own when told (LISTEN person_change)", async () => {
    if (rt.database.kind !== "postgres") return;
    const other = new PeopleDirectory(rt.database, pino({ level: "silent" }));
    other.start({ waitMs: 10_000 });
    await other.indexOf(rt.organisationId);
    const before = other.stats.changesApplied;
    await makePerson(rt, { primaryName: "Слушаев Нотиф", alternateNames: [] });
    // No read asks it to: the notification alone makes it apply the change.
    for (let i = 0; i < 50 && other.stats.changesApplied === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(other.stats.changesApplied).toBeGreaterThan(before);
    await other.close();
  });

  it("rebuilds after a truncation (a restore), which names nobody", async () => {
    expect((await listPeople(rt.systemCtx(), {})).total).toBeGreaterThan(0);
    await rt.database.db.execute(sql`truncate person cascade`);
    expect((await listPeople(rt.systemCtx(), {})).total).toBe(0);
  });
});
