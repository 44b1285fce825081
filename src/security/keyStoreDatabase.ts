import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

/**
 * A PostgreSQL connection that answers synchronously: the person key store in a database of its own (KEYSTORE_URL,
 * docs/security.md). Sealing and opening a person's values happen inside Drizzle's synchronous column mapping, so a
 * key that is not in memory yet (a person another host created; a new person) is read or written here, on a
 * connection held by a worker thread, while this thread waits. Only the key store uses it: a few queries per new
 * person, not per request.
 */
export class SyncPg {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly done = new Int32Array(new SharedArrayBuffer(4));

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(new URL("./keyStoreThread.mjs", import.meta.url), { workerData: { url, port: port2, flag: this.done.buffer }, transferList: [port2] });
    // The thread must not keep a finished CLI command alive; the runtime's close ends it anyway.
    this.worker.unref();
    this.port = port1;
  }

  query<T = Record<string, unknown>>(text: string, params: unknown[] = []): T[] {
    Atomics.store(this.done, 0, 0);
    this.port.postMessage({ text, params });
    if (Atomics.wait(this.done, 0, 0, 30_000) === "timed-out") throw new Error("the key store database (KEYSTORE_URL) did not answer within 30 s");
    const m = receiveMessageOnPort(this.port)?.message as { rows?: T[]; error?: string } | undefined;
    if (!m) throw new Error("the key store database (KEYSTORE_URL) gave no answer");
    if (m.error !== undefined) throw new Error(`key store database (KEYSTORE_URL): ${m.error}`);
    return m.rows!;
  }

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}
