import type { Logger } from "pino";
import type { Db, DbKind } from "../db/client.js";
import type { Role } from "../db/schema/enums.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import type { PeopleDirectory } from "./directory/directory.js";

export type Actor =
  | { kind: "user"; userId: string; organisationId: string; role: Role; label: string }
  // CLI commands and start-up tasks run as the system of one organisation.
  | { kind: "system"; organisationId: string; label: string }
  | { kind: "anonymous" };

export interface ServiceContext {
  db: Db;
  dbKind: DbKind;
  cipher: FieldCipher;
  actor: Actor;
  log: Logger;
  now: () => Date;
  /** The in-memory person index of this process: name order, filters, counts and name search. */
  people: PeopleDirectory;
  /**
   * When the request this context serves arrived (performance.now()): on PostgreSQL a catch-up with the change
   * feed begun after it is fresh enough for the whole request (shared by its token, index and kept values).
   * Unset outside requests: then each read asks for a catch-up begun after it.
   */
  since?: number;
}

export function withActor(ctx: ServiceContext, actor: Actor): ServiceContext {
  return { ...ctx, actor };
}

export function actorOrganisationId(actor: Actor): string {
  if (actor.kind === "anonymous") throw new Error("anonymous actor has no organisation");
  return actor.organisationId;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

export function actorLabel(actor: Actor): string {
  return actor.kind === "anonymous" ? "anonymous" : actor.label;
}
