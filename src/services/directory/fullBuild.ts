// The person index's full build: every person and spelling read in slices of the id order, each slice indexed while
// the next is read (on PGlite's thread, or by the PostgreSQL server), yielding between slices so that requests are
// not stalled. The server (`threads`) opens the names of the slice read ahead in a thread of its own
// (src/security/openingThread.ts) and builds the matcher in another (matcherThread.ts; config `indexMatcherThread`).
import type { Logger } from "pino";
import type { Db } from "../../db/client.js";
import { turn } from "../../db/yielding.js";
import * as repo from "../../db/repositories/personDirectory.js";
import type { MatchIndexState } from "../../domain/names/index.js";
import { SealedOpener } from "../../security/openingThread.js";
import { MatcherBatch, MatcherBuilder } from "./matcherThread.js";
import { evidenceOf, haystackOf, PersonIndex, sortKey, type Entry } from "./personIndex.js";

/** People indexed between two turns of the event loop. */
const BUILD_SLICE = 2000;
/** People of the first read (the later ones read `slice`). */
const FIRST_SLICE = 2000;

export async function readAndIndex(db: Db, slice: number, threads: { opening: boolean; matcher: boolean }, log: Logger): Promise<{ orgs: Map<string, PersonIndex>; count: number }> {
  const orgs = new Map<string, PersonIndex>();
  let count = 0;
  const opener = threads.opening ? new SealedOpener() : null;
  opener?.prestart();
  const matchers = threads.matcher ? new MatcherBuilder() : null;
  const open = opener ? (texts: string[], ids: string[]) => opener.openJson(texts, ids) : undefined;
  const first = Math.min(slice, FIRST_SLICE);
  // The first slice is small and read at once, so that this thread and the matcher's begin sooner (with a first
  // slice of 10,000 they waited ~0.5 s on a quiet machine while it was read and opened); the bounds of the later
  // slices are read after it, while it is indexed, then each slice by its bounds, the next while this one is indexed.
  let starts: Promise<string[]> | null = null;
  let at = 0;
  const following = (people: repo.DirectoryPersonRow[]): Promise<Awaited<ReturnType<typeof repo.directorySlice>> | null> => {
    if (!starts) {
      if (people.length < first) return Promise.resolve(null);
      starts = repo.directorySliceStarts(db, people[people.length - 1]!.id, slice);
    }
    return starts.then((s) => (at < s.length ? repo.directorySlice(db, s[at]!, s[++at] ?? null, open) : null));
  };
  // When each phase ended (ms from the start), logged: where a full build's time goes on a given machine.
  const t0 = performance.now();
  let next: ReturnType<typeof following> = repo.directoryFirstSlice(db, first, open);
  let states: Map<string, MatchIndexState> | null | undefined;
  const steps: Record<string, number> = {};
  const step = (name: string) => (steps[name] = Math.round(performance.now() - t0));
  try {
    for (;;) {
      const got = await next;
      steps.firstSlice ??= Math.round(performance.now() - t0);
      // (A slice between bounds may have emptied meanwhile: only null ends the reads.)
      if (!got) break;
      const { people, names } = got;
      next = following(people);
      // A failed read ahead is reported by the await above, on the next turn; never as an unhandled rejection.
      next.catch(() => undefined);
      const spellings = groupNames(names);
      for (let i = 0; i < people.length; i += BUILD_SLICE) {
        const part = people.slice(i, i + BUILD_SLICE);
        // The matcher thread gets the part's people before their entries are made here: at the end it finishes its
        // last batch (the build's last step but the hand-back) that much sooner.
        if (matchers) {
          const batch = new MatcherBatch();
          for (const p of part) batch.push(p.organisation_id, p.id, evidenceOf(fieldsOf(p, spellings.get(p.id) ?? [])));
          matchers.add(batch);
        }
        for (const p of part) {
          let idx = orgs.get(p.organisation_id);
          if (!idx) orgs.set(p.organisation_id, (idx = new PersonIndex()));
          idx.load(entryOf(p, spellings.get(p.id) ?? []), !matchers);
        }
        await turn();
      }
      count += people.length;
    }
    step("entries");
    // Sorted while the matcher thread indexes its last batches (the orders do not need the matcher).
    const finishing = matchers?.finish();
    finishing?.catch(() => undefined);
    for (const idx of orgs.values()) idx.sortBuilt();
    step("sorted");
    states = finishing ? await finishing.catch((e: unknown) => (log.warn({ err: e }, "person index: the matcher thread failed; building the matcher here"), null)) : undefined;
  } finally {
    await next.catch(() => undefined);
    await opener?.close();
    await matchers?.close();
  }
  step("matcherWait");
  // Absent (`states` undefined): the matcher was built here by `load`.
  if (states !== undefined) for (const [org, idx] of orgs) idx.takeMatcher(states?.get(org) ?? null);
  step("matcher");
  log.info({ steps }, "person index: full build steps");
  return { orgs, count };
}

export function groupNames(names: { person_id: string; name: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of names) {
    const list = out.get(n.person_id);
    if (list) list.push(n.name);
    else out.set(n.person_id, [n.name]);
  }
  return out;
}

/** What the matcher is given of a person (`evidenceOf`), as `entryOf` keeps it. */
function fieldsOf(p: repo.DirectoryPersonRow, spellings: string[]): Parameters<typeof evidenceOf>[0] {
  return { names: namesOf(p, spellings), birthDate: p.birth_date, birthYear: p.birth_year, region: p.home_region, category: p.category, sex: p.sex };
}

function namesOf(p: repo.DirectoryPersonRow, spellings: string[]): string[] {
  return spellings.includes(p.primary_name) ? spellings : [p.primary_name, ...spellings];
}

/** `spellings`: the person's other spellings (the primary name is the row's). */
export function entryOf(p: repo.DirectoryPersonRow, spellings: string[]): Entry {
  const names = namesOf(p, spellings);
  return {
    id: p.id,
    externalId: p.external_id,
    primaryName: p.primary_name,
    key: sortKey(p.primary_name, p.id),
    sex: p.sex,
    birthDate: p.birth_date,
    birthYear: p.birth_year,
    region: p.home_region,
    category: p.category,
    status: p.status,
    consent: p.publicity_consent,
    facilityId: p.current_facility_id,
    updatedAt: Number(p.updated_at),
    statusSince: p.status_since,
    exchangeConsent: p.exchange_consent,
    isDemo: p.is_demo === true || (p.is_demo as unknown) === "t",
    photoUrl: p.photo_url,
    hay: haystackOf(names),
    names,
  };
}
