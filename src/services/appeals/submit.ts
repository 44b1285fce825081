import * as repo from "../../db/repositories/appeals.js";
import type { AppealStatus } from "../../db/schema/appeal.js";
import type { ServiceContext } from "../context.js";
import { ServiceError } from "../errors.js";
import { tx } from "../people.js";
import { appealCodeHash, generateAppealCode, normaliseAppealCode } from "./code.js";
import { checkFormToken, issueFormToken, type TokenProblem } from "./formToken.js";
import { publicAppealInput, type AppealContact, type AppealText, type PublicAppealInput } from "./input.js";
import { storeIncomingAppeal } from "./intake.js";
import { publicOrganisationId } from "./shared.js";

// The anonymous side of appeals: the form's token, the submission and the status check. Nothing here looks at
// or stores who the client is (no IP, no user agent); the audit entry says "anonymous" and names no field value.

/** Why a submission was refused, for the page to explain in the family's language. */
export type SubmitRefusal = "honeypot" | TokenProblem | "replayed";

export class AppealRefused extends ServiceError {
  constructor(readonly reason: SubmitRefusal) {
    super("invalid", `appeal refused: ${reason}`);
  }
}

export function issueAppealFormToken(ctx: ServiceContext): string {
  return issueFormToken(ctx.cipher, ctx.now());
}

export interface SubmittedAppeal {
  id: string;
  /** Shown once on the receipt page; only its hash is stored. */
  code: string;
}

export async function submitAppeal(ctx: ServiceContext, input: PublicAppealInput): Promise<SubmittedAppeal> {
  const v = publicAppealInput.parse(input);
  // A filled honeypot is refused before anything else so that bots learn nothing about the token.
  if (v.website && v.website.trim() !== "") throw new AppealRefused("honeypot");
  const check = checkFormToken(ctx.cipher, v.token, ctx.now());
  if (!check.ok) throw new AppealRefused(check.problem);
  const contact: AppealContact | null =
    v.contactMethod !== "none" || v.contactValue || v.safetyNote ? { method: v.contactMethod, value: v.contactValue, safetyNote: v.safetyNote } : null;
  const text: AppealText | null = v.text ? { body: v.text } : null;
  const organisationId = await publicOrganisationId(ctx.db);
  return tx(ctx, async (db) => {
    // A code collision is as likely as guessing one (2^-61 per pair); the unique index would refuse it anyway.
    const code = generateAppealCode();
    const row = await storeIncomingAppeal(db, ctx, {
      organisationId,
      channel: "web",
      language: v.lang,
      codeHash: appealCodeHash(code),
      formNonce: check.nonce,
      heldName: v.heldName,
      heldBirthDate: v.heldBirthDate,
      heldWhere: v.heldWhere,
      heldArticle: v.heldArticle,
      heldSince: v.heldSince,
      requests: v.requests,
      publicityConsent: v.publicityConsent,
      exchangeConsent: v.exchangeConsent,
      contact,
      text,
      event: {
        kind: "submitted",
        audit: "appeal.submitted",
        detail: { channel: "web", language: v.lang, requests: [...new Set(v.requests)], contactGiven: !!contact, textGiven: !!text },
      },
    }).catch((e: unknown) => {
      // The unique index on form_nonce refuses a replayed token, also between two processes.
      if (isUniqueViolation(e, "form_nonce")) throw new AppealRefused("replayed");
      throw e;
    });
    return { id: row!.id, code };
  });
}

export { submissionHour } from "./intake.js";

function isUniqueViolation(e: unknown, what: string): boolean {
  // drizzle wraps the driver's error; PGlite and node-postgres both carry SQLSTATE 23505 and the constraint.
  for (let cur: unknown = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) {
    const c = cur as { code?: string; constraint?: string; message?: string };
    if (c.code === "23505" && `${c.constraint ?? ""} ${c.message ?? ""}`.includes(what)) return true;
  }
  return false;
}

/** What the status page may show: the stage and when it last changed (a date, not a time). No personal data. */
export type PublicAppealStatus = Exclude<AppealStatus, "merged">;
export interface AppealStatusView {
  status: PublicAppealStatus;
  since: string;
}

export async function appealStatusByCode(ctx: ServiceContext, typed: string): Promise<AppealStatusView | null> {
  const code = normaliseAppealCode(typed);
  if (!code) return null;
  let row = await repo.findAppealByCodeHash(ctx.db, appealCodeHash(code));
  // A merged appeal shows the status of the one it was merged into (the family's code keeps working).
  for (let hops = 0; row && row.status === "merged" && row.mergedIntoId && hops < 20; hops++) {
    const next = await repo.findAppealById(ctx.db, row.mergedIntoId);
    row = next ? { id: next.id, status: next.status, mergedIntoId: next.mergedIntoId, updatedAt: next.updatedAt } : undefined;
  }
  if (!row || row.status === "merged") return null;
  return { status: row.status, since: new Date(row.updatedAt).toISOString().slice(0, 10) };
}
