// The coordinator a staff-app benchmark acts as (bench/staff-app.ts, bench/list-create.ts): a fresh account in the
// registry's organisation, used through the services with its own context.
import { randomBytes } from "node:crypto";
import type { Runtime } from "../src/app/runtime.js";
import { findUserById } from "../src/db/repositories/users.js";
import { createUser } from "../src/services/accounts.js";
import type { Actor, ServiceContext } from "../src/services/context.js";

export async function benchCoordinator(rt: Runtime): Promise<ServiceContext> {
  const email = `bench-${randomBytes(3).toString("hex")}@example.org`;
  const created = await createUser(rt.systemCtx("bench"), { email, role: "coordinator", password: "bench password 12345" });
  const user = (await findUserById(rt.database.db, created.id))!;
  const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role: "coordinator", label: user.email };
  return rt.ctx(actor);
}
