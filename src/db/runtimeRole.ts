import { sql } from "drizzle-orm";
import { MIGRATION_LOCK, type Db } from "./client.js";

// On PostgreSQL the server should not run as the owner of the tables: an owner can `ALTER TABLE audit_event
// DISABLE TRIGGER USER`, edit the log and recompute the chain, or truncate it. Migrations run as the owner
// (DATABASE_OWNER_URL); the server runs as another role (DATABASE_URL) granted here exactly the rows it may
// touch: read and write every table, except the audit log, which it may only read and append to. Only an
// owner (or a superuser) may alter a table, drop or disable its triggers, or truncate it.

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

function quoted(role: string): string {
  if (!ROLE_NAME.test(role)) throw new Error(`database role "${role}": expected letters, digits, _ $ - (at most 63)`);
  return `"${role}"`;
}

/** The role a connection URL signs in as (the user part; PGUSER when the URL names none). */
export function roleOfUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const user = decodeURIComponent(new URL(url).username) || env.PGUSER;
  if (!user) throw new Error("DATABASE_URL names no user: write postgres://ROLE:PASSWORD@host/db");
  return user;
}

/**
 * Run as the owner, after migrating: grant the runtime role its DML (again after every migration, so new
 * tables are covered). The role must exist already (the operator creates it: docs/security.md).
 */
export async function grantRuntimeRole(ownerDb: Db, role: string): Promise<void> {
  const r = quoted(role);
  // Under the migrations' lock: another host granting at the same moment failed one of them ("tuple concurrently
  // updated"), and a grant beside a migration may miss its new tables.
  await ownerDb.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql.raw(`grant usage on schema public to ${r}`));
    await tx.execute(sql.raw(`grant select, insert, update, delete on all tables in schema public to ${r}`));
    await tx.execute(sql.raw(`revoke update, delete, truncate, references, trigger on audit_event from ${r}`));
    await tx.execute(sql.raw(`grant usage, select on all sequences in schema public to ${r}`));
  });
}

/** True when the connected role owns the audit log (and so could alter it): the set-up docs/security.md warns against. */
export async function connectedRoleOwnsAuditLog(db: Db): Promise<boolean> {
  const r = (await db.execute(
    sql`select (c.relowner = (select oid from pg_roles where rolname = current_user)) or (select rolsuper from pg_roles where rolname = current_user) as owns from pg_class c where c.relname = 'audit_event' and c.relkind = 'r'`,
  )) as unknown as { rows: { owns: boolean }[] };
  return r.rows[0]?.owns === true;
}
