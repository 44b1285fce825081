import { z } from "zod";
import { passphraseProblem } from "../../security/passwords.js";
import { createBackup } from "../../services/backup.js";
import { eraseAppeal, erasePerson } from "../../services/erasure.js";
import { defineRoute, type AnyRoute } from "../route.js";

// Erasure on request and online backups (the embedded database cannot be opened by a second process while
// the server runs, so an admin takes the consistent backup through the server itself).

const idParams = z.object({ id: z.uuid() });
const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) });

export const dataProtectionRoutes: AnyRoute[] = [
  defineRoute({
    method: "POST",
    url: "/api/v1/people/:id/erasure",
    summary: "Erase a person on request: personal data everywhere (appeals, list rows, search) — the audit keeps only the fact",
    tag: "people",
    api: true,
    permission: { action: "delete", resource: "person" },
    params: idParams,
    body: reasonBody,
    async handler({ ctx, params, body }) {
      return { erased: true, ...(await erasePerson(ctx, params.id, body.reason)) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/appeals/:id/erasure",
    summary: "Erase an appeal on request (its sealed text, contacts and attachments)",
    tag: "appeals",
    api: true,
    permission: { action: "delete", resource: "appeal" },
    params: idParams,
    body: reasonBody,
    async handler({ ctx, params, body }) {
      await eraseAppeal(ctx, params.id, body.reason);
      return { erased: true };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/backup",
    summary: "Download an encrypted, consistent backup (sealed with the passphrase given)",
    tag: "system",
    api: true,
    permission: { action: "manage", resource: "backup" },
    // A passphrase is required here: a backup sealed with the field key would be useless away from the server.
    body: z.object({ passphrase: z.string().max(512).superRefine((p, c) => void (passphraseProblem(p) && c.addIssue({ code: "custom", message: passphraseProblem(p)! }))) }),
    responds: "raw",
    async handler({ ctx, body, reply }) {
      const file = await createBackup(ctx, { passphrase: body.passphrase });
      const name = `allforall-${ctx.now().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.backup`;
      return reply.header("content-type", "application/octet-stream").header("content-disposition", `attachment; filename="${name}"`).header("cache-control", "no-store").send(file);
    },
  }),
];
