/**
 * Freeze → two sign-offs → carried out. A frozen version is the text negotiators hold; sign-off by two
 * different coordinators guards against one person's mistake (or pressure on one person); the outcome
 * moves the people actually freed to their new status and reports who was left behind.
 */
import { z } from "zod";
import * as repo from "../../db/repositories/exchangeLists.js";
import * as people from "../../db/repositories/people.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { conflict, invalid, ServiceError } from "../errors.js";
import { isoDate } from "../personInput.js";
import { loadPersonFor, tx, updatePersonIn } from "../people.js";
import { authorize } from "../policy.js";
import { assertDraft, assertNotBuilding, loadList, loadVersion, summariseVersion } from "./common.js";
import { describeReasons } from "./rows.js";
import { duplicatePairsAmong } from "./duplicateGuard.js";

/** Signatures needed before a list counts as signed off. */
export const SIGN_OFFS_REQUIRED = 2;

/** A coordinator's reason for freezing a list for transmission with people whose consent is not "consents". */
export const CONSENT_REASON_MIN = 20;

export async function freezeList(ctx: ServiceContext, id: string, input: { version?: number | undefined; consentReason?: string | undefined } = {}) {
  authorize(ctx.actor, "freeze", "exchangeList");
  // One person twice on a list sent to the other side is refused: merge the records or confirm them distinct.
  const draft = await loadList(ctx.db, ctx, id);
  assertDraft(draft, "freeze the list");
  // A version being built (a rebuild in the background) would replace the one frozen here.
  assertNotBuilding(draft);
  const current = await loadVersion(ctx.db, draft);
  const pairs = await duplicatePairsAmong(ctx, current.rows.flatMap((r) => (r.personId ? [r.personId] : [])));
  if (pairs.length) throw new ServiceError("conflict", `the list may name one person twice (${pairs.length} pairs): merge the records or confirm they are different people, then freeze`, { pairs }, "duplicatesOnList");
  return tx(ctx, async (db) => {
    const list = await loadList(db, ctx, id, { forUpdate: true });
    assertDraft(list, "freeze the list");
    assertNotBuilding(list);
    // Freezing an older version would freeze something other than what the coordinator last saw.
    if (input.version !== undefined && input.version !== list.currentVersion)
      throw conflict(`version ${input.version} is not the current version (${list.currentVersion}); only the current version can be frozen`);
    const { version } = await loadVersion(db, list);
    if (version.eligibleCount === 0) throw invalid("the list has nobody eligible on it: there is nothing to negotiate");
    // Our own list is for transmission: nobody goes on it whose consent to exchange is not on record, unless
    // a coordinator records why (exchange without consent can mean deportation or loss of citizenship).
    let consentOverride: { reason: string; by: string; at: string; people: number } | null = null;
    if (list.kind === "own") {
      const { rows } = await loadVersion(db, list);
      const unconfirmed = rows.filter((r) => r.eligible && r.exchangeConsent !== "consents");
      if (unconfirmed.length) {
        const reason = input.consentReason?.trim() ?? "";
        const names = unconfirmed.map((r) => ({ personId: r.personId, name: r.nameCyrillic ?? r.nameLatin, exchangeConsent: r.exchangeConsent ?? "unknown" }));
        if (!reason) throw invalid("some people on the list have no recorded consent to exchange: record their consent, remove them, or give a coordinator's reason to freeze anyway", { people: names });
        if (reason.length < CONSENT_REASON_MIN) throw invalid("the reason for freezing without recorded consent is too short: say why, in at least 20 characters", { people: names });
        consentOverride = { reason, by: ctx.actor.kind === "user" ? ctx.actor.label : "system", at: ctx.now().toISOString(), people: unconfirmed.length };
      }
    }
    await repo.updateList(db, id, { status: "frozen", frozenVersion: list.currentVersion, consentOverride });
    await recordAudit(
      db,
      ctx.actor,
      { type: "exchangeList.frozen", targetType: "exchangeList", targetId: id, detail: { version: version.version, contentHash: version.contentHash, ...(consentOverride ? { withoutRecordedConsent: consentOverride.people, reasonGiven: true } : {}) } },
      ctx.now(),
    );
    return { id, status: "frozen" as const, version: summariseVersion(version) };
  });
}

export async function signOffList(ctx: ServiceContext, id: string, input: { note?: string | undefined } = {}) {
  authorize(ctx.actor, "signOff", "exchangeList");
  // A signature stands for a named person: the system (CLI) cannot sign.
  if (ctx.actor.kind !== "user") throw invalid("a list is signed off by a signed-in coordinator, not by the system");
  const actor = ctx.actor;
  return tx(ctx, async (db) => {
    const list = await loadList(db, ctx, id, { forUpdate: true });
    if (list.status === "draft") throw conflict("freeze the list before signing it off");
    if (list.status !== "frozen") throw conflict(`the list is ${list.status.replace("_", " ")}: no more sign-offs are taken`);
    const { version } = await loadVersion(db, list, list.frozenVersion!);
    const existing = await repo.signOffsOf(db, version.id);
    if (existing.some((s) => s.userId === actor.userId))
      throw conflict("you have signed this version off already: the second sign-off must come from a different coordinator");
    await repo.insertSignOff(db, { versionId: version.id, userId: actor.userId, userLabel: actor.label, note: input.note ?? null, signedAt: ctx.now() });
    const count = existing.length + 1;
    const signedOff = count >= SIGN_OFFS_REQUIRED;
    if (signedOff) await repo.updateList(db, id, { status: "signed_off" });
    await recordAudit(db, ctx.actor, { type: "exchangeList.signedOff", targetType: "exchangeList", targetId: id, detail: { version: version.version, contentHash: version.contentHash, signature: count, complete: signedOff } }, ctx.now());
    return { id, status: signedOff ? ("signed_off" as const) : ("frozen" as const), signOffs: count, required: SIGN_OFFS_REQUIRED };
  });
}

export const outcomeInput = z.object({
  carriedOutOn: isoDate,
  /** Where the news comes from: an official statement, a URL, a named contact. */
  source: z.string().trim().min(3).max(1000),
  /** The status people move to: "exchanged" for a swap, "released" for a release without one. */
  outcomeStatus: z.enum(["exchanged", "released"]).default("exchanged"),
  /** Who actually came out; default: every eligible person on the signed-off version. */
  freedPersonIds: z.array(z.uuid()).max(5000).optional(),
});

export interface OutcomeReport {
  carriedOutOn: string;
  source: string;
  version: number;
  moved: { personId: string; name: string; from: string; to: string }[];
  /** On the list and eligible, but not freed this time: the people to keep working for. */
  leftBehind: { personId: string; name: string; status: string }[];
  /** On the list as not eligible (with the reason): they were not asked for. */
  notRequested: { personId: string | null; name: string; reasons: string }[];
  /** Freed although not on the eligible part of the list (the other side's choice): recorded, flagged. */
  freedOffList: { personId: string; name: string }[];
}

export async function recordOutcome(ctx: ServiceContext, id: string, input: z.input<typeof outcomeInput>): Promise<OutcomeReport> {
  authorize(ctx.actor, "recordOutcome", "exchangeList");
  const v = outcomeInput.parse(input);
  return tx(ctx, async (db) => {
    const list = await loadList(db, ctx, id, { forUpdate: true });
    if (list.kind !== "own") throw invalid("the outcome is recorded on our own list, not on the counterpart's");
    if (list.status !== "signed_off") throw conflict(`only a signed-off list can be marked carried out (this one is ${list.status.replace("_", " ")})`);
    const { version, rows } = await loadVersion(db, list, list.frozenVersion!);
    const eligible = rows.filter((r) => r.eligible && r.personId);
    const freed = new Set(v.freedPersonIds ?? eligible.map((r) => r.personId!));
    const onList = new Set(eligible.map((r) => r.personId!));
    const name = (r: { nameCyrillic: string | null; nameLatin: string | null }) => [r.nameCyrillic, r.nameLatin].filter(Boolean).join(" / ");

    // One source record for the event, cited on every person it moved.
    const isUrl = /^https?:\/\//.test(v.source);
    const sourceId = await repo.insertSource(db, { organisationId: actorOrganisationId(ctx.actor), kind: isUrl ? "url" : "other", title: `${list.name}: carried out on ${v.carriedOutOn}`, url: isUrl ? v.source : null, note: v.source });

    const report: OutcomeReport = { carriedOutOn: v.carriedOutOn, source: v.source, version: version.version, moved: [], leftBehind: [], notRequested: [], freedOffList: [] };
    for (const personId of [...freed].sort()) {
      let before: people.PersonRow;
      try {
        before = await loadPersonFor(db, ctx, personId, "update");
      } catch (e) {
        if (e instanceof ServiceError && e.kind === "not_found") throw invalid("a freed person is not in the registry", { personId });
        throw e;
      }
      // updatePersonIn writes the status event and the person's own audit entry.
      await updatePersonIn(db, ctx, before, { status: v.outcomeStatus, statusSince: v.carriedOutOn });
      await repo.citeSource(db, { personId, sourceId, note: `freed in the exchange of list "${list.name}" v${version.version}` });
      const row = rows.find((r) => r.personId === personId);
      report.moved.push({ personId, name: row ? name(row) : before.primaryName, from: before.status, to: v.outcomeStatus });
      if (!onList.has(personId)) report.freedOffList.push({ personId, name: row ? name(row) : before.primaryName });
    }
    for (const r of eligible) if (!freed.has(r.personId!)) report.leftBehind.push({ personId: r.personId!, name: name(r), status: r.status ?? "unknown" });
    for (const r of rows) if (!r.eligible) report.notRequested.push({ personId: r.personId, name: name(r), reasons: describeReasons(r.reasons) });

    await repo.updateList(db, id, { status: "carried_out", carriedOutOn: v.carriedOutOn, outcomeSource: v.source, outcome: report });
    await recordAudit(db, ctx.actor, { type: "exchangeList.outcomeRecorded", targetType: "exchangeList", targetId: id, detail: { version: version.version, carriedOutOn: v.carriedOutOn, outcomeStatus: v.outcomeStatus, moved: report.moved.length, leftBehind: report.leftBehind.length, freedOffList: report.freedOffList.length } }, ctx.now());
    return report;
  });
}
