import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRuntime, openRuntime, type Runtime } from "../../src/app/runtime.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { connectedRoleOwnsAuditLog, grantRuntimeRole } from "../../src/db/runtimeRole.js";
import { verifyAuditChain } from "../../src/services/audit.js";
import { checkpointAuditHead, compareWithAuditHead, readAuditHead } from "../../src/services/auditHead.js";
import { createPerson } from "../../src/services/people.js";
import { createTestRuntime, type TestRuntime } from "../helpers/runtime.js";

// Issue #20: the runtime role owned the tables, so `ALTER TABLE audit_event DISABLE TRIGGER USER`, an edit and a
// recomputed chain passed `audit verify`, and a truncated log read "intact: 0 entries". With migrations run as
// the owner (DATABASE_OWNER_URL) and the server as a role granted only DML (src/db/runtimeRole.ts), none of that
// is possible with the server's credentials. PostgreSQL only: an embedded PGlite database has one user, and its
// data folder is locked to the server's process (the signed head file is what protects it).
const server = process.env.TEST_DATABASE_URL;
if (!server) console.warn("runtime role tests skipped: they need PostgreSQL (TEST_DATABASE_URL); PGlite has no roles");

describe.skipIf(!server)("the server's database role on PostgreSQL", () => {
  let owner: TestRuntime;
  let database: Database;
  let app: Runtime;
  let role: string;
  let roleUrl: string;
  let ownerDbUrl: string;
  const dir = mkdtempSync(join(tmpdir(), "aff-role-"));
  const headFile = join(dir, "audit-head");

  beforeAll(async () => {
    owner = await createTestRuntime();
    role = `aff_runtime_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(12).toString("hex");
    await owner.database.db.execute(sql.raw(`create role ${role} login password '${password}'`));
    await grantRuntimeRole(owner.database.db, role);
    const name = ((await owner.database.db.execute(sql`select current_database() as n`)) as unknown as { rows: { n: string }[] }).rows[0]!.n;
    const url = new URL(server!);
    url.username = role;
    url.password = password;
    url.pathname = `/${name}`;
    roleUrl = url.toString();
    const ownerUrl = new URL(server!);
    ownerUrl.pathname = `/${name}`;
    ownerDbUrl = ownerUrl.toString();
    database = await openDatabase({ url: roleUrl, migrate: false });
    app = buildRuntime(database, owner.cipher, pino({ level: "silent" }), owner.organisationId);
  });
  afterAll(async () => {
    await app?.close();
    await owner.database.db.execute(sql.raw(`drop owned by ${role}`)).catch(() => undefined);
    await owner.close();
    // The database is gone: the role owns nothing now.
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`drop role if exists ${role}`).catch(() => undefined);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const refused = async (statement: string) => {
    const e = await database.db.execute(sql.raw(statement)).then(
      () => null,
      (err: unknown) => err as { cause?: { code?: string }; code?: string },
    );
    expect(e, statement).not.toBeNull();
    // 42501 insufficient_privilege (also "must be owner of table").
    expect(e!.cause?.code ?? e!.code, statement).toBe("42501");
  };

  it("`serve` with DATABASE_OWNER_URL migrates as the owner, grants, and runs as DATABASE_URL's role", async () => {
    // First, while no value is sealed under a person key that this fresh key file set would lack.
    const config = loadConfig({}, { databaseUrl: roleUrl, databaseOwnerUrl: ownerDbUrl, keyFile: join(dir, "data.key"), dataDir: join(dir, "data"), envKey: owner.cipher.current.key.toString("hex") });
    const opened = await openRuntime(config, { log: pino({ level: "silent" }) });
    try {
      const who = ((await opened.database.db.execute(sql`select current_user as u`)) as unknown as { rows: { u: string }[] }).rows[0]!.u;
      expect(who).toBe(role);
      expect(await connectedRoleOwnsAuditLog(opened.database.db)).toBe(false);
    } finally {
      await opened.close();
    }
  });

  it("does its work: people and their audit entries", async () => {
    expect(await connectedRoleOwnsAuditLog(database.db)).toBe(false);
    expect(await connectedRoleOwnsAuditLog(owner.database.db)).toBe(true);
    const p = await createPerson(app.systemCtx("runtime role"), { primaryName: "Ролев Иван Иванович", category: "ru_political_prisoner" });
    expect(p.id).toBeTruthy();
    const n = ((await database.db.execute(sql`select count(*)::int as n from audit_event where target_id = ${p.id}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(n).toBe(1);
  });

  it("cannot disable the audit triggers, edit, delete or truncate the log, or alter the table", async () => {
    expect(await checkpointAuditHead(database.db, app.cipher, headFile)).toBeNull();
    await refused("alter table audit_event disable trigger user");
    await refused("update audit_event set actor_label = 'someone else'");
    await refused("delete from audit_event");
    await refused("truncate audit_event");
    await refused("alter table audit_event add column note text");
    await refused("drop trigger audit_event_no_update on audit_event");
    await refused("drop trigger audit_event_no_truncate on audit_event");
    await refused("set session_replication_role = replica");
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("an owner who truncates the log is still caught by `audit verify` through the signed head file", async () => {
    // The owner's credentials are not the server's; whoever holds them can still cut the log …
    await owner.database.db.execute(sql`alter table audit_event disable trigger user`);
    await owner.database.db.execute(sql`truncate audit_event`);
    await owner.database.db.execute(sql`alter table audit_event enable trigger user`);
    expect((await verifyAuditChain(database.db)).checked).toBe(0);
    // … but the head checkpointed beside the data names an entry that is gone.
    const { head } = readAuditHead(headFile, app.cipher);
    expect(head).toBeDefined();
    expect((await compareWithAuditHead(database.db, head!)).join("\n")).toMatch(/missing.*the log was cut/);
  });
});
