// The main thread's side of src/security/openingThread.mjs: `openMany` opens a batch of person-sealed values in
// that thread (keys sent along with the batch as the process's key store holds them, most still wrapped), and opens on this thread what
// it could not. Used by the person index's full build under `allforall serve` (src/services/directory).
import { Worker } from "node:worker_threads";
import { openSealed, personIdOfSealed, personKeysForThread } from "./personKeys.js";

export class SealedOpener {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: (string | null)[]) => void; reject: (e: unknown) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    // A larger young generation (as the matcher thread's, src/services/directory/matcherThread.ts): fewer scavenges
    // of the batches' buffers and opened strings.
    const w = new Worker(new URL("./openingThread.mjs", import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    w.unref();
    w.on("message", (m: { id: number; opened: (string | null)[] }) => {
      this.pending.get(m.id)?.resolve(m.opened);
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
    // Keys as text (a Buffer of a few bytes is cloned with the 8 KB pool it sits in), wrapped unless unwrapped already.
    const { keys, fieldKeys } = personKeysForThread(ids);
    const worker = this.start();
    const id = this.next++;
    // Referenced only while a batch is out: an idle opener never keeps the process alive.
    worker.ref();
    const opened = await new Promise<(string | null)[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, keys, fieldKeys, values });
    }).finally(() => {
      if (!this.pending.size) worker.unref();
    });
    return opened.map((o, i) => o ?? openSealed(values[i]!));
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
