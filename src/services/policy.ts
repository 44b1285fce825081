import type { Role } from "../db/schema/enums.js";
import type { Actor } from "./context.js";
import { ServiceError } from "./errors.js";

// Permissions are one declarative table: role × action × resource, with an optional condition.
// Anything not allowed here is denied. Routes and services name an action from these unions, never a free string.

export const resources = [
  "person",
  "case",
  "healthRecord",
  "genevaRecord",
  "appeal",
  "exchangeList",
  "reconciliation",
  "recognition",
  "priorityWeights",
  "facility",
  "source",
  "user",
  "audit",
  "backup",
  "official",
  "organisation",
  "apiToken",
] as const;
export type Resource = (typeof resources)[number];

export const actions = [
  "list",
  "read",
  "readSensitive",
  "create",
  "update",
  "delete",
  "import",
  "export",
  "triage",
  "assess",
  "decide",
  "freeze",
  "signOff",
  "recordOutcome",
  "recordConsent",
  "manage",
  "merge",
  "assign",
] as const;
export type Action = (typeof actions)[number];

/** What a condition may look at: the subject's facts relevant to access, loaded by the caller. */
export interface Subject {
  /** Users assigned to the person (lawyers see only their own people). */
  assignedUserIds?: readonly string[];
  authorId?: string | null;
}

type Condition = (actor: Extract<Actor, { kind: "user" }>, subject: Subject | undefined) => boolean;

interface Rule {
  roles: readonly Role[] | "*";
  actions: readonly Action[];
  resource: Resource;
  when?: Condition;
}

const rules: Rule[] = [];
function allow(roles: Rule["roles"], acts: readonly Action[], resource: Resource, when?: Condition): void {
  rules.push({ roles, actions: acts, resource, ...(when ? { when } : {}) });
}

const assignedToActor: Condition = (actor, subject) => !!subject?.assignedUserIds?.includes(actor.userId);

const staff = ["admin", "coordinator", "researcher"] as const;
const everyone = "*" as const;

// Registry
allow(everyone, ["list", "read"], "person", (a, s) => a.role !== "lawyer" || assignedToActor(a, s));
allow(staff, ["create", "update", "import", "export"], "person");
allow(["lawyer"], ["update"], "person", assignedToActor);
allow(["admin", "coordinator"], ["delete", "readSensitive", "merge"], "person");
allow(["lawyer"], ["readSensitive"], "person", assignedToActor);
// Assigning a person to a lawyer opens the person's file to that lawyer: coordinators and admins decide it.
allow(["admin", "coordinator"], ["assign"], "person");
// Consent publishes a profile to anonymous visitors: only a coordinator or admin records it, always with who gave
// it and how (a consent record), never as a plain field edit.
allow(["admin", "coordinator"], ["recordConsent"], "person");
// Volunteers see a person's public and "limited" fields only (src/http/presenters/person.ts): no case files, no sources.
allow(["admin", "coordinator", "researcher", "lawyer"], ["list", "read"], "case", (a, s) => a.role !== "lawyer" || assignedToActor(a, s));
allow(staff, ["create", "update", "delete"], "case");
allow(["lawyer"], ["create", "update"], "case", assignedToActor);
allow(["admin", "coordinator"], ["read", "create", "update", "delete"], "healthRecord");
allow(["researcher"], ["create"], "healthRecord");
allow(["lawyer"], ["read", "create", "update"], "healthRecord", assignedToActor);
allow(["admin", "coordinator"], ["read", "update", "export"], "genevaRecord");
allow(everyone, ["list", "read"], "facility");
allow(staff, ["create", "update"], "facility");
allow(["admin", "coordinator", "researcher", "lawyer"], ["list", "read"], "source");
allow([...staff, "lawyer"], ["create"], "source");

// Officials behind the cases (docs/officials.md): names, posts and roles are public acts of office; private
// details are sealed. Volunteers get names only (presenter); lawyers only officials of their assigned people's cases.
allow(everyone, ["list", "read"], "official", (a, s) => a.role !== "lawyer" || assignedToActor(a, s));
allow(staff, ["create", "update", "export"], "official");
allow(["admin", "coordinator"], ["delete", "readSensitive", "manage"], "official");

// Appeals from families: their text and contacts are sensitive.
allow(["admin", "coordinator"], ["list", "read", "readSensitive", "triage", "update", "delete", "import"], "appeal");
allow(["researcher"], ["list", "read"], "appeal");
allow(["lawyer"], ["read", "readSensitive", "update"], "appeal", assignedToActor);

// Exchange lists and reconciliation of counterpart lists
// Recording an outcome moves people to released/exchanged: coordinators only, like freezing and signing off.
allow(["admin", "coordinator"], ["list", "read", "create", "update", "export", "freeze", "signOff", "recordOutcome"], "exchangeList");
allow(["researcher"], ["list", "read", "create", "update"], "exchangeList");
allow(["admin", "coordinator", "researcher"], ["create", "read"], "reconciliation");

// Recognition (four-eyes: the decide rule is complemented by "not the author" in the domain)
allow(everyone, ["read"], "recognition");
allow(["admin", "coordinator", "researcher"], ["assess"], "recognition");
allow(["admin", "coordinator"], ["decide"], "recognition");
allow(everyone, ["read"], "priorityWeights");
allow(["admin", "coordinator"], ["update"], "priorityWeights");

// Administration
allow(["admin"], ["list", "read", "create", "update", "delete", "manage"], "user");
allow(["admin"], ["list", "read"], "audit");
allow(["admin"], ["manage"], "backup");
// API tokens for scripts, partners and monitoring: admins create, list and revoke them (docs/security.md "API tokens").
allow(["admin"], ["list", "create", "delete"], "apiToken");
// Organisation-wide display settings (how occupied Ukrainian subdivisions are labelled): everyone reads, admins change.
allow(everyone, ["read"], "organisation");
allow(["admin"], ["update"], "organisation");

export function can(actor: Actor, action: Action, resource: Resource, subject?: Subject): boolean {
  if (actor.kind === "system") return true; // CLI on the server's own machine: the operator already holds the key.
  if (actor.kind === "anonymous") return false; // Public pages go through public presenters, not this table.
  return rules.some(
    (r) =>
      r.resource === resource &&
      r.actions.includes(action) &&
      (r.roles === "*" || r.roles.includes(actor.role)) &&
      (!r.when || r.when(actor, subject)),
  );
}

export function authorize(actor: Actor, action: Action, resource: Resource, subject?: Subject): asserts actor is Exclude<Actor, { kind: "anonymous" }> {
  if (actor.kind === "anonymous") throw new ServiceError("unauthenticated", "sign in first");
  if (!can(actor, action, resource, subject)) throw new ServiceError("forbidden", `not allowed to ${action} ${resource}`);
}

/** Whether any rule could let this role do the action on some subject (used to filter lists by assignment). */
export function roleMayEver(role: Role, action: Action, resource: Resource): boolean {
  return rules.some((r) => r.resource === resource && r.actions.includes(action) && (r.roles === "*" || r.roles.includes(role)));
}
