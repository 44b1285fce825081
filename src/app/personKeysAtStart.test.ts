import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../test/helpers/runtime.js";
import { makePerson } from "../../test/helpers/factories.js";
import { INDEX_KEY_PREFIX, type PersonKeyStore } from "../security/personKeys.js";
import { erasePerson } from "../services/erasure.js";
import { checkKeysOfEveryone, openPersonKeys, personIds } from "./personKeysAtStart.js";

// An erasure deletes the person's key, and every index snapshot's key, after its commit: a crash in between leaves
// them, and with them a snapshot file that still holds the erased names. The next start must delete them — on
// PostgreSQL too, where a key without a person may also be one another worker just made for a person it is
// creating (that one must stay).
let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-keys-at-start-"));
const file = join(dir, "data.key.people");
const log = pino({ level: "silent" });
let store: PersonKeyStore;

beforeAll(async () => {
  rt = await createTestRuntime();
  store = await openPersonKeys(rt.database, rt.cipher, file, log);
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

it("a start after an erasure interrupted before its keys were deleted deletes the erased person's key and every snapshot key", async () => {
  const kept = await makePerson(rt, { primaryName: "Сидоренко Олена Петрівна" });
  const erased = await makePerson(rt, { primaryName: "Горинов Алексей Алексеевич" });
  const snapshotKey = store.createIndexKey().id;
  // A person another worker is creating: its key is written before its row commits.
  const pending = "4f7c2a9e-0000-4000-8000-00000000abcd";
  store.createMany([pending]);
  const before = readFileSync(file, "utf8");
  await erasePerson(rt.systemCtx(), erased.id, "заявление родственников от 01.02.2026");
  // The crash: the rows are gone (committed), the key store as it was before the erasure.
  expect(store.ids()).not.toContain(erased.id);
  writeFileSync(file, before);

  const reopened = await openPersonKeys(rt.database, rt.cipher, file, log);
  const ids = reopened.ids();
  expect(ids).toContain(kept.id);
  expect(ids).not.toContain(erased.id);
  expect(ids).not.toContain(snapshotKey);
  expect(ids.filter((id) => id.startsWith(INDEX_KEY_PREFIX))).toEqual([]);
  // PGlite: one process owns the database, so no one is creating a person now and every orphan goes.
  if (rt.database.kind === "pglite") expect(ids).not.toContain(pending);
  else expect(ids).toContain(pending);
});

// Every person's id is read before the key store (src/app/personKeysAtStart.ts): a person another host erases in
// between is among the ids read, and their key is already gone from the store. Not a missing key: the start goes on
// (it refused, telling the operator to restore an older key store backup — which would lose the newer keys).
it("a person erased by another process between the read of everyone's id and the store's is not a missing key", async () => {
  const kept = await makePerson(rt, { primaryName: "Мельник Андрій Іванович" });
  const erased = await makePerson(rt, { primaryName: "Коваленко Ірина Петрівна" });
  const everyone = await personIds(rt.database);
  expect(everyone).toContain(erased.id);
  await erasePerson(rt.systemCtx(), erased.id, "заявление родственников от 01.03.2026");
  await expect(checkKeysOfEveryone(rt.database, store, log, everyone)).resolves.toBeUndefined();
  expect(store.ids()).toContain(kept.id);
  // A key truly missing is still refused.
  const lost = await makePerson(rt, { primaryName: "Шевчук Олег Миколайович" });
  const withLost = await personIds(rt.database);
  store.erase([lost.id]);
  await expect(checkKeysOfEveryone(rt.database, store, log, withLost)).rejects.toThrow(/1 people have no data key/);
  await erasePerson(rt.systemCtx(), lost.id, "заявление родственников от 01.03.2026");
});

it("names its steps as each ends, and a worker's open (no checks) opens the store only", async () => {
  const steps: string[] = [];
  await openPersonKeys(rt.database, rt.cipher, file, log, { passes: Promise.resolve(false), step: (s) => steps.push(s) });
  expect(steps).toEqual(["keyStore", "keyPasses", "keyChecks"]);
  steps.length = 0;
  await openPersonKeys(rt.database, rt.cipher, file, log, { checks: false, step: (s) => steps.push(s) });
  expect(steps).toEqual(["keyStore"]);
});
