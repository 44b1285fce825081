// The embedded database in a thread of its own (src/db/pgliteProxy.ts starts it): every statement PGlite runs —
// planning, executing, reading pages through the file system, parsing results — happens here, so the HTTP
// thread never waits on it. Plain JavaScript so that it loads without the TypeScript loader of the main thread.
//
// Messages: { id, op, tx?, sql?, params?, options?, blob? } → { id, result } or { id, error }.
//   query / exec: as PGlite's, on the open transaction `tx` when given (others queue behind it, as in PGlite);
//   begin: opens transaction `tx` (PGlite's own transaction, held open until commit or rollback);
//   commit / rollback: ends it; close: closes the database; dump: dumpDataDir, as bytes.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";

const identity = (v) => v;

// Drizzle asks every query to keep the text of these types (timestamps, dates, intervals and their arrays, numeric
// arrays). PGlite merges a query's own parsers into its table of ~320 per query — 0.1–0.2 ms, as much as running
// `select 1` — so the thread installs these once on the instance, and a query asking exactly for them sends none.
// Any other query gets per-query parsers that give PGlite's defaults back for these types, as before.
const KEPT = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const ELEMENT_OF = { 1231: types.NUMERIC, 1115: types.TIMESTAMP, 1185: types.TIMESTAMPTZ, 1187: types.INTERVAL, 1182: types.DATE };
let defaults = null; // PGlite's own parsers of the KEPT types, captured before they were replaced

function keepTextOnInstance(db) {
  if (KEPT.every((t) => db.parsers[t] === identity)) return;
  // (Again after PGlite re-reads its array types: they come back with element parsers looked up at call time.)
  if (!defaults) {
    defaults = {};
    for (const t of KEPT) defaults[t] = ELEMENT_OF[t] === undefined ? db.parsers[t] : undefined;
    const element = (t) => (KEPT.includes(t) ? defaults[t] : db.parsers[t]) ?? identity;
    for (const [array, el] of Object.entries(ELEMENT_OF)) defaults[array] = (v) => types.arrayParser(v, element(el), Number(array));
  }
  for (const t of KEPT) db.parsers[t] = identity;
}

const sameTypes = (a) => a.length === KEPT.length && KEPT.every((t) => a.includes(t));
const open = new Map(); // tx id → { tx, end(commit: boolean), done: the transaction's promise }
const ROLLED_BACK = new Error("rolled back");

function optionsOf(o) {
  const out = {};
  if (o?.rowMode) out.rowMode = o.rowMode;
  // Parsers are functions and cannot cross threads: the proxy sends the types whose text is kept as it is.
  const raw = o?.rawTypes ?? [];
  if (!sameTypes(raw)) {
    out.parsers = Object.fromEntries(raw.map((t) => [t, identity]));
    for (const t of KEPT) if (!raw.includes(t)) out.parsers[t] = defaults?.[t] ?? identity;
  }
  return out;
}

function errorOf(e) {
  // PGlite's DatabaseError carries SQLSTATE (code), constraint, detail…: the proxy rebuilds an error with them.
  const out = { name: e?.name ?? "Error", message: e?.message ?? String(e) };
  if (e && typeof e === "object") for (const [k, v] of Object.entries(e)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  return out;
}

async function handle(m, db) {
  keepTextOnInstance(db);
  const target = m.tx ? open.get(m.tx)?.tx : db;
  if (m.tx && !target && (m.op === "query" || m.op === "exec")) throw new Error(`transaction ${m.tx} is not open`);
  switch (m.op) {
    case "query": {
      const options = optionsOf(m.options) ?? {};
      if (m.blob) options.blob = new Blob([m.blob]);
      const r = await target.query(m.sql, m.params ?? [], options);
      return { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
    }
    case "exec":
      return (await target.exec(m.sql, optionsOf(m.options))).map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    case "begin":
      // PGlite's own transaction, held open (its lock taken) until commit or rollback arrives.
      return new Promise((ready, failed) => {
        let end;
        const held = new Promise((commit, rollback) => (end = (ok) => (ok ? commit() : rollback(ROLLED_BACK))));
        const done = db.transaction((tx) => {
          open.set(m.tx, { tx, end, done });
          ready(null);
          return held;
        });
        // Fails before the transaction began (BEGIN refused): nobody will send commit or rollback.
        done.catch((e) => (open.has(m.tx) ? undefined : failed(e)));
      });
    case "commit":
    case "rollback": {
      const t = open.get(m.tx);
      if (!t) return null;
      open.delete(m.tx);
      t.end(m.op === "commit");
      await t.done.catch((e) => {
        if (e !== ROLLED_BACK) throw e;
      });
      return null;
    }
    case "close":
      await db.close();
      return null;
    case "dump": {
      const file = await db.dumpDataDir(m.options?.compression ?? "none");
      return new Uint8Array(await file.arrayBuffer());
    }
    default:
      throw new Error(`unknown operation ${m.op}`);
  }
}

const { dataDir, loadDataDir } = workerData;
PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}) }).then(
  (db) => {
    parentPort.on("message", (m) => {
      handle(m, db).then(
        (result) => parentPort.postMessage({ id: m.id, result }),
        (e) => parentPort.postMessage({ id: m.id, error: errorOf(e) }),
      );
    });
    parentPort.postMessage({ ready: true });
  },
  (e) => parentPort.postMessage({ ready: false, error: errorOf(e) }),
);
