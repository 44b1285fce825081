import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { buildRuntime, ensureDefaultOrganisation } from "../../src/app/runtime.js";
import { openDatabase } from "../../src/db/client.js";
import { appeal } from "../../src/db/schema/appeal.js";
import { appUser, userSession } from "../../src/db/schema/organisation.js";
import { auditEvent } from "../../src/db/schema/audit.js";
import { exchangeList, exchangeListRow } from "../../src/db/schema/exchangeList.js";
import { person, personName } from "../../src/db/schema/person.js";
import { FieldCipher, newFieldKey } from "../../src/security/fieldCipher.js";
import { readKeyFile, writeKeyFile } from "../../src/security/keyStore.js";
import { ident, schemaTables } from "../../src/security/schemaTables.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { createBackup, readBackup, restoreBackup, sealBackup, snapshotRows } from "../../src/services/backup.js";
import { describeError } from "../../src/cli/shared.js";
import { passphraseProblem, passwordProblem } from "../../src/security/passwords.js";
import { erasePerson } from "../../src/services/erasure.js";
import { countStale, rotateFieldKeys } from "../../src/services/keyRotation.js";
import { rowsOf } from "../../src/db/rows.js";
import { updatePerson } from "../../src/services/people.js";
import type { Db } from "../../src/db/client.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";
import { seedRegistry, type Seeded } from "./seed.js";

let rt: TestRuntime;
let seeded: Seeded;
const dir = mkdtempSync(join(tmpdir(), "aff-sec-"));

beforeAll(async () => {
  rt = await createTestRuntime();
  seeded = await seedRegistry(rt);
  // A rename through the API: its audit entry must not keep the old or new name.
  await updatePerson(rt.systemCtx(), seeded.privatePerson, { primaryName: "Скрытый Иван Петрович-Второй" });
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Per table: row count and a hash of the sorted rows, to compare two databases. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await schemaTables()) {
    const r = await db.execute(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(j, E'\\n' order by j), '')) as h from (select row_to_json(x)::text as j from ${ident(t.name)} x) s`));
    const row = rowsOf<{ n: number; h: string }>(r)[0]!;
    out[t.name] = `${row.n}:${row.h}`;
  }
  return out;
}

describe("backup and restore", () => {
  it("knows every table of the database (none created outside the Drizzle schema)", async () => {
    const inDb = rowsOf<{ t: string }>(await rt.database.db.execute(sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)).map((r) => r.t);
    // The person index's change feed (migration 0012) holds only ids, is pruned within the hour and is derived:
    // a restore makes every index rebuild, so it is not backed up.
    const known = [...(await schemaTables()).map((t) => t.name), "person_change"];
    expect(inDb.filter((t) => !known.includes(t))).toEqual([]);
  });

  it("restores every row of every table into an empty database (field key and passphrase)", async () => {
    const before = await fingerprint(rt.database.db);
    expect(Object.values(before).filter((v) => !v.startsWith("0:")).length).toBeGreaterThan(20);
    for (const passphrase of [undefined, "a long backup passphrase"]) {
      const file = await createBackup(rt.systemCtx(), { passphrase });
      // Nothing readable in the file: not a name, not an email.
      expect(file.includes(Buffer.from("Скрытый"))).toBe(false);
      expect(file.includes(Buffer.from("@example.org"))).toBe(false);
      const fresh = await createTestRuntime();
      const target = fresh.database;
      const rt2 = buildRuntime(target, rt.cipher, pino({ level: "silent" }), fresh.organisationId);
      await restoreBackup(rt2.systemCtx(), file, { passphrase });
      const after = await fingerprint(target.db);
      // The restore appends its own audit entry; every other table is identical row for row.
      for (const t of Object.keys(before)) if (t !== "audit_event") expect(`${t} ${after[t]}`).toBe(`${t} ${before[t]}`);
      const audit = await target.db.select().from(auditEvent);
      expect(audit.at(-1)!.type).toBe("backup.restored");
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
      // A second restore refuses the now non-empty database unless forced.
      await expect(restoreBackup(rt2.systemCtx(), file, { passphrase })).rejects.toThrow(/not empty/);
      await restoreBackup(rt2.systemCtx(), file, { passphrase, force: true });
      await target.close();
    }
  });

  it("refuses a wrong passphrase, an unknown key and a tampered file", async () => {
    const file = await createBackup(rt.systemCtx(), { passphrase: "a long backup passphrase" });
    expect(() => readBackup(file, { cipher: rt.cipher, passphrase: "another long passphrase" })).toThrow(/cannot be opened/);
    const keyed = await createBackup(rt.systemCtx());
    expect(() => readBackup(keyed, { cipher: new FieldCipher([newFieldKey()]) })).toThrow(/not in the key file/);
    const tampered = Buffer.from(keyed);
    tampered[tampered.length - 40]! ^= 1;
    expect(() => readBackup(tampered, { cipher: rt.cipher })).toThrow(/cannot be opened/);
  });

  it("the header in clear holds no row counts (how many appeals, people, users)", async () => {
    const file = await createBackup(rt.systemCtx(), { passphrase: "a long backup passphrase" });
    const headerLine = file.subarray(0, file.indexOf(0x0a, file.indexOf(0x0a) + 1)).toString("utf8");
    expect(headerLine).not.toMatch(/tables|appeal|person|audit_event/);
    const { tables } = readBackup(file, { cipher: rt.cipher, passphrase: "a long backup passphrase" });
    expect(tables.person).toBeGreaterThan(0);
  });

  it("refuses weak backup passphrases", async () => {
    for (const weak of ["a".repeat(16), "password12345678", "1234567890123456", "qwertyqwertyqwerty"]) expect(passphraseProblem(weak), weak).not.toBeNull();
    expect(passphraseProblem("a long backup passphrase")).toBeNull();
    for (const weak of ["password1234", "Password!2024", "пароль123456", "123456789012", "abcabcabcabc"]) expect(passwordProblem(weak), weak).not.toBeNull();
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });

  it("a passphrase backup is not restored where the field key of its sealed fields is missing", async () => {
    const file = await createBackup(rt.systemCtx(), { passphrase: "a long backup passphrase" });
    const fresh = await createTestRuntime();
    try {
      const elsewhere = buildRuntime(fresh.database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), fresh.organisationId);
      await expect(restoreBackup(elsewhere.systemCtx(), file, { passphrase: "a long backup passphrase" })).rejects.toThrow(/need field key .* key file/);
      expect((await fresh.database.db.select().from(person)).length).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("a failed restore --force shows no value of the backup (session hashes, CSRF tokens, names)", async () => {
    const [anyUser] = await rt.database.db.select({ id: appUser.id }).from(appUser).limit(1);
    await rt.database.db.insert(userSession).values({ tokenHash: "СЕССИЯ-ХЕШ-canary-0001", userId: anyUser!.id, csrfToken: "CSRF-canary-0001", expiresAt: new Date(Date.now() + 3_600_000) });
    const snapshot = await snapshotRows(rt.database.db);
    const sessions = snapshot.find((s) => s.table === "user_session")!;
    expect(sessions.rows.length).toBeGreaterThan(0);
    const secrets = sessions.rows.flatMap((j) => { const r = JSON.parse(j) as { token_hash: string; csrf_token: string }; return [r.token_hash, r.csrf_token]; });
    sessions.rows = sessions.rows.map((j, i) => (i === 0 ? JSON.stringify({ ...JSON.parse(j), expires_at: "не дата" }) : j));
    const file = sealBackup(snapshot, new Date(), { cipher: rt.cipher });
    const fresh = await createTestRuntime();
    try {
      const target = buildRuntime(fresh.database, rt.cipher, pino({ level: "silent" }), fresh.organisationId);
      const error = await restoreBackup(target.systemCtx(), file, { force: true }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const shown = describeError(error);
      for (const s of [...secrets, "Скрытый", "не дата"]) expect(shown).not.toContain(s);
      expect(shown).toMatch(/timestamp|syntax/);
    } finally {
      await fresh.close();
    }
  });

  it("reads one consistent snapshot while writes continue", async () => {
    const writes = Array.from({ length: 20 }, (_, i) => updatePerson(rt.systemCtx(), seeded.publicPerson, { publicSummary: `summary ${i}` }));
    const [file] = await Promise.all([createBackup(rt.systemCtx()), ...writes]);
    const { tables, lines } = readBackup(file as Buffer, { cipher: rt.cipher });
    for (const [t, n] of Object.entries(tables)) expect(lines.filter((l) => l.t === t).length).toBe(n);
    // The audit chain inside the backup is complete on its own (no entry without its predecessor).
    const audit = lines.filter((l) => l.t === "audit_event").map((l) => l.r as { seq: number; prev_hash: string; hash: string });
    for (let i = 1; i < audit.length; i++) expect(audit[i]!.prev_hash).toBe(audit[i - 1]!.hash);
  });
});

describe("key rotation", () => {
  it("re-seals every field-key *_enc column under a new key, keeps data readable, retires the old key", async () => {
    const keyFile = join(dir, "rotate.key");
    const oldKey = rt.cipher.current;
    writeKeyFile(keyFile, [oldKey]);
    const encColumns = (await schemaTables()).flatMap((t) => t.encColumns.map((c) => `${t.name}.${c}`));
    expect(encColumns).toEqual(expect.arrayContaining(["appeal.contact_enc", "official.private_enc", "app_user.totp_secret_enc"]));
    // Health details and the Geneva record are under the person's key (erasure reaches them): not the field key's.
    expect(encColumns).not.toEqual(expect.arrayContaining(["health_record.details_enc"]));
    expect(encColumns).not.toEqual(expect.arrayContaining(["geneva_record.data_enc"]));
    const [h] = rowsOf<{ v: string }>(await rt.database.db.execute(sql`select contact_enc as v from appeal where contact_enc is not null limit 1`));
    const plainBefore = rt.cipher.open(h!.v);
    const r = await rotateFieldKeys(rt.systemCtx(), { keyFile, batchSize: 3 });
    expect(r.retiredKeyIds).toEqual([oldKey.id]);
    const keys = readKeyFile(keyFile);
    expect(keys.map((k) => k.id)).toEqual([r.newKeyId]);
    const fresh = new FieldCipher(keys);
    expect(await countStale(rt.database.db, r.newKeyId)).toBe(0);
    const [h2] = rowsOf<{ v: string }>(await rt.database.db.execute(sql`select contact_enc as v from appeal where contact_enc like ${`v1.${r.newKeyId}.%`} limit 1`));
    expect(fresh.open(h2!.v)).toBe(plainBefore);
    expect(() => new FieldCipher([oldKey]).open(h2!.v)).toThrow();
    const [last] = await rt.database.db.select().from(auditEvent).where(eq(auditEvent.type, "keys.rotated"));
    expect(last?.targetId).toBe(r.newKeyId);
    // Later tests keep using the runtime's cipher: put the new key into it by re-sealing back.
    const back = new FieldCipher([oldKey, ...keys]);
    const { resealAll } = await import("../../src/services/keyRotation.js");
    await resealAll(rt.database.db, back);
    expect(await countStale(rt.database.db, oldKey.id)).toBe(0);
  });
});

describe("audit verify", () => {
  it("the CLI exits 1 naming the edited and the deleted entry (trigger dropped by an insider)", async () => {
    const data = join(dir, "cli-data");
    const keyFile = `${data}.key`;
    writeKeyFile(keyFile, [newFieldKey()]);
    const database = await openDatabase({ dataDir: data });
    const org = await ensureDefaultOrganisation(database);
    const rtc = buildRuntime(database, new FieldCipher(readKeyFile(keyFile)), pino({ level: "silent" }), org);
    const { makeUser } = await import("../helpers/factories.js");
    for (let i = 0; i < 4; i++) await makeUser(rtc, "researcher");
    await database.close();
    const run = promisify(execFile);
    const cli = (args: string[]) =>
      run(process.execPath, ["bin/allforall.mjs", "--data", data, ...args], { env: { ...process.env, ALLFORALL_KEY: "", LOG_LEVEL: "error" } }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const ok = await cli(["audit", "verify"]);
    expect(ok.out).toMatch(/intact: 4 entries/);
    expect(ok.code).toBe(0);
    const again = await openDatabase({ dataDir: data });
    // The insider: drops the append-only trigger, rewrites one entry and deletes another.
    await again.db.execute(sql`drop trigger audit_event_no_update on audit_event`);
    await again.db.execute(sql`update audit_event set detail = '{"role":"admin"}' where seq = 2`);
    await again.db.execute(sql`delete from audit_event where seq = 3`);
    await again.close();
    const broken = await cli(["audit", "verify"]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/entry 2: content does not match its hash/);
    expect(broken.out).toMatch(/entry 4: does not link/);
  }, 120_000);

  it("the database refuses UPDATE, DELETE and TRUNCATE of audit entries", async () => {
    const db = rt.database.db;
    await expect(db.execute(sql`update audit_event set type = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_event`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_event`)).rejects.toThrow();
  });
});

describe("erasure", () => {
  it("removes a person's data everywhere and leaves an audit entry without it", async () => {
    const id = seeded.privatePerson;
    const names = (await rt.database.db.select({ n: personName.name }).from(personName).where(eq(personName.personId, id))).map((r) => r.n);
    expect(names.length).toBeGreaterThan(0);
    const r = await erasePerson(rt.systemCtx(), id, "request from the family of Скрытый Иван");
    expect(r).toMatchObject({ appeals: 1, listRows: 1, lists: 1 });
    expect(await rt.database.db.select().from(person).where(eq(person.id, id))).toHaveLength(0);
    expect(await rt.database.db.select().from(appeal).where(eq(appeal.id, seeded.appealId))).toHaveLength(0);
    const rows = await rt.database.db.select().from(exchangeListRow);
    expect(rows.filter((x) => x.erased && x.personal === null)).toHaveLength(1);
    expect(rows.every((x) => x.personId !== id)).toBe(true);
    const [l] = await rt.database.db.select().from(exchangeList).where(eq(exchangeList.id, seeded.listId));
    expect(l!.manualAdds).not.toContain(id);
    // No table and no audit entry holds any of the names any more: dump everything as text and look.
    const dump: string[] = [];
    for (const t of await schemaTables()) dump.push(...rowsOf<{ j: string }>(await rt.database.db.execute(sql.raw(`select row_to_json(x)::text as j from ${ident(t.name)} x`))).map((x) => x.j));
    const all = dump.join("\n");
    for (const n of [...names, "Скрытый", "Ivan Skrytyi"]) expect(all.includes(n), n).toBe(false);
    const [entry] = await rt.database.db.select().from(auditEvent).where(eq(auditEvent.type, "person.erased"));
    expect(entry!.detail).toMatchObject({ reason: "request from the family of [erased] [erased]" });
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
    // The immutable list tables are guarded again afterwards.
    await expect(rt.database.db.execute(sql`update exchange_list_row set category = 'x'`)).rejects.toThrow();
    await expect(rt.database.db.execute(sql`delete from exchange_list_row`)).rejects.toThrow();
  });
});
