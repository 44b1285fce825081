// The person key store database's connection, on a thread of its own (src/security/keyStoreDatabase.ts): the main
// thread sends one query and waits for the answer synchronously (Atomics.wait), because values are sealed and opened
// inside Drizzle's synchronous column mapping. Plain JavaScript so that it runs without the TypeScript loader.
import { workerData } from "node:worker_threads";
import pg from "pg";

const { url, port, flag } = workerData;
const done = new Int32Array(flag);
let client = null;

async function connected() {
  if (client) return client;
  const c = new pg.Client({ connectionString: url, application_name: "allforall key store" });
  // A broken connection is replaced at the next query rather than ending the thread.
  c.on("error", () => {
    if (client === c) client = null;
  });
  await c.connect();
  client = c;
  return c;
}

port.on("message", async ({ text, params }) => {
  let reply;
  try {
    const c = await connected();
    const r = await c.query(text, params);
    reply = { rows: r.rows };
  } catch (e) {
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
