import * as repo from "../../db/repositories/appeals.js";
import type { AppealStatus } from "../../db/schema/appeal.js";
import type { ServiceContext } from "../context.js";
import { ServiceError } from "../errors.js";
import { tx } from "../people.js";
import { useFormToken } from "../../db/repositories/appealIntake.js";
import { appealCodeHash, generateAppealCode, normaliseAppealCode } from "./code.js";
import { checkFormToken, issueFormToken, MAX_TOKEN_AGE_MS, type TokenProblem } from "./formToken.js";
import { heldAppealHour } from "./hold.js";
import { hourOf, nonceHash } from "./intakeKeys.js";
import { clientMayHold, hourlyAllowance, intakeLimits } from "./intakeLimits.js";
import { publicAppealInput, type AppealContact, type AppealText, type PublicAppealInput } from "./input.js";
import { storeIncomingAppeal } from "./intake.js";
import { publicOrganisationId } from "./shared.js";

// The anonymous side of appeals: the form's token, the submission and the status check. Nothing here stores who
// the client is (no IP, no user agent): its address is used only as a keyed hash under an hourly key (to bind
// the form token and count its appeals); the audit entry says "anonymous" and names no field value.

/** Why a submission was refused, for the page to explain in the family's language. */
export type SubmitRefusal = "honeypot" | TokenProblem | "replayed" | "client_limit" | "busy";

export class AppealRefused extends ServiceError {
  constructor(readonly reason: SubmitRefusal) {
    super("invalid", `appeal refused: ${reason}`);
  }
}

/** A form token for this client (its address is bound into the token's HMAC, never stored). */
export function issueAppealFormToken(ctx: ServiceContext, client: string): string {
  return issueFormToken(ctx.cipher, ctx.now(), client);
}

export interface SubmittedAppeal {
  /** Shown once on the receipt page; only hashes of it are stored. */
  code: string;
}

/**
 * Take a family's appeal from the form: the token is checked against this client and used up (in the shared
 * table), the client's and the organisation's hourly allowances are checked, and the appeal is held, sealed,
 * until its hour is committed in shuffled order (hold.ts). The receipt code works on the status page at once.
 */
export async function submitAppeal(ctx: ServiceContext, input: PublicAppealInput, client: string): Promise<SubmittedAppeal> {
  const v = publicAppealInput.parse(input);
  // A filled honeypot is refused before anything else so that bots learn nothing about the token.
  if (v.website && v.website.trim() !== "") throw new AppealRefused("honeypot");
  const check = checkFormToken(ctx.cipher, v.token, ctx.now(), client);
  if (!check.ok) throw new AppealRefused(check.problem);
  const contact: AppealContact | null =
    v.contactMethod !== "none" || v.contactValue || v.safetyNote ? { method: v.contactMethod, value: v.contactValue, safetyNote: v.safetyNote } : null;
  const text: AppealText | null = v.text ? { body: v.text } : null;
  // Stored to the hour only: exact times could be matched against an internet provider's connection logs
  // (SORM) by whoever seizes the database; the order within the hour is not kept anywhere (hold.ts).
  const organisationId = await publicOrganisationId(ctx.db);
  const limits = intakeLimits();
  const allowance = await hourlyAllowance(ctx, organisationId, limits);
  // A code collision is as likely as guessing one (2^-61 per pair); the unique indexes would refuse it anyway.
  const code = generateAppealCode();
  const outcome = await tx(ctx, async (db): Promise<"held" | SubmitRefusal> => {
    // The token is used up even when the appeal is then refused: the page hands out a fresh one.
    const expires = new Date(hourOf(new Date(check.issuedAt.getTime() + MAX_TOKEN_AGE_MS)).getTime() + 3_600_000);
    if (!(await useFormToken(db, nonceHash(check.nonce), expires))) return "replayed";
    if (!(await clientMayHold(ctx, db, client, limits))) return "client_limit";
    const held = await storeIncomingAppeal(
      db,
      ctx,
      {
        organisationId,
        channel: "web",
        language: v.lang,
        code,
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
      },
      { cap: allowance },
    );
    return held.held ? "held" : "busy";
  });
  if (outcome !== "held") throw new AppealRefused(outcome);
  return { code };
}

export { submissionHour } from "./intake.js";

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
  if (!row) {
    // Held until its hour is committed: received, nothing more to say yet.
    const held = await heldAppealHour(ctx, code);
    return held ? { status: "received", since: new Date(held).toISOString().slice(0, 10) } : null;
  }
  if (row.status === "merged") return null;
  return { status: row.status, since: new Date(row.updatedAt).toISOString().slice(0, 10) };
}
