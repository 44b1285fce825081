import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointAuditHead, compareWithAuditHead, currentAuditHead, readAuditHead } from "../../src/services/auditHead.js";
import { createBackup, readBackup } from "../../src/services/backup.js";
import { auditEntryHash, verifyAuditChain } from "../../src/services/audit.js";
import { makePerson } from "../helpers/factories.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

// Found by an adversarial run on PostgreSQL: the runtime role owns the tables, so an insider disabled the
// triggers and cut or rewrote the log; `audit verify` said "intact" (even "intact: 0 entries" after a truncate).
// The signed head checkpointed outside the database catches both.
let rt: TestRuntime;
const dir = mkdtempSync(join(tmpdir(), "aff-head-"));
const headFile = join(dir, "data.audit-head");
beforeAll(async () => (rt = await createTestRuntime()));
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

async function asOwner(statement: string) {
  await rt.database.db.execute(sql.raw("alter table audit_event disable trigger user"));
  try {
    await rt.database.db.execute(sql.raw(statement));
  } finally {
    await rt.database.db.execute(sql.raw("alter table audit_event enable trigger user"));
  }
}

describe("audit head outside the database", () => {
  it("is signed, moves forward with the log, and is in every backup", async () => {
    await makePerson(rt);
    expect(await checkpointAuditHead(rt.database.db, rt.cipher, headFile)).toBeNull();
    const head = readAuditHead(headFile, rt.cipher).head!;
    expect(head).toMatchObject((await currentAuditHead(rt.database.db))!);
    expect(await auditEntryHash(rt.database.db, head.seq)).toBe(head.hash); // what `audit verify --expect-head` compares
    expect(await auditEntryHash(rt.database.db, head.seq + 1000)).toBeNull();
    expect(readFileSync(headFile, "utf8")).not.toMatch(/Горинов/);
    await makePerson(rt);
    expect(await checkpointAuditHead(rt.database.db, rt.cipher, headFile)).toBeNull();
    expect(readAuditHead(headFile, rt.cipher).head!.seq).toBeGreaterThan(head.seq);
    const backup = await createBackup(rt.systemCtx());
    expect(readBackup(backup, { cipher: rt.cipher }).auditHead?.seq).toBeGreaterThan(head.seq);
  });

  it("a forged head file is reported", async () => {
    const saved = readFileSync(headFile, "utf8");
    writeFileSync(headFile, saved.replace(/"seq":(\d+)/, (_, n: string) => `"seq":${Number(n) - 1}`));
    expect(readAuditHead(headFile, rt.cipher).problem).toMatch(/valid signature/);
    writeFileSync(headFile, saved);
  });

  it("a cut tail and a truncated log are caught, and the checkpoint does not move past them", async () => {
    await makePerson(rt);
    expect(await checkpointAuditHead(rt.database.db, rt.cipher, headFile)).toBeNull();
    const head = readAuditHead(headFile, rt.cipher).head!;
    await asOwner(`delete from audit_event where seq >= ${head.seq - 1}`);
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true); // the chain alone cannot see it
    expect(await compareWithAuditHead(rt.database.db, head)).toEqual([expect.stringMatching(/missing.*cut/)]);
    await makePerson(rt); // new entries after the cut do not launder it
    expect(await checkpointAuditHead(rt.database.db, rt.cipher, headFile)).toMatch(/missing/);
    expect(readAuditHead(headFile, rt.cipher).head).toEqual(head);
    await asOwner("truncate audit_event");
    expect((await verifyAuditChain(rt.database.db)).checked).toBe(0);
    expect(await compareWithAuditHead(rt.database.db, head)).toHaveLength(1);
  });
});
