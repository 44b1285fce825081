import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, openPeerRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../test/helpers/factories.js";
import { statsFacts } from "../db/repositories/stats.js";
import { caseArticle, criminalCase } from "../db/schema/case.js";
import { organisation } from "../db/schema/organisation.js";
import { DashboardTallies, tallyOf } from "./dashboardTally.js";
import { erasePerson } from "./erasure.js";
import { createFacility, updateFacility } from "./facilities.js";
import { mergePeople } from "./merge.js";
import { updateCase, updatePerson } from "./people.js";
import { getStats } from "./stats.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe("the dashboard's people held over time", () => {
  it("counts each person from the month of detention until the month of release, as month-by-month counting does", async () => {
    // Detained before 2014, in the middle, in the same month as freed, freed later, never freed, no date at all.
    const people: [string, string | null, string | null, "ru_political_prisoner" | "ua_civilian_hostage"][] = [
      ["Горинов Алексей Александрович", "2012-05-03", null, "ru_political_prisoner"],
      ["Кузьмин Денис Олегович", "2019-02-11", "2021-08-30", "ru_political_prisoner"],
      ["Шевченко Олена Петрівна", "2022-03-05", "2022-03-28", "ua_civilian_hostage"],
      ["Бондаренко Іван Миколайович", "2022-03-20", "2024-06-01", "ua_civilian_hostage"],
      ["Ткаченко Марія Олегівна", "2023-11-30", null, "ua_civilian_hostage"],
      ["Сидоров Николай Павлович", null, null, "ru_political_prisoner"],
    ];
    for (const [name, detained, freed, category] of people) {
      const p = await makePerson(rt, { primaryName: name, alternateNames: [], category, ...(freed ? { status: "exchanged", statusSince: freed } : {}) });
      if (detained) await makeCase(rt, p.id, { detainedOn: detained, custodyPeriods: [] });
    }
    const coord = await makeUser(rt, "coordinator");
    const stats = await getStats(coord.ctx);
    expect(stats.heldOverTime[0]!.month).toBe("2014-01");
    // Month by month over every person, the slow way: the kept sums must say the same.
    for (const row of stats.heldOverTime) {
      const expected: Record<string, number> = { ru_political_prisoner: 0, ua_civilian_hostage: 0 };
      for (const [, detained, freed, category] of people) if (detained && detained.slice(0, 7) <= row.month && !(freed && freed.slice(0, 7) <= row.month)) expected[category]!++;
      expect(row.counts, row.month).toEqual(expected);
    }
    const month = (m: string) => stats.heldOverTime.find((r) => r.month === m)!.counts;
    expect(month("2014-01")).toEqual({ ru_political_prisoner: 1, ua_civilian_hostage: 0 });
    expect(month("2021-07")).toEqual({ ru_political_prisoner: 2, ua_civilian_hostage: 0 });
    expect(month("2022-03")).toEqual({ ru_political_prisoner: 1, ua_civilian_hostage: 1 });
    expect(month("2024-06")).toEqual({ ru_political_prisoner: 1, ua_civilian_hostage: 1 });
    expect(stats.freedByMonth).toEqual([
      { month: "2021-08", counts: { exchanged: 1 } },
      { month: "2022-03", counts: { exchanged: 1 } },
      { month: "2024-06", counts: { exchanged: 1 } },
    ]);
  });
});

describe("the dashboard's kept sums", () => {
  it("stay equal to a count from the database after every kind of write, whoever makes it", async () => {
    const coord = await makeUser(rt, "coordinator");
    const org = coord.user.organisationId;
    /** The organisation's numbers counted afresh from the database, person by person. */
    const counted = async () => {
      const tally = tallyOf((await statsFacts(rt.database.db, { organisationId: org })).values());
      return tally.result(coord.ctx.now().toISOString().slice(0, 10), await rt.people.facilityNames(tally.byFacility.keys()));
    };
    const same = async (step: string) => {
      const kept = await getStats(coord.ctx);
      expect(kept, step).toEqual(await counted());
      return kept;
    };
    const before = await same("first read (the sums are loaded)");

    const a = await makePerson(rt, { primaryName: "Петров Сергей Иванович", alternateNames: [], homeRegion: "RU-NVS" });
    const c = await makeCase(rt, a.id, { detainedOn: "2023-02-14", sentenceYears: 9, articles: [{ code: "RU_CC", article: "275", part: "1" }], custodyPeriods: [] });
    let now = await same("a person and a case added");
    expect(now.total).toBe(before.total + 1);
    expect(now.byArticle.find((x) => x.key === "275")?.n).toBe(1);
    expect(now.sentenceBins.find((b) => b.key === "8–12")!.n).toBe(before.sentenceBins.find((b) => b.key === "8–12")!.n + 1);

    // The case's articles and custody changed (its own row, its children): detained earlier, another article.
    await updateCase(coord.ctx, a.id, c.id, { articles: [{ code: "RU_CC", article: "280.3", part: "1" }], custodyPeriods: [{ kind: "sizo", fromDate: "2022-12-01", toDate: "2023-02-14" }], sentenceYears: 2 });
    now = await same("the case edited");
    expect(now.byArticle.find((x) => x.key === "275")).toBeUndefined();
    expect(now.byArticle.find((x) => x.key === "280.3")?.n).toBe(1);
    expect(now.heldOverTime.find((r) => r.month === "2022-12")!.counts.ru_political_prisoner).toBe(before.heldOverTime.find((r) => r.month === "2022-12")!.counts.ru_political_prisoner! + 1);

    // Freed, moved to another category, region and facility.
    const facility = await createFacility(coord.ctx, { name: "ИК-6 Новосибирск", kind: "colony", region: "RU-NVS" });
    await updatePerson(coord.ctx, a.id, { status: "exchanged", statusSince: "2024-10-18", category: "ua_civilian_hostage", homeRegion: "UA-14", facilityName: facility.name });
    now = await same("status, category, region and facility changed");
    expect(now.byStatus.exchanged).toBe((before.byStatus.exchanged ?? 0) + 1);
    expect(now.byFacility).toContainEqual({ key: "ИК-6 Новосибирск", n: 1 });
    await updateFacility(coord.ctx, facility.id, { name: "ИК-6 ГУФСИН по Новосибирской области" });
    now = await same("the facility renamed");
    expect(now.byFacility).toContainEqual({ key: "ИК-6 ГУФСИН по Новосибирской области", n: 1 });

    // Written around the services (a script, another tool): the database's triggers name the person all the same.
    await rt.database.db.insert(caseArticle).values({ caseId: c.id, code: "RU_CC", article: "205.2", part: "2" });
    now = await same("an article inserted directly");
    expect(now.byArticle.find((x) => x.key === "205.2")?.n).toBe(1);
    await rt.database.db.update(criminalCase).set({ detainedOn: "2021-06-01" }).where(eq(criminalCase.id, c.id));
    await same("a case updated directly");

    // A merge moves the merged person's case to the survivor and removes the merged record.
    const b = await makePerson(rt, { primaryName: "Петров Сергей Иванович", alternateNames: [], birthDate: "1961-07-08" });
    await makeCase(rt, b.id, { detainedOn: "2019-03-03", articles: [{ code: "RU_CC", article: "207.3", part: "2" }], custodyPeriods: [] });
    await same("a second record");
    await mergePeople(coord.ctx, { survivorId: a.id, mergedId: b.id, choices: { primaryName: "survivor", publicityConsent: "survivor", externalId: "survivor", homeRegion: "survivor", category: "survivor", status: "survivor" } });
    now = await same("merged");
    expect(now.total).toBe(before.total + 1);

    const admin = await makeUser(rt, "admin");
    await erasePerson(admin.ctx, a.id, "the person asked to be forgotten (test)");
    now = await same("erased");
    expect(now.total).toBe(before.total);
    expect(now.byArticle.find((x) => x.key === "280.3")).toBeUndefined();
  });
});

describe("the dashboard's kept sums after a failed read", () => {
  it("read again the people a failed read was to refresh (a dropped connection must not leave their old facts kept)", async () => {
    const coord = await makeUser(rt, "coordinator");
    const org = coord.user.organisationId;
    let failNext = false;
    // The database as the sums read it, failing the next statement when asked (a dropped connection, a timeout).
    const db = new Proxy(rt.database.db, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (key !== "execute" || typeof v !== "function") return v;
        return (...args: unknown[]) => {
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error("connection terminated unexpectedly"));
          }
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const tallies = new DashboardTallies(db);
    const today = coord.ctx.now().toISOString().slice(0, 10);
    const counted = async () => tallyOf((await statsFacts(rt.database.db, { organisationId: org })).values()).result(today, new Map());
    const p = await makePerson(rt, { primaryName: "Кузьмин Денис Олегович", alternateNames: [], homeRegion: "RU-SPE" });
    expect((await tallies.tally(org)).result(today, new Map())).toEqual(await counted());
    await updatePerson(coord.ctx, p.id, { homeRegion: "UA-43", status: "released", statusSince: "2025-02-03" });
    tallies.touched([p.id]);
    failNext = true;
    await expect(tallies.tally(org)).rejects.toThrow(/connection/);
    // The next read has the change.
    const kept = (await tallies.tally(org)).result(today, new Map());
    expect(kept).toEqual(await counted());
    expect(kept.byRegion.find((r) => r.key === "RU-SPE")).toBeUndefined();
  });
});

describe("the dashboard's kept sums with another worker writing", () => {
  // Each worker keeps its own sums, changed from the change feed: a case, an article, a status written by another
  // process (another worker of the cluster, another host) reach this worker's sums before its next answer.
  it.runIf(!!process.env.TEST_DATABASE_URL)("follow another process's writes of people, cases and statuses", async () => {
    const coord = await makeUser(rt, "coordinator");
    const org = coord.user.organisationId;
    const counted = async () => {
      const tally = tallyOf((await statsFacts(rt.database.db, { organisationId: org })).values());
      return tally.result(coord.ctx.now().toISOString().slice(0, 10), await rt.people.facilityNames(tally.byFacility.keys()));
    };
    const before = await getStats(coord.ctx);
    const peer = await openPeerRuntime(rt);
    try {
      const p = await makePerson(peer, { primaryName: "Ярошенко Остап Тарасович", alternateNames: [], category: "ua_civilian_hostage", homeRegion: "UA-65" });
      expect(await getStats(coord.ctx)).toEqual(await counted());
      // The case alone (the person's record unchanged): named in the feed by the case's own triggers (migration 0033).
      await makeCase(peer, p.id, { detainedOn: "2022-11-11", sentenceYears: 13, articles: [{ code: "RU_CC", article: "276", part: "1" }], custodyPeriods: [] });
      let now = await getStats(coord.ctx);
      expect(now).toEqual(await counted());
      expect(now.total).toBe(before.total + 1);
      expect(now.byArticle.find((x) => x.key === "276")?.n).toBe((before.byArticle.find((x) => x.key === "276")?.n ?? 0) + 1);
      await updatePerson(peer.systemCtx(), p.id, { status: "released", statusSince: "2025-08-24" });
      now = await getStats(coord.ctx);
      expect(now).toEqual(await counted());
      expect(now.freedByMonth.find((m) => m.month === "2025-08")?.counts.released).toBeGreaterThanOrEqual(1);
    } finally {
      await peer.close();
    }
  });
});

describe("the dashboard's first read of everyone's sums", () => {
  // At 100,000 people one read of everyone held the database (PGlite's one thread) and this thread (the JSON of all of
  // them) for 2.5 s after each build, and requests arriving meanwhile waited behind it: it is read in short statements
  // (ranges of each table's pages), with a turn of the event loop after each.
  it("reads in short statements with turns of the event loop between, and sums the same as one read of everyone", async () => {
    for (const [i, name] of ["Петренко Андрій", "Сидоренко Ганна", "Гончаренко Василь", "Мельник Оксана", "Лысенко Игорь", "Зайцева Анна", "Олійник Тарас"].entries()) {
      const p = await makePerson(rt, { primaryName: name, alternateNames: [], homeRegion: i % 2 ? "UA-43" : "RU-MOW", ...(i === 3 ? { status: "released", statusSince: "2024-06-01" } : {}) });
      await makeCase(rt, p.id, { detainedOn: `2022-0${1 + i}-15`, sentenceYears: i + 1, articles: [{ code: "RU_CC", article: i % 2 ? "275" : "207.3", part: "1" }], custodyPeriods: [{ kind: "sizo", fromDate: `2021-1${i % 3}-01`, toDate: null }] });
    }
    const events: string[] = [];
    // The database as the sums read it, noting each statement.
    const db = new Proxy(rt.database.db, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (key !== "execute" || typeof v !== "function") return v;
        return (...args: unknown[]) => {
          if (JSON.stringify(args[0]).includes("json_agg")) events.push("statement");
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    let done = false;
    const tick = () => {
      events.push("turn");
      if (!done) setImmediate(tick);
    };
    // About one row per statement: a page each.
    const tallies = new DashboardTallies(db, 1);
    setImmediate(tick);
    const orgs = await rt.database.db.select({ id: organisation.id }).from(organisation);
    const kept = await Promise.all(orgs.map((o) => tallies.tally(o.id)));
    done = true;
    const pages = ((await rt.database.db.execute(
      sql`select sum(pg_relation_size(t::regclass) / current_setting('block_size')::int)::int as n from unnest(array['person', 'criminal_case', 'custody_period', 'case_article', 'status_event']) t`,
    )) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(events.filter((e) => e === "statement").length).toBeGreaterThanOrEqual(pages);
    // Between two statements, whatever else was waiting ran.
    let previous = -1;
    for (const [i, e] of events.entries()) {
      if (e !== "statement") continue;
      if (previous >= 0) expect(events.slice(previous, i)).toContain("turn");
      previous = i;
    }
    const everyone = await statsFacts(rt.database.db, "everyone");
    const today = "2026-12-06";
    for (const [i, o] of orgs.entries()) {
      const theirs = tallyOf([...everyone.values()].filter((f) => f.organisationId === o.id));
      expect(kept[i]!.result(today, new Map())).toEqual(theirs.result(today, new Map()));
    }
  });
});

describe("the dashboard's sums with an edit during their first read", () => {
  // The first read of everyone is many statements (statsEveryone.ts): a row an edit moves meanwhile may be missed or
  // read twice, and the edit's person is named by the change feed while the read goes on. Those named during the read
  // are read again by id once it ends: the sums are those of the database after the edit.
  it("counts an edit made between two of its statements, named by the feed meanwhile", async () => {
    const coord = await makeUser(rt, "coordinator");
    const made = [];
    for (const [i, name] of ["Лещенко Віра Іванівна", "Захарченко Остап", "Мороз Катерина", "Руденко Павло"].entries()) {
      const p = await makePerson(rt, { primaryName: name, alternateNames: [], category: "ua_civilian_hostage", homeRegion: "UA-23" });
      await makeCase(rt, p.id, { detainedOn: `2022-0${4 + i}-10`, sentenceYears: 3 + i, articles: [{ code: "RU_CC", article: "276", part: "1" }] });
      made.push(p);
    }
    const edited = made[1]!;
    let statements = 0;
    let editing: Promise<unknown> | null = null;
    const tallies = new DashboardTallies(
      new Proxy(rt.database.db, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver) as unknown;
          if (key !== "execute" || typeof v !== "function") return v;
          return async (...args: unknown[]) => {
            const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            // After the first range of people: she is released and moved, and the feed names her.
            if (JSON.stringify(args[0]).includes("json_agg") && ++statements === 1)
              editing = updatePerson(coord.ctx, edited.id, { status: "released", statusSince: "2025-03-14", homeRegion: "UA-43" }).then(() => tallies.touched([edited.id]));
            else if (editing) await editing;
            return r;
          };
        },
      }) as typeof rt.database.db,
      1,
    );
    const org = made[0]!.organisationId;
    const kept = await tallies.tally(org);
    expect(statements).toBeGreaterThan(1);
    const today = "2026-12-06";
    const everyone = await statsFacts(rt.database.db, "everyone");
    expect(everyone.get(edited.id)).toMatchObject({ status: "released", region: "UA-43" });
    expect(kept.result(today, new Map())).toEqual(tallyOf([...everyone.values()].filter((f) => f.organisationId === org)).result(today, new Map()));
  });
});
