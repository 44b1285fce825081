// The matcher's blocking keys built in a thread of its own during a server's full build of the person index: parsing
// every spelling and hashing its keys was most of the build's main-thread CPU (~4 of ~7 s at 100,000 people), which
// requests queue behind and which kept the build on one core while the database and the opening thread waited.
// The main thread sends each slice's people in the order it loads them; at the end the worker hands back each
// organisation's matcher state (MatchIndex.state: the posting lists and packed dates, transferred, not copied),
// which the index restores as a snapshot load does — people prepared when a query first meets them, the same
// candidates, scores and order as a matcher built in place (snapshot.test.ts, directory.test.ts).
import { Worker } from "node:worker_threads";
import type { MatchIndexState, PersonEvidence } from "../../domain/names/index.js";

/**
 * People of one slice, column by column (arrays of strings clone far cheaper than an object per person: the copy
 * into the thread cost the main thread ~0.5 s at 100,000 people as objects).
 */
export class MatcherBatch {
  readonly orgs: string[] = [];
  readonly ids: string[] = [];
  readonly names: string[][] = [];
  readonly births: (string | null)[] = [];
  readonly regions: (string | null)[] = [];
  readonly categories: (string | null)[] = [];
  readonly sexes: (string | null)[] = [];

  push(organisationId: string, personId: string, e: PersonEvidence): void {
    this.orgs.push(organisationId);
    this.ids.push(personId);
    this.names.push(e.names);
    this.births.push(e.birthDate ?? null);
    this.regions.push(e.region ?? null);
    this.categories.push(e.category ?? null);
    this.sexes.push(e.sex ?? null);
  }

  get length(): number {
    return this.ids.length;
  }
}

/** The evidence of the batch's i-th person, as it was pushed. */
export function evidenceAt(b: MatcherBatch, i: number): PersonEvidence {
  return { names: b.names[i]!, birthDate: b.births[i]!, region: b.regions[i]!, category: b.categories[i]!, sex: b.sexes[i] as PersonEvidence["sex"] };
}

/**
 * The young generation of a full build's threads (this one and the opening thread): 3 × 32 MiB semi-spaces' worth
 * instead of V8's 16 MiB ones. Nearly everything such a thread makes survives (postings, parsed names) or dies at once
 * (a slice's message): with small semi-spaces it was scavenged ~75 times at 100,000 people, copying the survivors twice.
 */
export const BUILD_THREAD_LIMITS = { maxYoungGenerationSizeMb: 96 };

export class MatcherBuilder {
  private readonly worker: Worker;
  private failed: Error | null = null;
  private waiting: { resolve: (s: Map<string, MatchIndexState>) => void; reject: (e: Error) => void } | null = null;

  constructor() {
    // Compiled (dist/server) the worker is plain JavaScript beside this file; from the sources, workers do not inherit
    // tsx's loader (bin/allforall.mjs registers it): register it, then load the worker (as import/matchThread.ts).
    this.worker = import.meta.url.endsWith(".js")
      ? new Worker(new URL("./matcherWorker.js", import.meta.url), { resourceLimits: BUILD_THREAD_LIMITS })
      : new Worker(
          `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(new URL("./matcherWorker.ts", import.meta.url).href)}); });`,
          { eval: true, resourceLimits: BUILD_THREAD_LIMITS },
        );
    this.worker.on("message", (m: { states?: [string, MatchIndexState][]; error?: string }) => {
      if (m.error !== undefined) this.fail(new Error(`person index: the matcher thread failed: ${m.error}`));
      else this.waiting?.resolve(new Map(m.states));
      this.waiting = null;
    });
    this.worker.on("error", (e: Error) => this.fail(e));
    this.worker.on("exit", (code) => this.fail(new Error(`person index: the matcher thread exited (${code})`)));
  }

  private fail(e: Error): void {
    this.failed ??= e;
    this.waiting?.reject(e);
    this.waiting = null;
  }

  /** People of one slice, in the order the index loads them (their matcher positions). */
  add(batch: MatcherBatch): void {
    if (!this.failed && batch.length) this.worker.postMessage({ batch: { ...batch } });
  }

  /** Each organisation's matcher, once every batch sent is indexed. */
  finish(): Promise<Map<string, MatchIndexState>> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage({ finish: true });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}
