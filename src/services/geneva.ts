import { eq } from "drizzle-orm";
import { z } from "zod";
import { genevaRecord } from "../db/schema/person.js";
import { sealPersonRow } from "../db/schema/sealed.js";
import * as repo from "../db/repositories/people.js";
import { recordAudit } from "./audit.js";
import type { ServiceContext } from "./context.js";
import { notFound } from "./errors.js";
import { authorize } from "./policy.js";
import { loadPersonFor, tx } from "./people.js";
import { isoDate } from "./personInput.js";

// GC III art. 122 (prisoners of war) and GC IV arts. 136–138 (detained civilians): what a national
// information bureau holds, so that a record can go to the ICRC Central Tracing Agency.

export const GENEVA_FIELDS = [
  "surname",
  "firstNames",
  "fatherFirstName",
  "motherMaidenName",
  "dateOfBirth",
  "placeOfBirth",
  "nationality",
  "lastResidence",
  "distinguishingMarks",
  "militaryRank",
  "militaryNumber",
  "personalNumber",
  "measureDate",
  "measurePlace",
  "measureNature",
  "personToInform",
  "correspondenceAddress",
  "stateOfHealth",
] as const;
export type GenevaField = (typeof GENEVA_FIELDS)[number];

const text = z.string().trim().max(500).nullish();
export const genevaInput = z.object({
  data: z.object({
    surname: text,
    firstNames: text,
    fatherFirstName: text,
    motherMaidenName: text,
    dateOfBirth: isoDate.nullish(),
    placeOfBirth: text,
    nationality: text,
    lastResidence: text,
    distinguishingMarks: text,
    militaryRank: text,
    militaryNumber: text,
    personalNumber: text,
    measureDate: isoDate.nullish(),
    measurePlace: text,
    // internment, capture, detention, transfer, release, repatriation, escape, admission to hospital, death
    measureNature: text,
    personToInform: text,
    correspondenceAddress: text,
    stateOfHealth: text,
  }),
  // GC IV art. 137: information may be withheld from the family where it would harm the person or relatives.
  withheldFromFamily: z.array(z.enum(GENEVA_FIELDS)).default([]),
});
export type GenevaRecord = z.output<typeof genevaInput>;

export async function saveGenevaRecord(ctx: ServiceContext, personId: string, input: unknown) {
  const g = genevaInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "read");
    authorize(ctx.actor, "update", "genevaRecord");
    // Sealed under the person's key: erasure makes the copies in WAL and older backups unreadable too.
    const values = sealPersonRow(genevaRecord, personId, { personId, dataEnc: g.data as Record<string, string | null | undefined>, withheldFromFamily: g.withheldFromFamily, updatedAt: new Date() });
    await db.insert(genevaRecord).values(values).onConflictDoUpdate({ target: genevaRecord.personId, set: values });
    const filled = Object.entries(g.data).filter(([, v]) => v).map(([k]) => k);
    await recordAudit(db, ctx.actor, { type: "geneva.updated", targetType: "person", targetId: personId, detail: { fieldsFilled: filled, withheldFromFamily: g.withheldFromFamily } }, ctx.now());
  });
}

/**
 * The record as sent to someone: the ICRC Central Tracing Agency always gets every field (art. 137 allows
 * withholding from the family, never from the Agency); the family's copy leaves the withheld fields out.
 */
export async function exportGenevaRecord(ctx: ServiceContext, personId: string, recipient: "icrc" | "family") {
  return tx(ctx, async (db) => {
    const p = await loadPersonFor(db, ctx, personId, "read");
    authorize(ctx.actor, "export", "genevaRecord");
    const [row] = await db.select().from(genevaRecord).where(eq(genevaRecord.personId, personId));
    if (!row) throw notFound("Geneva Conventions record");
    const data = row.dataEnc as GenevaRecord["data"];
    const withheld = recipient === "family" ? row.withheldFromFamily : [];
    const fields = Object.fromEntries(GENEVA_FIELDS.filter((f) => !withheld.includes(f)).map((f) => [f, data[f] ?? null]));
    const names = (await repo.namesOf(db, [personId])).get(personId) ?? [];
    await recordAudit(db, ctx.actor, { type: "geneva.exported", targetType: "person", targetId: personId, detail: { recipient, fieldsWithheld: withheld } }, ctx.now());
    return {
      recipient,
      legalBasis: p.category === "ua_pow" ? "GC III art. 122" : "GC IV arts. 136–138",
      category: p.category,
      knownNames: names.map((n) => n.name),
      fields,
      withheldFromFamily: recipient === "family" ? withheld : [],
      generatedAt: ctx.now().toISOString(),
    };
  });
}
