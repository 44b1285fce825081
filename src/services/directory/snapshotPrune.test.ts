import { mkdtempSync, rmSync } from "node:fs";
import pg from "pg";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/helpers/runtime.js";
import { makeCase, makePerson } from "../../../test/helpers/factories.js";
import { pruneChanges } from "../../db/repositories/personDirectory.js";
import { PersonKeyStore } from "../../security/personKeys.js";
import { PeopleDirectory } from "./directory.js";
import { readHeader } from "./snapshot.js";

// The change feed also records changes of values kept between requests (migration 0030: facilities, organisations,
// API tokens, users — a token's hourly last use, a sign-in), rows that name no person. Pruning them must not make
// an index snapshot look as if it had missed changes of people: a server whose people did not change for an hour,
// while staff signed in, would otherwise build in full at its next start.
let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-snapshot-prune-"));
const path = join(dir, "data.key.index");
let keys: PersonKeyStore;

beforeAll(async () => {
  rt = await createTestRuntime();
  keys = PersonKeyStore.openFile(join(dir, "data.key.people"), rt.cipher);
  for (const name of ["Горинов Алексей Алексеевич", "Іваненко Ганна Петрівна", "Якимов Борис Юрьевич"]) await makePerson(rt, { primaryName: name, alternateNames: [] });
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const reasons: string[] = [];
const log = pino({ level: "info" }, { write: (line: string) => void reasons.push(String(JSON.parse(line).reason ?? JSON.parse(line).msg)) });

async function open(): Promise<PeopleDirectory> {
  const d = new PeopleDirectory(rt.database, log);
  d.useSnapshots({ path, keys });
  await d.built();
  await d.snapshotSaved();
  return d;
}

it("a snapshot stays usable when only rows of kept values were pruned from the feed since it", async () => {
  await (await open()).close();
  // After the snapshot: an organisation's row written (a kept value's table), and the feed pruned past it.
  await rt.database.db.execute(sql`update organisation set name = name where id = ${rt.organisationId}::uuid`);
  await pruneChanges(rt.database.db, 0);
  const d = await open();
  expect(d.loadedFrom).toBe("snapshot");
  expect((await d.indexOf(rt.organisationId)).size).toBe(3);
  await d.close();
});

it("a start deletes this host's snapshot keys that its snapshot does not use (a stop between writing one and deleting the last key), not another host's", async () => {
  await (await open()).close();
  const inUse = readHeader(path)!.header.keyId;
  const owner = inUse.split("-")[1]!;
  const left = keys.createIndexKey(owner).id;
  const otherHost = keys.createIndexKey("0123456789ab").id;
  const d = await open();
  expect(d.loadedFrom).toBe("snapshot");
  expect(keys.ids()).not.toContain(left);
  expect(keys.ids()).toEqual(expect.arrayContaining([inUse, otherHost]));
  await d.close();
  keys.dropIndexKey(otherHost);
});

// The snapshot's position is this database's (repositories/personDirectory.ts `localHorizon`), not the cluster's xmin:
// a transaction left open in another database of the server (another test file, another application) must not
// make the next prune look past it — and a transaction of this database still running when the snapshot was taken,
// whose change is pruned after it commits, must still make the start build in full. PostgreSQL only (two sessions).
const serverUrl = process.env.TEST_DATABASE_URL;
async function session(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

it.runIf(!!serverUrl)("a transaction open in another database while the snapshot is written does not hold its position back", async () => {
  const other = await session(serverUrl!);
  try {
    await other.query("begin");
    await other.query("select pg_current_xact_id()");
    // A change of this database after the other transaction began, then a snapshot holding it.
    await makePerson(rt, { primaryName: "Шевченко Олена Ивановна", alternateNames: [] });
    rmSync(path, { force: true });
    await (await open()).close();
    const { xmin, through } = readHeader(path)!.header;
    // The cluster's xmin is the other database's transaction; this database's position is past it.
    expect(BigInt(through)).toBeGreaterThan(BigInt(xmin));
  } finally {
    await other.query("rollback");
    await other.end();
  }
  // The new person's feed row pruned: the snapshot holds that change, so it is still used.
  await pruneChanges(rt.database.db, 0);
  reasons.length = 0;
  const d = await open();
  expect(reasons).not.toContain("the change feed was pruned past it");
  expect(d.loadedFrom).toBe("snapshot");
  expect((await d.indexOf(rt.organisationId)).size).toBe(4);
  await d.close();
});

it.runIf(!!serverUrl)("a change of this database committed after the snapshot was taken and pruned since makes the start build in full", async () => {
  rmSync(path, { force: true });
  await (await open()).close();
  const mine = await session(rt.databaseUrl!);
  try {
    await mine.query("begin");
    await mine.query("update person set home_region = 'UA-30' where organisation_id = $1", [rt.organisationId]);
    // A later transaction ends first: the next id to be assigned is past the running one.
    await makePerson(rt, { primaryName: "Якимова Ирина Борисовна", alternateNames: [], homeRegion: "UA-30" });
    rmSync(path, { force: true });
    // Written while that transaction runs: its change is not in the snapshot.
    await (await open()).close();
    await mine.query("commit");
  } finally {
    await mine.end();
  }
  await pruneChanges(rt.database.db, 0);
  reasons.length = 0;
  const d = await open();
  expect(d.loadedFrom).toBe("database");
  expect(reasons).toContain("the change feed was pruned past it");
  expect([...(await d.indexOf(rt.organisationId)).entries.values()].every((e) => e.region === "UA-30")).toBe(true);
  await d.close();
});

// A prepared transaction (two-phase commit) is no backend's: once prepared, pg_stat_activity no longer shows its id,
// so `localHorizon` would count it as ended and a prune of its change could go unnoticed. It holds: a transaction
// that writes the change feed also NOTIFYs (migrations 0016, 0030, 0033), and PostgreSQL refuses to prepare such a
// transaction. This pins that. Needs max_prepared_transactions above 0 (CI's server has it; where it is 0 nothing can
// be prepared at all).
it.runIf(!!serverUrl)("a transaction that changes a person cannot be prepared (the snapshot's position relies on it)", async (ctx) => {
  const someone = await makePerson(rt, { primaryName: "Ткаченко Марія Олегівна", alternateNames: [] });
  await makeCase(rt, someone.id, { detainedOn: "2023-11-30", custodyPeriods: [] });
  const mine = await session(rt.databaseUrl!);
  try {
    const max = (await mine.query<{ n: string }>("select current_setting('max_prepared_transactions') as n")).rows[0]!.n;
    if (Number(max) === 0) ctx.skip();
    // Each kind of row the feed names a person for: the person, a case (migration 0033), a facility (0030).
    for (const change of [
      "update person set home_region = 'UA-46' where organisation_id = $1",
      "update criminal_case set court = court where person_id in (select id from person where organisation_id = $1)",
      "delete from status_event where person_id in (select id from person where organisation_id = $1)",
      "update organisation set name = name where id = $1",
    ]) {
      await mine.query("begin");
      await mine.query(change, [rt.organisationId]);
      await expect(mine.query("prepare transaction 'snapshot-prune-test'"), change).rejects.toThrow(/NOTIFY/);
      await mine.query("rollback");
    }
  } finally {
    await mine.query("rollback prepared 'snapshot-prune-test'").catch(() => undefined);
    await mine.end();
  }
});
