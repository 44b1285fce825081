// A list too large to build within the request is built in the background (background.ts): the request answers with
// the list and its build, nothing can read, export, freeze or change it until the version is stored, the version is
// the one an inline build stores, and a build whose process stopped is taken over (at start-up or when read) —
// with a new token, so the old builder can no longer write. Both databases (TEST_DATABASE_URL).
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestRuntime, openPeerRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson, makeUser } from "../../../test/helpers/factories.js";
import { auditEvent } from "../../db/schema/audit.js";
import * as builds from "../../db/repositories/listBuilds.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import { abortListBuilds, BUILD_STALE_MS, listBuildsSettled, resumeListBuilds, runBuild, setAfterChunk, setBackgroundFrom, whenBuilt } from "./background.js";
import { setListChunkSize } from "./build.js";
import { exportListVersion } from "./export.js";
import { freezeList } from "./lifecycle.js";
import { changeListMembers, createList, getList, getListVersion, getListVersionPage, refreshList } from "./lists.js";
import type { ServiceContext } from "../context.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
  for (const [name, birthDate] of [
    ["Лебедев Арсений Павлович", "1979-01-12"],
    ["Мельник Оксана Василівна", "1988-10-03"],
    ["Орлова Вера Николаевна", "1964-06-30"],
    ["Гусев Тимофей Андреевич", "1995-02-19"],
  ] as const) {
    const p = await makePerson(rt, { primaryName: name, alternateNames: [], birthDate, category: "ua_civilian_hostage", exchangeConsent: "consents" });
    await makeCase(rt, p.id);
  }
});
afterEach(async () => {
  await listBuildsSettled();
  setAfterChunk(null);
  setBackgroundFrom(2000);
  setListChunkSize(5000);
});
afterAll(async () => {
  await rt?.close();
});

const input = { name: "Гражданские заложники, все", categories: ["ua_civilian_hostage" as const], allForAll: true };
const auditOf = async (listId: string) =>
  (await rt.database.db.select().from(auditEvent).where(and(eq(auditEvent.targetType, "exchangeList"), eq(auditEvent.targetId, listId)))).map((e) => ({ type: e.type, detail: e.detail as Record<string, unknown> }));
const later = (ctx: ServiceContext, ms: number): ServiceContext => ({ ...ctx, now: () => new Date(Date.now() + ms) });

describe("a list built in the background", () => {
  it("answers at once, refuses reads, exports, freezing and edits until stored, then is what an inline build stores", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const inline = await createList(ctx, { ...input, name: "inline" });
    setBackgroundFrom(1);
    // The build is held after its (one) chunk until everything below has been refused.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    const l = await createList(ctx, input);
    expect(l.version).toBeNull();
    expect(l.build).toMatchObject({ state: "building", done: 0, total: 4, error: null });
    // Read before the builder stored anything: the list is there, with how far its build got, and no version.
    const shown = await getList(ctx, l.id);
    expect(shown).toMatchObject({ currentVersion: 0, versions: [], build: { state: "building", total: 4 } });
    const building = { kind: "conflict", code: "listBeingBuilt" };
    await expect(getListVersionPage(ctx, l.id, undefined, {})).rejects.toMatchObject(building);
    await expect(getListVersion(ctx, l.id)).rejects.toMatchObject(building);
    await expect(exportListVersion(ctx, l.id, { format: "csv" })).rejects.toMatchObject(building);
    await expect(freezeList(ctx, l.id)).rejects.toMatchObject(building);
    await expect(refreshList(ctx, l.id)).rejects.toMatchObject(building);

    release();
    await listBuildsSettled();
    setAfterChunk(null);
    const done = await getList(ctx, l.id);
    expect(done).toMatchObject({ currentVersion: 1, build: null });
    expect(done.versions[0]!.contentHash).toBe(inline.version!.contentHash);
    expect((await getListVersion(ctx, l.id)).version.hashMatches).toBe(true);
    // The request's audit says a build began; the version's says it was stored, in the transaction that stored it.
    expect(await auditOf(l.id)).toEqual([
      { type: "exchangeList.created", detail: expect.objectContaining({ version: null, building: true, people: 4 }) },
      { type: "exchangeList.versioned", detail: expect.objectContaining({ version: 1, newVersion: true, builtInBackground: true, contentHash: inline.version!.contentHash, rows: 4 }) },
    ]);

    // A rebuild that changes nothing stores no version; one that changes something stores version 2.
    const same = await refreshList(ctx, l.id);
    expect(same).toMatchObject({ created: false, version: { version: 1 }, build: { state: "building" } });
    await listBuildsSettled();
    expect((await getList(ctx, l.id)).currentVersion).toBe(1);
    const extra = await makePerson(rt, { primaryName: "Кравець Дмитро Олегович", alternateNames: [], category: "ua_pow", exchangeConsent: "consents" });
    expect(await changeListMembers(ctx, l.id, { add: [extra.id] })).toMatchObject({ version: { version: 1 }, build: { state: "building", total: 5 }, warnings: [] });
    await listBuildsSettled();
    expect((await getListVersion(ctx, l.id)).rows.map((r) => r.personId)).toContain(extra.id);
    expect((await getList(ctx, l.id)).currentVersion).toBe(2);
  });

  it("a rebuild under way refuses freezing, and its builder never stores a version on a list no longer a draft", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    const l = await createList(ctx, { ...input, name: "Заложники, перестройка" });
    expect(l.version).toMatchObject({ version: 1 });
    setBackgroundFrom(1);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    const extra = await makePerson(rt, { primaryName: "Ткаченко Ірина Петрівна", alternateNames: [], category: "ua_civilian_hostage", exchangeConsent: "consents" });
    try {
      expect(await changeListMembers(ctx, l.id, { add: [extra.id] })).toMatchObject({ build: { state: "building" } });
      // Version 1 exists, version 2 is being built: freezing now would freeze what is about to be replaced.
      await expect(freezeList(ctx, l.id)).rejects.toMatchObject({ kind: "conflict", code: "listBeingBuilt" });
      // However the list stopped being a draft meanwhile, the built rows are not stored on it.
      await repo.updateList(rt.database.db, l.id, { status: "frozen", frozenVersion: 1 });
    } finally {
      release();
    }
    await listBuildsSettled();
    const after = (await repo.findList(rt.database.db, l.id))!;
    expect(after).toMatchObject({ currentVersion: 1, frozenVersion: 1, status: "frozen" });
    expect(after.build).toMatchObject({ state: "failed" });
  });

  it("is taken over when its builder stopped: at start-up, or when read after BUILD_STALE_MS; the old builder writes nothing", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    setBackgroundFrom(1);
    const l = await createList(ctx, input);
    // The process closes mid-build: the build stays "building" under its token.
    await abortListBuilds(rt.database.db, { release: false });
    const left = (await repo.findList(rt.database.db, l.id))!.build!;
    expect(left).toMatchObject({ state: "building" });
    // Another process still reporting (a fresh beat) is left alone on PostgreSQL…
    expect(await resumeListBuilds(ctx, { everyBuild: false })).toBe(0);
    await getList(ctx, l.id);
    expect((await repo.findList(rt.database.db, l.id))!.build!.token).toBe(left.token);
    // …and taken over once it has not reported for BUILD_STALE_MS (a reader does it), with a new token.
    await getList(later(ctx, BUILD_STALE_MS + 1000), l.id);
    await listBuildsSettled();
    expect(await getList(ctx, l.id)).toMatchObject({ currentVersion: 1, build: null });
    expect(await builds.updateBuild(rt.database.db, l.id, left.token, { ...left, done: 1 })).toBe(false);

    // At a PGlite start-up every build left "building" is a previous process's: all are resumed.
    const m = await createList(ctx, { ...input, name: "после перезапуска" });
    await abortListBuilds(rt.database.db, { release: false });
    expect(await resumeListBuilds(rt.systemCtx("list builds"), { everyBuild: true })).toBe(1);
    await listBuildsSettled();
    const resumed = await getList(ctx, m.id);
    expect(resumed).toMatchObject({ currentVersion: 1, build: null });
    expect(resumed.versions[0]!.contentHash).toBe((await getList(ctx, l.id)).versions[0]!.contentHash);
  });

  it("a command waiting for its build follows it when another process takes it over, to the version stored", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    setBackgroundFrom(1);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    const l = await createList(ctx, { ...input, name: "Передан другому процессу" });
    const waiting = whenBuilt(ctx, l);
    // Another process takes the build over (its builder seemed gone): a new token, this one's writes refused.
    const mine = (await repo.findList(rt.database.db, l.id))!.build!;
    const theirs = randomUUID();
    expect(await builds.updateBuild(rt.database.db, l.id, mine.token, { ...mine, token: theirs, beat: new Date().toISOString() })).toBe(true);
    setAfterChunk(null);
    release();
    // The other process stores the version a moment later.
    await new Promise((r) => setTimeout(r, 300));
    runBuild(ctx, l.id, theirs);
    const done = await waiting;
    expect(done).toMatchObject({ id: l.id, created: true, build: null, version: { version: 1 } });
    expect((await getList(ctx, l.id)).versions).toHaveLength(1);
  });

  it.runIf(process.env.TEST_DATABASE_URL)("on PostgreSQL, two workers finding the same stale build: one takes it over, one version is stored", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    setBackgroundFrom(1);
    const l = await createList(ctx, { ...input, name: "Два процесса" });
    // Its builder died (the process closed mid-build); both workers start, or read it, a minute later.
    await abortListBuilds(rt.database.db, { release: false });
    const peer = await openPeerRuntime(rt);
    try {
      const late = (c: ServiceContext) => later(c, BUILD_STALE_MS + 1000);
      const taken = await Promise.all([resumeListBuilds(late(rt.systemCtx("list builds")), { everyBuild: false }), resumeListBuilds(late(peer.systemCtx("list builds")), { everyBuild: false })]);
      expect(taken.sort()).toEqual([0, 1]);
      await listBuildsSettled();
      const done = await getList(ctx, l.id);
      expect(done).toMatchObject({ currentVersion: 1, build: null });
      expect((await auditOf(l.id)).filter((e) => e.type === "exchangeList.versioned")).toHaveLength(1);
    } finally {
      await peer.close();
    }
  });

  it("a clean stop releases its builds: the next start resumes them at once, on PostgreSQL too", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    setBackgroundFrom(1);
    const l = await createList(ctx, { ...input, name: "Остановка сервера" });
    // The server closes (runtime.close): the build stops at its next chunk and is marked as nobody's.
    await abortListBuilds(rt.database.db);
    expect((await repo.findList(rt.database.db, l.id))!.build).toMatchObject({ state: "building" });
    // A start that resumes only builds whose builder stopped reporting (PostgreSQL's) takes it now, not a minute later.
    expect(await resumeListBuilds(rt.systemCtx("list builds"), { everyBuild: false })).toBe(1);
    await listBuildsSettled();
    expect(await getList(ctx, l.id)).toMatchObject({ currentVersion: 1, build: null });
  });

  // (Last: it sets the runtime's clock, which the takeover tests above read as now.)
  it("keeps the day its rows were computed for, printed on the PDF, though the version is stored the next day", async () => {
    const { ctx } = await makeUser(rt, "coordinator");
    setBackgroundFrom(1);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    setAfterChunk(() => held);
    // Asked at 23:50 in Moscow on 30 November; the rows are stored at 09:00 on 1 December.
    rt.setNow(new Date("2026-11-30T20:50:00.000Z"));
    const l = await createList(ctx, { ...input, name: "Заложники на 30.11.2026" });
    rt.setNow(new Date("2026-12-01T06:00:00.000Z"));
    release();
    await listBuildsSettled();
    const shown = await getList(ctx, l.id);
    expect(shown.versions[0]).toMatchObject({ version: 1, asOf: "2026-11-30", createdAt: "2026-12-01T06:00:00.000Z" });
    const pdf = join(mkdtempSync(join(tmpdir(), "aff-asof-")), "list.pdf");
    writeFileSync(pdf, (await exportListVersion(ctx, l.id, { format: "pdf" })).bytes);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("30.11.2026");
    expect(text).not.toMatch(/2026-12-01|01\.12\.2026/);
  });
});
