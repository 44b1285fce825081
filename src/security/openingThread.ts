// The main thread's side of src/security/openingThread.mjs: `openMany` opens a batch of person-sealed values in
// that thread (keys sent along with the batch as the process's key store holds them, most still wrapped), and opens on this thread what
// it could not. Used by the person index's full build under `allforall serve` (src/services/directory).
import { Worker } from "node:worker_threads";
import { openSealed, personIdOfSealed, personKeysForThread } from "./personKeys.js";

/** A batch's answer: each value opened, or null (not opened there); for `texts`, those not opened by index and value by turns. */
type Opened = { opened: (string | null)[]; unopened?: (number | string)[] };

export class SealedOpener {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: Opened) => void; reject: (e: unknown) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    // A larger young generation (as the matcher thread's, src/services/directory/matcherThread.ts): fewer scavenges
    // of the batches' buffers and opened strings.
    const w = new Worker(new URL("./openingThread.mjs", import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    w.unref();
    w.on("message", (m: { id: number } & Opened) => {
      this.pending.get(m.id)?.resolve(m);
      this.pending.delete(m.id);
    });
    const fail = (e: unknown) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = null;
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the opening thread stopped (exit code ${code})`)));
    return (this.worker = w);
  }

  /** Start the thread now (it loads its code while the first batch is read), rather than at the first `openMany`. */
  prestart(): void {
    this.start();
  }

  /**
   * Every value opened, in order, exactly as `openSealed` opens it (it throws where that throws). `personIds`: the
   * people whose keys to send, each once, when the caller knows them (the full build: the slice's people; a value
   * of anyone else is opened here); else read from the values (a Set of 170,000 ids cut out of the values was a
   * tenth of the full build's main thread at 100,000 people).
   */
  async openMany(values: string[], personIds?: readonly string[]): Promise<string[]> {
    if (!values.length) return [];
    let ids: Iterable<string> | undefined = personIds;
    if (!ids) {
      const found = new Set<string>();
      for (const v of values) {
        const id = personIdOfSealed(v);
        if (id) found.add(id);
      }
      ids = found;
    }
    const { opened } = await this.send({ values }, ids);
    return opened.map((o, i) => o ?? openSealed(values[i]!));
  }

  /**
   * The values of `texts` (JSON texts of arrays of sealed values, as the database aggregates them), one text after
   * the other, opened in order as `openMany` opens them; this thread never parses the sealed values (the full build's
   * slices: ~20 MB of them at 100,000 people, which it parsed, held over the round trip and cloned).
   */
  async openJson(texts: string[], personIds: readonly string[]): Promise<string[]> {
    if (!texts.length) return [];
    const { opened, unopened } = await this.send({ texts }, personIds);
    const out = opened as string[];
    for (let i = 0; i + 1 < (unopened?.length ?? 0); i += 2) out[unopened![i] as number] = openSealed(unopened![i + 1] as string);
    return out;
  }

  private async send(batch: { values: string[] } | { texts: string[] }, personIds: Iterable<string>): Promise<Opened> {
    // Keys as text (a Buffer of a few bytes is cloned with the 8 KB pool it sits in), wrapped unless unwrapped already.
    const { keys, fieldKeys } = personKeysForThread(personIds);
    const worker = this.start();
    const id = this.next++;
    // Referenced only while a batch is out: an idle opener never keeps the process alive.
    worker.ref();
    return new Promise<Opened>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, keys, fieldKeys, ...batch });
    }).finally(() => {
      if (!this.pending.size) worker.unref();
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
