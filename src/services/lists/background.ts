/**
 * Versions built in the background. A list of the whole registry takes ~20 s of CPU to build (every person read,
 * opened, composed, hashed and sealed under their own key); the request that asks for it answers at once with the
 * list "being built", the staff app shows how far it got, and the version is stored when it is done — the same
 * rows, in the same transaction shape (version, list, audit), as a build within the request. Until then the list
 * has no new version: pages, exports, freezing and edits say it is being built.
 *
 * A build survives its process: its state is in the list row (exchange_list.build), and a build whose builder has
 * not reported for BUILD_STALE_MS (its process died) is taken over — at start-up, or when the list is read.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.js";
import { turn } from "../../db/yielding.js";
import * as builds from "../../db/repositories/listBuilds.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import type { ExchangeListRow } from "../../db/repositories/exchangeLists.js";
import type { ListBuild } from "../../db/schema/exchangeList.js";
import { actorLabel, actorUserId, withActor, type ServiceContext } from "../context.js";
import { tx } from "../people.js";
import { buildInputOf, buildRows, selectionSize, type BuildInput } from "./build.js";
import { assertDraft, buildFailed, loadList, summariseVersion } from "./common.js";
import { ServiceError } from "../errors.js";
import { storeBuiltRows } from "./store.js";

/** From this many selected people a version is built in the background (~0.2 ms of CPU a person: ~0.5 s here). */
let backgroundFrom = 2000;
/** Tests build small lists in the background. */
export function setBackgroundFrom(n: number): void {
  backgroundFrom = n;
}

/**
 * People a chunk in the background: a chunk's composition runs without a turn of the event loop when PGlite is
 * in-process (~0.2 ms a person), so smaller than a request's 5,000; progress moves every chunk too.
 */
const BACKGROUND_CHUNK = 1000;

/** A builder that has not reported for this long is taken to be gone (it reports after every chunk of 1,000 people: seconds apart at most). */
export const BUILD_STALE_MS = 60_000;

/**
 * The state of a new background build when this input selects enough people to need one (the caller writes it
 * in its transaction, then calls runBuild after the commit); null when the build is quick enough for the request.
 */
export async function backgroundBuild(ctx: ServiceContext, b: BuildInput, note: string): Promise<ListBuild | null> {
  const total = await selectionSize(ctx, b);
  if (total < backgroundFrom) return null;
  const now = ctx.now().toISOString();
  return { state: "building", token: randomUUID(), asOf: b.asOf, note, total, done: 0, startedAt: now, beat: now, requestedBy: actorUserId(ctx.actor), requestedByLabel: actorLabel(ctx.actor) };
}

/** Tests: something that happens while a build runs (an erasure between two chunks). */
let afterChunk: ((listId: string, done: number) => Promise<void>) | null = null;
export function setAfterChunk(f: typeof afterChunk): void {
  afterChunk = f;
}

interface Running {
  db: Db;
  listId: string;
  token: string;
  aborted: boolean;
  done: Promise<void>;
}
const running = new Set<Running>();

class Stop extends Error {}

/** Run the build of `listId` held by `token`, in the background of this process (call after the commit). */
export function runBuild(ctx: ServiceContext, listId: string, token: string): void {
  // The request's arrival time would make every read of the build ask the change feed again; a build is not a request.
  const { since: _since, ...bg } = ctx;
  const r: Running = { db: ctx.db, listId, token, aborted: false, done: Promise.resolve() };
  // Begun on the event loop's next turn: the request that started it answers first.
  r.done = turn()
    .then(() => build(bg, listId, token, r))
    .finally(() => running.delete(r));
  running.add(r);
}

async function build(ctx: ServiceContext, listId: string, token: string, r: Running): Promise<void> {
  let state: ListBuild | null = null;
  if (r.aborted) return;
  try {
    const list = await repo.findList(ctx.db, listId);
    state = list?.build ?? null;
    if (!list || !state || state.token !== token || state.state !== "building") return;
    const started = state;
    let last = started;
    const onProgress = async (done: number, total: number) => {
      if (r.aborted) throw new Stop();
      last = { ...started, done, total, beat: ctx.now().toISOString() };
      if (!(await builds.updateBuild(ctx.db, listId, token, last))) throw new Stop();
      await afterChunk?.(listId, done);
    };
    const rows = await buildRows(ctx, buildInputOf(list, started.asOf), { onProgress, chunk: BACKGROUND_CHUNK });
    if (r.aborted) return;
    // Sorting, hashing, sealing and writing 100,000 rows take seconds more: reported first, so nobody takes it over.
    if (!(await builds.updateBuild(ctx.db, listId, token, { ...last, beat: ctx.now().toISOString() }))) return;
    await tx(ctx, async (db) => {
      const current = await loadList(db, ctx, listId, { forUpdate: true });
      if (current.build?.token !== token) return; // taken over by another builder meanwhile
      // Only a draft takes a new version (a frozen list is what was negotiated): the build ends failed instead.
      assertDraft(current, "store the version built in the background");
      await storeBuiltRows(db, ctx, current, rows, started.asOf, started.note, { builtInBackground: true, requestedBy: started.requestedByLabel, asOf: started.asOf });
      await builds.updateBuild(db, listId, token, null);
    });
  } catch (e) {
    if (e instanceof Stop || r.aborted) return; // taken over, or the process is closing: resumed at the next start
    ctx.log.error({ err: e, listId }, "lists: a background build failed");
    if (!state) return;
    // People erased or merged meanwhile (writeVersion refuses to store them): said so; anything else is in the log.
    const gone = e instanceof ServiceError && e.code === "listPeopleGone" ? (e.details as { gone: number }).gone : 0;
    const failed: ListBuild = { ...state, state: "failed", beat: ctx.now().toISOString(), ...(gone ? { error: "people_gone", gone } : { error: "error" }) };
    await builds.updateBuild(ctx.db, listId, token, failed).catch(() => undefined);
  }
}

/**
 * Stop this database's builds at their next chunk (the process is closing); they stay "building" and are resumed.
 * Released too (`release`, the default): marked as nobody's, so that the next start — or another worker on
 * PostgreSQL, where a start resumes only builds whose builder stopped reporting — takes them over at once rather
 * than BUILD_STALE_MS later. Tests pass `release: false` to leave a build as a process that died leaves it.
 */
export async function abortListBuilds(db: Db, opts: { release?: boolean } = {}): Promise<void> {
  const mine = [...running].filter((r) => r.db === db);
  for (const r of mine) r.aborted = true;
  await Promise.all(mine.map((r) => r.done));
  if (opts.release ?? true) for (const r of mine) await builds.releaseBuild(db, r.listId, r.token).catch(() => undefined);
}

/** Until every build running in this process has ended (tests, the benchmark). */
export async function listBuildsSettled(): Promise<void> {
  while (running.size) await Promise.all([...running].map((r) => r.done));
}

function isStale(b: ListBuild, now: Date, staleMs: number): boolean {
  return b.state === "building" && now.getTime() - Date.parse(b.beat) >= staleMs;
}

/** Take over a build whose builder is gone: a new token (the old builder's writes are refused), run here. */
async function takeOver(ctx: ServiceContext, list: { id: string; organisationId: string; build: ListBuild }): Promise<boolean> {
  const token = randomUUID();
  const beat = ctx.now().toISOString();
  if (!(await builds.updateBuild(ctx.db, list.id, list.build.token, { ...list.build, token, beat }))) return false;
  ctx.log.info({ listId: list.id, done: list.build.done, total: list.build.total }, "lists: resuming a background build whose builder stopped");
  runBuild(withActor(ctx, { kind: "system", organisationId: list.organisationId, label: `list build for ${list.build.requestedByLabel}` }), list.id, token);
  return true;
}

/**
 * At start-up: resume the builds whose builder is gone. On PGlite one process owns the data, so every build left
 * "building" is one a previous process did not finish; on PostgreSQL another worker may be building it still.
 */
export async function resumeListBuilds(ctx: ServiceContext, opts: { everyBuild: boolean }): Promise<number> {
  let n = 0;
  for (const l of await builds.listsWithBuild(ctx.db))
    if (l.build.state === "building" && (opts.everyBuild || isStale(l.build, ctx.now(), BUILD_STALE_MS)) && (await takeOver(ctx, l))) n++;
  return n;
}

/** A list read while its builder is gone (a worker died on PostgreSQL): the reader's process takes the build over. */
export async function resumeIfStale(ctx: ServiceContext, list: ExchangeListRow): Promise<void> {
  if (list.build && isStale(list.build, ctx.now(), BUILD_STALE_MS)) await takeOver(ctx, { id: list.id, organisationId: list.organisationId, build: list.build });
}

/** How often a command waiting for a build another process runs reads the list again. */
const FOLLOW_EVERY_MS = 1000;

/**
 * For callers that must wait for the version (the CLI, whose process ends with the command): the result of a
 * create, copy or rebuild once its background build is stored; a failed build is thrown. A build another process
 * took over meanwhile (this one's builder seemed gone to it) is followed to its end — and taken over here in turn if
 * that builder stops reporting — rather than reported as failed when this process's builder stops.
 */
export async function whenBuilt<T extends { id: string; version: ReturnType<typeof summariseVersion> | null; build: unknown }>(ctx: ServiceContext, r: T): Promise<T & { version: ReturnType<typeof summariseVersion>; created: boolean }> {
  if (!r.build) return { created: true, ...r, version: r.version! };
  let list: ExchangeListRow;
  for (;;) {
    await listBuildsSettled();
    list = await loadList(ctx.db, ctx, r.id);
    if (list.build?.state === "failed") throw buildFailed(list.build);
    // Stored — or a rebuild that changed nothing ended — by whichever process built it last.
    if (!list.build) break;
    await resumeIfStale(ctx, list);
    if (![...running].some((b) => b.listId === r.id && b.db === ctx.db)) await new Promise((res) => setTimeout(res, FOLLOW_EVERY_MS));
  }
  const v = await repo.findVersion(ctx.db, r.id, list.currentVersion);
  if (!v) throw buildFailed({ ...(r.build as ListBuild), state: "failed", error: "error" });
  return { ...r, build: null, version: summariseVersion(v), created: r.version?.version !== v.version };
}
