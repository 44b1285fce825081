import { assigneeKeys } from "../security/assignmentKeys.js";
import type { ServiceContext } from "./context.js";

// Assignments are matched by the user's keyed hashes (src/security/assignmentKeys.ts), never by a stored user id.

/** The keyed hashes of a user, under every field key this process knows (current first). */
export function keysOfUser(ctx: ServiceContext, userId: string): string[] {
  return assigneeKeys(ctx.cipher, userId);
}

/** For a lawyer, the keyed hashes that restrict what they see to their assigned people; undefined for other roles. */
export function lawyerKeys(ctx: ServiceContext): string[] | undefined {
  return ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? keysOfUser(ctx, ctx.actor.userId) : undefined;
}
