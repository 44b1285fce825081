// The worker of matcherThread.ts: one matcher per organisation, people added in the order they arrive.
import { parentPort } from "node:worker_threads";
import { MatchIndex, type MatchIndexState } from "../../domain/names/index.js";
import { evidenceAt, type MatcherBatch } from "./matcherThread.js";

const matchers = new Map<string, MatchIndex>();
parentPort!.on("message", (m: { batch?: MatcherBatch; finish?: true }) => {
  try {
    const b = m.batch;
    if (b) {
      for (let i = 0; i < b.ids.length; i++) {
        const org = b.orgs[i]!;
        let x = matchers.get(org);
        if (!x) matchers.set(org, (x = new MatchIndex()));
        x.add(b.ids[i]!, evidenceAt(b, i));
      }
      return;
    }
    const states: [string, MatchIndexState][] = [...matchers].map(([org, x]) => [org, x.state()]);
    // Handed over, not copied (tens of MiB at 100,000 people): this thread ends after it.
    const buffers = new Set<ArrayBuffer>();
    for (const [, st] of states) for (const a of [st.births, st.sexes, ...Object.values(st.postings)]) if (ArrayBuffer.isView(a)) buffers.add(a.buffer as ArrayBuffer);
    parentPort!.postMessage({ states }, [...buffers]);
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
